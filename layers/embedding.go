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
// MaskZero reserves id 0 for padding, as Keras's mask_zero=True. Neurite
// has no implicit mask propagation (Keras's _keras_mask), so with MaskZero
// the layer has a second output, the mask: (ids ≠ 0) as 1 or 0 in the
// model's dtype, of shape s, to give to a recurrent layer with Masked set
// (layers.CallMulti; a Sequential model, whose layers have one output,
// cannot hold such an Embedding).
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
	// MaskZero adds the mask output (see above).
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

// OutputShapes returns s + (OutputDim,), and s for the mask with MaskZero.
func (e *Embedding) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(e, in)
	if err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	out := []tensor.Shape{append(s.Clone(), e.OutputDim)}
	if e.MaskZero {
		out = append(out, s.Clone())
	}
	return out, nil
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
	out := []*graph.Node{graph.Gather(ctx.Var(e.embeddings), graph.Cast(x, tensor.Int64), 0)}
	if e.MaskZero {
		out = append(out, graph.Cast(graph.NotEqual(x, ctx.Graph.Scalar(0)), ctx.DType))
	}
	return out, nil
}

// Embeddings returns the table weight (nil before Build).
func (e *Embedding) Embeddings() *Weight { return e.embeddings }

// ActivityRegularization returns ActivityRegularizer (see
// ActivityRegularized).
func (e *Embedding) ActivityRegularization() regularizers.Regularizer { return e.ActivityRegularizer }
