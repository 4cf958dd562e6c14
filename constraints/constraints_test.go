package constraints

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// project applies c to a constant weight and returns the result.
func project(t *testing.T, c Constraint, w *tensor.Tensor) []float64 {
	t.Helper()
	g := graph.New()
	y := c.Apply(g.Const(w))
	if err := g.Err(); err != nil {
		t.Fatalf("%s: %v", c.Name(), err)
	}
	if !y.Shape().Equal(w.Shape()) || y.DType() != w.DType() {
		t.Fatalf("%s: result %v %v, weight %v %v", c.Name(), y.DType(), y.Shape(), w.DType(), w.Shape())
	}
	out, err := graph.NewSession(g).Run(nil, y)
	if err != nil {
		t.Fatal(err)
	}
	return out[0].Float64s()
}

// same fails at the first element of got not within 1e-12 of want.
func same(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
	}
}

// kernel is [[3, 0], [4, 1]]: column norms 5 and 1, row norms 3 and √17.
func kernel() *tensor.Tensor { return tensor.FromSlice([]float64{3, 0, 4, 1}, 2, 2) }

const eps = 1e-7

func TestMaxNorm(t *testing.T) {
	// Column 0 (norm 5) scaled to 2; column 1 (norm 1) kept, up to ε.
	a, b := 2/(5+eps), 1/(1+eps)
	same(t, "default", project(t, MaxNorm{}, kernel()), []float64{3 * a, 0, 4 * a, b})
	// Rows, max 3: row 0 (norm 3) kept, row 1 (√17) scaled to 3.
	r0, r1 := 3/(3+eps), 3/(math.Sqrt(17)+eps)
	for _, axes := range [][]int{{1}, {-1}} {
		same(t, "rows", project(t, MaxNorm{MaxValue: new(3.0), Axes: axes}, kernel()), []float64{3 * r0, 0, 4 * r1, r1})
	}
	// Both axes: one norm √26 for the whole kernel.
	s := 2 / (math.Sqrt(26) + eps)
	same(t, "whole", project(t, MaxNorm{Axes: []int{0, 1}}, kernel()), []float64{3 * s, 0, 4 * s, s})
}

func TestNonNeg(t *testing.T) {
	same(t, "non_neg", project(t, NonNeg{}, tensor.FromSlice([]float64{-1, 0, 2.5, -0.25}, 4)), []float64{0, 0, 2.5, 0})
}

func TestUnitNorm(t *testing.T) {
	a, b := 1/(5+eps), 1/(1+eps)
	same(t, "columns", project(t, UnitNorm{}, kernel()), []float64{3 * a, 0, 4 * a, b})
	// A zero column stays zero.
	same(t, "zero", project(t, UnitNorm{}, tensor.FromSlice([]float64{0, 3, 0, 4}, 2, 2)), []float64{0, 3 / (5 + eps), 0, 4 / (5 + eps)})
}

func TestMinMaxNorm(t *testing.T) {
	// Defaults [0, 1], rate 1: column 0 to norm 1, column 1 kept.
	a, b := 1/(5+eps), 1/(1+eps)
	same(t, "default", project(t, MinMaxNorm{}, kernel()), []float64{3 * a, 0, 4 * a, b})
	// [2, 4], rate 0.5: desired 0.5·4 + 0.5·5 = 4.5 and 0.5·2 + 0.5·1 = 1.5.
	c := MinMaxNorm{MinValue: 2, MaxValue: new(4.0), Rate: new(0.5)}
	a, b = 4.5/(5+eps), 1.5/(1+eps)
	same(t, "rate 0.5", project(t, c, kernel()), []float64{3 * a, 0, 4 * a, b})
	// Rate 0 leaves the norms alone.
	a, b = 5/(5+eps), 1/(1+eps)
	same(t, "rate 0", project(t, MinMaxNorm{Rate: new(0.0)}, kernel()), []float64{3 * a, 0, 4 * a, b})
}

func TestConstraintFloat32(t *testing.T) {
	g := graph.New()
	w := g.Const(tensor.FromSlice([]float32{3, 0, 4, 1}, 2, 2))
	out, err := graph.NewSession(g).Run(nil, MaxNorm{}.Apply(w))
	if err != nil {
		t.Fatal(err)
	}
	got := out[0].Float32s()
	if math.Abs(float64(got[0])-1.2) > 1e-6 || math.Abs(float64(got[2])-1.6) > 1e-6 || out[0].DType() != tensor.Float32 {
		t.Errorf("max_norm float32 = %v", got)
	}
}

// The trainer's use: after an update, assign the projection back.
func TestAssignProjectsTheVariable(t *testing.T) {
	g := graph.New()
	w := g.Variable("kernel", kernel())
	step := graph.Assign(w, MaxNorm{MaxValue: new(1.0)}.Apply(w))
	sess := graph.NewSession(g)
	if _, err := sess.Run(nil, step); err != nil {
		t.Fatal(err)
	}
	out, err := sess.Run(nil, w)
	if err != nil {
		t.Fatal(err)
	}
	a, b := 1/(5+eps), 1/(1+eps)
	same(t, "assigned", out[0].Float64s(), []float64{3 * a, 0, 4 * a, b})
}

func TestConstraintErrors(t *testing.T) {
	cases := []struct {
		c     Constraint
		parts []string
	}{
		{MaxNorm{MaxValue: new(-1.0)}, []string{"constraint max_norm", "max_value must be ≥ 0, got -1"}},
		{MaxNorm{MaxValue: new(math.NaN())}, []string{"max_value must be finite"}},
		{MaxNorm{Axes: []int{2}}, []string{"constraint max_norm", "axes [2]", "kernel", "(2, 2)"}},
		{UnitNorm{Axes: []int{0, -2}}, []string{"constraint unit_norm", "axes [0 -2]"}},
		{MinMaxNorm{MinValue: 2}, []string{"constraint min_max_norm", "min_value 2, max_value 1"}},
		{MinMaxNorm{Rate: new(math.Inf(1))}, []string{"rate must be finite"}},
	}
	for _, c := range cases {
		g := graph.New()
		c.c.Apply(g.Variable("kernel", kernel()))
		err := g.Err()
		if err == nil {
			t.Errorf("%+v: no error", c.c)
			continue
		}
		for _, p := range c.parts {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("error %q does not contain %q", err, p)
			}
		}
	}
	for _, c := range []Constraint{MaxNorm{}, NonNeg{}, UnitNorm{}, MinMaxNorm{}} {
		if c.Apply(nil) != nil {
			t.Errorf("%s: Apply(nil) is not nil", c.Name())
		}
	}
}

func TestGet(t *testing.T) {
	for name, want := range map[string]string{
		"max_norm": "max_norm", "MaxNorm": "max_norm", "non_neg": "non_neg", "NonNeg": "non_neg",
		"unit_norm": "unit_norm", "UnitNorm": "unit_norm", "min_max_norm": "min_max_norm", "MinMaxNorm": "min_max_norm",
	} {
		c, err := Get(name)
		if err != nil || c.Name() != want {
			t.Errorf("Get(%q) = %v, %v", name, c, err)
		}
	}
	if _, err := Get("maxnorms"); err == nil || !strings.Contains(err.Error(), "max_norm, min_max_norm, non_neg, unit_norm") {
		t.Errorf("Get unknown: %v", err)
	}
}
