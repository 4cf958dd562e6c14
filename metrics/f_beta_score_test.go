package metrics

import (
	"math"
	"testing"
)

// The example of Keras's docstrings, whose per-class scores are
// F1 [0.5, 0.8, 0.6666667] and F2 [0.3846154, 0.90909094, 0.8333334].
var (
	fTrue = []float32{1, 1, 1, 1, 0, 0, 1, 1, 0}
	fPred = []float32{0.2, 0.6, 0.7, 0.2, 0.6, 0.6, 0.6, 0.8, 0}
)

// fRef is Keras's formula over the per-class (or micro) counts.
func fRef(tp, fp, fn []float64, beta float64) []float64 {
	out := make([]float64, len(tp))
	for i := range tp {
		p := tp[i] / (tp[i] + fp[i] + 1e-7)
		r := tp[i] / (tp[i] + fn[i] + 1e-7)
		out[i] = (1 + beta*beta) * p * r / (beta*beta*p + r + 1e-7)
	}
	return out
}

// countsRef returns per-class tp, fp, fn and positives of 3×3 data with a
// prediction positive when above threshold.
func countsRef(yt, yp []float32, threshold float32) (tp, fp, fn, pos []float64) {
	tp, fp, fn, pos = make([]float64, 3), make([]float64, 3), make([]float64, 3), make([]float64, 3)
	for i, y := range yt {
		c, p := i%3, yp[i] > threshold
		switch {
		case p && y == 1:
			tp[c]++
		case p:
			fp[c]++
		case y == 1:
			fn[c]++
		}
		pos[c] += float64(y)
	}
	return tp, fp, fn, pos
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func TestFScoreKerasExamples(t *testing.T) {
	yt, yp := f32(fTrue, 3, 3), f32(fPred, 3, 3)
	near(t, "F1 macro", evalAcc(t, F1Score{Threshold: 0.5}, yt, yp), (0.5+0.8+2.0/3)/3)
	near(t, "F2 macro", evalAcc(t, FBetaScore{Beta: 2, Threshold: 0.5}, yt, yp), (0.3846154+0.90909094+0.8333334)/3)
}

func TestFScoreAverages(t *testing.T) {
	yt, yp := f32(fTrue, 3, 3), f32(fPred, 3, 3)
	tp, fp, fn, pos := countsRef(fTrue, fPred, 0.5)
	for _, beta := range []float64{1, 0.5, 2} {
		per := fRef(tp, fp, fn, beta)
		near(t, "macro", evalAcc(t, FBetaScore{Beta: beta, Threshold: 0.5, Average: "macro"}, yt, yp), mean(per))
		w := 0.0
		for i := range per {
			w += per[i] * pos[i] / (pos[0] + pos[1] + pos[2] + 1e-7)
		}
		near(t, "weighted", evalAcc(t, FBetaScore{Beta: beta, Threshold: 0.5, Average: "weighted"}, yt, yp), w)
		sum := func(v []float64) []float64 { return []float64{v[0] + v[1] + v[2]} }
		micro := fRef(sum(tp), sum(fp), sum(fn), beta)[0]
		near(t, "micro", evalAcc(t, FBetaScore{Beta: beta, Threshold: 0.5, Average: "micro"}, yt, yp), micro)
	}
	// Without a threshold the row maxima are positive: 0.7, 0.6 and 0.6
	// (a tie), 0.8; an all-zero row predicts nothing.
	rowMax := []float32{0, 0, 1, 0, 1, 1, 0, 1, 0}
	tp, fp, fn, _ = countsRef(fTrue, rowMax, 0.5)
	near(t, "F1 row max", evalAcc(t, F1Score{}, yt, yp), mean(fRef(tp, fp, fn, 1)))
	zero := f32(make([]float32, 9), 3, 3)
	if got := evalAcc(t, F1Score{}, yt, zero); got != 0 || math.IsNaN(got) {
		t.Errorf("F1 of all-zero predictions = %v, want 0", got)
	}
}

func TestFScoreErrors(t *testing.T) {
	for _, m := range []Accumulator{FBetaScore{Beta: -1}, F1Score{Average: "none"}, F1Score{Threshold: 1.5}, FBetaScore{Threshold: -0.2}} {
		wantErrContains(t, buildErrAcc(t, m, []int{-1, 3}, []int{-1, 3}), m.Name())
	}
	wantErrContains(t, buildErrAcc(t, F1Score{}, []int{-1, 3, 2}, []int{-1, 3, 2}), "f1_score", "(batch, classes)")
}
