package graph

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// updateCase is one step of an optimizer update on a two-element variable
// w0 = [1, −2] with gradient [0.5, 0], from slots that start as given, and
// the values after the step, derived by hand from Keras's formulas.
type updateCase struct {
	name  string
	slots [][]float64 // initial slot values
	build func(g *Graph, w *Node, slots []*Node, grad *Node) *Node
	want  [][]float64 // w, then each slot, after one step
}

// w0 and grad0 are the variable and gradient of every updateCase.
var w0, grad0 = []float64{1, -2}, []float64{0.5, 0}

func updateCases() []updateCase {
	sqrt := math.Sqrt
	return []updateCase{
		{"WeightDecay", nil,
			func(g *Graph, w *Node, _ []*Node, _ *Node) *Node {
				return ApplyWeightDecay(w, g.Scalar(0.1), g.Scalar(0.5))
			},
			// w − w·0.5·0.1 = 0.95·w
			[][]float64{{0.95, -1.9}}},
		{"RMSprop", [][]float64{{0, 0}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyRMSprop(w, s[0], nil, nil, grad, g.Scalar(0.1), 0.9, 0, 1e-7)
			},
			// vel = 0.1·0.25 = 0.025; w = 1 − 0.05/sqrt(0.025 + 1e-7); the zero gradient moves nothing.
			[][]float64{{1 - 0.05/sqrt(0.025+1e-7), -2}, {0.025, 0}}},
		{"RMSprop centered momentum", [][]float64{{0.1, 0.2}, {1, 1}, {0, 0.5}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyRMSprop(w, s[0], s[1], s[2], grad, g.Scalar(0.1), 0.9, 0.5, 1e-7)
			},
			// vel = [0.09 + 0.025, 0.18] = [0.115, 0.18]; avg = [0.05, 0.45];
			// inc = [0.05/sqrt(0.115 − 0.0025 + 1e-7), 0]; mom = 0.5·1 + inc; w −= mom.
			[][]float64{
				{1 - (0.5 + 0.05/sqrt(0.1125+1e-7)), -2.5},
				{0.115, 0.18},
				{0.5 + 0.05/sqrt(0.1125+1e-7), 0.5},
				{0.05, 0.45}}},
		{"Adagrad", [][]float64{{0.1, 0.1}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyAdagrad(w, s[0], grad, g.Scalar(0.1), 1e-7)
			},
			// acc = [0.35, 0.1]; w = [1 − 0.05/sqrt(0.35 + 1e-7), −2].
			[][]float64{{1 - 0.05/sqrt(0.35+1e-7), -2}, {0.35, 0.1}}},
		{"Adamax", [][]float64{{0, 0.2}, {0, 3}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyAdamax(w, s[0], s[1], grad, g.Scalar(0.1), g.Scalar(2), 0.9, 0.999, 1e-7)
			},
			// t = 2: 1 − 0.9² = 0.19. m = [0.05, 0.18]; u = [max(0, 0.5), max(2.997, 0)] = [0.5, 2.997];
			// w = [1 − 0.1·0.05/(0.19·(0.5 + 1e-7)), −2 − 0.1·0.18/(0.19·(2.997 + 1e-7))].
			[][]float64{
				{1 - 0.005/(0.19*(0.5+1e-7)), -2 - 0.018/(0.19*(2.997+1e-7))},
				{0.05, 0.18},
				{0.5, 2.997}}},
		{"Nadam", [][]float64{{0, 0}, {0, 0}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyNadam(w, s[0], s[1], grad, g.Scalar(0.1), g.Scalar(1), g.Scalar(0.9*(1-0.5*0.96)), 0.9, 0.999, 1e-7)
			},
			// t = 1: μ1 = 0.9·(1 − 0.48) = 0.468, μ2 = 0.9·(1 − 0.5·0.9216) = 0.48528, u = μ1.
			// m = 0.05, v = 2.5e-4; m̂ = μ2·0.05/(1 − μ1·μ2) + (1 − μ1)·0.5/(1 − μ1);
			// v̂ = 2.5e-4/0.001 = 0.25; w = 1 − m̂·0.1/(0.5 + 1e-7).
			[][]float64{
				{1 - (0.48528*0.05/(1-0.468*0.48528)+0.5)*0.1/(0.5+1e-7), -2},
				{0.05, 0},
				{2.5e-4, 0}}},
		{"Adadelta", [][]float64{{0, 0}, {0.04, 0}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyAdadelta(w, s[0], s[1], grad, g.Scalar(0.1), 0.95, 1e-7)
			},
			// accG = [0.0125, 0]; δ = [−sqrt(0.04 + 1e-7)·0.5/sqrt(0.0125 + 1e-7), 0];
			// accD = [0.038 + 0.05·δ², 0]; w = [1 + 0.1·δ, −2].
			func() [][]float64 {
				d := -sqrt(0.04+1e-7) * 0.5 / sqrt(0.0125+1e-7)
				return [][]float64{{1 + 0.1*d, -2}, {0.0125, 0}, {0.038 + 0.05*d*d, 0}}
			}()},
		{"Lion", [][]float64{{-1, 0.3}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyLion(w, s[0], grad, g.Scalar(0.1), 0.9, 0.99)
			},
			// c = [−0.9 + 0.05, 0.27] → sign [−1, 1]; w = [1.1, −2.1]; m = [−0.99 + 0.005, 0.297].
			[][]float64{{1.1, -2.1}, {-0.985, 0.297}}},
		{"Ftrl", [][]float64{{0.1, 0.1}, {0, 0}},
			func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
				return ApplyFtrl(w, s[0], s[1], grad, g.Scalar(0.1), -0.5, 0.01, 0.02, 0.03, 0.04)
			},
			// l2' = 0.02 + 0.04/0.2 = 0.22; g' = [0.5 + 0.06, −0.12]; a' = [0.35, 0.1];
			// linear = [0.56 − (sqrt(0.35) − sqrt(0.1))/0.1·1, −0.12];
			// w = (clip(linear, ±0.01) − linear)/(sqrt(a')/0.1 + 0.44).
			func() [][]float64 {
				l0 := 0.56 - (sqrt(0.35)-sqrt(0.1))/0.1
				return [][]float64{
					{(-0.01 - l0) / (sqrt(0.35)/0.1 + 0.44), (-0.01 + 0.12) / (sqrt(0.1)/0.1 + 0.44)},
					{0.35, 0.1},
					{l0, -0.12}}
			}()},
	}
}

func TestApplyKerasUpdates(t *testing.T) {
	for _, c := range updateCases() {
		for _, dt := range floatDTypes {
			g := New()
			w := g.Variable("w", vec(dt, w0...))
			slots := make([]*Node, len(c.slots))
			for k, s := range c.slots {
				slots[k] = g.Variable("slot", vec(dt, s...))
			}
			grad := g.Placeholder("grad", dt, 2)
			step := c.build(g, w, slots, grad)
			if err := g.Err(); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if step.DType() != dt || len(step.Shape()) != 0 {
				t.Fatalf("%s %v: output is %v, want a %v scalar", c.name, dt, step, dt)
			}
			out, err := NewSession(g).Run(Feeds{grad: vec(dt, grad0...)}, step)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if out[0].Item() != 0 {
				t.Errorf("%s: returned %v, want 0", c.name, out[0].Item())
			}
			tol := 1e-12
			if dt == tensor.Float32 {
				tol = 2e-6
			}
			checkValues(t, c.name+" "+dt.String()+" w", w.Value(), c.want[0], tol)
			for k, s := range slots {
				checkValues(t, c.name+" "+dt.String()+" slot", s.Value(), c.want[k+1], tol)
			}
		}
	}
}

// TestApplyKerasUpdatesParallel runs each update on a variable large
// enough to be split over the pool: every element must get the value of
// the two-element case.
func TestApplyKerasUpdatesParallel(t *testing.T) {
	const n = 3*updateGrain + 7
	tile := func(pair []float64) *tensor.Tensor {
		t := tensor.New(tensor.Float64, n)
		for i := range n {
			t.Set(pair[i%2], i)
		}
		return t
	}
	for _, c := range updateCases() {
		g := New()
		w := g.Variable("w", tile(w0))
		slots := make([]*Node, len(c.slots))
		for k, s := range c.slots {
			slots[k] = g.Variable("slot", tile(s))
		}
		step := c.build(g, w, slots, g.Const(tile(grad0)))
		if _, err := NewSession(g).Run(nil, step); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for k, v := range append([]*Node{w}, slots...) {
			got := v.Value().Float64s()
			for i := range got {
				if want := c.want[k][i%2]; math.Abs(got[i]-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Fatalf("%s: tensor %d element %d = %v, want %v", c.name, k, i, got[i], want)
				}
			}
		}
	}
}

func TestApplyKerasUpdatesDoNotAllocate(t *testing.T) {
	for _, c := range updateCases() {
		for _, n := range []int{2, 3*updateGrain + 7} {
			g := New()
			w := g.Variable("w", tensor.New(tensor.Float32, n))
			slots := make([]*Node, len(c.slots))
			for k := range c.slots {
				slots[k] = g.Variable("slot", tensor.New(tensor.Float32, n))
			}
			step := c.build(g, w, slots, g.Const(tensor.New(tensor.Float32, n)))
			sess := NewSession(g)
			run := func() {
				if _, err := sess.Run(nil, step); err != nil {
					t.Fatal(err)
				}
			}
			run()
			ins := make([]*tensor.Tensor, len(step.inputs))
			for i, in := range step.inputs {
				if in.value != nil {
					ins[i] = in.value
				} else {
					ins[i] = tensor.New(tensor.Float32, in.shape...)
					ins[i].Fill(1)
				}
			}
			out := tensor.New(tensor.Float32)
			for range 3 { // let the pool's workers start and return their jobs
				step.op.Compute(out, ins)
			}
			if a := testing.AllocsPerRun(20, func() { step.op.Compute(out, ins) }); a != 0 {
				t.Errorf("%s n=%d: %v allocations per step", c.name, n, a)
			}
		}
	}
}

func TestApplyKerasUpdateErrors(t *testing.T) {
	for _, c := range updateCases() {
		g := New()
		w := g.Variable("w", vec(tensor.Float32, 1, 2))
		slots := make([]*Node, len(c.slots))
		for k := range c.slots {
			slots[k] = g.Variable("slot", vec(tensor.Float32, 0, 0))
		}
		c.build(g, w, slots, g.Const(vec(tensor.Float32, 1, 2, 3)))
		if c.name == "WeightDecay" {
			continue // it has no gradient input
		}
		if err := g.Err(); err == nil {
			t.Errorf("%s: no error for a gradient of shape (3,)", c.name)
		}
	}
	g := New()
	w := g.Variable("w", vec(tensor.Float32, 1))
	ApplyRMSprop(w, g.Variable("v", vec(tensor.Float32, 0)), nil, nil, g.Const(vec(tensor.Float32, 1)), g.Scalar(0.1), 0.9, 0.5, 1e-7)
	if err := g.Err(); err == nil {
		t.Error("ApplyRMSprop: no error for momentum without a momentum slot")
	}
	g = New()
	w = g.Variable("w", vec(tensor.Float32, 1))
	ApplyWeightDecay(w, g.Const(vec(tensor.Float32, 0.1)), g.Scalar(0.1))
	if err := g.Err(); err == nil {
		t.Error("ApplyWeightDecay: no error for a learning rate of shape (1,)")
	}
}

// BenchmarkApplyKerasUpdates times each update on a float32 variable of a
// million elements, with Adam for comparison.
func BenchmarkApplyKerasUpdates(b *testing.B) {
	const n = 1 << 20
	adam := updateCase{name: "Adam", slots: [][]float64{nil, nil},
		build: func(g *Graph, w *Node, s []*Node, grad *Node) *Node {
			return ApplyAdam(w, s[0], s[1], grad, g.Scalar(0.001), g.Scalar(1), 0.9, 0.999, 1e-7)
		}}
	for _, c := range append(updateCases(), adam) {
		b.Run(c.name, func(b *testing.B) {
			g := New()
			w := g.Variable("w", tensor.New(tensor.Float32, n))
			slots := make([]*Node, len(c.slots))
			for k := range c.slots {
				slots[k] = g.Variable("slot", tensor.New(tensor.Float32, n))
			}
			grad := tensor.New(tensor.Float32, n)
			grad.Fill(0.01)
			step := c.build(g, w, slots, g.Const(grad))
			sess := NewSession(g)
			b.SetBytes(4 * n)
			for b.Loop() {
				if _, err := sess.Run(nil, step); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
