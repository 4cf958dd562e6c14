package graph

import (
	"fmt"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Hand-computed transposed convolutions: each input pixel spreads its
// value, times the kernel, over the output window it maps to.
func TestConv2DTransposeKnownValues(t *testing.T) {
	ones := func(shape ...int) *tensor.Tensor { return tensor.Full(1.0, shape...) }
	tconv := func(o Conv2DTransposeOptions) func(xs ...*Node) *Node {
		return func(xs ...*Node) *Node { return Conv2DTranspose(xs[0], xs[1], o) }
	}
	s2 := [2]int{2, 2}
	for _, c := range []struct {
		name  string
		x, k  *tensor.Tensor
		o     Conv2DTransposeOptions
		shape []int
		want  []float64
	}{
		// 2×2 image 1..4, 2×2 ones: the full correlation, 3×3.
		{"even valid", seqInput(1, 2, 2, 1), ones(2, 2, 1, 1), Conv2DTransposeOptions{}, []int{1, 3, 3, 1},
			[]float64{1, 3, 2, 4, 10, 6, 3, 7, 4}},
		// Stride 2, 2×2 ones: each pixel becomes a 2×2 block.
		{"even valid stride 2", seqInput(1, 2, 2, 1), ones(2, 2, 1, 1), Conv2DTransposeOptions{Strides: s2}, []int{1, 4, 4, 1},
			[]float64{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}},
		// Output 2·2 = 4; the convolution on 4 pads 1 after: pixel 0
		// covers rows {0,1,2}, pixel 1 rows {2,3}.
		{"even same stride 2", seqInput(1, 2, 2, 1), ones(3, 3, 1, 1), Conv2DTransposeOptions{Strides: s2, Padding: "same"}, []int{1, 4, 4, 1},
			[]float64{1, 1, 3, 2, 1, 1, 3, 2, 4, 4, 10, 6, 3, 3, 7, 4}},
		// Output padding 0: (2−1)·2 + 3 − 2 = 3; the convolution on 3
		// pads 1 before: pixel 0 covers {0,1}, pixel 1 {1,2}.
		{"output padding 0", seqInput(1, 2, 2, 1), ones(3, 3, 1, 1),
			Conv2DTransposeOptions{Strides: s2, Padding: "same", UseOutputPadding: true}, []int{1, 3, 3, 1},
			[]float64{1, 3, 2, 4, 10, 6, 3, 7, 4}},
		// Output padding 1 gives 4, as without output padding.
		{"output padding 1", seqInput(1, 2, 2, 1), ones(3, 3, 1, 1),
			Conv2DTransposeOptions{Strides: s2, Padding: "same", UseOutputPadding: true, OutputPadding: [2]int{1, 1}}, []int{1, 4, 4, 1},
			[]float64{1, 1, 3, 2, 1, 1, 3, 2, 4, 4, 10, 6, 3, 3, 7, 4}},
		// 3×3 image 1..9, 3×3 ones, "same" stride 1: window sums.
		{"odd same", seqInput(1, 3, 3, 1), ones(3, 3, 1, 1), Conv2DTransposeOptions{Padding: "same"}, []int{1, 3, 3, 1},
			[]float64{12, 21, 16, 27, 45, 33, 24, 39, 28}},
		// A 1×2 image, 1×3 ones, stride 2 "valid": height 1·2 + max(1−2,
		// 0) = 2 (the second row reached by no tap), width 2·2 + 1 = 5.
		{"odd valid stride 2", seqInput(1, 1, 2, 1), ones(1, 3, 1, 1), Conv2DTransposeOptions{Strides: s2}, []int{1, 2, 5, 1},
			[]float64{1, 1, 3, 2, 2, 0, 0, 0, 0, 0}},
		// 2 channels (1, 2) to 3 filters through kernel[0,0,f,c] = 1+2f+c.
		{"channels", seqInput(1, 1, 1, 2), seqInput(1, 1, 3, 2), Conv2DTransposeOptions{}, []int{1, 1, 1, 3},
			[]float64{1*1 + 2*2, 1*3 + 2*4, 1*5 + 2*6}},
		// Dilation 2: 2 taps 2 apart, 2×… image 1, 2 in a row: pixel 0 at
		// columns 0, 2; pixel 1 at 1, 3.
		{"dilation 2", seqInput(1, 1, 2, 1), ones(1, 2, 1, 1), Conv2DTransposeOptions{Dilation: [2]int{1, 2}}, []int{1, 1, 4, 1},
			[]float64{1, 2, 1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			expectValues(t, "float64", runOne(t, tconv(c.o), c.x, c.k), c.shape, c.want, 1e-12)
			x32, k32 := tensor.Cast(c.x, tensor.Float32), tensor.Cast(c.k, tensor.Float32)
			expectValues(t, "float32", runOne(t, tconv(c.o), x32, k32), c.shape, c.want, 1e-4)
		})
	}
}

// tconvCase is one configuration of the reference and gradient tests of
// Conv2DTranspose.
type tconvCase struct {
	name string
	x, k []int
	o    Conv2DTransposeOptions
}

var tconvCases = []tconvCase{
	{"odd valid", []int{2, 3, 5, 2}, []int{3, 3, 3, 2}, Conv2DTransposeOptions{}},
	{"even same", []int{2, 4, 2, 3}, []int{2, 2, 2, 3}, Conv2DTransposeOptions{Padding: "same"}},
	{"odd same stride 2", []int{1, 3, 3, 2}, []int{3, 3, 2, 2}, Conv2DTransposeOptions{Strides: [2]int{2, 2}, Padding: "same"}},
	{"even valid stride 2x1", []int{2, 4, 3, 1}, []int{2, 3, 2, 1}, Conv2DTransposeOptions{Strides: [2]int{2, 1}}},
	{"even same stride 2", []int{1, 2, 4, 2}, []int{4, 2, 3, 2}, Conv2DTransposeOptions{Strides: [2]int{2, 2}, Padding: "same"}},
	{"small kernel stride 3", []int{1, 3, 2, 2}, []int{2, 1, 2, 2}, Conv2DTransposeOptions{Strides: [2]int{3, 3}}},
	{"output padding same", []int{2, 3, 2, 2}, []int{3, 3, 2, 2},
		Conv2DTransposeOptions{Strides: [2]int{2, 3}, Padding: "same", UseOutputPadding: true, OutputPadding: [2]int{1, 2}}},
	{"output padding valid", []int{1, 2, 3, 1}, []int{2, 3, 2, 1},
		Conv2DTransposeOptions{Strides: [2]int{2, 2}, UseOutputPadding: true, OutputPadding: [2]int{1, 0}}},
	{"dilation 2 same", []int{1, 4, 3, 2}, []int{3, 2, 2, 2}, Conv2DTransposeOptions{Dilation: [2]int{2, 2}, Padding: "same"}},
	{"pointwise", []int{2, 3, 2, 3}, []int{1, 1, 4, 3}, Conv2DTransposeOptions{}},
}

// refConvTranspose computes Conv2DTranspose(x, k, o) by scattering each
// input pixel through every tap, with the output size and padding worked
// out from Keras's and TensorFlow's formulas independently of the op.
func refConvTranspose(x, k *tensor.Tensor, o Conv2DTransposeOptions) *tensor.Tensor {
	xs, ks := x.Shape(), k.Shape()
	same := strings.EqualFold(o.Padding, "same")
	var size, pad [2]int
	st, dil := o.Strides, o.Dilation
	for i := range 2 {
		st[i], dil[i] = max(st[i], 1), max(dil[i], 1)
		eff, n := (ks[i]-1)*dil[i]+1, xs[i+1]
		switch {
		case o.UseOutputPadding && same:
			size[i] = (n-1)*st[i] + eff - eff/2*2 + o.OutputPadding[i]
		case o.UseOutputPadding:
			size[i] = (n-1)*st[i] + eff + o.OutputPadding[i]
		case same:
			size[i] = n * st[i]
		default:
			size[i] = n*st[i] + max(eff-st[i], 0)
		}
		if same {
			pad[i] = max((n-1)*st[i]+eff-size[i], 0) / 2
		}
	}
	y := tensor.New(tensor.Float64, xs[0], size[0], size[1], ks[2])
	xd, kd, yd := x.Float64s(), k.Float64s(), y.Float64s()
	for b := range xs[0] {
		for iy := range xs[1] {
			for ix := range xs[2] {
				for i := range ks[0] {
					for j := range ks[1] {
						oy, ox := iy*st[0]-pad[0]+i*dil[0], ix*st[1]-pad[1]+j*dil[1]
						if oy < 0 || oy >= size[0] || ox < 0 || ox >= size[1] {
							continue
						}
						for f := range ks[2] {
							for c := range ks[3] {
								yd[((b*size[0]+oy)*size[1]+ox)*ks[2]+f] += xd[((b*xs[1]+iy)*xs[2]+ix)*xs[3]+c] * kd[((i*ks[1]+j)*ks[2]+f)*ks[3]+c]
							}
						}
					}
				}
			}
		}
	}
	return y
}

// Conv2DTranspose matches the scatter loops in float64 and float32, with
// one block and with blocks of one row, the batch Unknown when built.
func TestConv2DTransposeMatchesReference(t *testing.T) {
	for _, c := range tconvCases {
		x, k := randInput(21, -1, 1, c.x...), randInput(22, -1, 1, c.k...)
		want := refConvTranspose(x, k, c.o)
		for _, block := range []int{convBlockElems, 1} {
			for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
				t.Run(fmt.Sprintf("%s/block %d/%v", c.name, block, dt), func(t *testing.T) {
					defer func(b int) { convBlockElems = b }(convBlockElems)
					convBlockElems = block
					g := New()
					xp := g.Placeholder("x", dt, append([]int{Unknown}, c.x[1:]...)...)
					kp := g.Placeholder("k", dt, c.k...)
					y := Conv2DTranspose(xp, kp, c.o)
					if err := g.Err(); err != nil {
						t.Fatal(err)
					}
					if ws := want.Shape(); y.Shape()[0] != Unknown || !sameStatic(y.Shape(), ws) {
						t.Fatalf("static shape %v, want %v with the batch Unknown", y.Shape(), ws)
					}
					out, err := NewSession(g).Run(Feeds{xp: tensor.Cast(x, dt), kp: tensor.Cast(k, dt)}, y)
					if err != nil {
						t.Fatal(err)
					}
					tol := 1e-12
					if dt == tensor.Float32 {
						tol = 1e-4
					}
					expectValues(t, "y", out[0], want.Shape(), want.Float64s(), tol)
				})
			}
		}
	}
}

// Finite-difference checks of both gradients (the batch Unknown) and of
// the second derivatives through the gradient ops.
func TestGradCheckConv2DTranspose(t *testing.T) {
	for i, c := range tconvCases {
		tconv := func(xs ...*Node) *Node { return Conv2DTranspose(xs[0], xs[1], c.o) }
		x, k := randInput(uint64(300+i), -1, 1, c.x...), randInput(uint64(400+i), -1, 1, c.k...)
		t.Run(c.name, func(t *testing.T) { checkGradientsFed(t, tconv, x, k) })
		t.Run(c.name+"/second order", func(t *testing.T) {
			checkGradients(t, secondOrder(func(xs ...*Node) *Node { return Square(tconv(xs...)) }), x, k)
		})
		t.Run(c.name+"/second order kernel", func(t *testing.T) {
			sq := func(xs ...*Node) *Node { return Square(Conv2DTranspose(xs[1], xs[0], c.o)) }
			checkGradients(t, secondOrder(sq), k, x)
		})
	}
}

// Conv2DTranspose is the input gradient of Conv2D: for the same kernel,
// <Conv2D(a, k), b> = <a, Conv2DTranspose(b, k)>.
func TestConv2DTransposeIsAdjointOfConv2D(t *testing.T) {
	o := Conv2DTransposeOptions{Strides: [2]int{2, 2}, Padding: "same"}
	b, k := randInput(31, -1, 1, 2, 3, 4, 3), randInput(32, -1, 1, 3, 3, 2, 3)
	a := randInput(33, -1, 1, 2, 6, 8, 2)
	g := New()
	an, bn, kn := g.Const(a), g.Const(b), g.Const(k)
	lhs := Sum(Mul(Conv2D(an, kn, Conv2DOptions{Strides: o.Strides, Padding: o.Padding}), bn), nil, false)
	rhs := Sum(Mul(an, Conv2DTranspose(bn, kn, o)), nil, false)
	out, err := NewSession(g).Run(nil, lhs, rhs)
	if err != nil {
		t.Fatal(err)
	}
	if l, r := out[0].Float64s()[0], out[1].Float64s()[0]; l-r > 1e-12 || r-l > 1e-12 {
		t.Fatalf("<conv(a), b> = %g, <a, conv_transpose(b)> = %g", l, r)
	}
}

// Bad shapes and options are graph errors naming the op and the problem.
func TestConv2DTransposeErrors(t *testing.T) {
	s2 := [2]int{2, 2}
	for _, c := range []struct {
		x, k []int
		o    Conv2DTransposeOptions
		want string
	}{
		{[]int{1, 3, 3, 2}, []int{3, 3, 4, 3}, Conv2DTransposeOptions{}, "channels"},
		{[]int{1, 3, 3, 2}, []int{2, 2, 1, 2}, Conv2DTransposeOptions{Strides: s2, Padding: "same", UseOutputPadding: true}, "convolve back"},
		{[]int{1, 3, 3, 2}, []int{3, 3, 1, 2}, Conv2DTransposeOptions{Strides: s2, UseOutputPadding: true, OutputPadding: s2}, "smaller than the strides"},
		{[]int{1, 3, 3, 2}, []int{3, 3, 1, 2}, Conv2DTransposeOptions{Padding: "full"}, "padding"},
		{[]int{1, 3, 3, 2}, []int{3, 3, 1, 2}, Conv2DTransposeOptions{Strides: [2]int{-1, 1}}, "positive"},
		{[]int{3, 3, 2}, []int{3, 3, 1, 2}, Conv2DTransposeOptions{}, "rank 4"},
		{[]int{1, 3, 3, 2}, []int{3, 1, 2}, Conv2DTransposeOptions{}, "rank 4"},
	} {
		g := New()
		Conv2DTranspose(g.Placeholder("x", tensor.Float32, c.x...), g.Placeholder("k", tensor.Float32, c.k...), c.o)
		err := g.Err()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Conv2DTranspose") {
			t.Errorf("x %v, k %v, %+v: error %v, want one mentioning Conv2DTranspose and %q", c.x, c.k, c.o, err, c.want)
		}
	}
}
