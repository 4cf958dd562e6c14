package layers

import "github.com/neurite/neurite/tensor"

// recurrentLayer is implemented by SimpleRNN, LSTM and GRU: the layers
// that Bidirectional can wrap.
type recurrentLayer interface {
	Layer
	Validator
	StateResetter
	// States returns copies of the layer's states (nil if it keeps none).
	States() []*tensor.Tensor
	// config returns the shared recurrent configuration.
	config() rnnConfig
	// withDirection returns an unbuilt copy of the layer's configuration
	// that goes backwards or not and, if zeroOutput, outputs zeros at
	// masked steps.
	withDirection(backwards, zeroOutput bool) recurrentLayer
}
