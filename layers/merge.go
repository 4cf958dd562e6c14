package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// merge is the part shared by the elementwise merge layers (Add, Subtract,
// Multiply, Average, Maximum, Minimum): the shape rule and the chaining of
// a binary op over the inputs.
type merge struct {
	Base
}

// mergeShapes applies Keras's rule for elementwise merges: the inputs have
// one rank, and in each axis equal sizes or a size of 1 that broadcasts.
// n is the number of inputs the layer needs (0: at least 2).
func mergeShapes(l Layer, in []tensor.Shape, n int) ([]tensor.Shape, error) {
	switch {
	case n > 0 && len(in) != n:
		return nil, Errorf(l, "takes exactly %d inputs, got %d", n, len(in))
	case len(in) < 2:
		return nil, Errorf(l, "takes at least 2 inputs, got %d", len(in))
	}
	out := in[0].Clone()
	for _, s := range in[1:] {
		if len(s) != len(out) {
			return nil, Errorf(l, "inputs must have the same rank, got shapes %s", FormatShapes(in))
		}
		for i, d := range s {
			switch {
			case d == out[i] || d == 1:
			case out[i] == 1:
				out[i] = d
			default:
				return nil, Errorf(l, "inputs of shapes %s cannot be merged: axis %d has sizes %d and %d",
					FormatShapes(in), i+1, out[i], d)
			}
		}
	}
	return []tensor.Shape{out}, nil
}

// fold combines the inputs left to right with op.
func fold(in []*graph.Node, op func(a, b *graph.Node) *graph.Node) *graph.Node {
	y := in[0]
	for _, x := range in[1:] {
		y = op(y, x)
	}
	return y
}

// Build does nothing: merge layers have no weights.
func (*merge) Build(*Context, []tensor.Shape) error { return nil }

// Add sums its inputs elementwise, Keras's Add (residual connections).
type Add struct {
	Name string // the layer's name; empty lets the model choose one
	merge
}

// Type returns "Add".
func (*Add) Type() string { return "Add" }

// LayerName returns Name.
func (l *Add) LayerName() string { return l.Name }

// OutputShapes applies the merge shape rule (at least 2 inputs).
func (l *Add) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) { return mergeShapes(l, in, 0) }

// Call returns the sum of the inputs.
func (l *Add) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{fold(in, graph.Add)}, nil
}

// Subtract returns its first input minus its second, Keras's Subtract.
type Subtract struct {
	Name string // the layer's name; empty lets the model choose one
	merge
}

// Type returns "Subtract".
func (*Subtract) Type() string { return "Subtract" }

// LayerName returns Name.
func (l *Subtract) LayerName() string { return l.Name }

// OutputShapes applies the merge shape rule (exactly 2 inputs).
func (l *Subtract) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return mergeShapes(l, in, 2)
}

// Call returns in[0] − in[1].
func (l *Subtract) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Sub(in[0], in[1])}, nil
}

// Multiply multiplies its inputs elementwise, Keras's Multiply.
type Multiply struct {
	Name string // the layer's name; empty lets the model choose one
	merge
}

// Type returns "Multiply".
func (*Multiply) Type() string { return "Multiply" }

// LayerName returns Name.
func (l *Multiply) LayerName() string { return l.Name }

// OutputShapes applies the merge shape rule (at least 2 inputs).
func (l *Multiply) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return mergeShapes(l, in, 0)
}

// Call returns the product of the inputs.
func (l *Multiply) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{fold(in, graph.Mul)}, nil
}

// Average returns the elementwise mean of its inputs, Keras's Average.
type Average struct {
	Name string // the layer's name; empty lets the model choose one
	merge
}

// Type returns "Average".
func (*Average) Type() string { return "Average" }

// LayerName returns Name.
func (l *Average) LayerName() string { return l.Name }

// OutputShapes applies the merge shape rule (at least 2 inputs).
func (l *Average) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return mergeShapes(l, in, 0)
}

// Call returns the sum of the inputs divided by their number.
func (l *Average) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	sum := fold(in, graph.Add)
	return []*graph.Node{graph.Div(sum, ctx.Graph.Scalar(float64(len(in))))}, nil
}

// Maximum returns the elementwise maximum of its inputs, Keras's Maximum.
type Maximum struct {
	Name string // the layer's name; empty lets the model choose one
	merge
}

// Type returns "Maximum".
func (*Maximum) Type() string { return "Maximum" }

// LayerName returns Name.
func (l *Maximum) LayerName() string { return l.Name }

// OutputShapes applies the merge shape rule (at least 2 inputs).
func (l *Maximum) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return mergeShapes(l, in, 0)
}

// Call returns the elementwise maximum.
func (l *Maximum) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{fold(in, graph.Maximum)}, nil
}

// Minimum returns the elementwise minimum of its inputs, Keras's Minimum.
type Minimum struct {
	Name string // the layer's name; empty lets the model choose one
	merge
}

// Type returns "Minimum".
func (*Minimum) Type() string { return "Minimum" }

// LayerName returns Name.
func (l *Minimum) LayerName() string { return l.Name }

// OutputShapes applies the merge shape rule (at least 2 inputs).
func (l *Minimum) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return mergeShapes(l, in, 0)
}

// Call returns the elementwise minimum.
func (l *Minimum) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{fold(in, graph.Minimum)}, nil
}
