package labels

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Align returns labels and predictions of one shape and the predictions'
// float dtype, as Keras prepares them for a loss or metric that compares
// them elementwise (mean squared error, binary crossentropy, binary
// accuracy, …):
//
//   - the labels are cast to the predictions' dtype (integer labels
//     included), as Keras's losses do with tf.cast(y_true, y_pred.dtype);
//   - labels with one axis fewer than the predictions, whose last
//     dimension is 1, get that axis back: labels (N,) against predictions
//     (N, 1) become (N, 1), as Keras's match_dtype_and_rank and
//     squeeze_or_expand_dimensions do;
//   - labels with one axis more, of size 1, against predictions without it
//     are met by giving the predictions that axis instead, which leaves
//     every mean unchanged.
//
// Any other difference in shape is an error naming what (the loss or
// metric) and both shapes, such as "mean_squared_error: labels of shape
// (None, 3) do not match predictions of shape (None, 1)". Unlike Keras,
// which would broadcast labels (N, 1) against predictions (N, 3), this is
// an error, never a silent broadcast. The predictions must be float and
// have a batch axis.
func Align(what string, yTrue, yPred *graph.Node) (yt, yp *graph.Node, err error) {
	if err := CheckPredictions(what, yPred); err != nil {
		return nil, nil, err
	}
	ts, ps := yTrue.Shape(), yPred.Shape()
	yt, yp = graph.Cast(yTrue, yPred.DType()), yPred
	switch {
	case len(ts) == len(ps)-1 && ps[len(ps)-1] == 1:
		yt = graph.ExpandDims(yt, len(ts))
	case len(ts) == len(ps)+1 && ts[len(ts)-1] == 1:
		yp = graph.ExpandDims(yp, len(ps))
	}
	if !Compatible(yt.Shape(), yp.Shape()) {
		return nil, nil, Mismatch(what, yTrue, yPred, "")
	}
	return yt, yp, nil
}

// CheckPredictions returns an error naming what unless yPred is a float
// tensor with a batch axis.
func CheckPredictions(what string, yPred *graph.Node) error {
	if !yPred.DType().IsFloat() {
		return fmt.Errorf("%s: predictions must be float32 or float64, got %v of shape %s",
			what, yPred.DType(), Shape(yPred.Shape()))
	}
	if len(yPred.Shape()) == 0 {
		return fmt.Errorf("%s: predictions of shape () have no batch axis", what)
	}
	return nil
}

// Compatible reports whether two static shapes can hold the same concrete
// shape: equal rank, and equal dimensions wherever both are known.
func Compatible(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && a[i] != graph.Unknown && b[i] != graph.Unknown {
			return false
		}
	}
	return true
}

// Mismatch is the error for labels that do not fit the predictions,
// naming what and both shapes, with an optional hint appended.
func Mismatch(what string, yTrue, yPred *graph.Node, hint string) error {
	msg := fmt.Sprintf("%s: labels of shape %s do not match predictions of shape %s",
		what, Shape(yTrue.Shape()), Shape(yPred.Shape()))
	if hint != "" {
		msg += " (" + hint + ")"
	}
	return fmt.Errorf("%s", msg)
}
