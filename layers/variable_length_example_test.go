package layers_test

import (
	"fmt"

	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// A recurrent model whose input declares the sequence length None, as
// keras.Input(shape=(None, 1)), takes sequences of any length: the same
// weights read 2 steps in one call and 4 in the next. The model builds its
// graphs for the lengths it is given.
func ExampleLSTM_variableLength() {
	x := layers.Input(layers.None, 1)
	y := layers.Call(&layers.LSTM{Units: 2,
		KernelInitializer:    initializers.Constant{Value: 0.1},
		RecurrentInitializer: initializers.Constant{Value: 0.2}}, x)
	model, err := models.NewModel([]*layers.Tensor{x}, []*layers.Tensor{y})
	if err != nil {
		fmt.Println(err)
		return
	}
	model.DType = tensor.Float64
	quiet := models.PredictOptions{Verbose: models.Silent}
	for _, seq := range [][]float64{{1, 2}, {1, 2, 3, 4}} {
		out, err := model.Predict(tensor.FromSlice(seq, 1, len(seq), 1), quiet)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d steps: %.6f\n", len(seq), out.Float64s())
	}
	fmt.Println("input shape:", layers.FormatShapes([]tensor.Shape{{layers.None, 1}}))
	// Output:
	// 2 steps: [0.085068 0.085068]
	// 4 steps: [0.295056 0.295056]
	// input shape: (None, None, 1)
}
