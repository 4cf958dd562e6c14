package metrics

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// R2Score is Keras's R2Score metric, the coefficient of determination of
// predictions (batch, outputs) over every sample seen (an [Accumulator],
// so exact over an epoch): per output,
//
//	R² = 1 − Σ(yTrue − yPred)² / Σ(yTrue − mean(yTrue))²
//
// (0 where that is infinite, as Keras gives for constant labels), combined
// over the outputs by ClassAggregation. Keras's class_aggregation=None,
// one score per output, is not offered: a model logs one number per
// metric. With NumRegressors p > 0 it is the adjusted score
// 1 − (1 − R²)·(n − 1)/(n − p − 1) for n samples, falling back to R² (as
// Keras does, with a warning) when p ≥ n − 1. Labels (batch,) against
// predictions (batch, 1) are fine.
type R2Score struct {
	// ClassAggregation is "uniform_average" (the zero value, Keras's
	// default: the mean over outputs) or "variance_weighted_average"
	// (weighted by each output's label variance).
	ClassAggregation string
	// NumRegressors is the number of independent regressors of the
	// adjusted score; 0 (Keras's default) gives the plain score.
	NumRegressors int
}

// Name returns "r2_score".
func (R2Score) Name() string { return "r2_score" }

// check validates the configuration and reports whether the outputs are
// weighted by variance.
func (m R2Score) check() (weighted bool, err error) {
	switch m.ClassAggregation {
	case "", "uniform_average":
	case "variance_weighted_average":
		weighted = true
	default:
		return false, fmt.Errorf("metrics: r2_score: unknown ClassAggregation %q (want \"uniform_average\" or \"variance_weighted_average\")", m.ClassAggregation)
	}
	if m.NumRegressors < 0 {
		return false, fmt.Errorf("metrics: r2_score: NumRegressors must be >= 0, got %d", m.NumRegressors)
	}
	return weighted, nil
}

// parts returns Σy, Σy², Σ(y − ŷ)² per output (C,) and the number of
// samples (1,) of one batch.
func (m R2Score) parts(yTrue, yPred *graph.Node) (sum, sq, res, n *graph.Node, err error) {
	if _, err := m.check(); err != nil {
		return nil, nil, nil, nil, err
	}
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if ps := yp.Shape(); len(ps) != 2 || ps[1] == graph.Unknown {
		return nil, nil, nil, nil, fmt.Errorf("metrics: r2_score: needs predictions of shape (batch, outputs) with known outputs, got %s", labels.Shape(ps))
	}
	axis0 := []int{0}
	sum = graph.Sum(yt, axis0, false)
	sq = graph.Sum(graph.Square(yt), axis0, false)
	res = graph.Sum(graph.Square(graph.Sub(yt, yp)), axis0, false)
	n = graph.Sum(graph.Slice(graph.OnesLike(yt), 1, 0, 1), nil, false)
	return sum, sq, res, graph.Reshape(n, 1), nil
}

// Statistics returns [Σy…, Σy²…, Σ(y − ŷ)²…, samples], one of each sum
// per output.
func (m R2Score) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	sum, sq, res, n, err := m.parts(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Concat(0, sum, sq, res, n))
}

// Result returns the score from the summed statistics.
func (m R2Score) Result(sums []float64) float64 {
	weighted, err := m.check()
	if err != nil {
		return math.NaN()
	}
	c := (len(sums) - 1) / 3
	n := sums[3*c]
	var score, weightSum float64
	for i := range c {
		mean := sums[i] / n
		total := sums[c+i] - sums[i]*mean
		raw := 1 - sums[2*c+i]/total
		if math.IsInf(raw, 0) {
			raw = 0
		}
		if weighted {
			score += total * raw
			weightSum += total
		} else {
			score += raw
		}
	}
	if weighted {
		score /= weightSum
	} else {
		score /= float64(c)
	}
	return adjustR2(score, n, m.NumRegressors)
}

// adjustR2 returns the adjusted score for p regressors and n samples, or
// r2 itself when p is 0 or p ≥ n − 1.
func adjustR2(r2, n float64, p int) float64 {
	if p == 0 || float64(p) >= n-1 {
		return r2
	}
	return 1 - (1-r2)*(n-1)/(n-float64(p)-1)
}

// Call returns the score of one batch. With NumRegressors set, the
// adjustment uses the batch's size, known when the graph runs.
func (m R2Score) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	sum, sq, res, n, err := m.parts(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	weighted, _ := m.check()
	g := sum.Graph()
	total := graph.Sub(sq, graph.Div(graph.Square(sum), n))
	raw := graph.Sub(graph.OnesLike(res), graph.Div(res, total))
	infinite := graph.Equal(graph.Abs(raw), g.Scalar(math.Inf(1)))
	raw = graph.Where(infinite, graph.ZerosLike(raw), raw)
	var score *graph.Node
	if weighted {
		score = graph.Div(graph.Sum(graph.Mul(total, raw), nil, false), graph.Sum(total, nil, false))
	} else {
		score = graph.Mean(raw, nil, false)
	}
	if p := float64(m.NumRegressors); p > 0 {
		nn := graph.Reshape(n)
		one := g.Scalar(1)
		adjusted := graph.Sub(one, graph.Div(graph.Mul(graph.Sub(one, score), graph.Sub(nn, one)), graph.Sub(graph.Sub(nn, g.Scalar(p)), one)))
		score = graph.Where(graph.Less(g.Scalar(p), graph.Sub(nn, one)), adjusted, score)
	}
	return finish(m.Name(), score)
}
