package graph

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestGradCheckShapeOps(t *testing.T) {
	one := func(f func(x *Node) *Node) func(x ...*Node) *Node {
		return func(x ...*Node) *Node { return f(x[0]) }
	}
	for _, c := range []struct {
		name  string
		build func(x ...*Node) *Node
		in    []*tensor.Tensor
	}{
		{"Reshape", one(func(x *Node) *Node { return Reshape(x, 5, -1) }), []*tensor.Tensor{randInput(51, -1, 1, 2, 3, 5)}},
		{"Reshape flat", one(func(x *Node) *Node { return Reshape(x, -1) }), []*tensor.Tensor{randInput(52, -1, 1, 3, 5)}},
		{"Transpose perm", one(func(x *Node) *Node { return Transpose(x, 2, 0, 1) }), []*tensor.Tensor{randInput(53, -1, 1, 2, 3, 5)}},
		{"Transpose negative perm", one(func(x *Node) *Node { return Transpose(x, -2, -1, 0) }), []*tensor.Tensor{randInput(54, -1, 1, 2, 3, 5)}},
		{"Transpose reverse", one(func(x *Node) *Node { return Transpose(x) }), []*tensor.Tensor{randInput(55, -1, 1, 2, 3, 5)}},
		{"BroadcastTo", one(func(x *Node) *Node { return BroadcastTo(x, 2, 3, 5) }), []*tensor.Tensor{randInput(56, -1, 1, 3, 1)}},
		{"ExpandDims", one(func(x *Node) *Node { return ExpandDims(x, 1) }), []*tensor.Tensor{randInput(57, -1, 1, 3, 5)}},
		{"ExpandDims -1", one(func(x *Node) *Node { return ExpandDims(x, -1) }), []*tensor.Tensor{randInput(58, -1, 1, 3, 5)}},
		{"Squeeze", one(func(x *Node) *Node { return Squeeze(x, -2) }), []*tensor.Tensor{randInput(59, -1, 1, 3, 1, 5)}},
		{"Squeeze all", one(func(x *Node) *Node { return Squeeze(x) }), []*tensor.Tensor{randInput(60, -1, 1, 1, 3, 1)}},
		{"Concat", func(x ...*Node) *Node { return Concat(1, x...) },
			[]*tensor.Tensor{randInput(61, -1, 1, 2, 3, 5), randInput(62, -1, 1, 2, 1, 5), randInput(63, -1, 1, 2, 4, 5)}},
		{"Concat -1", func(x ...*Node) *Node { return Concat(-1, x[0], x[1], x[0]) },
			[]*tensor.Tensor{randInput(64, -1, 1, 3, 5), randInput(65, -1, 1, 3, 2)}},
		{"Slice", one(func(x *Node) *Node { return Slice(x, 1, 1, 4) }), []*tensor.Tensor{randInput(66, -1, 1, 2, 5, 3)}},
		{"Slice negative", one(func(x *Node) *Node { return Slice(x, -1, -3, -1) }), []*tensor.Tensor{randInput(67, -1, 1, 3, 5)}},
		{"Gather axis 0", one(func(x *Node) *Node {
			return Gather(x, x.Graph().Const(tensor.FromSlice([]int64{2, 0, 2, 4}, 2, 2)), 0)
		}), []*tensor.Tensor{randInput(68, -1, 1, 5, 3)}},
		{"Gather axis 1", one(func(x *Node) *Node {
			return Gather(x, x.Graph().Const(tensor.FromSlice([]int64{1, 1, 0})), 1)
		}), []*tensor.Tensor{randInput(69, -1, 1, 2, 3, 5)}},
		{"Gather axis -1 scalar index", one(func(x *Node) *Node {
			return Gather(x, x.Graph().Const(tensor.Scalar[int64](3)), -1)
		}), []*tensor.Tensor{randInput(70, -1, 1, 3, 5)}},
		{"second order Reshape", secondOrder(func(x ...*Node) *Node { return Square(Reshape(Mul(x[0], x[0]), 5, 3)) }),
			[]*tensor.Tensor{randInput(71, -1, 1, 3, 5)}},
		{"second order Transpose", secondOrder(func(x ...*Node) *Node { return Mul(Transpose(Square(x[0]), 1, 0, 2), x[1]) }),
			[]*tensor.Tensor{randInput(72, -1, 1, 2, 3, 5), randInput(73, -1, 1, 3, 2, 5)}},
		{"second order Concat", secondOrder(func(x ...*Node) *Node { return Square(Concat(0, Mul(x[0], x[1]), x[1])) }),
			[]*tensor.Tensor{randInput(74, -1, 1, 3, 5), randInput(75, -1, 1, 3, 5)}},
		{"second order Gather", secondOrder(func(x ...*Node) *Node {
			return Square(Gather(Mul(x[0], x[1]), x[0].Graph().Const(tensor.FromSlice([]int64{1, 0, 1})), 0))
		}), []*tensor.Tensor{randInput(76, -1, 1, 3, 5), randInput(77, -1, 1, 3, 5)}},
		{"second order Slice", secondOrder(func(x ...*Node) *Node { return Square(Slice(Mul(x[0], x[0]), 1, 1, 3)) }),
			[]*tensor.Tensor{randInput(78, -1, 1, 3, 5)}},
		{"second order Squeeze ExpandDims", secondOrder(func(x ...*Node) *Node {
			return Square(ExpandDims(Squeeze(Mul(x[0], x[0])), 0))
		}), []*tensor.Tensor{randInput(79, -1, 1, 3, 1)}},
		{"second order BroadcastTo", secondOrder(func(x ...*Node) *Node { return Square(BroadcastTo(x[0], 2, 3, 5)) }),
			[]*tensor.Tensor{randInput(80, -1, 1, 3, 1)}},
	} {
		t.Run(c.name, func(t *testing.T) { checkGradients(t, c.build, c.in...) })
	}
}

func TestGradCheckShapeOpsUnknownBatch(t *testing.T) {
	idx := func(x *Node, v ...int64) *Node { return x.Graph().Const(tensor.FromSlice(v)) }
	for _, batch := range []int{2, 4} {
		for _, c := range []struct {
			name  string
			build func(x ...*Node) *Node
			n     int
		}{
			{"Reshape", func(x ...*Node) *Node { return Reshape(x[0], -1, 2) }, 1},
			{"Transpose", func(x ...*Node) *Node { return Transpose(x[0]) }, 1},
			{"ExpandDims", func(x ...*Node) *Node { return ExpandDims(x[0], 1) }, 1},
			{"Squeeze", func(x ...*Node) *Node { return Squeeze(Reshape(x[0], -1, 1, 6)) }, 1},
			{"Concat batch axis", func(x ...*Node) *Node { return Concat(0, x[0], x[1], x[0]) }, 2},
			{"Concat feature axis", func(x ...*Node) *Node { return Concat(2, x[0], x[1]) }, 2},
			{"Slice batch axis", func(x ...*Node) *Node { return Slice(x[0], 0, -2, 0-1) }, 1},
			{"Slice open end", func(x ...*Node) *Node { return Slice(x[0], 0, 1, -1) }, 1},
			{"Gather batch axis", func(x ...*Node) *Node { return Gather(x[0], idx(x[0], 1, 0, 1), 0) }, 1},
			{"Gather inner axis", func(x ...*Node) *Node { return Gather(x[0], idx(x[0], 2, 2), 1) }, 1},
			{"second order Concat batch axis", secondOrder(func(x ...*Node) *Node {
				return Square(Concat(0, Mul(x[0], x[1]), x[1]))
			}), 2},
			{"second order Reshape", secondOrder(func(x ...*Node) *Node { return Square(Reshape(Mul(x[0], x[0]), -1)) }), 1},
			{"second order Slice", secondOrder(func(x ...*Node) *Node { return Square(Slice(Mul(x[0], x[0]), 0, 0, 2)) }), 1},
		} {
			t.Run(c.name, func(t *testing.T) {
				in := []*tensor.Tensor{randInput(90, -1, 1, batch, 3, 2), randInput(91, -1, 1, batch, 3, 2)}
				shapeCheckGradientsFed(t, c.build, in[:c.n]...)
			})
		}
	}
}

func TestShapeOpValues(t *testing.T) {
	g := New()
	x := g.Const(tensor.FromSlice([]float32{0, 1, 2, 3, 4, 5}, 2, 3))
	for _, c := range []struct {
		n     *Node
		shape tensor.Shape
		vals  []float64
	}{
		{Reshape(x, 3, -1), tensor.Shape{3, 2}, []float64{0, 1, 2, 3, 4, 5}},
		{Transpose(x), tensor.Shape{3, 2}, []float64{0, 3, 1, 4, 2, 5}},
		{BroadcastTo(Slice(x, 0, 1, 2), 2, 2, 3), tensor.Shape{2, 2, 3}, []float64{3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5}},
		{ExpandDims(x, 0), tensor.Shape{1, 2, 3}, []float64{0, 1, 2, 3, 4, 5}},
		{Squeeze(Slice(x, 1, -1, 3)), tensor.Shape{2}, []float64{2, 5}},
		{Concat(1, x, Slice(x, 1, 0, 1)), tensor.Shape{2, 4}, []float64{0, 1, 2, 0, 3, 4, 5, 3}},
		{Concat(0, x, x), tensor.Shape{4, 3}, []float64{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}},
		{Slice(x, -1, 1, 3), tensor.Shape{2, 2}, []float64{1, 2, 4, 5}},
		{Gather(x, g.Const(tensor.FromSlice([]int64{2, 0, 2, 1}, 2, 2)), 1), tensor.Shape{2, 2, 2}, []float64{2, 0, 2, 1, 5, 3, 5, 4}},
		{OneHot(g.Const(tensor.FromSlice([]int64{2, 0, 1})), 3, tensor.Float32), tensor.Shape{3, 3}, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0}},
	} {
		out, err := NewSession(g).Run(nil, c.n)
		if err != nil {
			t.Fatalf("%s: %v", c.n.Type(), err)
		}
		if !c.n.Shape().Equal(c.shape) || !out[0].Shape().Equal(c.shape) {
			t.Errorf("%s: shape %v (static %v), want %v", c.n.Type(), out[0].Shape(), c.n.Shape(), c.shape)
			continue
		}
		for k, v := range out[0].Values() {
			if v != c.vals[k] {
				t.Errorf("%s: got %v, want %v", c.n.Type(), out[0].Values(), c.vals)
				break
			}
		}
	}
}

func TestShapeOpsStaticShapesWithUnknownBatch(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown, 6)
	u := tensor.Shape{Unknown}
	for _, c := range []struct {
		n    *Node
		want tensor.Shape
	}{
		{Reshape(x, -1, 2, 3), append(u.Clone(), 2, 3)},
		{Reshape(x, 2, 3, -1), tensor.Shape{2, 3, Unknown}},
		{Transpose(x), tensor.Shape{6, Unknown}},
		{ExpandDims(x, -1), tensor.Shape{Unknown, 6, 1}},
		{Squeeze(x), tensor.Shape{Unknown, 6}},
		{Concat(0, x, x), tensor.Shape{Unknown, 6}},
		{Concat(1, x, x), tensor.Shape{Unknown, 12}},
		{Slice(x, 0, 1, 3), tensor.Shape{2, 6}},
		{Slice(x, 0, 1, -1), tensor.Shape{Unknown, 6}},
		{Gather(x, g.Const(tensor.FromSlice([]int64{0, 1}, 1, 2)), 1), tensor.Shape{Unknown, 1, 2}},
		{BroadcastTo(x, 3, 4, 6), tensor.Shape{3, 4, 6}},
	} {
		if !c.n.Shape().Equal(c.want) {
			t.Errorf("%s: static shape %s, want %s", c.n.Type(), formatShape(c.n.Shape()), formatShape(c.want))
		}
	}
	if g.Err() != nil {
		t.Fatal(g.Err())
	}
	r := Reshape(x, -1, 3)
	out, err := NewSession(g).Run(Feeds{x: tensor.New(tensor.Float32, 4, 6)}, r)
	if err != nil || !out[0].Shape().Equal(tensor.Shape{8, 3}) {
		t.Fatalf("Reshape of a (4, 6) feed to (-1, 3): %v, %v", out, err)
	}
}

func TestShapeOpErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		build func(g *Graph)
		want  []string
	}{
		{"Reshape size", func(g *Graph) {
			Reshape(g.Placeholder("x", tensor.Float32, 2, 3), 4, -1)
		}, []string{"Reshape", "(2, 3)", "(4, -1)"}},
		{"Reshape unknown cannot fit", func(g *Graph) {
			Reshape(g.Placeholder("x", tensor.Float32, Unknown, 3), 4)
		}, []string{"Reshape", "(None, 3)"}},
		{"Reshape two -1", func(g *Graph) {
			Reshape(g.Placeholder("x", tensor.Float32, 2, 3), -1, -1)
		}, []string{"Reshape", "-1"}},
		{"Transpose perm", func(g *Graph) {
			Transpose(g.Placeholder("x", tensor.Float32, 2, 3), 0, 0)
		}, []string{"Transpose", "perm", "(2, 3)"}},
		{"BroadcastTo", func(g *Graph) {
			BroadcastTo(g.Placeholder("x", tensor.Float32, 3, 2), 3, 5)
		}, []string{"BroadcastTo", "(3, 2)", "(3, 5)"}},
		{"ExpandDims axis", func(g *Graph) {
			ExpandDims(g.Placeholder("x", tensor.Float32, 2, 3), 4)
		}, []string{"ExpandDims", "axis 4", "(2, 3)"}},
		{"Squeeze size", func(g *Graph) {
			Squeeze(g.Placeholder("x", tensor.Float32, 2, 3), 1)
		}, []string{"Squeeze", "size 3", "(2, 3)"}},
		{"Concat mismatch", func(g *Graph) {
			Concat(0, g.Placeholder("a", tensor.Float32, Unknown, 3), g.Placeholder("b", tensor.Float32, 2, 4))
		}, []string{"Concat", "(None, 3)", "(2, 4)", "input 1"}},
		{"Concat rank", func(g *Graph) {
			Concat(0, g.Placeholder("a", tensor.Float32, 2, 3), g.Placeholder("b", tensor.Float32, 3))
		}, []string{"Concat", "(2, 3)", "(3,)"}},
		{"Concat dtype", func(g *Graph) {
			Concat(0, g.Placeholder("a", tensor.Float32, 3), g.Placeholder("b", tensor.Float64, 3))
		}, []string{"Concat", "dtype"}},
		{"Slice range", func(g *Graph) {
			Slice(g.Placeholder("x", tensor.Float32, 2, 3), 1, 1, 5)
		}, []string{"Slice", "[1, 5)", "(2, 3)"}},
		{"Slice axis", func(g *Graph) {
			Slice(g.Placeholder("x", tensor.Float32, 2, 3), 2, 0, 1)
		}, []string{"Slice", "axis 2", "(2, 3)"}},
		{"Gather float indices", func(g *Graph) {
			Gather(g.Placeholder("x", tensor.Float32, 2, 3), g.Placeholder("i", tensor.Float32, 2), 0)
		}, []string{"Gather", "int64", "(2, 3)"}},
		{"Gather axis", func(g *Graph) {
			Gather(g.Placeholder("x", tensor.Float32, 2, 3), g.Placeholder("i", tensor.Int64, 2), -3)
		}, []string{"Gather", "axis -3", "(2, 3)"}},
		{"OneHot float labels", func(g *Graph) {
			OneHot(g.Placeholder("l", tensor.Float32, 4), 3, tensor.Float32)
		}, []string{"OneHot", "int64", "(4,)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := New()
			c.build(g)
			err := g.Err()
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestShapeOpRunTimeErrors(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown, 6)
	r := Reshape(x, -1, 4)
	s := Slice(x, 0, 0, 3)
	gat := Gather(g.Const(tensor.New(tensor.Float32, 3, 2)), g.Const(tensor.FromSlice([]int64{0, 3})), 0)
	sess := NewSession(g)
	feed := Feeds{x: tensor.New(tensor.Float32, 1, 6)}
	for _, c := range []struct {
		n    *Node
		want string
	}{{r, "Reshape"}, {s, "Slice"}, {gat, "Gather"}} {
		if _, err := sess.Run(feed, c.n); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error naming it", c.want, err)
		}
	}
}

func TestOneHotAndGatherIndicesGetNoGradient(t *testing.T) {
	g := New()
	x := g.Variable("x", randInput(81, -1, 1, 3, 4))
	labels := g.Const(tensor.FromSlice([]int64{1, 3, 0}))
	y := Mul(OneHot(labels, 4, tensor.Float64), Gather(x, labels, 0))
	gs := Gradients(y, x, labels)
	if g.Err() != nil || gs[0] == nil || gs[1] != nil {
		t.Fatalf("gradients %v, %v (err %v); want one for x and nil for the labels", gs[0], gs[1], g.Err())
	}
}
