package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// AveragePooling1D is Keras's AveragePooling1D: the mean of each channel
// over windows of steps, (batch, steps, channels) to (batch, out steps,
// channels).
//
// The zero value of each field is Keras's default: windows of 2, strides
// equal to the window, "valid" padding. It has no weights.
type AveragePooling1D struct {
	// PoolSize is the window length; 0 means 2.
	PoolSize int
	// Strides is the step between windows; 0 means PoolSize (Keras's
	// strides=None).
	Strides int
	// Padding is "valid" (""; windows lie inside the input) or "same"
	// (ceil(in/stride) windows; a window is divided by the number of its
	// real elements, padded positions ignored); case is ignored.
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

// Type returns "AveragePooling1D".
func (*AveragePooling1D) Type() string { return "AveragePooling1D" }

// LayerName returns Name.
func (p *AveragePooling1D) LayerName() string { return p.Name }

// DeclaredInputShape returns InputShape.
func (p *AveragePooling1D) DeclaredInputShape() []int { return p.InputShape }

// pool returns the layer's pooling, configured by its fields.
func (p *AveragePooling1D) pool() windowPool {
	return pool1DLayer(p, p.PoolSize, p.Strides, p.Padding, p.DataFormat, graph.AvgPool2D)
}

// Validate checks the data format, that the window and strides are
// positive (or zero for the defaults) and that the padding is known.
func (p *AveragePooling1D) Validate() error { return p.pool().validate() }

// OutputShapes returns the pooled shape for an input in DataFormat's
// layout, with Keras's sizes on each pooled axis: (in − size)/stride + 1
// for "valid", ceil(in/stride) for "same"; the channels are kept.
func (p *AveragePooling1D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return p.pool().outputShapes(in)
}

// Build checks the configuration; there are no weights.
func (p *AveragePooling1D) Build(*Context, []tensor.Shape) error { return p.Validate() }

// Call adds the pooling to the graph for inputs in DataFormat's layout.
func (p *AveragePooling1D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return p.pool().call(ctx, in)
}
