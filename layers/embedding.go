package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Embedding is Keras's Embedding layer: it maps integer ids in
// [0, InputDim) to rows of a trainable (InputDim, OutputDim) table named
// "embeddings". Inputs of any per-sample shape s, such as (timesteps,),
// give outputs of shape s + (OutputDim,). Models feed inputs in their
// float dtype: the ids are converted to integers (truncated), and an id
// outside [0, InputDim) makes the run fail with an error.
//
// MaskZero reserves id 0 for padding, as Keras's mask_zero=True: the
// output carries the mask (ids ≠ 0), of shape s, which the layers after it
// pass on and the recurrent layers use to skip the padded steps (see
// mask.go), in a Sequential model as in a functional one.
type Embedding struct {
	// InputDim is the size of the vocabulary (the largest id + 1); it must
	// be positive.
	InputDim int
	// OutputDim is the size of the embedding vectors; it must be positive.
	OutputDim int
	// EmbeddingsInitializer sets the starting table (nil: Keras's
	// "uniform", RandomUniform in [−0.05, 0.05)).
	EmbeddingsInitializer initializers.Initializer
	// EmbeddingsRegularizer adds a penalty on the table to the training
	// loss (nil: none).
	EmbeddingsRegularizer regularizers.Regularizer
	// ActivityRegularizer, if not nil, adds a penalty on the layer's
	// outputs to the loss, divided by the batch size (Keras's
	// activity_regularizer).
	ActivityRegularizer regularizers.Regularizer
	// MaskZero makes id 0 padding, masked in the output (see above).
	MaskZero bool
	// InputShape declares the per-sample input shape when Embedding is the
	// model's first layer, e.g. []int{timesteps}.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	embeddings *Weight
}

// Type returns "Embedding".
func (*Embedding) Type() string { return "Embedding" }

// LayerName returns Name.
func (e *Embedding) LayerName() string { return e.Name }

// DeclaredInputShape returns InputShape.
func (e *Embedding) DeclaredInputShape() []int { return e.InputShape }

// Validate checks that InputDim and OutputDim are positive.
func (e *Embedding) Validate() error {
	if e.InputDim <= 0 || e.OutputDim <= 0 {
		return Errorf(e, "input_dim and output_dim must be positive, got %d and %d", e.InputDim, e.OutputDim)
	}
	return nil
}

// OutputShapes returns s + (OutputDim,).
func (e *Embedding) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(e, in)
	if err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return []tensor.Shape{append(s.Clone(), e.OutputDim)}, nil
}

// Build creates the table "embeddings" (InputDim, OutputDim).
func (e *Embedding) Build(ctx *Context, _ []tensor.Shape) error {
	init := e.EmbeddingsInitializer
	if init == nil {
		init = initializers.RandomUniform{}
	}
	var err error
	e.embeddings, err = ctx.AddWeight("embeddings", tensor.Shape{e.InputDim, e.OutputDim}, init, e.EmbeddingsRegularizer, true)
	return err
}

// Call gathers the rows of the ids.
func (e *Embedding) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(e, in)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Gather(ctx.Var(e.embeddings), graph.Cast(x, tensor.Int64), 0)}, nil
}

// ComputeMask returns, with MaskZero, the mask ids ≠ 0 (1 or 0 in the
// model's dtype, of the ids' shape), Keras's compute_mask; without it, no
// mask.
func (e *Embedding) ComputeMask(ctx *Context, in, _ []*graph.Node) ([]*graph.Node, error) {
	if !e.MaskZero {
		return nil, nil
	}
	return []*graph.Node{graph.Cast(graph.NotEqual(in[0], ctx.Graph.Scalar(0)), ctx.DType)}, nil
}

// Embeddings returns the table weight (nil before Build).
func (e *Embedding) Embeddings() *Weight { return e.embeddings }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (e *Embedding) ActivityRegularization() regularizers.Regularizer { return e.ActivityRegularizer }
