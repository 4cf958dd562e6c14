package metrics

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
	"github.com/neurite/neurite/tensor"
)

// kerasEpsilon is Keras's backend.epsilon(), the offset its confusion
// metrics use.
const kerasEpsilon = 1e-7

// negInf is Keras's NEG_INF: top-k filtering gives this value to the
// predictions outside the top k, and it is the threshold of a top-k
// precision or recall without thresholds.
const negInf = -1e10

// divNoNaN returns a/b, or 0 where b is 0, as Keras's ops.divide_no_nan.
func divNoNaN(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// divNoNaNNode is divNoNaN elementwise on float nodes of one shape.
func divNoNaNNode(a, b *graph.Node) *graph.Node {
	nonZero := graph.NotEqual(b, graph.ZerosLike(b))
	safe := graph.Where(nonZero, b, graph.OnesLike(b))
	return graph.Where(nonZero, graph.Div(a, safe), graph.ZerosLike(a))
}

// isPositive returns 1 where the labels are non-zero and 0 elsewhere, in
// their dtype, as Keras casts labels to bool (NaN counts as true).
func isPositive(yt *graph.Node) *graph.Node {
	return graph.NotEqual(yt, graph.ZerosLike(yt))
}

// binaryInputs prepares labels and predictions for a confusion-matrix
// metric as Keras's update_confusion_matrix_variables does: the labels
// aligned to the predictions and made 1 where non-zero, the predictions
// filtered to their top topK per row (the rest set to negInf) when topK >
// 0, and both narrowed to the column classID when classID is not nil.
func binaryInputs(name string, yTrue, yPred *graph.Node, topK int, classID *int) (pos, yp *graph.Node, err error) {
	yt, yp, err := labels.Align(what(name), yTrue, yPred)
	if err != nil {
		return nil, nil, err
	}
	if topK < 0 {
		return nil, nil, fmt.Errorf("metrics: %s: TopK must be positive, got %d", name, topK)
	}
	if topK > 0 {
		if yp, err = filterTopK(name, yp, topK); err != nil {
			return nil, nil, err
		}
	}
	if classID != nil {
		ps := yp.Shape()
		if len(ps) < 2 {
			return nil, nil, fmt.Errorf("metrics: %s: ClassID needs predictions of shape (batch, classes), got %s", name, labels.Shape(ps))
		}
		c, last := *classID, len(ps)-1
		if ps[last] != graph.Unknown && (c < 0 || c >= ps[last]) {
			return nil, nil, fmt.Errorf("metrics: %s: ClassID %d is outside [0, %d) for predictions of shape %s", name, c, ps[last], labels.Shape(ps))
		}
		yt, yp = graph.Slice(yt, last, c, c+1), graph.Slice(yp, last, c, c+1)
	}
	return isPositive(yt), yp, nil
}

// filterTopK keeps the topK largest values of each row of x (the last
// axis) and sets the others to negInf, as Keras's _filter_top_k: an
// element is kept when fewer than topK elements of its row are larger or
// equal with a lower index (top_k breaks ties by index). The number of
// classes must be known.
func filterTopK(name string, x *graph.Node, topK int) (*graph.Node, error) {
	xs := x.Shape()
	last := len(xs) - 1
	c := xs[last]
	if c == graph.Unknown {
		return nil, fmt.Errorf("metrics: %s: TopK needs a known number of classes, predictions have shape %s", name, labels.Shape(xs))
	}
	// before[j][i] is 1 when i < j: element i wins a tie against j.
	before := tensor.New(x.DType(), c, c)
	for j := range c {
		for i := range j {
			before.Set(1, j, i)
		}
	}
	g := x.Graph()
	rowJ := graph.ExpandDims(x, last+1) // (…, C, 1): the element judged
	rowI := graph.ExpandDims(x, last)   // (…, 1, C): its rivals
	ahead := graph.Add(graph.Greater(rowI, rowJ), graph.Mul(graph.Equal(rowI, rowJ), g.Const(before)))
	rank := graph.Sum(ahead, []int{last + 1}, false)
	kept := graph.Less(rank, g.Scalar(float64(topK)))
	return graph.Where(kept, x, graph.Add(graph.ZerosLike(x), g.Scalar(negInf))), nil
}

// thresholdCounts returns the true positives, false positives, true
// negatives and false negatives, each of shape (T,), of the predictions yp
// against each of the thresholds (a prediction is positive when strictly
// greater), given pos, 1 where the label is positive; both are flattened.
func thresholdCounts(pos, yp *graph.Node, thresholds []float64) (tp, fp, tn, fn *graph.Node) {
	g, dt := yp.Graph(), yp.DType()
	t := tensor.New(dt, 1, len(thresholds))
	for i, v := range thresholds {
		t.Set(v, 0, i)
	}
	return countAbove(graph.Reshape(yp, -1, 1), graph.Reshape(pos, -1, 1), g.Const(t))
}

// countAbove returns the confusion counts of the column of predictions p
// (M, 1) with positive-label indicator l (M, 1) against the row of
// thresholds t (1, T): a prediction is positive at a threshold it is
// strictly greater than.
func countAbove(p, l, t *graph.Node) (tp, fp, tn, fn *graph.Node) {
	predPos := graph.Greater(p, t) // (M, T)
	neg := graph.Sub(graph.OnesLike(l), l)
	tp = graph.Sum(graph.Mul(predPos, l), []int{0}, false)
	fp = graph.Sum(graph.Mul(predPos, neg), []int{0}, false)
	fn = graph.Sub(graph.Sum(l, nil, false), tp)
	tn = graph.Sub(graph.Sum(neg, nil, false), fp)
	return tp, fp, tn, fn
}

// singleThreshold returns the one threshold of a precision or recall:
// Keras's default, 0.5 (negInf with TopK set), when thresholds is empty.
// As in Keras, a threshold outside [0, 1] is an error; so is more than
// one, since a model logs one value per metric.
func singleThreshold(name string, thresholds []float64, topK int) (float64, error) {
	switch len(thresholds) {
	case 0:
		if topK > 0 {
			return negInf, nil
		}
		return 0.5, nil
	case 1:
		if t := thresholds[0]; !(t >= 0 && t <= 1) {
			return 0, fmt.Errorf("metrics: %s: the threshold must be in [0, 1], got %v", name, t)
		}
		return thresholds[0], nil
	}
	return 0, fmt.Errorf("metrics: %s: %d Thresholds given; a model logs one value per metric, so give at most one (use one metric per threshold)", name, len(thresholds))
}
