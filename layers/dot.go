package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Dot takes the dot product of two inputs along one axis of each, per
// sample, Keras's Dot. Two (batch, n) inputs give (batch, 1); (batch, n, m)
// and (batch, k, m) with Axes {2, 2} give (batch, n, k). With Normalize,
// each input is first scaled to unit L2 norm along its axis, so the
// result is the cosine similarity.
type Dot struct {
	// Axes are the axes to contract, counted with the batch axis as 0, as
	// in Keras: one value for both inputs, or one per input. Negative
	// values count from the end. Required: Keras's Dot has no default.
	Axes []int
	// Normalize L2-normalizes the inputs along Axes first (Keras's
	// normalize).
	Normalize bool
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "Dot".
func (*Dot) Type() string { return "Dot" }

// LayerName returns Name.
func (d *Dot) LayerName() string { return d.Name }

// Validate checks that Axes has one or two values.
func (d *Dot) Validate() error {
	if len(d.Axes) != 1 && len(d.Axes) != 2 {
		return Errorf(d, "Axes must hold one axis or one per input, got %v", d.Axes)
	}
	return nil
}

// axes returns the contracted axes in per-sample shapes of ranks ra, rb.
func (d *Dot) axes(ra, rb int) (int, int, error) {
	if err := d.Validate(); err != nil {
		return 0, 0, err
	}
	a, b := d.Axes[0], d.Axes[len(d.Axes)-1]
	norm := func(ax, rank int) int {
		if ax < 0 {
			return ax + rank + 1
		}
		return ax
	}
	a, b = norm(a, ra), norm(b, rb)
	if a < 1 || a > ra || b < 1 || b > rb {
		return 0, 0, Errorf(d, "axes %v do not fit inputs of rank %d and %d (batch axis included; the batch axis cannot be contracted)", d.Axes, ra+1, rb+1)
	}
	return a - 1, b - 1, nil
}

// OutputShapes returns the shapes left after contraction: the first
// input's other axes, then the second's; (1,) if none is left.
func (d *Dot) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	if len(in) != 2 {
		return nil, Errorf(d, "takes exactly 2 inputs, got %d", len(in))
	}
	x, y := in[0], in[1]
	if len(x) < 1 || len(x) > 2 || len(y) < 1 || len(y) > 2 {
		return nil, Errorf(d, "supports inputs of rank 2 or 3 (batch axis included), got shapes %s", FormatShapes(in))
	}
	a, b, err := d.axes(len(x), len(y))
	if err != nil {
		return nil, err
	}
	if x[a] != y[b] {
		return nil, Errorf(d, "inputs of shapes %s cannot be multiplied along axes %d and %d: sizes %d and %d differ",
			FormatShapes(in), a+1, b+1, x[a], y[b])
	}
	var out tensor.Shape
	for i, n := range x {
		if i != a {
			out = append(out, n)
		}
	}
	for i, n := range y {
		if i != b {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		out = tensor.Shape{1}
	}
	return []tensor.Shape{out}, nil
}

// Build does nothing: Dot has no weights.
func (*Dot) Build(*Context, []tensor.Shape) error { return nil }

// Call computes the per-sample product with a batched matrix product: the
// first input is arranged as (batch, rows, k) and the second as
// (batch, k, cols).
func (d *Dot) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, y := in[0], in[1]
	a, b, err := d.axes(x.Shape().Rank()-1, y.Shape().Rank()-1)
	if err != nil {
		return nil, err
	}
	if d.Normalize {
		x, y = l2Normalize(ctx, x, a+1), l2Normalize(ctx, y, b+1)
	}
	// As (batch, rows, k): the contracted axis last.
	if x.Shape().Rank() == 2 {
		x = graph.ExpandDims(x, 1)
	} else if a == 0 {
		x = graph.Transpose(x, 0, 2, 1)
	}
	// As (batch, k, cols): the contracted axis first after the batch.
	if y.Shape().Rank() == 2 {
		y = graph.ExpandDims(y, 2)
	} else if b == 1 {
		y = graph.Transpose(y, 0, 2, 1)
	}
	z := graph.MatMul(x, y)
	out, err := d.OutputShapes([]tensor.Shape{in[0].Shape()[1:], in[1].Shape()[1:]})
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Reshape(z, append([]int{-1}, out[0]...)...)}, nil
}

// l2Normalize divides x by its L2 norm along axis, with Keras's floor of
// 1e-12 on the squared norm.
func l2Normalize(ctx *Context, x *graph.Node, axis int) *graph.Node {
	sq := graph.Sum(graph.Square(x), []int{axis}, true)
	return graph.Div(x, graph.Sqrt(graph.Maximum(sq, ctx.Graph.Scalar(1e-12))))
}
