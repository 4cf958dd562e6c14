package graph

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestApplyEMA(t *testing.T) {
	// average ← m·average + (1 − m)·w with m = 0.75, average0 = [4, −8],
	// w = [2, 4]: [0.75·4 + 0.25·2, 0.75·(−8) + 0.25·4] = [3.5, −5]; w is
	// kept, then, with overwrite, step 2 gives [3.125, −2.75] and w takes it.
	for _, dt := range floatDTypes {
		g := New()
		avg := g.Variable("avg", vec(dt, 4, -8))
		w := g.Variable("w", vec(dt, 2, 4))
		over := g.Variable("over", scalar(dt, 0))
		step := ApplyEMA(avg, w, g.Scalar(0.75), over)
		if err := g.Err(); err != nil {
			t.Fatal(err)
		}
		sess := NewSession(g)
		if _, err := sess.Run(nil, step); err != nil {
			t.Fatal(err)
		}
		checkValues(t, dt.String()+" average after step 1", avg.Value(), []float64{3.5, -5}, tolFor(dt))
		checkValues(t, dt.String()+" w after step 1", w.Value(), []float64{2, 4}, tolFor(dt))
		if err := over.SetValue(scalar(dt, 1)); err != nil {
			t.Fatal(err)
		}
		if _, err := sess.Run(nil, step); err != nil {
			t.Fatal(err)
		}
		checkValues(t, dt.String()+" average after step 2", avg.Value(), []float64{3.125, -2.75}, tolFor(dt))
		checkValues(t, dt.String()+" w after step 2", w.Value(), []float64{3.125, -2.75}, tolFor(dt))
	}
}

func TestApplyEMAReadsTheUpdatedVariable(t *testing.T) {
	// An SGD step added first moves w from 1 to 1 − 0.5·2 = 0; the average
	// (momentum 0.5, from 4) then reads 0: 0.5·4 + 0.5·0 = 2.
	g := New()
	w := g.Variable("w", tensor.Scalar[float64](1))
	avg := g.Variable("avg", tensor.Scalar[float64](4))
	step := Group(ApplySGD(w, g.Const(tensor.Scalar[float64](2)), g.Scalar(0.5)), ApplyEMA(avg, w, g.Scalar(0.5), g.Scalar(0)))
	if _, err := NewSession(g).Run(nil, step); err != nil {
		t.Fatal(err)
	}
	if w.Value().Item() != 0 || avg.Value().Item() != 2 {
		t.Fatalf("w = %v, average = %v; want 0, 2", w.Value().Item(), avg.Value().Item())
	}
}

func TestApplyEMAErrors(t *testing.T) {
	g := New()
	w := g.Variable("w", vec(tensor.Float32, 1, 2))
	ApplyEMA(g.Variable("avg", vec(tensor.Float32, 1)), w, g.Scalar(0.9), g.Scalar(0))
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "ApplyEMA") || !strings.Contains(err.Error(), "(1,)") {
		t.Fatalf("got %v, want an ApplyEMA shape error", err)
	}
	g = New()
	w = g.Variable("w", vec(tensor.Float32, 1, 2))
	ApplyEMA(w, w, g.Scalar(0.9), g.Scalar(0))
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "both") {
		t.Fatalf("got %v, want an error naming the variable passed twice", err)
	}
}

func TestApplyEMADoesNotAllocate(t *testing.T) {
	for _, dt := range floatDTypes {
		in := []*tensor.Tensor{vec(dt, 1, 2, 3), vec(dt, 3, 2, 1), scalar(dt, 0.9), scalar(dt, 1)}
		out := scalar(dt, 0)
		if n := testing.AllocsPerRun(10, func() { applyEMAOp{}.Compute(out, in) }); n != 0 {
			t.Errorf("%v: %v allocations per step", dt, n)
		}
	}
}
