package layers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Agreement demanded between symbolic gradients and central differences:
// |analytic − numeric| ≤ gradATol + gradRTol·|numeric|.
const (
	gradRTol = 1e-6
	gradATol = 1e-7
	gradEps  = 1e-6
)

// randTensor returns a float64 tensor of the given shape with values drawn
// uniformly from [−1, 1), reproducibly from seed.
func randTensor(seed uint64, shape ...int) *tensor.Tensor {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	t := tensor.New(tensor.Float64, shape...)
	d := t.Float64s()
	for i := range d {
		d[i] = 2*r.Float64() - 1
	}
	return t
}

// checkLayerGradients builds l for the per-sample shapes of inputs (each
// with its batch axis first), calls it in float64 and checks the gradients
// that graph.Gradients gives of s = sum(R ⊙ y), for y the layer's output
// and R fixed random weights (so that every output element counts with its
// own weight), with respect to every input, against central differences
// of s.
func checkLayerGradients(t *testing.T, l Layer, inputs ...*tensor.Tensor) {
	t.Helper()
	shapes := make([]tensor.Shape, len(inputs))
	for i, x := range inputs {
		shapes[i] = x.Shape()[1:]
	}
	h := buildAndCall(t, l, tensor.Float64, true, shapes...)
	y0 := h.run(inputs...)[0]
	weights := h.g.Const(randTensor(99, y0.Shape()...))
	s := graph.Sum(graph.Mul(h.out[0], weights), nil, false)
	grads := graph.Gradients(s, h.in...)
	analytic := symbolicGradients(h, inputs, grads)
	for i, x := range inputs {
		if !analytic[i].Shape().Equal(x.Shape()) {
			t.Fatalf("%s: gradient of input %d has shape %v, want %v", l.Type(), i, analytic[i].Shape(), x.Shape())
		}
		numeric := numericGradient(h, s, inputs, i)
		a, n := analytic[i].Float64s(), numeric.Float64s()
		for j := range a {
			if math.IsNaN(a[j]) || math.Abs(a[j]-n[j]) > gradATol+gradRTol*math.Abs(n[j]) {
				t.Fatalf("%s: gradient of input %d at flat index %d: symbolic %.10g, numeric %.10g",
					l.Type(), i, j, a[j], n[j])
			}
		}
	}
}

// symbolicGradients evaluates grads, the gradients with respect to the
// inputs; a nil gradient (no path from the input) counts as zeros.
func symbolicGradients(h *called, inputs []*tensor.Tensor, grads []*graph.Node) []*tensor.Tensor {
	h.t.Helper()
	out := make([]*tensor.Tensor, len(grads))
	var fetch []*graph.Node
	for i, g := range grads {
		if g == nil {
			out[i] = tensor.New(tensor.Float64, inputs[i].Shape()...)
		} else {
			fetch = append(fetch, g)
		}
	}
	values := h.fetch(inputs, fetch...)
	for i := range out {
		if out[i] == nil {
			out[i], values = values[0], values[1:]
		}
	}
	return out
}

// numericGradient estimates ds/d inputs[i] by central differences.
func numericGradient(h *called, s *graph.Node, inputs []*tensor.Tensor, i int) *tensor.Tensor {
	h.t.Helper()
	xs := append([]*tensor.Tensor{}, inputs...)
	xs[i] = inputs[i].Clone()
	d := xs[i].Float64s()
	grad := tensor.New(tensor.Float64, inputs[i].Shape()...)
	for j := range d {
		orig := d[j]
		d[j] = orig + gradEps
		fp := h.fetch(xs, s)[0].Item()
		d[j] = orig - gradEps
		fm := h.fetch(xs, s)[0].Item()
		d[j] = orig
		grad.Float64s()[j] = (fp - fm) / (2 * gradEps)
	}
	return grad
}

// TestMergeGradients checks the gradients through every merge layer, with
// broadcasting of size-1 axes (whose gradients sum over the axis).
func TestMergeGradients(t *testing.T) {
	for _, c := range []struct {
		l      Layer
		shapes [][]int // with the batch axis
	}{
		{&Add{}, [][]int{{2, 2, 3}, {2, 1, 3}, {2, 2, 1}}},
		{&Subtract{}, [][]int{{2, 1, 3}, {2, 2, 3}}},
		{&Multiply{}, [][]int{{2, 2, 3}, {2, 1, 3}, {2, 2, 1}}},
		{&Average{}, [][]int{{2, 2, 3}, {2, 1, 3}, {2, 2, 1}}},
		{&Maximum{}, [][]int{{2, 2, 3}, {2, 1, 3}, {2, 2, 1}}},
		{&Minimum{}, [][]int{{2, 2, 3}, {2, 2, 1}}},
		{&Concatenate{}, [][]int{{2, 2, 3}, {2, 2, 1}}},
		{&Concatenate{Axis: 1}, [][]int{{2, 2, 3}, {2, 1, 3}, {2, 3, 3}}},
		{&Dot{Axes: []int{1}}, [][]int{{2, 4}, {2, 4}}},
		{&Dot{Axes: []int{2, 2}}, [][]int{{2, 2, 3}, {2, 4, 3}}},
		{&Dot{Axes: []int{1, 1}}, [][]int{{2, 3, 2}, {2, 3, 4}}},
		{&Dot{Axes: []int{1, 2}}, [][]int{{2, 3}, {2, 2, 3}}},
		{&Dot{Axes: []int{1}, Normalize: true}, [][]int{{2, 4}, {2, 4}}},
		{&Dot{Axes: []int{2, 1}, Normalize: true}, [][]int{{2, 3, 2}, {2, 2, 4}}},
	} {
		inputs := make([]*tensor.Tensor, len(c.shapes))
		for i, s := range c.shapes {
			inputs[i] = randTensor(uint64(10+i), s...)
		}
		name := fmt.Sprintf("%s%v", c.l.Type(), c.shapes)
		if d, ok := c.l.(*Dot); ok && d.Normalize {
			name += "_normalized"
		}
		t.Run(name, func(t *testing.T) {
			checkLayerGradients(t, c.l, inputs...)
		})
	}
}
