package losses

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
)

// Huber is Keras's keras.losses.Huber: with the error x = y_pred − y_true,
// each element costs
//
//	½·x²            where |x| ≤ δ,
//	δ·|x| − ½·δ²    elsewhere,
//
// and the per-sample loss is their mean over the last axis, reduced over
// the batch by Reduction (averaged by default). Labels are fitted to the
// predictions as for [MeanSquaredError].
type Huber struct {
	// Delta is δ, where the loss turns from quadratic to linear. 0, the
	// zero value, means Keras's default of 1; it must not be negative.
	Delta float64
	// Reduction is how Call reduces the per-sample values; "" means
	// Keras's default, [ReductionSumOverBatchSize].
	Reduction Reduction
}

// Name returns "huber_loss", Keras's name for the class.
func (Huber) Name() string { return "huber_loss" }

// Call returns the Huber loss reduced by l.Reduction.
func (l Huber) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	delta := l.Delta
	if delta == 0 {
		delta = 1
	}
	if !(delta > 0) || math.IsInf(delta, 1) {
		return nil, fmt.Errorf("losses: %s: delta must be positive and finite, got %v", l.Name(), l.Delta)
	}
	y, p, err := align(l.Name(), l.Reduction, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	g := p.Graph()
	x := graph.Sub(p, y)
	abs := graph.Abs(x)
	quadratic := graph.Mul(graph.Square(x), g.Scalar(0.5))
	linear := graph.Sub(graph.Mul(abs, g.Scalar(delta)), g.Scalar(0.5*delta*delta))
	elem := graph.Where(graph.LessEqual(abs, g.Scalar(delta)), quadratic, linear)
	return reduceMeanLast(l.Name(), l.Reduction, elem)
}
