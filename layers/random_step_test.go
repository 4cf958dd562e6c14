package layers

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// TestRandomLayersFollowTheStep calls each random layer in a training pass
// whose step counter is a variable: Runs at the same step give the same
// output, the next step another one, and setting the counter back to a
// step gives that step's output again (what a restored checkpoint needs).
func TestRandomLayersFollowTheStep(t *testing.T) {
	cases := []struct {
		name  string
		l     Layer
		shape tensor.Shape
	}{
		{"Dropout", &Dropout{Rate: 0.5}, tensor.Shape{6, 5}},
		{"SpatialDropout2D", &SpatialDropout2D{Rate: 0.5}, tensor.Shape{4, 4, 6}},
		{"RandomFlip", &RandomFlip{}, tensor.Shape{4, 5, 2}},
		{"RandomTranslation", &RandomTranslation{HeightFactor: []float64{0.5}, WidthFactor: []float64{0.5}}, tensor.Shape{5, 5, 1}},
		{"LSTM", &LSTM{Units: 3, Dropout: 0.5, RecurrentDropout: 0.5}, tensor.Shape{4, 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := BuildLayer(c.l, []tensor.Shape{c.shape}, tensor.Float64, tensor.NewRNG(1)); err != nil {
				t.Fatal(err)
			}
			g := graph.New()
			scope := NewScope(NewVars(g), tensor.Float64, tensor.NewRNG(1), true)
			step := g.Variable("step", tensor.Scalar[int64](0))
			scope.SetRandomStep(step)
			got := callBuilt(t, c.l, scope, c.shape)
			if scope.RandomStep() != step {
				t.Fatal("the scope does not use the step counter it was given")
			}
			x := randomInput(8, c.shape)
			at := func(k int64) *tensor.Tensor {
				t.Helper()
				if err := step.SetValue(tensor.Scalar(k)); err != nil {
					t.Fatal(err)
				}
				return got.run(x)[0]
			}
			s0, s1, again0, back0 := at(0), at(1), at(0), at(0)
			if !tensor.AllClose(s0, again0, 0, 0) || !tensor.AllClose(s0, back0, 0, 0) {
				t.Error("two runs at step 0 differ")
			}
			if tensor.AllClose(s0, s1, 0, 0) {
				t.Error("steps 0 and 1 drew the same values")
			}
		})
	}
}

// TestScopeMakesAStepCounter: a pass without a counter gets a
// non-trainable int64 variable at 0 on first use, the same node every
// time; Build has no pass, so RandomStep there is an error.
func TestScopeMakesAStepCounter(t *testing.T) {
	scope := NewScope(NewVars(graph.New()), tensor.Float32, tensor.NewRNG(1), true)
	s := scope.RandomStep()
	if !s.IsVariable() || s.Trainable() || s.DType() != tensor.Int64 || s.Shape().Rank() != 0 || s.Value().Int64s()[0] != 0 {
		t.Fatalf("step counter %v: want a non-trainable int64 scalar variable at 0", s)
	}
	if scope.RandomStep() != s {
		t.Error("a second call made another counter")
	}
	if _, err := (&Context{}).RandomStep(); err == nil {
		t.Error("RandomStep outside Call: no error")
	}
}

// randomInput returns a (batch, shape...) float64 tensor of values in
// [-1, 1) drawn from a fixed stream.
func randomInput(batch int, shape tensor.Shape) *tensor.Tensor {
	rng := tensor.NewRNG(3)
	x := tensor.New(tensor.Float64, append([]int{batch}, shape...)...)
	for i := range x.Float64s() {
		x.Float64s()[i] = 2*rng.Float64() - 1
	}
	return x
}
