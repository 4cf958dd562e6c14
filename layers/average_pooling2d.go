package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// AveragePooling2D is Keras's AveragePooling2D: the mean of each channel
// over windows of channels-last images, (batch, height, width, channels)
// to (batch, out height, out width, channels). See graph.AvgPool2D.
//
// The zero value of each field is Keras's default: windows of 2, strides
// equal to the window, "valid" padding. It has no weights.
type AveragePooling2D struct {
	// PoolSize is the window (rows, columns); a zero entry means 2.
	PoolSize [2]int
	// Strides are the steps between windows; a zero entry means the
	// window's size along that axis (Keras's strides=None).
	Strides [2]int
	// Padding is "valid" (""; windows lie inside the input) or "same"
	// (ceil(in/stride) windows; a window is divided by the number of its
	// real elements, padded positions ignored); case is ignored.
	Padding string
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, height, width, channels)) or "channels_first" ((batch,
	// channels, height, width)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "AveragePooling2D".
func (*AveragePooling2D) Type() string { return "AveragePooling2D" }

// LayerName returns Name.
func (p *AveragePooling2D) LayerName() string { return p.Name }

// DeclaredInputShape returns InputShape.
func (p *AveragePooling2D) DeclaredInputShape() []int { return p.InputShape }

// pool returns the layer's pooling, configured by its fields.
func (p *AveragePooling2D) pool() windowPool {
	return pool2DLayer(p, p.PoolSize, p.Strides, p.Padding, p.DataFormat, graph.AvgPool2D)
}

// Validate checks the data format, that the window and strides are
// positive (or zero for the defaults) and that the padding is known.
func (p *AveragePooling2D) Validate() error { return p.pool().validate() }

// OutputShapes returns the pooled shape for an input in DataFormat's
// layout, with Keras's sizes on each pooled axis: (in − size)/stride + 1
// for "valid", ceil(in/stride) for "same"; the channels are kept.
func (p *AveragePooling2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return p.pool().outputShapes(in)
}

// Build checks the configuration; there are no weights.
func (p *AveragePooling2D) Build(*Context, []tensor.Shape) error { return p.Validate() }

// Call adds the pooling to the graph for inputs in DataFormat's layout.
func (p *AveragePooling2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return p.pool().call(ctx, in)
}
