package models

import (
	"encoding/json"
	"fmt"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// The model file (Save, Load) is a zip archive, like Keras's .keras file:
//
//	metadata.json              {"format": "neurite.model", "format_version": 1}
//	config.json                the architecture and the compile settings (fileConfig)
//	model.weights.safetensors  every weight, trainable or not, by its name ("dense_1/kernel")
//	optimizer.safetensors      the optimizer's variables once trained: slots
//	                           ("dense_1/kernel/m"), "<Optimizer>/iterations",
//	                           "<Optimizer>/learning_rate"
//	state.json                 the random streams, the random layers' step counter
//	                           and the kind of labels trained on
const (
	fileFormat        = "neurite.model"
	fileFormatVersion = 1

	entryMetadata  = "metadata.json"
	entryConfig    = "config.json"
	entryWeights   = "model.weights.safetensors"
	entryOptimizer = "optimizer.safetensors"
	entryState     = "state.json"
)

// metadataFile is metadata.json.
type metadataFile struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
}

// fileConfig is config.json.
type fileConfig struct {
	Model   modelConfig    `json:"model"`
	Compile *compileConfig `json:"compile_config"`
}

// modelConfig is a model's architecture: its layers and, for a functional
// model, how they are called.
type modelConfig struct {
	ClassName string        `json:"class_name"` // "Sequential" or "Functional"
	Name      string        `json:"name"`
	Seed      uint64        `json:"seed"`
	DType     string        `json:"dtype"`
	Layers    []layerConfig `json:"layers"`
	// InputShape is a Sequential model's per-sample input shape.
	InputShape noneShape `json:"input_shape,omitempty"`
	// Inputs and Outputs are a functional model's inputs and outputs.
	Inputs  []tensorRef `json:"input_layers,omitempty"`
	Outputs []tensorRef `json:"output_layers,omitempty"`
}

// layerConfig is one layer: its class and config (for a nested model, a
// modelConfig), its name in the model and, in a functional model, the
// inputs of each of its calls.
type layerConfig struct {
	Module    string          `json:"module"`
	ClassName string          `json:"class_name"`
	Name      string          `json:"name"`
	Config    json.RawMessage `json:"config"`
	Inbound   [][]tensorRef   `json:"inbound_nodes,omitempty"`
}

// tensorRef names a symbolic tensor: output Tensor of call Node of layer
// Layer (Keras's [layer_name, node_index, tensor_index]).
type tensorRef struct {
	Layer  string `json:"layer"`
	Node   int    `json:"node"`
	Tensor int    `json:"tensor"`
}

// compileConfig is what Compile was given, resolved per output.
type compileConfig struct {
	Optimizer json.RawMessage `json:"optimizer"`
	Outputs   []outputConfig  `json:"outputs"`
}

// outputConfig is the loss (null: not trained), loss weight and metrics of
// one output.
type outputConfig struct {
	Name       string            `json:"name"`
	Loss       json.RawMessage   `json:"loss"`
	LossWeight float64           `json:"loss_weight"`
	Metrics    []json.RawMessage `json:"metrics"`
}

// stateFile is state.json: the random streams and, once trained, the kind
// of labels of the training step (so that Load rebuilds it and restores
// the optimizer's variables into it).
type stateFile struct {
	RNG        []byte `json:"rng"`
	ShuffleRNG []byte `json:"shuffle_rng,omitempty"`
	RandomStep int64  `json:"random_step"`
	// SeedRNG is the state of RNG when the training step's random layers
	// drew their seeds, so that Load rebuilds the step with the same ones.
	SeedRNG     []byte        `json:"seed_rng,omitempty"`
	TrainLabels []labelConfig `json:"train_labels,omitempty"`
	// TrainInputs are the per-sample input shapes of the training step,
	// for a model with None input dimensions (see shapes.go).
	TrainInputs [][]int `json:"train_inputs,omitempty"`
}

// labelConfig is the dtype and per-sample shape of one output's labels.
type labelConfig struct {
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
}

// parseDType reads "float32", "float64" or "int64".
func parseDType(s string) (tensor.DType, error) {
	for _, d := range []tensor.DType{tensor.Float32, tensor.Float64, tensor.Int64} {
		if d.String() == s {
			return d, nil
		}
	}
	return 0, fmt.Errorf("unknown dtype %q", s)
}

// noneShape is a per-sample shape written in JSON with its None
// dimensions (layers.None) as null, as Keras writes None.
type noneShape []int

// MarshalJSON writes the shape with null for None.
func (s noneShape) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	out := make([]*int, len(s))
	for i := range s {
		if s[i] != layers.None {
			out[i] = &s[i]
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads the shape, null as None.
func (s *noneShape) UnmarshalJSON(b []byte) error {
	var in []*int
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if in == nil {
		*s = nil
		return nil
	}
	out := make(noneShape, len(in))
	for i, d := range in {
		out[i] = layers.None
		if d != nil {
			out[i] = *d
		}
	}
	*s = out
	return nil
}
