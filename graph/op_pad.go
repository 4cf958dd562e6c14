package graph

import (
	"fmt"
	"slices"

	"github.com/neurite/neurite/tensor"
)

// padOp surrounds a tensor with zeros.
type padOp struct{ pads [][2]int }

// Pad returns x with paddings[i][0] zeros before and paddings[i][1] zeros
// after its elements along each axis i (tf.pad in "CONSTANT" mode with 0,
// what Keras's ZeroPadding1D/2D/3D do on their spatial axes). paddings
// must have one non-negative pair per axis of x; an Unknown axis stays
// Unknown. Every dtype is accepted; the gradient (of a float x) is the
// slice of dy that Pad filled from x.
func Pad(x *Node, paddings [][2]int) *Node {
	return graphOf(x).AddNode(padOp{pads: slices.Clone(paddings)}, "Pad", x)
}

func (padOp) Type() string { return "Pad" }

// padShape returns the static shape of s padded by pads (sign 1) or
// cropped by them (sign -1), or an error if the pads do not fit s.
func padShape(pads [][2]int, s tensor.Shape, sign int) (tensor.Shape, error) {
	if len(pads) != len(s) {
		return nil, fmt.Errorf("%d padding pairs for an input of rank %d", len(pads), len(s))
	}
	out := s.Clone()
	for i, p := range pads {
		if p[0] < 0 || p[1] < 0 {
			return nil, fmt.Errorf("paddings %v must not be negative", pads)
		}
		if s[i] == Unknown {
			continue
		}
		out[i] += sign * (p[0] + p[1])
		if out[i] < 0 {
			return nil, fmt.Errorf("axis %d of size %d is smaller than its paddings %v", i, s[i], p)
		}
	}
	return out, nil
}

func (p padOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	out, err := padShape(p.pads, s[0], 1)
	return d[0], out, err
}

func (p padOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	padCompute(p.pads, out, in[0], false)
}

// Gradient: dy cropped back to x's elements (PadGrad).
func (p padOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{graphOf(dy).AddNode(padGradOp(p), "PadGrad", dy)}, nil
}

// padCompute pads in into out (crop false) or crops in into out (crop
// true), by the same pads.
func padCompute(pads [][2]int, out, in *tensor.Tensor, crop bool) {
	small := in.Shape()
	if crop {
		small = out.Shape()
	}
	switch o := out.Raw().(type) {
	case []float32:
		padCopy(pads, small, o, in.Float32s(), crop)
	case []float64:
		padCopy(pads, small, o, in.Float64s(), crop)
	case []int64:
		padCopy(pads, small, o, in.Int64s(), crop)
	}
}

// padCopy copies the unpadded tensor of shape small between its padded
// form big and small itself: from small to big, zeroing the padding (crop
// false), or from big to small (crop true). It walks the rows of small's
// last axis with an odometer over the leading axes.
func padCopy[T float32 | float64 | int64](pads [][2]int, small tensor.Shape, dst, src []T, crop bool) {
	if !crop {
		clear(dst)
	}
	if small.Size() == 0 {
		return
	}
	if len(small) == 0 {
		copy(dst, src)
		return
	}
	r := len(small)
	var idxBuf, strideBuf [8]int
	idx, bigStride := idxBuf[:0], strideBuf[:0]
	if r > len(idxBuf) {
		idx, bigStride = make([]int, 0, r), make([]int, 0, r)
	}
	idx, bigStride = idx[:r], bigStride[:r]
	clear(idx)
	s := 1
	for i := r - 1; i >= 0; i-- {
		bigStride[i] = s
		s *= small[i] + pads[i][0] + pads[i][1]
	}
	row := small[r-1]
	for k := range small.Size() / row {
		big := pads[r-1][0]
		for i := 0; i < r-1; i++ {
			big += (idx[i] + pads[i][0]) * bigStride[i]
		}
		if crop {
			copy(dst[k*row:(k+1)*row], src[big:big+row])
		} else {
			copy(dst[big:big+row], src[k*row:(k+1)*row])
		}
		for i := r - 2; i >= 0; i-- {
			if idx[i]++; idx[i] < small[i] {
				break
			}
			idx[i] = 0
		}
	}
}
