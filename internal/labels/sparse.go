package labels

import (
	"fmt"

	"github.com/neurite/neurite/graph"
)

// Sparse prepares integer class labels for a sparse loss or metric, as
// Keras's sparse_categorical_crossentropy does. The predictions hold one
// score per class along their last axis, shape (N, …, C); the labels must
// have shape (N, …) or (N, …, 1). It returns the labels flattened to
// (M,) and the predictions to (M, C), where M is the number of labels, so
// that a per-label value averaged over the M rows is Keras's batch mean.
// The labels keep their dtype (the caller casts them). Any other label
// shape, such as one-hot labels (N, C), is an error naming what and both
// shapes.
func Sparse(what string, yTrue, yPred *graph.Node) (flatTrue, flatPred *graph.Node, err error) {
	if err := CheckPredictions(what, yPred); err != nil {
		return nil, nil, err
	}
	ts, ps := yTrue.Shape(), yPred.Shape()
	if len(ps) < 2 {
		return nil, nil, fmt.Errorf("%s: predictions of shape %s need a batch axis and a class axis",
			what, Shape(ps))
	}
	outer := ps[:len(ps)-1]
	fits := Compatible(ts, outer) ||
		(len(ts) == len(ps) && ts[len(ts)-1] == 1 && Compatible(ts[:len(ts)-1], outer))
	if !fits {
		return nil, nil, Mismatch(what, yTrue, yPred, fmt.Sprintf(
			"sparse labels are class indices of shape %s or %s", Shape(outer), Shape(append(outer.Clone(), 1))))
	}
	flatTrue, flatPred = yTrue, yPred
	if len(ts) != 1 {
		flatTrue = graph.Reshape(yTrue, -1)
	}
	if len(ps) != 2 {
		classes := ps[len(ps)-1]
		if classes == graph.Unknown {
			return nil, nil, fmt.Errorf("%s: predictions of shape %s need a known number of classes",
				what, Shape(ps))
		}
		flatPred = graph.Reshape(yPred, -1, classes)
	}
	return flatTrue, flatPred, nil
}
