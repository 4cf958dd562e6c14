package layers_test

import (
	"fmt"

	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// A stateful LSTM reads a long sequence in pieces: the states at the end
// of one batch are where the next batch starts, so two halves give what
// the whole sequence gives at once. The model needs a fixed batch size
// (here 1, with layers.BatchInput); ResetStates starts a new sequence.
func ExampleLSTM_stateful() {
	lstm := func(stateful bool) *layers.LSTM {
		return &layers.LSTM{Units: 2, Stateful: stateful,
			KernelInitializer:    initializers.Constant{Value: 0.1},
			RecurrentInitializer: initializers.Constant{Value: 0.2}}
	}
	model := func(x *layers.Tensor, l layers.Layer) *models.Model {
		m, err := models.NewModel([]*layers.Tensor{x}, []*layers.Tensor{layers.Call(l, x)})
		if err != nil {
			panic(err)
		}
		m.DType = tensor.Float64
		return m
	}
	quiet := models.PredictOptions{Verbose: models.Silent}
	seq := tensor.FromSlice([]float64{1, 2, 3, 4}, 1, 4, 1) // 1 sample, 4 steps, 1 feature

	whole := model(layers.Input(4, 1), lstm(false))
	y, _ := whole.Predict(seq, quiet)
	fmt.Printf("whole sequence:  %.6f\n", y.Float64s())

	streaming := lstm(true)
	halves := model(layers.BatchInput(1, 2, 1), streaming)
	halves.Predict(tensor.Slice(seq, 1, 0, 2), quiet)
	y, _ = halves.Predict(tensor.Slice(seq, 1, 2, 4), quiet)
	fmt.Printf("in two halves:   %.6f\n", y.Float64s())
	s := streaming.States()
	fmt.Printf("states h, c:     %.6f %.6f\n", s[0].Float64s(), s[1].Float64s())

	halves.ResetStates()
	y, _ = halves.Predict(tensor.Slice(seq, 1, 0, 2), quiet)
	fmt.Printf("first half anew: %.6f\n", y.Float64s())
	// Output:
	// whole sequence:  [0.295056 0.295056]
	// in two halves:   [0.295056 0.295056]
	// states h, c:     [0.295056 0.295056] [0.522255 0.522255]
	// first half anew: [0.085068 0.085068]
}
