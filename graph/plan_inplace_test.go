package graph

import (
	"fmt"
	"slices"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// addOneOp computes x + 1 and may write it over x (InPlacer).
type addOneOp struct{}

func (addOneOp) Type() string { return "AddOne" }

func (addOneOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return d[0], s[0].Clone(), nil
}

func (addOneOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	x, y := in[0].Float64s(), out.Float64s()
	for i := range y {
		y[i] = x[i] + 1
	}
}

func (addOneOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{dy}, nil }

func (addOneOp) InPlace() int { return 0 }

// addOneTo is addOneOp of x, then of y when given, as one op of two
// inputs that may write over the first.
type addOneTo struct{ addOneOp }

func (addOneTo) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	x, y, o := in[0].Float64s(), in[1].Float64s(), out.Float64s()
	for i := range o {
		o[i] = x[i] + y[i] + 1
	}
}

// TestPlanInPlace checks when a plan gives an InPlacer's result the
// buffer of its input: only when the input is computed, read by no later
// step, not fetched and not also another input, and the results are right
// either way.
func TestPlanInPlace(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, 3}, 3)
	cases := []struct {
		name    string
		build   func(g *Graph, p *Node) (fetches []*Node, in, out *Node)
		inPlace bool
		want    [][]float64
	}{
		{"computed input read once", func(g *Graph, p *Node) ([]*Node, *Node, *Node) {
			a := Neg(p)
			b := g.AddNode(addOneOp{}, "", a)
			return []*Node{Square(b)}, a, b
		}, true, [][]float64{{0, 1, 4}}},
		{"input read by a later step", func(g *Graph, p *Node) ([]*Node, *Node, *Node) {
			a := Neg(p)
			b := g.AddNode(addOneOp{}, "", a)
			return []*Node{Add(Square(b), a)}, a, b
		}, false, [][]float64{{-1, -1, 1}}},
		{"input fetched", func(g *Graph, p *Node) ([]*Node, *Node, *Node) {
			a := Neg(p)
			b := g.AddNode(addOneOp{}, "", a)
			return []*Node{Square(b), a}, a, b
		}, false, [][]float64{{0, 1, 4}, {-1, -2, -3}}},
		{"input fed", func(g *Graph, p *Node) ([]*Node, *Node, *Node) {
			b := g.AddNode(addOneOp{}, "", p)
			return []*Node{Square(b)}, p, b
		}, false, [][]float64{{4, 9, 16}}},
		{"input also the second operand", func(g *Graph, p *Node) ([]*Node, *Node, *Node) {
			a := Neg(p)
			b := g.AddNode(addOneTo{}, "", a, a)
			return []*Node{Square(b)}, a, b
		}, false, [][]float64{{1, 9, 25}}},
	}
	for _, c := range cases {
		g := New()
		p := g.Placeholder("x", tensor.Float64, 3)
		fetches, in, out := c.build(g, p)
		s := NewSession(g)
		got, err := s.Run(Feeds{p: x}, fetches...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for k, want := range c.want {
			if !slices.Equal(got[k].Float64s(), want) {
				t.Errorf("%s: fetch %d = %v, want %v", c.name, k, got[k].Float64s(), want)
			}
		}
		pl := lastPlan(s)
		slot := func(n *Node) int {
			for i, sl := range pl.slots {
				if sl.node == n {
					return i
				}
			}
			t.Fatalf("%s: node %v not in the plan", c.name, n)
			return -1
		}
		bin, bout := pl.slots[slot(in)].buffer, pl.slots[slot(out)].buffer
		if shared := bin >= 0 && bin == bout; shared != c.inPlace {
			t.Errorf("%s: result shares its input's buffer: %v, want %v", c.name, shared, c.inPlace)
		}
	}
}

// scaleOp multiplies its input by a constant and may write the product
// over it.
type scaleOp struct{ by float64 }

func (scaleOp) Type() string { return "Scale" }

func (scaleOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return d[0], s[0].Clone(), nil
}

// Compute reads each input value only where it writes the product, so out
// may be the input itself.
func (o scaleOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	x, y := in[0].Float64s(), out.Float64s()
	for i := range y {
		y[i] = x[i] * o.by
	}
}

func (o scaleOp) Gradient(n, dy *Node) ([]*Node, error) {
	return []*Node{graphOf(dy).AddNode(o, "", dy)}, nil
}

// InPlace lets a plan write the product over input 0.
func (scaleOp) InPlace() int { return 0 }

// An op that implements InPlacer may have its result written over its
// input when no later step needs the input: here the square's buffer
// receives the scaled values.
func ExampleInPlacer() {
	g := New()
	x := g.Placeholder("x", tensor.Float64, 3)
	y := g.AddNode(scaleOp{by: 10}, "scale", Square(x))
	out, err := NewSession(g).Run(Feeds{x: tensor.FromSlice([]float64{1, 2, 3}, 3)}, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0].Float64s())
	// Output: [10 40 90]
}
