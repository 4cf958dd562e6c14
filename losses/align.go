package losses

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
)

// align checks the loss's reduction and fits the labels to the
// predictions as [labels.Align] does (cast to the predictions' dtype,
// (N,) against (N, 1) allowed, any other difference in shape an error).
func align(name string, r Reduction, yTrue, yPred *graph.Node) (yt, yp *graph.Node, err error) {
	if err := r.check(name); err != nil {
		return nil, nil, err
	}
	return labels.Align(what(name), yTrue, yPred)
}

// classAxis resolves the axis a loss reduces over (its class or feature
// axis) for predictions yPred. 0, the zero value, means the last axis,
// Keras's default of -1, since axis 0 is the batch axis; other negative
// axes count from the end. The predictions need a batch axis besides it.
func classAxis(name string, axis int, yPred *graph.Node) (int, error) {
	shape := yPred.Shape()
	rank := len(shape)
	if rank < 2 {
		return 0, fmt.Errorf("losses: %s: predictions of shape %s need a batch axis and a class axis",
			name, labels.Shape(shape))
	}
	a := axis
	switch {
	case a == 0:
		a = rank - 1
	case a < 0:
		a += rank
	}
	if a <= 0 || a >= rank {
		return 0, fmt.Errorf("losses: %s: axis %d is not a class axis of predictions of shape %s (axis 0 is the batch)",
			name, axis, labels.Shape(shape))
	}
	return a, nil
}

// checkFraction returns an error naming the loss and the option unless v
// lies in [0, 1], as label smoothing and the focal alpha must.
func checkFraction(name, option string, v float64) error {
	if !(v >= 0 && v <= 1) {
		return fmt.Errorf("losses: %s: %s must lie in [0, 1], got %v", name, option, v)
	}
	return nil
}

// checkGamma returns an error naming the loss unless the focal gamma is
// finite and not negative.
func checkGamma(name string, gamma float64) error {
	if !(gamma >= 0) || math.IsInf(gamma, 1) {
		return fmt.Errorf("losses: %s: gamma must be finite and at least 0, got %v", name, gamma)
	}
	return nil
}
