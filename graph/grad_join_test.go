package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Slices of one node along one axis whose gradients are joined into one
// Concat: covering the whole axis, and covering part of it (padded once).
func TestJoinSliceGradsGradients(t *testing.T) {
	x := randInput(1, -1, 1, 3, 5, 2)
	for _, hi := range []int{5, 4} {
		checkGradients(t, func(xs ...*Node) *Node {
			var ys []*Node
			for k := 0; k < hi; k++ {
				s := Slice(xs[0], 1, k, k+1)
				ys = append(ys, Mul(s, s))
			}
			return AddN(ys...)
		}, x)
	}
	checkGradients(t, func(xs ...*Node) *Node { // pieces out of order, of two sizes
		a, b := Slice(xs[0], -2, 2, 5), Slice(xs[0], 1, 0, 2)
		return Add(Sum(Mul(a, a), []int{1}, false), Sum(Tanh(b), []int{1}, false))
	}, x)
}

// Products sharing their right operand's gradient, joined into one
// product of stacked rows; the row counts differ.
func TestJoinMatMulGradsGradients(t *testing.T) {
	w := randInput(2, -1, 1, 3, 4)
	a1, a2 := randInput(3, -1, 1, 2, 3), randInput(4, -1, 1, 5, 3)
	checkGradients(t, func(xs ...*Node) *Node {
		y1, y2 := MatMul(xs[1], xs[0]), MatMul(xs[2], xs[0])
		return Add(Sum(Mul(y1, y1), nil, false), Sum(Tanh(y2), nil, false))
	}, w, a1, a2)
}

// The joined gradients are the Concat and the single product, with the
// values of the sums they replace.
func TestGradJoinKnownValues(t *testing.T) {
	g := New()
	x := g.Variable("x", tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}).Reshape(2, 3))
	w := g.Variable("w", tensor.FromSlice([]float64{1, -1}).Reshape(1, 2))
	// y = Σ_k Slice(x, 1, k, k+1)·w: every column of x meets w.
	var ys []*Node
	for k := 0; k < 3; k++ {
		ys = append(ys, MatMul(Slice(x, 1, k, k+1), w))
	}
	y := Sum(Mul(AddN(ys...), g.Const(tensor.FromSlice([]float64{1, 2, 3, 4}).Reshape(2, 2))), nil, false)
	grads := Gradients(y, x, w)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if grads[0].Op().Type() != "Concat" || grads[1].Op().Type() != "MatMul" {
		t.Fatalf("gradients are %s and %s, want Concat and MatMul", grads[0].Op().Type(), grads[1].Op().Type())
	}
	out, err := NewSession(g).Run(nil, grads...)
	if err != nil {
		t.Fatal(err)
	}
	// dY = [[1 2] [3 4]]; dx[i][k] = dY[i]·wᵀ = [−1 −1 −1], [−1 −1 −1];
	// dw = Σ_k x[:,k]ᵀ·dY = [1+2+3, 4+5+6]·dY = [6·1+15·3, 6·2+15·4].
	wantX, wantW := []float64{-1, -1, -1, -1, -1, -1}, []float64{51, 72}
	for i, v := range out[0].Float64s() {
		if v != wantX[i] {
			t.Fatalf("dx = %v, want %v", out[0].Float64s(), wantX)
		}
	}
	for i, v := range out[1].Float64s() {
		if v != wantW[i] {
			t.Fatalf("dw = %v, want %v", out[1].Float64s(), wantW)
		}
	}
}

// A node read whole and through a slice: its gradients are summed by
// SliceAdd, on the first and on an inner axis.
func TestSliceAddGradients(t *testing.T) {
	x := randInput(5, -1, 1, 3, 4, 2)
	for _, axis := range []int{0, 1, -1} {
		checkGradients(t, func(xs ...*Node) *Node {
			s := Slice(xs[0], axis, 1, 2)
			return Add(Sum(Tanh(xs[0]), nil, false), Sum(Mul(s, s), nil, false))
		}, x)
	}
	checkGradients(t, secondOrder(func(xs ...*Node) *Node {
		s := Slice(xs[0], 1, 0, 3)
		return Add(Sum(Tanh(xs[0]), nil, false), Sum(Mul(s, s), nil, false))
	}), x)
}

// SliceAdd adds the slice's gradient into the range and leaves the rest.
func TestSliceAddKnownValues(t *testing.T) {
	g := New()
	x := g.Variable("x", tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}).Reshape(2, 3))
	s := Slice(x, 1, 1, 3)
	y := Add(Sum(Mul(x, g.Const(tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}).Reshape(2, 3))), nil, false),
		Sum(Mul(s, g.Const(tensor.FromSlice([]float32{10, 20, 30, 40}).Reshape(2, 2))), nil, false))
	dx := Gradients(y, x)[0]
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if dx.Op().Type() != "SliceAdd" {
		t.Fatalf("the gradient is %s, want SliceAdd", dx.Op().Type())
	}
	out, err := NewSession(g).Run(nil, dx)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, 12, 23, 4, 35, 46}
	for i, v := range out[0].Float32s() {
		if v != want[i] {
			t.Fatalf("dx = %v, want %v", out[0].Float32s(), want)
		}
	}
}
