package losses

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
	"github.com/neurite/neurite/tensor"
)

// reduceLabels computes the crossentropy of the flattened int64 labels y
// (M,) against logits (M, C), leaves out l.IgnoreClass and reduces the
// per-label values by l.Reduction; yPred is the predictions as given, whose
// outer shape ReductionNone restores.
func (l SparseCategoricalCrossentropy) reduceLabels(yPred, y, logits *graph.Node) (*graph.Node, error) {
	g := y.Graph()
	var valid *graph.Node // 1 for labels that count, 0 for ignored ones
	if l.IgnoreClass != nil {
		valid = graph.NotEqual(y, g.Const(tensor.Scalar(int64(*l.IgnoreClass))))
		// Ignored labels may lie outside [0, C): point them at class 0,
		// whose loss the mask then drops, as Keras does.
		y = graph.Mul(y, valid)
	}
	values := graph.SparseSoftmaxCrossEntropyWithLogits(y, logits)
	if valid == nil {
		if l.Reduction == ReductionNone {
			return l.unflatten(yPred, values)
		}
		return reduce(l.Name(), l.Reduction, values)
	}
	mask := graph.Cast(valid, logits.DType())
	values = graph.Mul(values, mask)
	switch l.Reduction {
	case ReductionNone:
		return l.unflatten(yPred, values)
	case ReductionSum:
		return reduce(l.Name(), ReductionSum, values)
	}
	// Keras weights the valid entries by total/valid, so the mean is over
	// the valid entries only, and 0 when there are none.
	count := graph.Maximum(graph.Sum(mask, nil, false), g.Scalar(1))
	return finish(l.Name(), graph.Div(graph.Sum(values, nil, false), count))
}

// unflatten gives per-label values (M,) the predictions' shape without
// the class axis, as Keras's unreduced loss has it.
func (l SparseCategoricalCrossentropy) unflatten(yPred, values *graph.Node) (*graph.Node, error) {
	ps := yPred.Shape()
	if len(ps) == 2 {
		return finish(l.Name(), values)
	}
	inner := []int(ps[1 : len(ps)-1])
	for _, d := range inner {
		if d == graph.Unknown {
			return nil, fmt.Errorf("losses: %s: reduction %q needs the predictions' axes after the batch known, got %s",
				l.Name(), ReductionNone, labels.Shape(ps))
		}
	}
	return finish(l.Name(), graph.Reshape(values, append([]int{-1}, inner...)...))
}
