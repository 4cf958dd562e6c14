package layers

import (
	"math"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// UpSampling2D is Keras's UpSampling2D with nearest-neighbour
// interpolation: each row is repeated Size[0] times and each column
// Size[1] times, (batch, height, width, channels) to (batch,
// height·Size[0], width·Size[1], channels). The height and width must be
// known. It has no weights.
//
// The zero value of each field is Keras's default: size (2, 2), "nearest".
type UpSampling2D struct {
	// Size is the repeat factor (rows, columns); a zero entry means 2.
	Size [2]int
	// Interpolation is "nearest" (""); Keras's "bilinear" and the other
	// modes are not implemented and are an error.
	Interpolation string
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

// Type returns "UpSampling2D".
func (*UpSampling2D) Type() string { return "UpSampling2D" }

// LayerName returns Name.
func (u *UpSampling2D) LayerName() string { return u.Name }

// DeclaredInputShape returns InputShape.
func (u *UpSampling2D) DeclaredInputShape() []int { return u.InputShape }

// size returns Size with its default.
func (u *UpSampling2D) size() [2]int { return pairOr(u.Size, [2]int{2, 2}) }

// Validate checks a positive size and the "nearest" interpolation.
func (u *UpSampling2D) Validate() error {
	if err := checkDataFormat(u.DataFormat); err != nil {
		return Errorf(u, "%v", err)
	}
	if s := u.size(); s[0] <= 0 || s[1] <= 0 {
		return Errorf(u, "size %v must be positive", u.Size)
	}
	if i := strings.ToLower(u.Interpolation); i != "" && i != "nearest" {
		return Errorf(u, "interpolation %q is not supported (only \"nearest\")", u.Interpolation)
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (u *UpSampling2D) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(u, u.DataFormat, in, u.outputShapesLast)
}

// outputShapesLast returns (height·Size[0], width·Size[1], channels).
func (u *UpSampling2D) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(u, in)
	if err != nil {
		return nil, err
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if len(s) != 3 || s[0] == graph.Unknown || s[1] == graph.Unknown {
		return nil, Errorf(u, "needs inputs of shape (batch, height, width, channels) with a known height and width, got %s", sampleShape(s))
	}
	size := u.size()
	for i, name := range []string{"height", "width"} {
		if s[i] > 0 && size[i] > math.MaxInt/s[i] {
			return nil, Errorf(u, "%s %d × size %d overflows int", name, s[i], size[i])
		}
	}
	return []tensor.Shape{{s[0] * size[0], s[1] * size[1], s[2]}}, nil
}

// Build checks the configuration; there are no weights.
func (u *UpSampling2D) Build(*Context, []tensor.Shape) error { return u.Validate() }

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (u *UpSampling2D) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(u, u.DataFormat, ctx, in, u.callLast)
}

// callLast gathers each row, then each column, size times: output row r reads
// input row r/size.
func (u *UpSampling2D) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(u, in)
	if err != nil {
		return nil, err
	}
	size := u.size()
	for axis := 1; axis <= 2; axis++ {
		n, k := shapesLast(u.DataFormat, u.InputShapes())[0][axis-1], size[axis-1]
		if k == 1 {
			continue
		}
		idx, err := u.repeatIndex(n, k)
		if err != nil {
			return nil, err
		}
		x = graph.Gather(x, ctx.Graph.Const(idx), axis)
	}
	return []*graph.Node{x}, nil
}

// repeatIndex returns the indices 0, …, 0, 1, …, n-1 (each k times) that
// Call gathers, or an error if they cannot be allocated.
func (u *UpSampling2D) repeatIndex(n, k int) (*tensor.Tensor, error) {
	if n > 0 && k > math.MaxInt/n {
		return nil, Errorf(u, "%d × size %d overflows int", n, k)
	}
	if _, err := tensor.CheckSize(tensor.Int64, []int{n * k}); err != nil {
		return nil, Errorf(u, "%v", err)
	}
	idx := make([]int64, n*k)
	for i := range idx {
		idx[i] = int64(i / k)
	}
	return tensor.FromSlice(idx, n*k), nil
}
