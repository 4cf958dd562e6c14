package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Pool2DOptions configures [MaxPool2D] and [AvgPool2D].
type Pool2DOptions struct {
	// Size is the window (rows, columns); a zero entry means 2, Keras's
	// default.
	Size [2]int
	// Strides are the steps between windows; a zero entry means the
	// window's size along that axis, as in Keras.
	Strides [2]int
	// Padding is "valid" (the default when empty) or "same", with the
	// rule of [Conv2DOptions]. Padded positions never count: a max ignores
	// them and an average divides by the number of real elements.
	Padding string
}

// poolGeom checks an NHWC input of static shape x against the options and
// returns the window geometry (output channels = input channels).
func poolGeom(o Pool2DOptions, x tensor.Shape) (convGeom, error) {
	var co Conv2DOptions
	for i := range 2 {
		if o.Size[i] == 0 {
			o.Size[i] = 2
		}
		if o.Strides[i] == 0 {
			o.Strides[i] = o.Size[i]
		}
		if o.Size[i] < 0 || o.Strides[i] < 0 {
			return convGeom{}, fmt.Errorf("pool size %v and strides %v must be positive", o.Size, o.Strides)
		}
	}
	co.Strides, co.Padding = o.Strides, o.Padding
	co, err := co.norm()
	if err != nil {
		return convGeom{}, err
	}
	if len(x) != 4 {
		return convGeom{}, fmt.Errorf("input must have rank 4 (batch, height, width, channels), got %s", formatShape(x))
	}
	return newConvGeom(co, x, o.Size[0], o.Size[1], x[3])
}

// poolInfer is the shape rule of the pooling ops: one float NHWC input.
func poolInfer(o Pool2DOptions, d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	dt, sh, err := inferUnaryFloat(d, s)
	if err != nil {
		return 0, nil, err
	}
	g, err := poolGeom(o, sh)
	return dt, g.outShape(), err
}

// poolGradInfer is the shape rule of the pooling gradients, given the
// pooled input's shape x and the output gradient's dy: float inputs of one
// dtype, dy shaped like the pooling's output; the result is shaped like x.
func poolGradInfer(o Pool2DOptions, d []tensor.DType, x, dy tensor.Shape) (tensor.DType, tensor.Shape, error) {
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	g, err := poolGeom(o, x)
	if err != nil {
		return 0, nil, err
	}
	if !sameStatic(dy, g.outShape()) {
		return 0, nil, fmt.Errorf("dy has shape %s, the pooling's output has %s", formatShape(dy), formatShape(g.outShape()))
	}
	out := x.Clone()
	if out[0] == Unknown {
		out[0] = dy[0]
	}
	return dt, out, nil
}

// rowSpan returns the real (unpadded) input rows lo..hi of output row oy's
// window; colSpan does the same for columns.
func (g *convGeom) rowSpan(oy int) (lo, hi int) {
	s := oy*g.sh - g.padT
	return max(s, 0), min(s+g.kh, g.h)
}

func (g *convGeom) colSpan(ox int) (lo, hi int) {
	s := ox*g.sw - g.padL
	return max(s, 0), min(s+g.kw, g.w)
}

// poolGrain is about the number of input elements one parallel chunk of a
// pooling kernel reads.
const poolGrain = 16 << 10

// poolPixelGrain is the number of output pixels per parallel chunk.
func (g *convGeom) poolPixelGrain() int { return max(1, poolGrain/max(1, g.kh*g.kw*g.c)) }

// poolChunk is the number of channels a pooling kernel keeps running
// maxima (or sums) of on the stack at once.
const poolChunk = 64
