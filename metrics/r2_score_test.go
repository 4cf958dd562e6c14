package metrics

import (
	"math"
	"testing"
)

// r2Ref computes R² per output column of (n, c) data, and each output's
// total sum of squares, from the definition.
func r2Ref(yt, yp []float32, c int) (scores, totals []float64) {
	n := len(yt) / c
	for j := range c {
		var mean float64
		for i := range n {
			mean += float64(yt[i*c+j]) / float64(n)
		}
		var res, tot float64
		for i := range n {
			d := float64(yt[i*c+j]) - float64(yp[i*c+j])
			res += d * d
			e := float64(yt[i*c+j]) - mean
			tot += e * e
		}
		scores, totals = append(scores, 1-res/tot), append(totals, tot)
	}
	return scores, totals
}

func TestR2ScoreKerasExample(t *testing.T) {
	near(t, "r2", evalAcc(t, R2Score{}, col(1, 4, 3), col(2, 4, 4)), 0.57142854)
}

func TestR2ScoreFormula(t *testing.T) {
	yt := []float32{1, 10, 2, 14, 4, 9, 3, 12, 5, 20}
	yp := []float32{1.5, 11, 2, 13, 3, 9.5, 3.5, 14, 4, 18}
	scores, totals := r2Ref(yt, yp, 2)
	uniform := (scores[0] + scores[1]) / 2
	weighted := (scores[0]*totals[0] + scores[1]*totals[1]) / (totals[0] + totals[1])
	a, b := f32(yt, 5, 2), f32(yp, 5, 2)
	near(t, "uniform", evalAcc(t, R2Score{}, a, b), uniform)
	near(t, "variance weighted", evalAcc(t, R2Score{ClassAggregation: "variance_weighted_average"}, a, b), weighted)
	// Adjusted for 2 regressors and 5 samples.
	near(t, "adjusted", evalAcc(t, R2Score{NumRegressors: 2}, a, b), 1-(1-uniform)*4/2)
	// 4 regressors ≥ n − 1: the plain score.
	near(t, "adjusted fallback", evalAcc(t, R2Score{NumRegressors: 4}, a, b), uniform)
	// Constant labels give an infinite ratio, which Keras turns into 0.
	near(t, "constant labels", evalAcc(t, R2Score{}, col(2, 2, 2), col(1, 2, 3)), 0)
	if got := evalAcc(t, R2Score{}, col(2, 2), col(2, 2)); !math.IsNaN(got) {
		t.Errorf("0/0 gives %v, want NaN as in Keras", got)
	}
}

func TestR2ScoreErrors(t *testing.T) {
	for _, m := range []R2Score{{ClassAggregation: "raw"}, {NumRegressors: -1}} {
		wantErrContains(t, buildErrAcc(t, m, []int{-1, 2}, []int{-1, 2}), "r2_score")
	}
	wantErrContains(t, buildErrAcc(t, R2Score{}, []int{-1}, []int{-1}), "r2_score", "(batch, outputs)")
}
