package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// MaxPooling1D is Keras's MaxPooling1D: the maximum of each channel over
// windows of steps, (batch, steps, channels) to (batch, out steps,
// channels).
//
// The zero value of each field is Keras's default: windows of 2, strides
// equal to the window, "valid" padding. It has no weights.
type MaxPooling1D struct {
	// PoolSize is the window length; 0 means 2.
	PoolSize int
	// Strides is the step between windows; 0 means PoolSize (Keras's
	// strides=None).
	Strides int
	// Padding is "valid" (""; windows lie inside the input) or "same"
	// (ceil(in/stride) windows, padded positions ignored); case is
	// ignored.
	Padding string
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, steps, channels)) or "channels_first" ((batch,
	// channels, steps)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "MaxPooling1D".
func (*MaxPooling1D) Type() string { return "MaxPooling1D" }

// LayerName returns Name.
func (p *MaxPooling1D) LayerName() string { return p.Name }

// DeclaredInputShape returns InputShape.
func (p *MaxPooling1D) DeclaredInputShape() []int { return p.InputShape }

// pool returns the layer's pooling, configured by its fields.
func (p *MaxPooling1D) pool() windowPool {
	return pool1DLayer(p, p.PoolSize, p.Strides, p.Padding, p.DataFormat, graph.MaxPool2D)
}

// Validate checks the data format, that the window and strides are
// positive (or zero for the defaults) and that the padding is known.
func (p *MaxPooling1D) Validate() error { return p.pool().validate() }

// OutputShapes returns the pooled shape for an input in DataFormat's
// layout, with Keras's sizes on each pooled axis: (in − size)/stride + 1
// for "valid", ceil(in/stride) for "same"; the channels are kept.
func (p *MaxPooling1D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return p.pool().outputShapes(in)
}

// Build checks the configuration; there are no weights.
func (p *MaxPooling1D) Build(*Context, []tensor.Shape) error { return p.Validate() }

// Call adds the pooling to the graph for inputs in DataFormat's layout.
func (p *MaxPooling1D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return p.pool().call(ctx, in)
}
