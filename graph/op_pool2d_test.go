package graph

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Hand-computed max and average pooling, odd and even sizes, strides 1 and
// 2, both paddings.
func TestPool2DKnownValues(t *testing.T) {
	perm := tensor.FromSlice([]float64{9, 1, 2, 3, 8, 4, 5, 6, 7}, 1, 3, 3, 1)
	s2 := [2]int{2, 2}
	maxOf := func(o Pool2DOptions) func(xs ...*Node) *Node {
		return func(xs ...*Node) *Node { return MaxPool2D(xs[0], o) }
	}
	avgOf := func(o Pool2DOptions) func(xs ...*Node) *Node {
		return func(xs ...*Node) *Node { return AvgPool2D(xs[0], o) }
	}
	sums := []float64{14, 24, 30, 22, 33, 54, 63, 45, 57, 90, 99, 69, 46, 72, 78, 54}
	counts := []float64{4, 6, 6, 4, 6, 9, 9, 6, 6, 9, 9, 6, 4, 6, 6, 4}
	means := make([]float64, 16)
	for i := range means {
		means[i] = sums[i] / counts[i]
	}
	for _, c := range []struct {
		name  string
		f     func(xs ...*Node) *Node
		x     *tensor.Tensor
		shape []int
		want  []float64
	}{
		{"max odd valid stride 1", maxOf(Pool2DOptions{Strides: [2]int{1, 1}}), perm, []int{1, 2, 2, 1}, []float64{9, 8, 8, 8}},
		// Windows rows {0,1}, {2} and columns likewise.
		{"max odd same stride 2", maxOf(Pool2DOptions{Padding: "same"}), perm, []int{1, 2, 2, 1}, []float64{9, 4, 6, 7}},
		{"max odd valid stride 2", maxOf(Pool2DOptions{}), perm, []int{1, 1, 1, 1}, []float64{9}},
		// Windows rows {0,1,2}, {2,3}.
		{"max even same stride 2", maxOf(Pool2DOptions{Size: [2]int{3, 3}, Strides: s2, Padding: "same"}), seqInput(1, 4, 4, 1),
			[]int{1, 2, 2, 1}, []float64{11, 12, 15, 16}},
		{"max even same stride 1", maxOf(Pool2DOptions{Size: [2]int{3, 3}, Strides: [2]int{1, 1}, Padding: "same"}), seqInput(1, 4, 4, 1),
			[]int{1, 4, 4, 1}, []float64{6, 7, 8, 8, 10, 11, 12, 12, 14, 15, 16, 16, 14, 15, 16, 16}},
		{"max channels", maxOf(Pool2DOptions{}), tensor.FromSlice([]float64{1, -1, 4, -4, 3, -3, 2, -2}, 1, 2, 2, 2),
			[]int{1, 1, 1, 2}, []float64{4, -1}},
		{"max 3x1", maxOf(Pool2DOptions{Size: [2]int{3, 1}}), perm, []int{1, 1, 3, 1}, []float64{9, 8, 7}},
		{"avg odd same stride 2", avgOf(Pool2DOptions{Padding: "same"}), seqInput(1, 3, 3, 1), []int{1, 2, 2, 1},
			[]float64{3, 4.5, 7.5, 9}},
		{"avg odd valid stride 1", avgOf(Pool2DOptions{Strides: [2]int{1, 1}}), seqInput(1, 3, 3, 1), []int{1, 2, 2, 1},
			[]float64{3, 4, 6, 7}},
		{"avg even same stride 1", avgOf(Pool2DOptions{Size: [2]int{3, 3}, Strides: [2]int{1, 1}, Padding: "same"}), seqInput(1, 4, 4, 1),
			[]int{1, 4, 4, 1}, means},
		{"avg even valid stride 2", avgOf(Pool2DOptions{}), seqInput(1, 4, 4, 1), []int{1, 2, 2, 1}, []float64{3.5, 5.5, 11.5, 13.5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			expectValues(t, "float64", runOne(t, c.f, c.x), c.shape, c.want, 1e-12)
			expectValues(t, "float32", runOne(t, c.f, tensor.Cast(c.x, tensor.Float32)), c.shape, c.want, 1e-5)
		})
	}
}

// Hand-computed pooling gradients: max pooling sends each window's dy to
// its arg-max (the first on ties); average pooling spreads dy over the
// window's real elements.
func TestPool2DGradKnownValues(t *testing.T) {
	for _, c := range []struct {
		name string
		x    *tensor.Tensor
		f    func(x *Node) *Node
		want []float64
	}{
		{"max ties go to the first", tensor.Full(1.0, 1, 3, 3, 1),
			func(x *Node) *Node { return MaxPool2D(x, Pool2DOptions{Strides: [2]int{1, 1}}) }, []float64{1, 2, 0, 3, 4, 0, 0, 0, 0}},
		{"max overlapping windows add", tensor.FromSlice([]float64{9, 1, 2, 3, 8, 4, 5, 6, 7}, 1, 3, 3, 1),
			func(x *Node) *Node { return MaxPool2D(x, Pool2DOptions{Strides: [2]int{1, 1}}) }, []float64{1, 0, 0, 0, 9, 0, 0, 0, 0}},
		{"max same stride 2", tensor.FromSlice([]float64{9, 1, 2, 3, 8, 4, 5, 6, 7}, 1, 3, 3, 1),
			func(x *Node) *Node { return MaxPool2D(x, Pool2DOptions{Padding: "same"}) }, []float64{1, 0, 0, 0, 0, 2, 0, 3, 4}},
		{"avg same stride 2", seqInput(1, 3, 3, 1),
			func(x *Node) *Node { return AvgPool2D(x, Pool2DOptions{Padding: "same"}) },
			[]float64{0.25, 0.25, 1, 0.25, 0.25, 1, 1.5, 1.5, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := New()
			x := g.Const(c.x)
			y := c.f(x)
			dy := g.Const(tensor.FromSlice([]float64{1, 2, 3, 4}[:y.Shape().Size()], y.Shape()...))
			out, err := NewSession(g).Run(nil, GradientsSeeded(y, dy, x)[0])
			if err != nil {
				t.Fatal(err)
			}
			expectValues(t, "dx", out[0], c.x.Shape(), c.want, 1e-12)
		})
	}
}

// poolCase is one pooling configuration of the reference and gradient
// tests.
type poolCase struct {
	name string
	x    []int
	o    Pool2DOptions
}

var poolCases = []poolCase{
	{"odd valid default", []int{2, 7, 5, 3}, Pool2DOptions{}},
	{"odd same default", []int{2, 7, 5, 3}, Pool2DOptions{Padding: "same"}},
	{"even valid 3x3 stride 1", []int{1, 6, 8, 2}, Pool2DOptions{Size: [2]int{3, 3}, Strides: [2]int{1, 1}}},
	{"even same 3x3 stride 2", []int{3, 6, 4, 2}, Pool2DOptions{Size: [2]int{3, 3}, Strides: [2]int{2, 2}, Padding: "same"}},
	{"odd same 3x2 stride 1x2", []int{1, 5, 7, 3}, Pool2DOptions{Size: [2]int{3, 2}, Strides: [2]int{1, 2}, Padding: "same"}},
	{"many channels", []int{1, 3, 3, 70}, Pool2DOptions{Size: [2]int{2, 2}, Strides: [2]int{1, 1}, Padding: "same"}},
}

// refPool computes max (isMax) or average pooling of x and its gradient
// for dy (nil: only the pooling) by direct loops.
func refPool(x, dy *tensor.Tensor, o Pool2DOptions, isMax bool) (y, dx *tensor.Tensor) {
	xs := x.Shape()
	size, st := o.Size, o.Strides
	for i := range 2 {
		if size[i] == 0 {
			size[i] = 2
		}
		if st[i] == 0 {
			st[i] = size[i]
		}
	}
	same := strings.EqualFold(o.Padding, "same")
	outPad := func(in, k, s int) (int, int) {
		if !same {
			return (in-k)/s + 1, 0
		}
		out := (in + s - 1) / s
		return out, max((out-1)*s+k-in, 0) / 2
	}
	oh, pt := outPad(xs[1], size[0], st[0])
	ow, pl := outPad(xs[2], size[1], st[1])
	y = tensor.New(tensor.Float64, xs[0], oh, ow, xs[3])
	dx = tensor.New(tensor.Float64, xs...)
	if dy == nil {
		dy = tensor.New(tensor.Float64, y.Shape()...)
	}
	xd, yd, dyd, dxd := x.Float64s(), y.Float64s(), dy.Float64s(), dx.Float64s()
	for b := 0; b < xs[0]; b++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				for c := 0; c < xs[3]; c++ {
					yi := ((b*oh+oy)*ow+ox)*xs[3] + c
					best, arg, sum, cnt := math.Inf(-1), -1, 0.0, 0
					var taps []int
					for i := 0; i < size[0]; i++ {
						for j := 0; j < size[1]; j++ {
							iy, ix := oy*st[0]-pt+i, ox*st[1]-pl+j
							if iy < 0 || iy >= xs[1] || ix < 0 || ix >= xs[2] {
								continue
							}
							xi := ((b*xs[1]+iy)*xs[2]+ix)*xs[3] + c
							taps = append(taps, xi)
							sum += xd[xi]
							cnt++
							if xd[xi] > best {
								best, arg = xd[xi], xi
							}
						}
					}
					if isMax {
						yd[yi] = best
						dxd[arg] += dyd[yi]
						continue
					}
					yd[yi] = sum / float64(cnt)
					for _, xi := range taps {
						dxd[xi] += dyd[yi] / float64(cnt)
					}
				}
			}
		}
	}
	return y, dx
}

// Both poolings and their gradients match the direct loops, in float64
// and float32, with the batch Unknown when the graph is built.
func TestPool2DMatchesReference(t *testing.T) {
	for _, c := range poolCases {
		for _, isMax := range []bool{true, false} {
			x := randInput(21, -1, 1, c.x...)
			y0, _ := refPool(x, nil, c.o, isMax)
			dy := randInput(22, -1, 1, y0.Shape()...)
			y, dx := refPool(x, dy, c.o, isMax)
			for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
				t.Run(fmt.Sprintf("%s/max %v/%v", c.name, isMax, dt), func(t *testing.T) {
					g := New()
					xp := g.Placeholder("x", dt, append([]int{Unknown}, c.x[1:]...)...)
					yn := AvgPool2D(xp, c.o)
					if isMax {
						yn = MaxPool2D(xp, c.o)
					}
					dyp := g.Placeholder("dy", dt, yn.Shape()...)
					dxn := GradientsSeeded(yn, dyp, xp)[0]
					if err := g.Err(); err != nil {
						t.Fatal(err)
					}
					out, err := NewSession(g).Run(Feeds{xp: tensor.Cast(x, dt), dyp: tensor.Cast(dy, dt)}, yn, dxn)
					if err != nil {
						t.Fatal(err)
					}
					tol := 1e-12
					if dt == tensor.Float32 {
						tol = 1e-5
					}
					expectValues(t, "y", out[0], y.Shape(), y.Float64s(), tol)
					expectValues(t, "dx", out[1], dx.Shape(), dx.Float64s(), tol)
				})
			}
		}
	}
}

// Finite-difference checks of the pooling gradients (random inputs have
// no ties), with the batch Unknown, and of their second derivatives.
func TestGradCheckPool2D(t *testing.T) {
	for i, c := range poolCases {
		x := randInput(uint64(300+i), -1, 1, c.x...)
		maxp := func(xs ...*Node) *Node { return MaxPool2D(xs[0], c.o) }
		avgp := func(xs ...*Node) *Node { return AvgPool2D(xs[0], c.o) }
		t.Run(c.name+"/max", func(t *testing.T) { checkGradientsFed(t, maxp, x) })
		t.Run(c.name+"/avg", func(t *testing.T) { checkGradientsFed(t, avgp, x) })
		// x·pool(x²)-style products make the second derivatives nonzero.
		t.Run(c.name+"/max second order", func(t *testing.T) {
			checkGradients(t, secondOrder(func(xs ...*Node) *Node { return Square(MaxPool2D(Mul(xs[0], xs[1]), c.o)) }),
				x, randInput(uint64(400+i), 0.5, 1.5, c.x...))
		})
		t.Run(c.name+"/avg second order", func(t *testing.T) {
			checkGradients(t, secondOrder(func(xs ...*Node) *Node { return Square(AvgPool2D(Mul(xs[0], xs[1]), c.o)) }),
				x, randInput(uint64(500+i), 0.5, 1.5, c.x...))
		})
	}
}

// Bad shapes and options are graph errors naming the op.
func TestPool2DErrors(t *testing.T) {
	for _, c := range []struct {
		x    []int
		o    Pool2DOptions
		want string
	}{
		{[]int{1, 1, 5, 3}, Pool2DOptions{}, "larger than the input"},
		{[]int{1, 5, 5, 3}, Pool2DOptions{Padding: "causal"}, "padding"},
		{[]int{1, 5, 5, 3}, Pool2DOptions{Size: [2]int{-2, 2}}, "positive"},
		{[]int{5, 5, 3}, Pool2DOptions{}, "rank 4"},
	} {
		for _, f := range []func(*Node, Pool2DOptions) *Node{MaxPool2D, AvgPool2D} {
			g := New()
			f(g.Placeholder("x", tensor.Float32, c.x...), c.o)
			err := g.Err()
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Pool2D") {
				t.Errorf("x %v, %+v: error %v, want one mentioning Pool2D and %q", c.x, c.o, err, c.want)
			}
		}
	}
}
