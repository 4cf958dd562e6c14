// Package layers holds the building blocks of Keras-style models: Dense,
// Activation, Dropout, Flatten and Input. A layer's exported fields are its
// configuration (Keras's get_config); the zero value of each field is
// Keras's default.
//
// A layer is used in two steps by a model: Build creates its weights once
// the shape of its input is known, and Call adds its computation to the
// model's graph. Call runs twice per model, once for training (where Dropout
// is active) and once for inference; both calls share the layer's weights.
package layers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Layer is one stage of a model. To write a new layer, copy Dense: a struct
// whose fields are its configuration, plus these methods.
type Layer interface {
	// Type returns the Keras class name, such as "Dense"; models derive
	// default layer names from it ("dense", "dense_1", …).
	Type() string
	// Build creates the layer's weights for inputs whose per-sample shape
	// (batch axis excluded) is inputShape. It is called once.
	Build(ctx *Context, inputShape tensor.Shape) error
	// Call adds the layer's computation on x, whose first axis is the batch,
	// to ctx.Graph and returns the output node. training is true in the
	// graph that Fit runs.
	Call(ctx *Context, x *graph.Node, training bool) (*graph.Node, error)
	// OutputShape returns the per-sample output shape for a per-sample
	// input shape, or an error naming the layer if the input does not fit.
	OutputShape(inputShape tensor.Shape) (tensor.Shape, error)
	// Weights returns the layer's weights once built (nil before).
	Weights() []*Weight
}

// Named is implemented by layers that carry a user-chosen name (the Name
// field of the built-in layers). An empty name lets the model choose one.
type Named interface {
	LayerName() string
}

// InputShaped is implemented by layers that can declare the model's input
// shape (the InputShape field of the built-in layers, Keras's input_shape).
type InputShaped interface {
	DeclaredInputShape() []int
}

// Context is what a layer needs to build its weights and its computation:
// the graph, the dtype of the model, a random stream for initializers and
// dropout, and the name the model gave the layer.
type Context struct {
	Graph *graph.Graph
	DType tensor.DType
	RNG   *tensor.RNG
	Name  string // the layer's name in the model, e.g. "dense_1"
}

// Weight is one variable of a layer, such as a Dense layer's kernel.
type Weight struct {
	Name        string // "dense_1/kernel"
	Node        *graph.Node
	Trainable   bool
	Regularizer regularizers.Regularizer // nil for none
}

// Value returns the weight's current value. It is the live storage: copy it
// (Clone) to keep it.
func (w *Weight) Value() *tensor.Tensor { return w.Node.Value() }

// Set copies v into the weight; v must have the weight's dtype and shape.
func (w *Weight) Set(v *tensor.Tensor) error { return w.Node.SetValue(v) }

// AddWeight creates a variable named "<layer>/<name>" initialised by init,
// and returns it as a Weight.
func (c *Context) AddWeight(name string, shape tensor.Shape, init initializers.Initializer, reg regularizers.Regularizer, trainable bool) (*Weight, error) {
	value, err := init.Init(c.RNG, c.DType, shape)
	if err != nil {
		return nil, fmt.Errorf("layer %s: initializing %s: %w", c.Name, name, err)
	}
	full := c.Name + "/" + name
	v := c.Graph.Variable(full, value)
	v.SetTrainable(trainable)
	if err := c.Graph.Err(); err != nil {
		return nil, err
	}
	return &Weight{Name: full, Node: v, Trainable: trainable, Regularizer: reg}, nil
}
