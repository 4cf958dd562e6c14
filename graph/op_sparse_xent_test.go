package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// xentLabels returns reproducible labels in [0, c) of the given shape.
func xentLabels(c int, shape ...int) *tensor.Tensor {
	t := tensor.New(tensor.Int64, shape...)
	for i := range t.Int64s() {
		t.Int64s()[i] = int64((i*7 + 3) % c)
	}
	return t
}

func TestSparseXentGradients(t *testing.T) {
	for i, shape := range [][]int{{4, 5}, {2, 3, 5}, {5}} {
		labels := xentLabels(shape[len(shape)-1], shape[:len(shape)-1]...)
		logits := randInput(uint64(1000+i), -3, 3, shape...)
		xent := func(x *Node) *Node { return SparseSoftmaxCrossEntropyWithLogits(x.g.Const(labels), x) }
		t.Run("first order", func(t *testing.T) {
			checkGradients(t, func(x ...*Node) *Node { return xent(x[0]) }, logits)
		})
		t.Run("second order", func(t *testing.T) {
			checkGradients(t, secondOrder(func(x ...*Node) *Node { return xent(x[0]) }), logits)
		})
		t.Run("second order through dy", func(t *testing.T) {
			checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(xent(x[0])) }), logits)
		})
		t.Run("third order", func(t *testing.T) {
			checkGradients(t, secondOrder(secondOrder(func(x ...*Node) *Node { return Square(xent(x[0])) })), logits)
		})
	}
}

// TestSparseXentGradOpDirectly checks the fused gradient op with respect
// to logits and dy, and the row helpers it uses.
func TestSparseXentGradOpDirectly(t *testing.T) {
	labels := xentLabels(5, 2, 3)
	checkGradients(t, func(x ...*Node) *Node { return sparseXentGrad(x[0].g.Const(labels), x[0], x[1]) },
		randInput(1100, -2, 2, 2, 3, 5), randInput(1101, -1, 1, 2, 3))
	checkGradients(t, func(x ...*Node) *Node { return actScaleRows(x[0], x[1]) },
		randInput(1102, -1, 1, 2, 3, 5), randInput(1103, -1, 1, 2, 3))
	checkGradients(t, func(x ...*Node) *Node { return actRowDot(x[0], x[1]) },
		randInput(1104, -1, 1, 2, 3, 5), randInput(1105, -1, 1, 2, 3, 5))
}

func TestSparseXentKnownValues(t *testing.T) {
	g := New()
	labels := g.Placeholder("labels", tensor.Int64, Unknown)
	logits := g.Placeholder("logits", tensor.Float32, Unknown, 3)
	loss := SparseSoftmaxCrossEntropyWithLogits(labels, logits)
	dlogits := Gradients(loss, logits)[0]
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if !loss.Shape().Equal(tensor.Shape{Unknown}) {
		t.Fatalf("loss shape %v, want (None,)", loss.Shape())
	}
	out, err := NewSession(g).Run(Feeds{
		labels: tensor.FromSlice([]int64{2, 1, 0}),
		logits: tensor.FromSlice([]float32{1, 2, 3, 1000, 0, 0, 0, 0, 0}, 3, 3),
	}, loss, dlogits)
	if err != nil {
		t.Fatal(err)
	}
	actClose(t, "loss", out[0].Values(), []float64{0.40760596444437495, 1000, math.Log(3)})
	actClose(t, "gradient", out[1].Values(), []float64{
		0.09003057317038046, 0.24472847105479764, 0.6652409557748219 - 1,
		1, -1, 0,
		1.0/3 - 1, 1.0 / 3, 1.0 / 3,
	})
}

// TestSparseXentMatchesLogSoftmax compares the fused op with
// -log_softmax picked at the label, on a tensor large enough to run in
// parallel.
// The loss and its gradient agree with tensor's LogSoftmax and Softmax,
// with few classes (many rows per block of exponentials), a number that
// does not divide the block, and more than the block holds (a row in
// parts).
func TestSparseXentMatchesLogSoftmax(t *testing.T) {
	for _, c := range []int{23, 10, sparseXentBlock/3 + 1, sparseXentBlock + 70} {
		sparseXentMatchesLogSoftmax(t, 3000*10/c+3, c)
	}
}

func sparseXentMatchesLogSoftmax(t *testing.T, rows, c int) {
	labels := xentLabels(c, rows)
	x := randInput(1200, -10, 10, rows, c)
	g := New()
	loss := SparseSoftmaxCrossEntropyWithLogits(g.Const(labels), g.Const(x))
	w := randInput(1201, -1, 1, rows)
	xn := g.Const(x)
	dx := GradientsSeeded(SparseSoftmaxCrossEntropyWithLogits(g.Const(labels), xn), g.Const(w), xn)[0]
	out, err := NewSession(g).Run(nil, loss, dx)
	if err != nil {
		t.Fatal(err)
	}
	ls := tensor.LogSoftmax(x, -1)
	sm := tensor.Softmax(x, -1)
	for b := 0; b < rows; b++ {
		l := int(labels.Int64s()[b])
		if got, want := out[0].Float64s()[b], -ls.At(b, l); math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
			t.Fatalf("c=%d row %d: loss %v, want %v", c, b, got, want)
		}
		for j := 0; j < c; j++ {
			want := sm.At(b, j)
			if j == l {
				want--
			}
			want *= w.Float64s()[b]
			if got := out[1].At(b, j); math.Abs(got-want) > 1e-15 {
				t.Fatalf("c=%d row %d class %d: gradient %v, want %v", c, b, j, got, want)
			}
		}
	}
}

func TestSparseXentLabelOutOfRangeFailsRun(t *testing.T) {
	for _, bad := range []int64{3, -1} {
		g := New()
		labels := g.Placeholder("labels", tensor.Int64, Unknown)
		logits := g.Variable("logits", tensor.New(tensor.Float32, 2, 3))
		loss := SparseSoftmaxCrossEntropyWithLogits(labels, logits)
		grad := Gradients(loss, logits)[0]
		sess := NewSession(g)
		for _, fetch := range []*Node{loss, grad} {
			_, err := sess.Run(Feeds{labels: tensor.FromSlice([]int64{0, bad})}, fetch)
			if err == nil {
				t.Fatalf("label %d: no error", bad)
			}
			for _, w := range []string{"SparseSoftmaxCrossEntropyWithLogits", "label", "outside [0, 3)"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("label %d: error %q does not mention %q", bad, err, w)
				}
			}
		}
	}
}

func TestSparseXentBuildErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(g *Graph) *Node
		want  []string
	}{
		{"float labels", func(g *Graph) *Node {
			return SparseSoftmaxCrossEntropyWithLogits(g.Placeholder("l", tensor.Float32, 4), g.Placeholder("x", tensor.Float32, 4, 3))
		}, []string{"SparseSoftmaxCrossEntropyWithLogits", "labels must be int64", "float32"}},
		{"int logits", func(g *Graph) *Node {
			return SparseSoftmaxCrossEntropyWithLogits(g.Placeholder("l", tensor.Int64, 4), g.Placeholder("x", tensor.Int64, 4, 3))
		}, []string{"logits must be float"}},
		{"shape mismatch", func(g *Graph) *Node {
			return SparseSoftmaxCrossEntropyWithLogits(g.Placeholder("l", tensor.Int64, 5), g.Placeholder("x", tensor.Float32, 4, 3))
		}, []string{"(5,)", "(4, 3)"}},
		{"labels with class axis", func(g *Graph) *Node {
			return SparseSoftmaxCrossEntropyWithLogits(g.Placeholder("l", tensor.Int64, 4, 3), g.Placeholder("x", tensor.Float32, 4, 3))
		}, []string{"(4, 3)"}},
		{"scalar logits", func(g *Graph) *Node {
			return SparseSoftmaxCrossEntropyWithLogits(g.Const(tensor.Scalar[int64](0)), g.Const(tensor.Scalar[float32](1)))
		}, []string{"scalar"}},
		{"no classes", func(g *Graph) *Node {
			return SparseSoftmaxCrossEntropyWithLogits(g.Placeholder("l", tensor.Int64, 4), g.Placeholder("x", tensor.Float32, 4, 0))
		}, []string{"no classes"}},
	}
	for _, c := range cases {
		g := New()
		c.build(g)
		err := g.Err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}

// An empty batch gives an empty loss and gradient, not a panic.
func TestSparseXentEmptyBatch(t *testing.T) {
	g := New()
	labels := g.Placeholder("labels", tensor.Int64, Unknown)
	logits := g.Placeholder("logits", tensor.Float32, Unknown, 3)
	loss := SparseSoftmaxCrossEntropyWithLogits(labels, logits)
	grad := Gradients(Sum(loss, nil, false), logits)[0]
	out, err := NewSession(g).Run(Feeds{labels: tensor.New(tensor.Int64, 0), logits: tensor.New(tensor.Float32, 0, 3)}, loss, grad)
	if err != nil {
		t.Fatal(err)
	}
	if !out[0].Shape().Equal(tensor.Shape{0}) || !out[1].Shape().Equal(tensor.Shape{0, 3}) {
		t.Fatalf("shapes %v and %v, want (0) and (0, 3)", out[0].Shape(), out[1].Shape())
	}
}
