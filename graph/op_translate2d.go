package graph

import (
	"fmt"
	"math"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// TranslateOptions configures [Translate2D]: how the pixels a translation
// brings in from outside the image are filled.
type TranslateOptions struct {
	// FillMode is Keras's fill_mode: "reflect" (the default when empty;
	// d c b a | a b c d | d c b a, the edge pixel repeated), "wrap" (a b c
	// d | a b c d | a b c d), "nearest" (a a a a | a b c d | d d d d) or
	// "constant" (k k k k | a b c d | k k k k, k = FillValue). Case is
	// ignored.
	FillMode string
	// FillValue is k of the "constant" mode.
	FillValue float64
}

// The fill modes of Translate2D.
const (
	fillReflect = iota
	fillWrap
	fillNearest
	fillConstant
)

// fillMode returns the code of a fill mode name, or an error.
func fillMode(m string) (int, error) {
	switch strings.ToLower(m) {
	case "", "reflect":
		return fillReflect, nil
	case "wrap":
		return fillWrap, nil
	case "nearest":
		return fillNearest, nil
	case "constant":
		return fillConstant, nil
	}
	return 0, fmt.Errorf("fill mode %q is not one of \"reflect\", \"wrap\", \"nearest\", \"constant\"", m)
}

// translate2DOp moves each image of its first input by the shifts in its
// second.
type translate2DOp struct {
	mode int
	fill float64
	err  error
}

// Translate2D returns each image of x, of shape (batch, height, width,
// channels), translated by the (rows, columns) shift of its row of shifts,
// of shape (batch, 2) and x's dtype, with nearest-neighbour interpolation,
// as Keras's RandomTranslation with interpolation "nearest" applies a
// translation: output pixel (y, x) reads input pixel (round(y − dy),
// round(x − dx)) (halves rounded away from zero), so a positive shift
// moves the content down or right. A source outside the image is mapped
// back by opts.FillMode, or gives opts.FillValue in the "constant" mode;
// a shift that is not finite fills the whole image with opts.FillValue.
// The gradient flows to x (each input pixel gets the sum of the output
// gradients that read it); the shifts get none.
func Translate2D(x, shifts *Node, opts TranslateOptions) *Node {
	m, err := fillMode(opts.FillMode)
	return graphOf(x, shifts).AddNode(translate2DOp{mode: m, fill: opts.FillValue, err: err}, "Translate2D", x, shifts)
}

func (translate2DOp) Type() string { return "Translate2D" }

// inferTranslate checks an image batch x and shifts of the given shapes
// and dtypes and returns x's.
func inferTranslate(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if !d[0].IsFloat() || d[1] != d[0] {
		return 0, nil, fmt.Errorf("needs float images and shifts of the same dtype, got %v and %v", d[0], d[1])
	}
	if len(s[0]) != 4 {
		return 0, nil, fmt.Errorf("images must have rank 4 (batch, height, width, channels), got %s", formatShape(s[0]))
	}
	if len(s[1]) != 2 || s[1][1] != 2 || !sameStatic(s[0][:1], s[1][:1]) {
		return 0, nil, fmt.Errorf("shifts must have shape (batch, 2) for images of shape %s, got %s", formatShape(s[0]), formatShape(s[1]))
	}
	out := s[0].Clone()
	if out[0] == Unknown {
		out[0] = s[1][0]
	}
	return d[0], out, nil
}

func (o translate2DOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if o.err != nil {
		return 0, nil, o.err
	}
	return inferTranslate(d, s)
}

func (o translate2DOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	sh := in[0].Shape()
	switch y := out.Raw().(type) {
	case []float32:
		translateRun(sh, o.mode, float32(o.fill), y, in[0].Float32s(), in[1].Float32s(), false)
	case []float64:
		translateRun(sh, o.mode, o.fill, y, in[0].Float64s(), in[1].Float64s(), false)
	}
}

// Gradient: x gets the adjoint of the pixel selection; the shifts, which
// act through rounding, get none.
func (o translate2DOp) Gradient(n, dy *Node) ([]*Node, error) {
	shifts := n.inputs[1]
	return []*Node{graphOf(dy).AddNode(translate2DGradOp{mode: o.mode}, "Translate2DGrad", dy, shifts), nil}, nil
}

// translate2DGradOp adds each pixel of its first input (an output
// gradient) into the input pixel Translate2D read it from.
type translate2DGradOp struct{ mode int }

func (translate2DGradOp) Type() string { return "Translate2DGrad" }

func (translate2DGradOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return inferTranslate(d, s)
}

func (o translate2DGradOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	sh := in[0].Shape()
	switch dx := out.Raw().(type) {
	case []float32:
		translateRun(sh, o.mode, 0, dx, in[0].Float32s(), in[1].Float32s(), true)
	case []float64:
		translateRun(sh, o.mode, 0, dx, in[0].Float64s(), in[1].Float64s(), true)
	}
}

// Gradient: the op is linear in dy, and its adjoint is the translation
// itself with nothing filled in.
func (o translate2DGradOp) Gradient(n, g *Node) ([]*Node, error) {
	return []*Node{graphOf(g).AddNode(translate2DOp{mode: o.mode}, "Translate2D", g, n.inputs[1]), nil}, nil
}

// sourceIndex returns the input index that output index i of an axis of n
// elements reads under a shift t, or −1 when it reads the fill value.
func sourceIndex(i, n int, t float64, mode int) int {
	c := math.Round(float64(i) - t)
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return -1
	}
	if c >= 0 && c < float64(n) {
		return int(c)
	}
	switch mode {
	case fillNearest:
		return int(min(max(c, 0), float64(n-1)))
	case fillWrap:
		return int(math.Mod(math.Mod(c, float64(n))+float64(n), float64(n)))
	case fillReflect:
		m := int(math.Mod(math.Mod(c, float64(2*n))+float64(2*n), float64(2*n)))
		if m >= n {
			m = 2*n - 1 - m
		}
		return m
	}
	return -1
}

// translateRun computes, for images of NHWC shape sh, the translation y
// of x by shifts, or with grad the adjoint: y (shaped as x) gets each
// pixel of x added at the position the translation read it from.
func translateRun[T tensor.Float](sh tensor.Shape, mode int, fill T, y, x, shifts []T, grad bool) {
	n, h, w, c := sh[0], sh[1], sh[2], sh[3]
	if grad {
		clear(y)
	}
	for b := range n {
		ty, tx := float64(shifts[2*b]), float64(shifts[2*b+1])
		img := b * h * w * c
		for r := range h {
			sr := sourceIndex(r, h, ty, mode)
			for col := range w {
				sc := sourceIndex(col, w, tx, mode)
				o := img + (r*w+col)*c
				switch {
				case sr < 0 || sc < 0:
					if !grad {
						translateFill(y[o:o+c], fill)
					}
				case grad:
					translateAdd(y[img+(sr*w+sc)*c:][:c], x[o:o+c])
				default:
					copy(y[o:o+c], x[img+(sr*w+sc)*c:][:c])
				}
			}
		}
	}
}

// translateFill sets every element of d to v.
func translateFill[T tensor.Float](d []T, v T) {
	for i := range d {
		d[i] = v
	}
}

// translateAdd adds src to dst element by element.
func translateAdd[T tensor.Float](dst, src []T) {
	for i := range dst {
		dst[i] += src[i]
	}
}
