package layers

import (
	"fmt"
	"math"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// RandomTranslation is Keras's RandomTranslation augmentation: in training
// each image is moved by a random number of rows and columns, drawn
// uniformly per image from HeightFactor·height and WidthFactor·width, the
// pixels brought in from outside filled as FillMode says; at inference it
// passes its input through. Output pixel (y, x) reads input pixel
// (round(y − dy), round(x − dx)) (see graph.Translate2D), so positive
// factors move the content down and right. Inputs are images with a
// known height and width. It has no weights.
//
// The zero value of each field is Keras's default except Interpolation
// (only "nearest" is implemented, Keras's default is "bilinear") and the
// factors, which Keras requires too.
type RandomTranslation struct {
	// HeightFactor is the range of the vertical shift as fractions of the
	// height: one value f for [−f, f], or two for [lower, upper]; each
	// within [−1, 1], lower <= upper. It must be set ({0}: no shift).
	HeightFactor []float64
	// WidthFactor is the same for the horizontal shift and the width.
	WidthFactor []float64
	// FillMode is "reflect" (the default, ""), "wrap", "nearest" or
	// "constant" (FillValue); see graph.TranslateOptions.
	FillMode string
	// FillValue is the value of the "constant" fill mode.
	FillValue float64
	// Interpolation is "nearest" (""); "bilinear" is not implemented and
	// is an error.
	Interpolation string
	// Seed fixes the random shifts; 0 draws a seed from the model's random
	// stream when the training graph is built.
	Seed uint64
	// DataFormat is "channels_last" ("", the default: inputs of shape
	// (batch, height, width, channels)) or "channels_first" ((batch,
	// channels, height, width)); case is ignored.
	DataFormat string
	// InputShape declares the per-sample input shape when the layer is the
	// model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "RandomTranslation".
func (*RandomTranslation) Type() string { return "RandomTranslation" }

// LayerName returns Name.
func (r *RandomTranslation) LayerName() string { return r.Name }

// DeclaredInputShape returns InputShape.
func (r *RandomTranslation) DeclaredInputShape() []int { return r.InputShape }

// factorRange returns the [lower, upper] range of a factor, or an error
// naming it.
func factorRange(name string, f []float64) ([2]float64, error) {
	var r [2]float64
	switch len(f) {
	case 1:
		r = [2]float64{-math.Abs(f[0]), math.Abs(f[0])}
	case 2:
		r = [2]float64{f[0], f[1]}
	default:
		return r, fmt.Errorf("%s must have 1 or 2 values, got %v", name, f)
	}
	if !(r[0] >= -1 && r[1] <= 1 && r[0] <= r[1]) {
		return r, fmt.Errorf("%s %v must lie in [-1, 1] with lower <= upper", name, f)
	}
	return r, nil
}

// Validate checks the factors, fill mode, interpolation and data format.
func (r *RandomTranslation) Validate() error {
	if err := checkDataFormat(r.DataFormat); err != nil {
		return Errorf(r, "%v", err)
	}
	if _, err := factorRange("height factor", r.HeightFactor); err != nil {
		return Errorf(r, "%v", err)
	}
	if _, err := factorRange("width factor", r.WidthFactor); err != nil {
		return Errorf(r, "%v", err)
	}
	switch strings.ToLower(r.FillMode) {
	case "", "reflect", "wrap", "nearest", "constant":
	default:
		return Errorf(r, "fill mode must be \"reflect\", \"wrap\", \"nearest\" or \"constant\", got %q", r.FillMode)
	}
	if i := strings.ToLower(r.Interpolation); i != "" && i != "nearest" {
		return Errorf(r, "interpolation %q is not supported (only \"nearest\")", r.Interpolation)
	}
	return nil
}

// OutputShapes returns the output shape for an input in DataFormat's
// layout, by outputShapesLast's channels-last rule.
func (r *RandomTranslation) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	return outputShapesIn(r, r.DataFormat, in, r.outputShapesLast)
}

// outputShapesLast returns the input's shape, which must be (height,
// width, channels) with a known height and width.
func (r *RandomTranslation) outputShapesLast(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(r, in)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if len(s) != 3 || s[0] == graph.Unknown || s[1] == graph.Unknown {
		return nil, Errorf(r, "needs inputs of shape (batch, height, width, channels) with a known height and width, got %s", sampleShape(s))
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build checks the configuration; there are no weights.
func (r *RandomTranslation) Build(*Context, []tensor.Shape) error { return r.Validate() }

// Call adds the layer to the graph for inputs in DataFormat's layout:
// callLast, transposed around for channels-first inputs.
func (r *RandomTranslation) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	return callIn(r, r.DataFormat, ctx, in, r.callLast)
}

// callLast, in training, draws each image's (rows, columns) shift as
// lower + u·(upper − lower) times the height or width, u uniform in
// [0, 1), and translates the image by it.
func (r *RandomTranslation) callLast(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(r, in)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil || !ctx.Training {
		return in, err
	}
	seed, step, err := layerRandom(ctx, r.Seed)
	if err != nil {
		return nil, err
	}
	hr, _ := factorRange("height factor", r.HeightFactor)
	wr, _ := factorRange("width factor", r.WidthFactor)
	s := shapesLast(r.DataFormat, r.InputShapes())[0]
	h, w := float64(s[0]), float64(s[1])
	// A (batch, 2) probe: the first element of each image, twice.
	p := graph.Reshape(graph.Slice(graph.Slice(graph.Slice(x, 1, 0, 1), 2, 0, 1), 3, 0, 1), -1, 1)
	u := graph.RandomUniformLike(graph.Concat(1, p, p), 0, 1, seed, step)
	dt := x.DType()
	scale := tensor.Cast(tensor.FromSlice([]float64{(hr[1] - hr[0]) * h, (wr[1] - wr[0]) * w}, 2), dt)
	offset := tensor.Cast(tensor.FromSlice([]float64{hr[0] * h, wr[0] * w}, 2), dt)
	shifts := graph.Add(graph.Mul(u, ctx.Graph.Const(scale)), ctx.Graph.Const(offset))
	y := graph.Translate2D(x, shifts, graph.TranslateOptions{FillMode: r.FillMode, FillValue: r.FillValue})
	return []*graph.Node{y}, nil
}
