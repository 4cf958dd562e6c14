package graph

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestSchedule(t *testing.T) {
	// rate(step) = 0.1/(1 + step): 0.1, 0.05, 0.1/3 as the counter advances.
	g := New()
	iter := g.Variable("iterations", tensor.Scalar[int64](0))
	lr := Schedule(iter, func(step int64) float64 { return 0.1 / float64(1+step) })
	if lr.DType() != tensor.Float64 || len(lr.Shape()) != 0 {
		t.Fatalf("Schedule is %v, want a float64 scalar", lr)
	}
	step := Group(AssignAdd(iter, g.Scalar(1)))
	sess := NewSession(g)
	for k, want := range []float64{0.1, 0.05, 0.1 / 3} {
		out, err := sess.Run(nil, lr, step)
		if err != nil {
			t.Fatal(err)
		}
		if out[0].Item() != want {
			t.Errorf("after %d steps: rate %v, want %v", k, out[0].Item(), want)
		}
	}
	out := tensor.New(tensor.Float64)
	in := []*tensor.Tensor{tensor.Scalar[int64](7)}
	if a := testing.AllocsPerRun(10, func() { lr.op.Compute(out, in) }); a != 0 {
		t.Errorf("%v allocations per Compute", a)
	}
	if out.Item() != 0.1/8 {
		t.Errorf("rate(7) = %v, want 0.0125", out.Item())
	}
}

func TestScheduleErrors(t *testing.T) {
	g := New()
	Schedule(g.Variable("step", tensor.Scalar[float64](0)), func(int64) float64 { return 1 })
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "int64 scalar") {
		t.Errorf("float step: got %v", err)
	}
	g = New()
	Schedule(g.Variable("step", tensor.FromSlice([]int64{1, 2})), func(int64) float64 { return 1 })
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "(2,)") {
		t.Errorf("vector step: got %v", err)
	}
	g = New()
	Schedule(g.Variable("step", tensor.Scalar[int64](0)), nil)
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("nil rate: got %v", err)
	}
}
