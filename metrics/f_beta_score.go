package metrics

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// FBetaScore is Keras's FBetaScore metric for labels and predictions of
// shape (batch, classes): per class, with precision p = tp/(tp + fp + ε)
// and recall r = tp/(tp + fn + ε) (ε = 1e-7),
//
//	F = (1 + β²)·p·r / (β²·p + r + ε)
//
// from the counts over every value seen (an [Accumulator], so exact over
// an epoch). A prediction is positive where it is strictly greater than
// Threshold or, with the zero Threshold (Keras's None), where it is the
// largest of its row (ties all positive) and not 0.
//
// Average says how the classes combine: "micro" counts all classes
// together, "macro" averages the per-class scores, "weighted" averages
// them weighted by each class's number of positive labels. Keras's default,
// None, gives one score per class; a model logs one number per metric,
// so here the zero value means "macro" (a deliberate difference) and None
// is not offered.
type FBetaScore struct {
	// Average is "micro", "macro" (the zero value) or "weighted".
	Average string
	// Beta weighs recall against precision; 0 means Keras's default, 1.
	// It must be > 0.
	Beta float64
	// Threshold, when not 0, is the value above which a prediction is
	// positive; it must lie in (0, 1]. The zero value is Keras's None.
	Threshold float64
}

// Name returns "fbeta_score".
func (FBetaScore) Name() string { return "fbeta_score" }

// Statistics returns the true positives, false positives, false negatives
// and positive labels: one each with Average "micro", else one of each
// per class.
func (m FBetaScore) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return fScore{m.Name(), m.Average, m.Beta, m.Threshold}.statistics(yTrue, yPred)
}

// Result returns the score from the summed statistics.
func (m FBetaScore) Result(sums []float64) float64 {
	return fScore{m.Name(), m.Average, m.Beta, m.Threshold}.result(sums)
}

// Call returns the score of one batch.
func (m FBetaScore) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return fScore{m.Name(), m.Average, m.Beta, m.Threshold}.call(yTrue, yPred)
}

// F1Score is Keras's F1Score metric: [FBetaScore] with β = 1, the harmonic
// mean of precision and recall. Average and Threshold are as for
// FBetaScore (the zero Average means "macro").
type F1Score struct {
	// Average is "micro", "macro" (the zero value) or "weighted".
	Average string
	// Threshold, when not 0, is the value above which a prediction is
	// positive; it must lie in (0, 1]. The zero value is Keras's None.
	Threshold float64
}

// Name returns "f1_score".
func (F1Score) Name() string { return "f1_score" }

// Statistics returns the statistics of [FBetaScore.Statistics].
func (m F1Score) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return fScore{m.Name(), m.Average, 1, m.Threshold}.statistics(yTrue, yPred)
}

// Result returns the F1 score from the summed statistics.
func (m F1Score) Result(sums []float64) float64 {
	return fScore{m.Name(), m.Average, 1, m.Threshold}.result(sums)
}

// Call returns the F1 score of one batch.
func (m F1Score) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return fScore{m.Name(), m.Average, 1, m.Threshold}.call(yTrue, yPred)
}

// fScore is the computation shared by FBetaScore and F1Score.
type fScore struct {
	name, average   string
	beta, threshold float64
}

// check validates the configuration and returns the average and β in use.
func (f fScore) check() (average string, beta float64, err error) {
	switch average = f.average; average {
	case "":
		average = "macro"
	case "micro", "macro", "weighted":
	default:
		return "", 0, fmt.Errorf("metrics: %s: unknown Average %q (want \"micro\", \"macro\" or \"weighted\")", f.name, f.average)
	}
	if beta = f.beta; beta == 0 {
		beta = 1
	}
	if !(beta > 0) || math.IsInf(beta, 0) {
		return "", 0, fmt.Errorf("metrics: %s: Beta must be a finite number > 0, got %v", f.name, f.beta)
	}
	if t := f.threshold; t != 0 && !(t > 0 && t <= 1) {
		return "", 0, fmt.Errorf("metrics: %s: Threshold must lie in (0, 1] (0 is Keras's None), got %v", f.name, t)
	}
	return average, beta, nil
}

// counts returns tp, fp, fn and the positive labels of one batch, per
// class (C,) or, micro-averaged, of shape (1,).
func (f fScore) counts(yTrue, yPred *graph.Node) (tp, fp, fn, w *graph.Node, err error) {
	average, _, err := f.check()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	yt, yp, err := labels.Align(what(f.name), yTrue, yPred)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if ps := yp.Shape(); len(ps) != 2 || ps[1] == graph.Unknown {
		return nil, nil, nil, nil, fmt.Errorf("metrics: %s: needs predictions of shape (batch, classes) with known classes, got %s", f.name, labels.Shape(ps))
	}
	g := yp.Graph()
	var predPos *graph.Node
	if f.threshold == 0 {
		top := graph.GreaterEqual(yp, graph.Max(yp, []int{1}, true))
		predPos = graph.Mul(top, graph.Greater(graph.Abs(yp), g.Scalar(1e-9)))
	} else {
		predPos = graph.Greater(yp, g.Scalar(f.threshold))
	}
	one := graph.OnesLike(yt)
	sum := func(x *graph.Node) *graph.Node {
		if average == "micro" {
			return graph.Reshape(graph.Sum(x, nil, false), 1)
		}
		return graph.Sum(x, []int{0}, false)
	}
	tp = sum(graph.Mul(predPos, yt))
	fp = sum(graph.Mul(predPos, graph.Sub(one, yt)))
	fn = sum(graph.Mul(graph.Sub(one, predPos), yt))
	return tp, fp, fn, sum(yt), nil
}

// statistics returns [tp…, fp…, fn…, w…].
func (f fScore) statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	tp, fp, fn, w, err := f.counts(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(f.name, graph.Concat(0, tp, fp, fn, w))
}

// result computes Keras's FBetaScore.result from the summed statistics.
func (f fScore) result(sums []float64) float64 {
	average, beta, err := f.check()
	if err != nil {
		return math.NaN()
	}
	c := len(sums) / 4
	tp, fp, fn, w := sums[:c], sums[c:2*c], sums[2*c:3*c], sums[3*c:]
	b2 := beta * beta
	wSum := 0.0
	for _, v := range w {
		wSum += v
	}
	total := 0.0
	for i := range c {
		p := tp[i] / (tp[i] + fp[i] + kerasEpsilon)
		r := tp[i] / (tp[i] + fn[i] + kerasEpsilon)
		score := p * r / (b2*p + r + kerasEpsilon) * (1 + b2)
		if average == "weighted" {
			score *= w[i] / (wSum + kerasEpsilon)
		}
		total += score
	}
	if average == "weighted" {
		return total
	}
	return total / float64(c)
}

// call computes the score of one batch as graph ops.
func (f fScore) call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	tp, fp, fn, w, err := f.counts(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	average, beta, _ := f.check()
	g := tp.Graph()
	eps := g.Scalar(kerasEpsilon)
	b2 := g.Scalar(beta * beta)
	p := graph.Div(tp, graph.Add(graph.Add(tp, fp), eps))
	r := graph.Div(tp, graph.Add(graph.Add(tp, fn), eps))
	score := graph.Mul(graph.Div(graph.Mul(p, r), graph.Add(graph.Add(graph.Mul(b2, p), r), eps)), g.Scalar(1+beta*beta))
	if average == "weighted" {
		weights := graph.Div(w, graph.Add(graph.Sum(w, nil, false), eps))
		return finish(f.name, graph.Sum(graph.Mul(score, weights), nil, false))
	}
	return finish(f.name, graph.Mean(score, nil, false))
}
