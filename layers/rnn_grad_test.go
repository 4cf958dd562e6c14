package layers

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// checkRNNGradients checks, in float64, the gradients of
// s = Σ_i sum(R_i ⊙ y_i) over all outputs y_i of the built layer l (R_i
// fixed random weights) with respect to every input and every weight,
// from graph.Gradients, against central differences of s.
func checkRNNGradients(t *testing.T, name string, l Layer, in []*tensor.Tensor) {
	t.Helper()
	h := callBuilt(t, l, NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false), shapesOf(in)...)
	y := h.run(in...)
	var s *graph.Node
	for i, out := range h.out {
		term := graph.Sum(graph.Mul(out, h.g.Const(randTensor(uint64(90+i), y[i].Shape()...))), nil, false)
		if s == nil {
			s = term
		} else {
			s = graph.Add(s, term)
		}
	}
	xs := append([]*graph.Node{}, h.in...)
	values := append([]*tensor.Tensor{}, in...)
	for _, w := range l.Weights() {
		xs = append(xs, h.varOf(w))
		values = append(values, w.Value())
	}
	grads := graph.Gradients(s, xs...)
	sess := graph.NewSession(h.g)
	feeds := graph.Feeds{}
	for i, x := range in {
		feeds[h.in[i]] = x
	}
	eval := func(n *graph.Node) *tensor.Tensor {
		out, err := sess.Run(feeds, n)
		if err != nil {
			t.Fatal(err)
		}
		return out[0]
	}
	const eps = 1e-6
	for k, g := range grads {
		if g == nil {
			t.Fatalf("%s: no gradient for %s", name, xs[k].Name())
		}
		a := eval(g).Float64s()
		d := values[k].Float64s()
		for j := range d {
			v := d[j]
			d[j] = v + eps
			up := eval(s).Float64s()[0]
			d[j] = v - eps
			down := eval(s).Float64s()[0]
			d[j] = v
			n := (up - down) / (2 * eps)
			if math.IsNaN(a[j]) || math.Abs(a[j]-n) > 1e-7+1e-6*math.Abs(n) {
				t.Fatalf("%s: d/d%s[%d]: symbolic %.10g, numeric %.10g", name, xs[k].Name(), j, a[j], n)
			}
		}
	}
}

// Whole short sequences, through every layer and every option of
// rnnCases (return_sequences, return_state, go_backwards, masks, initial
// states, both GRU modes, fused and plain cells), have the gradients of
// central differences with respect to every input (the mask too: the
// masked update is linear in it) and every weight.
func TestRNNGradients(t *testing.T) {
	for _, c := range rnnCases {
		l := c.layer()
		in := c.inputs()
		if err := BuildLayer(l, shapesOf(in), tensor.Float64, tensor.NewRNG(1)); err != nil {
			t.Fatal(err)
		}
		setRandomWeights(t, l)
		checkRNNGradients(t, c.String(), l, in)
	}
}
