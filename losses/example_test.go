package losses_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/tensor"
)

// weightedSquaredError is a user-written loss: the squared error with the
// error on each output weighted, averaged over the batch. Any type with
// Name and Call is a losses.Loss that a model can train on.
type weightedSquaredError struct {
	weights []float32 // one per output
}

// Name returns the loss's name, as Keras's name argument.
func (weightedSquaredError) Name() string { return "weighted_squared_error" }

// Call returns the batch mean of sum(w·(y_pred − y_true)²) over the last
// axis. Graph errors are sticky, so one check at the end covers every op.
func (l weightedSquaredError) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	g := yPred.Graph()
	w := g.Const(tensor.FromSlice(l.weights, len(l.weights)))
	diff := graph.Sub(yPred, graph.Cast(yTrue, yPred.DType()))
	perSample := graph.Sum(graph.Mul(graph.Square(diff), w), []int{-1}, false)
	loss := graph.Mean(perSample, nil, false)
	if err := g.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", l.Name(), err)
	}
	return loss, nil
}

// A custom loss implements [losses.Loss]. Here it is evaluated next to the
// built-in mean squared error on Keras's documented example: the squared
// errors are [[0.36, 0.36], [0.16, 0.36]], so with weights [1, 3] the
// samples cost 1.44 and 1.24, mean 1.34, and their plain means 0.36 and
// 0.26, mean 0.31.
func Example_customLoss() {
	g := graph.New()
	yTrue := g.Const(tensor.FromSlice([]float32{0, 1, 0, 0}, 2, 2))
	yPred := g.Const(tensor.FromSlice([]float32{0.6, 0.4, 0.4, 0.6}, 2, 2))
	for _, l := range []losses.Loss{
		weightedSquaredError{weights: []float32{1, 3}},
		losses.MeanSquaredError{},
	} {
		loss, err := l.Call(yTrue, yPred)
		if err != nil {
			fmt.Println(err)
			return
		}
		out, err := graph.NewSession(g).Run(nil, loss)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %.4f\n", l.Name(), out[0].Item())
	}
	// Output:
	// weighted_squared_error: 1.3400
	// mean_squared_error: 0.3100
}
