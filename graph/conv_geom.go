package graph

import (
	"fmt"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// Conv2DOptions configures [Conv2D] and its gradients. The zero value is a
// plain convolution: strides 1, "valid" padding, no dilation, one group.
type Conv2DOptions struct {
	// Strides are the steps (rows, columns) between windows; a zero entry
	// means 1.
	Strides [2]int
	// Padding is "valid" (no padding; the default when empty) or "same"
	// (TensorFlow's rule: the output has ceil(in/stride) positions and the
	// total padding max((out-1)·stride + (k-1)·dilation + 1 - in, 0) is
	// split with the odd extra row or column at the bottom or right).
	// Case is ignored.
	Padding string
	// Dilation is the spacing (rows, columns) between the kernel's taps; a
	// zero entry means 1.
	Dilation [2]int
	// Groups splits the input channels and the filters into that many
	// groups convolved separately; zero means 1. The input channels and
	// the kernel's last axis must be multiples of it.
	Groups int
}

// norm returns o with its defaults filled in, or an error if a field is
// invalid.
func (o Conv2DOptions) norm() (Conv2DOptions, error) {
	for i := range 2 {
		if o.Strides[i] == 0 {
			o.Strides[i] = 1
		}
		if o.Dilation[i] == 0 {
			o.Dilation[i] = 1
		}
		if o.Strides[i] < 0 || o.Dilation[i] < 0 {
			return o, fmt.Errorf("strides %v and dilation %v must be positive", o.Strides, o.Dilation)
		}
	}
	if o.Groups == 0 {
		o.Groups = 1
	}
	if o.Groups < 0 {
		return o, fmt.Errorf("groups %d must be positive", o.Groups)
	}
	p, err := normPadding(o.Padding)
	o.Padding = p
	return o, err
}

// normPadding returns "valid" or "same" for a padding name, or an error.
func normPadding(p string) (string, error) {
	switch strings.ToLower(p) {
	case "", "valid":
		return "valid", nil
	case "same":
		return "same", nil
	}
	return "", fmt.Errorf("padding %q is neither \"valid\" nor \"same\"", p)
}

// windowAxis places windows of k taps spaced dil apart, stride apart,
// along an axis of in elements. It returns the number of windows and the
// padding before the first element; an Unknown in gives an Unknown count.
func windowAxis(in, k, stride, dil int, same bool) (out, before int, err error) {
	if k < 1 {
		return 0, 0, fmt.Errorf("window size %d must be positive", k)
	}
	eff := (k-1)*dil + 1
	if in == Unknown {
		return Unknown, 0, nil
	}
	if same {
		out = (in + stride - 1) / stride
		total := max((out-1)*stride+eff-in, 0)
		return out, total / 2, nil
	}
	if in < eff {
		return 0, 0, fmt.Errorf("window of %d (dilated) elements is larger than the input's %d", eff, in)
	}
	return (in-eff)/stride + 1, 0, nil
}

// convGeom is the geometry of one 2-D convolution or pooling on concrete
// NHWC shapes: n images of h×w×c, a kh×kw window (dilated by dh, dw) moved
// by sh, sw over the image padded by padT rows and padL columns before,
// giving oh×ow positions; cout output channels in groups groups. Pooling
// uses groups 1 and cout = c.
type convGeom struct {
	n, h, w, c     int
	kh, kw, cout   int
	groups         int
	sh, sw, dh, dw int
	padT, padL     int
	oh, ow         int
}

// cinG and coutG are the input and output channels of one group.
func (g *convGeom) cinG() int  { return g.c / g.groups }
func (g *convGeom) coutG() int { return g.cout / g.groups }

// colK is the row length of the im2col matrix of one group: one kernel
// window of one group's channels.
func (g *convGeom) colK() int { return g.kh * g.kw * g.cinG() }

// pointwise reports whether every output pixel reads exactly its own input
// pixel (a 1×1 kernel at stride 1), so that the input itself is the
// im2col matrix.
func (g *convGeom) pointwise() bool {
	return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.padT == 0 && g.padL == 0
}

// newConvGeom works out the geometry of a window op on an input of NHWC
// shape x with a kh×kw window and cout output channels. Dimensions may be
// Unknown (the output sizes then are too).
func newConvGeom(o Conv2DOptions, x tensor.Shape, kh, kw, cout int) (convGeom, error) {
	if len(x) != 4 {
		return convGeom{}, fmt.Errorf("input must have rank 4 (batch, height, width, channels), got %s", formatShape(x))
	}
	g := convGeom{n: x[0], h: x[1], w: x[2], c: x[3], kh: kh, kw: kw, cout: cout, groups: o.Groups,
		sh: o.Strides[0], sw: o.Strides[1], dh: o.Dilation[0], dw: o.Dilation[1]}
	same := o.Padding == "same"
	var err error
	if g.oh, g.padT, err = windowAxis(g.h, kh, g.sh, g.dh, same); err != nil {
		return g, fmt.Errorf("height: %w", err)
	}
	if g.ow, g.padL, err = windowAxis(g.w, kw, g.sw, g.dw, same); err != nil {
		return g, fmt.Errorf("width: %w", err)
	}
	return g, nil
}

// outShape is the NHWC shape of the op's output.
func (g *convGeom) outShape() tensor.Shape { return tensor.Shape{g.n, g.oh, g.ow, g.cout} }
