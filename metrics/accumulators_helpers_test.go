package metrics

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// evalAcc builds m's Statistics and Call on placeholders, runs both on one
// batch, checks that Call agrees with Result of the statistics and returns
// that result.
func evalAcc(t *testing.T, m Accumulator, yTrue, yPred *tensor.Tensor) float64 {
	t.Helper()
	g, yt, yp := placeholders(yTrue, yPred)
	stats, err := m.Statistics(yt, yp)
	if err != nil {
		t.Fatalf("%s: Statistics: %v", m.Name(), err)
	}
	call, err := m.Call(yt, yp)
	if err != nil {
		t.Fatalf("%s: Call: %v", m.Name(), err)
	}
	if len(call.Shape()) != 0 {
		t.Fatalf("%s: Call has shape %v, want a scalar", m.Name(), call.Shape())
	}
	out, err := graph.NewSession(g).Run(graph.Feeds{yt: yTrue, yp: yPred}, stats, call)
	if err != nil {
		t.Fatalf("%s: %v", m.Name(), err)
	}
	got := m.Result(out[0].Values())
	c := out[1].Item()
	if bothNaN := math.IsNaN(c) && math.IsNaN(got); !bothNaN && !(math.Abs(c-got) <= 1e-5*math.Max(1, math.Abs(got))) {
		t.Errorf("%s: Call gives %.9g, Result of the statistics %.9g", m.Name(), c, got)
	}
	return got
}

// col builds a float32 column (n, 1).
func col(v ...float32) *tensor.Tensor { return f32(v, len(v), 1) }

// repeat returns v with v[i] repeated times[i] times, to stand for
// Keras's integer sample weights (a confusion count weighted by w equals
// the count over w copies).
func repeat(v []float32, times []int) []float32 {
	var out []float32
	for i, x := range v {
		for range times[i] {
			out = append(out, x)
		}
	}
	return out
}

// confusionRef counts, in float64, the labels (non-zero = positive) and
// predictions (positive when > threshold, compared in float32 as Keras
// does) of a binary problem.
func confusionRef(yTrue, yPred []float32, threshold float64) (tp, fp, tn, fn float64) {
	for i, y := range yTrue {
		p := yPred[i] > float32(threshold)
		switch {
		case y != 0 && p:
			tp++
		case y == 0 && p:
			fp++
		case y == 0:
			tn++
		default:
			fn++
		}
	}
	return tp, fp, tn, fn
}
