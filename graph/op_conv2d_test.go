package graph

import (
	"fmt"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Hand-computed convolutions of 1, 2, 3, … images with all-ones kernels
// (window sums) and a grouped pointwise kernel.
func TestConv2DKnownValues(t *testing.T) {
	ones := func(shape ...int) *tensor.Tensor { return tensor.Full(1.0, shape...) }
	conv := func(o Conv2DOptions) func(xs ...*Node) *Node {
		return func(xs ...*Node) *Node { return Conv2D(xs[0], xs[1], o) }
	}
	for _, c := range []struct {
		name  string
		x, k  *tensor.Tensor
		o     Conv2DOptions
		shape []int
		want  []float64
	}{
		// 3×3 image 1..9, 2×2 window sums.
		{"odd valid", seqInput(1, 3, 3, 1), ones(2, 2, 1, 1), Conv2DOptions{}, []int{1, 2, 2, 1}, []float64{12, 16, 24, 28}},
		// out = ceil(3/2) = 2, total pad = 2+2-3 = 1, all of it after:
		// windows rows {0,1}, {2}; cols likewise.
		{"odd same stride 2", seqInput(1, 3, 3, 1), ones(2, 2, 1, 1), Conv2DOptions{Strides: [2]int{2, 2}, Padding: "same"},
			[]int{1, 2, 2, 1}, []float64{1 + 2 + 4 + 5, 3 + 6, 7 + 8, 9}},
		// 4×4 image, 3×3 window, pad 1 each side.
		{"even same", seqInput(1, 4, 4, 1), ones(3, 3, 1, 1), Conv2DOptions{Padding: "SAME"}, []int{1, 4, 4, 1},
			[]float64{14, 24, 30, 22, 33, 54, 63, 45, 57, 90, 99, 69, 46, 72, 78, 54}},
		// out 2, total pad 2+3-4 = 1, after: rows {0,1,2}, {2,3}.
		{"even same stride 2", seqInput(1, 4, 4, 1), ones(3, 3, 1, 1), Conv2DOptions{Strides: [2]int{2, 2}, Padding: "same"},
			[]int{1, 2, 2, 1}, []float64{54, 3 + 4 + 7 + 8 + 11 + 12, 9 + 10 + 11 + 13 + 14 + 15, 11 + 12 + 15 + 16}},
		{"even valid stride 2", seqInput(1, 4, 4, 1), ones(2, 2, 1, 1), Conv2DOptions{Strides: [2]int{2, 2}},
			[]int{1, 2, 2, 1}, []float64{1 + 2 + 5 + 6, 3 + 4 + 7 + 8, 9 + 10 + 13 + 14, 11 + 12 + 15 + 16}},
		// 5×5 image, 2×2 taps 2 apart: x(i,j)+x(i,j+2)+x(i+2,j)+x(i+2,j+2).
		{"dilation 2 valid", seqInput(1, 5, 5, 1), ones(2, 2, 1, 1), Conv2DOptions{Dilation: [2]int{2, 2}}, []int{1, 3, 3, 1},
			[]float64{28, 32, 36, 48, 52, 56, 68, 72, 76}},
		// 3×3 image, 2×2 taps 2 apart, same: total pad 2 (1 before):
		// out(0,0) reads x(-1,-1), x(-1,1), x(1,-1), x(1,1) = 5, out(0,2)
		// reads x(-1,1), x(-1,3), x(1,1), x(1,3) = 5.
		{"dilation 2 same", seqInput(1, 3, 3, 1), ones(2, 2, 1, 1), Conv2DOptions{Dilation: [2]int{2, 2}, Padding: "same"},
			[]int{1, 3, 3, 1}, []float64{5, 4 + 6, 5, 2 + 8, 1 + 3 + 7 + 9, 2 + 8, 5, 4 + 6, 5}},
		// Channels 1,2 meet filters 0,1 and channels 3,4 filters 2,3.
		{"groups 2 pointwise", seqInput(1, 1, 1, 4), seqInput(1, 1, 2, 4), Conv2DOptions{Groups: 2}, []int{1, 1, 1, 4},
			[]float64{1*1 + 2*5, 1*2 + 2*6, 3*3 + 4*7, 3*4 + 4*8}},
		// 1×3 image of 2 channels (1,2),(3,4),(5,6); groups of one
		// channel, 2-tap all-ones kernel, 1 filter per group.
		{"groups 2 window", seqInput(1, 1, 3, 2), ones(1, 2, 1, 2), Conv2DOptions{Groups: 2}, []int{1, 1, 2, 2},
			[]float64{1 + 3, 2 + 4, 3 + 5, 4 + 6}},
	} {
		t.Run(c.name, func(t *testing.T) {
			expectValues(t, "float64", runOne(t, conv(c.o), c.x, c.k), c.shape, c.want, 1e-12)
			x32, k32 := tensor.Cast(c.x, tensor.Float32), tensor.Cast(c.k, tensor.Float32)
			expectValues(t, "float32", runOne(t, conv(c.o), x32, k32), c.shape, c.want, 1e-4)
		})
	}
}

// A hand-computed input and kernel gradient: for a 3×3 image and a 2×2
// kernel (valid, stride 1) with dy all ones, each input pixel's gradient
// is the sum of the kernel taps that read it, and each tap's gradient the
// sum of the pixels it reads.
func TestConv2DGradKnownValues(t *testing.T) {
	g := New()
	x := g.Const(seqInput(1, 3, 3, 1))
	k := g.Const(tensor.FromSlice([]float64{1, 2, 3, 4}, 2, 2, 1, 1))
	y := Conv2D(x, k, Conv2DOptions{})
	grads := Gradients(Sum(y, nil, false), x, k)
	out, err := NewSession(g).Run(nil, grads...)
	if err != nil {
		t.Fatal(err)
	}
	expectValues(t, "dx", out[0], []int{1, 3, 3, 1}, []float64{1, 3, 2, 4, 10, 6, 3, 7, 4}, 1e-12)
	expectValues(t, "dk", out[1], []int{2, 2, 1, 1}, []float64{1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9}, 1e-12)
}

// convCase is one convolution configuration of the reference and gradient
// tests.
type convCase struct {
	name   string
	x, k   []int
	o      Conv2DOptions
	simple bool // also run the gradient check
}

var convCases = []convCase{
	{"odd valid", []int{2, 5, 7, 3}, []int{3, 3, 3, 4}, Conv2DOptions{}, true},
	{"even same", []int{2, 6, 4, 2}, []int{2, 2, 2, 3}, Conv2DOptions{Padding: "same"}, true},
	{"odd same stride 2", []int{3, 7, 5, 3}, []int{3, 3, 3, 2}, Conv2DOptions{Strides: [2]int{2, 2}, Padding: "same"}, true},
	{"even valid stride 2x1", []int{1, 8, 6, 2}, []int{3, 2, 2, 3}, Conv2DOptions{Strides: [2]int{2, 1}}, true},
	{"even same stride 2", []int{2, 6, 6, 1}, []int{3, 3, 1, 2}, Conv2DOptions{Strides: [2]int{2, 2}, Padding: "same"}, false},
	{"dilation 2 same", []int{2, 7, 6, 2}, []int{3, 3, 2, 2}, Conv2DOptions{Dilation: [2]int{2, 2}, Padding: "same"}, true},
	{"dilation 2 valid", []int{1, 9, 8, 1}, []int{2, 3, 1, 2}, Conv2DOptions{Dilation: [2]int{2, 2}}, true},
	{"dilation and stride", []int{1, 9, 9, 2}, []int{3, 3, 2, 2}, Conv2DOptions{Dilation: [2]int{2, 1}, Strides: [2]int{1, 2}, Padding: "same"}, false},
	{"groups 2 same stride 2", []int{2, 6, 5, 4}, []int{3, 3, 2, 6}, Conv2DOptions{Groups: 2, Strides: [2]int{2, 2}, Padding: "same"}, true},
	{"groups 2 pointwise", []int{2, 3, 3, 4}, []int{1, 1, 2, 4}, Conv2DOptions{Groups: 2}, true},
	{"pointwise", []int{2, 3, 4, 3}, []int{1, 1, 3, 5}, Conv2DOptions{}, true},
	{"1x1 stride 2", []int{1, 5, 4, 2}, []int{1, 1, 2, 3}, Conv2DOptions{Strides: [2]int{2, 2}}, false},
	{"kernel larger than image same", []int{1, 3, 3, 2}, []int{4, 4, 2, 2}, Conv2DOptions{Padding: "same"}, true},
	{"groups 3 dilation", []int{1, 7, 7, 3}, []int{2, 2, 1, 3}, Conv2DOptions{Groups: 3, Dilation: [2]int{2, 2}}, false},
}

// refConv computes Conv2D(x, k, o) and, for an output gradient dy, the
// input and kernel gradients by direct loops over every tap, with the
// padding worked out independently of the op. A nil dy gives only y.
func refConv(x, k, dy *tensor.Tensor, o Conv2DOptions) (y, dx, dk *tensor.Tensor) {
	xs, ks := x.Shape(), k.Shape()
	st, dil, groups := o.Strides, o.Dilation, max(o.Groups, 1)
	for i := range 2 {
		st[i], dil[i] = max(st[i], 1), max(dil[i], 1)
	}
	same := strings.EqualFold(o.Padding, "same")
	outPad := func(in, k, s, d int) (int, int) {
		eff := (k-1)*d + 1
		if !same {
			return (in-eff)/s + 1, 0
		}
		out := (in + s - 1) / s
		return out, max((out-1)*s+eff-in, 0) / 2
	}
	oh, pt := outPad(xs[1], ks[0], st[0], dil[0])
	ow, pl := outPad(xs[2], ks[1], st[1], dil[1])
	y = tensor.New(tensor.Float64, xs[0], oh, ow, ks[3])
	dx, dk = tensor.New(tensor.Float64, xs...), tensor.New(tensor.Float64, ks...)
	cg, og := ks[2], ks[3]/groups
	if dy == nil {
		dy = tensor.New(tensor.Float64, y.Shape()...)
	}
	xd, kd, yd, dyd, dxd, dkd := x.Float64s(), k.Float64s(), y.Float64s(), dy.Float64s(), dx.Float64s(), dk.Float64s()
	for b := 0; b < xs[0]; b++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				for f := 0; f < ks[3]; f++ {
					yi := ((b*oh+oy)*ow+ox)*ks[3] + f
					for i := 0; i < ks[0]; i++ {
						for j := 0; j < ks[1]; j++ {
							iy, ix := oy*st[0]-pt+i*dil[0], ox*st[1]-pl+j*dil[1]
							if iy < 0 || iy >= xs[1] || ix < 0 || ix >= xs[2] {
								continue
							}
							for c := 0; c < cg; c++ {
								xi := ((b*xs[1]+iy)*xs[2]+ix)*xs[3] + f/og*cg + c
								ki := ((i*ks[1]+j)*cg+c)*ks[3] + f
								yd[yi] += xd[xi] * kd[ki]
								dxd[xi] += dyd[yi] * kd[ki]
								dkd[ki] += dyd[yi] * xd[xi]
							}
						}
					}
				}
			}
		}
	}
	return y, dx, dk
}

// Conv2D and both its gradients match the direct loops for every
// configuration, in float64 and float32, with one block and with blocks of
// a single output row, and with the batch Unknown when the graph is built.
func TestConv2DMatchesReference(t *testing.T) {
	for _, c := range convCases {
		x, k := randInput(11, -1, 1, c.x...), randInput(12, -1, 1, c.k...)
		y0, _, _ := refConv(x, k, nil, c.o)
		dy := randInput(13, -1, 1, y0.Shape()...)
		y, dx, dk := refConv(x, k, dy, c.o)
		for _, block := range []int{convBlockElems, 1} {
			for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
				t.Run(fmt.Sprintf("%s/block %d/%v", c.name, block, dt), func(t *testing.T) {
					defer func(b int) { convBlockElems = b }(convBlockElems)
					convBlockElems = block
					g := New()
					xs := append([]int{Unknown}, c.x[1:]...)
					xp := g.Placeholder("x", dt, xs...)
					kp := g.Placeholder("k", dt, c.k...)
					dyp := g.Placeholder("dy", dt, Unknown, y.Shape()[1], y.Shape()[2], y.Shape()[3])
					yn := Conv2D(xp, kp, c.o)
					grads := GradientsSeeded(yn, dyp, xp, kp)
					if err := g.Err(); err != nil {
						t.Fatal(err)
					}
					out, err := NewSession(g).Run(Feeds{xp: tensor.Cast(x, dt), kp: tensor.Cast(k, dt), dyp: tensor.Cast(dy, dt)},
						yn, grads[0], grads[1])
					if err != nil {
						t.Fatal(err)
					}
					tol := 1e-12
					if dt == tensor.Float32 {
						tol = 1e-4
					}
					expectValues(t, "y", out[0], y.Shape(), y.Float64s(), tol)
					expectValues(t, "dx", out[1], dx.Shape(), dx.Float64s(), tol)
					expectValues(t, "dk", out[2], dk.Shape(), dk.Float64s(), tol)
				})
			}
		}
	}
}

// Finite-difference checks of both gradients, with the batch Unknown, and
// of the second derivatives through the gradient ops.
func TestGradCheckConv2D(t *testing.T) {
	for i, c := range convCases {
		if !c.simple {
			continue
		}
		conv := func(xs ...*Node) *Node { return Conv2D(xs[0], xs[1], c.o) }
		x, k := randInput(uint64(100+i), -1, 1, c.x...), randInput(uint64(200+i), -1, 1, c.k...)
		t.Run(c.name, func(t *testing.T) { checkGradientsFed(t, conv, x, k) })
		t.Run(c.name+"/second order", func(t *testing.T) {
			checkGradients(t, secondOrder(func(xs ...*Node) *Node { return Square(conv(xs...)) }), x, k)
		})
		t.Run(c.name+"/second order kernel", func(t *testing.T) {
			sq := func(xs ...*Node) *Node { return Square(Conv2D(xs[1], xs[0], c.o)) }
			checkGradients(t, secondOrder(sq), k, x)
		})
	}
}

// Bad shapes and options are graph errors naming the op and the shapes.
func TestConv2DErrors(t *testing.T) {
	for _, c := range []struct {
		x, k []int
		o    Conv2DOptions
		want string
	}{
		{[]int{1, 5, 5, 3}, []int{3, 3, 2, 4}, Conv2DOptions{}, "channels"},
		{[]int{1, 5, 5, 4}, []int{3, 3, 2, 3}, Conv2DOptions{Groups: 2}, "multiple of groups"},
		{[]int{1, 2, 5, 3}, []int{3, 3, 3, 4}, Conv2DOptions{}, "larger than the input"},
		{[]int{1, 5, 5, 3}, []int{3, 3, 3, 4}, Conv2DOptions{Padding: "full"}, "padding"},
		{[]int{1, 5, 5, 3}, []int{3, 3, 3, 4}, Conv2DOptions{Strides: [2]int{-1, 1}}, "positive"},
		{[]int{5, 5, 3}, []int{3, 3, 3, 4}, Conv2DOptions{}, "rank 4"},
		{[]int{1, 5, 5, 3}, []int{3, 3, 3}, Conv2DOptions{}, "rank 4"},
	} {
		g := New()
		Conv2D(g.Placeholder("x", tensor.Float32, c.x...), g.Placeholder("k", tensor.Float32, c.k...), c.o)
		err := g.Err()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Conv2D") {
			t.Errorf("x %v, k %v, %+v: error %v, want one mentioning Conv2D and %q", c.x, c.k, c.o, err, c.want)
		}
	}
}
