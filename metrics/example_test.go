package metrics_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/tensor"
)

// Masked counts a metric only on the entries a mask keeps, as Keras
// weighs metrics by the mask of a sequence output: here the last step of
// each sequence is padding, and its (wrong) predictions do not count.
// Models do this by themselves for outputs that carry a mask.
func ExampleMasked() {
	g := graph.New()
	yTrue := g.Const(tensor.FromSlice([]float32{1, 0, 1, 0, 1, 1}, 2, 3, 1))
	yPred := g.Const(tensor.FromSlice([]float32{0.9, 0.2, 0.1, 0.1, 0.8, 0.3}, 2, 3, 1))
	mask := g.Const(tensor.FromSlice([]float32{1, 1, 0, 1, 1, 0}, 2, 3))
	acc, err := metrics.Masked(metrics.BinaryAccuracy{}, mask)
	if err != nil {
		fmt.Println(err)
		return
	}
	masked, err := acc.Call(yTrue, yPred)
	if err != nil {
		fmt.Println(err)
		return
	}
	plain, err := metrics.BinaryAccuracy{}.Call(yTrue, yPred)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := graph.NewSession(g).Run(nil, masked, plain)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("masked %.3f, unmasked %.3f\n", out[0].Item(), out[1].Item())
	// Output:
	// masked 1.000, unmasked 0.667
}
