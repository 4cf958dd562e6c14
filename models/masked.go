package models

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
)

// maskedLoss is the loss of an output that carries a mask (see
// layers/mask.go: 1 for the entries to count, 0 for padding, such as the
// padded steps of a ReturnSequences output), as Keras applies a
// prediction's mask to its loss: the loss's per-sample values are
// multiplied by the mask (and by the sample weights w, (batch,), if not
// nil), then summed, and with the default reduction divided by the number
// of unmasked entries (0 when there are none, Keras's divide_no_nan), so
// padding changes neither the sum nor the count. The loss must give
// per-sample values (losses.Unreduced), as for sample weights.
func maskedLoss(l losses.Loss, yTrue, yPred, mask, w *graph.Node) (*graph.Node, error) {
	per, red, err := losses.Unreduced(l)
	if err != nil {
		return nil, fmt.Errorf("the output carries a mask, which needs the loss's per-sample values: %w", err)
	}
	values, err := per.Call(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	m, err := metrics.AlignMask(l.Name(), mask, values)
	if err != nil {
		return nil, err
	}
	prod := graph.Mul(values, m)
	if w != nil {
		prod = graph.Mul(prod, sampleAxis(w, values.Shape().Rank()))
	}
	sum := graph.Sum(prod, nil, false)
	if red == losses.ReductionSum {
		return sum, nil
	}
	count := graph.Sum(m, nil, false)
	return graph.Div(sum, graph.Maximum(count, count.Graph().Scalar(1))), nil
}

// sampleAxis reshapes per-sample weights w, (batch,), to broadcast over
// values of the given rank: (batch, 1, …, 1).
func sampleAxis(w *graph.Node, rank int) *graph.Node {
	if rank <= 1 {
		return w
	}
	shape := make([]int, rank)
	shape[0] = -1
	for i := 1; i < rank; i++ {
		shape[i] = 1
	}
	return graph.Reshape(w, shape...)
}
