package graph

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestShapeErrorSticksAndNamesOpAndShapes(t *testing.T) {
	g := New()
	a := g.Placeholder("a", tensor.Float32, Unknown, 3)
	b := g.Const(tensor.New(tensor.Float32, 4))
	c := Add(a, b)
	d := Mul(c, c) // building goes on quietly after the first error
	err := g.Err()
	if err == nil {
		t.Fatal("no error for (None, 3) + (4,)")
	}
	for _, want := range []string{"Add", "(None, 3)", "(4,)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if _, runErr := NewSession(g).Run(nil, d); !errors.Is(runErr, err) {
		t.Errorf("Run returned %v, want the graph's error", runErr)
	}
}

func TestDTypeMismatchIsAnError(t *testing.T) {
	g := New()
	Add(g.Const(tensor.Scalar[float32](1)), g.Const(tensor.Scalar[float64](1)))
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "dtype") {
		t.Fatalf("got %v, want a dtype error", err)
	}
}

func TestWeakScalarAdaptsToOperand(t *testing.T) {
	g := New()
	x := g.Const(tensor.FromSlice([]float64{1, 2}))
	y := Add(x, g.Scalar(0.1))
	out, err := NewSession(g).Run(nil, y)
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Float64s(); got[0] != 1.1 || got[1] != 2.1 {
		t.Fatalf("got %v, want [1.1 2.1] computed in float64", got)
	}
}

func TestFeedErrorsNameThePlaceholder(t *testing.T) {
	g := New()
	x := g.Placeholder("images", tensor.Float32, Unknown, 4)
	y := Mul(x, x)
	sess := NewSession(g)
	if _, err := sess.Run(Feeds{x: tensor.New(tensor.Float32, 2, 5)}, y); err == nil || !strings.Contains(err.Error(), "images") || !strings.Contains(err.Error(), "(2, 5)") {
		t.Errorf("wrong shape: got %v", err)
	}
	if _, err := sess.Run(Feeds{x: tensor.New(tensor.Float64, 2, 4)}, y); err == nil || !strings.Contains(err.Error(), "images") {
		t.Errorf("wrong dtype: got %v", err)
	}
	if _, err := sess.Run(nil, y); err == nil || !strings.Contains(err.Error(), "must be fed") {
		t.Errorf("not fed: got %v", err)
	}
	out, err := sess.Run(Feeds{x: tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6, 7, 8}, 2, 4)}, y)
	if err != nil || out[0].At(1, 3) != 64 {
		t.Fatalf("got %v, %v", out, err)
	}
}

func TestRunTimeBroadcastMismatch(t *testing.T) {
	g := New()
	a := g.Placeholder("a", tensor.Float32, Unknown)
	b := g.Const(tensor.New(tensor.Float32, 3))
	y := Add(a, b)
	_, err := NewSession(g).Run(Feeds{a: tensor.New(tensor.Float32, 4)}, y)
	if err == nil || !strings.Contains(err.Error(), "Add") {
		t.Fatalf("got %v, want an Add shape error", err)
	}
}

func TestVariableUpdatesPersistAcrossRuns(t *testing.T) {
	g := New()
	v := g.Variable("counter", tensor.FromSlice([]float32{0, 10}))
	inc := AssignAdd(v, g.Const(tensor.FromSlice([]float32{1, 2})))
	sess := NewSession(g)
	for i := 0; i < 3; i++ {
		if _, err := sess.Run(nil, inc); err != nil {
			t.Fatal(err)
		}
	}
	out, err := sess.Run(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Float32s(); got[0] != 3 || got[1] != 16 {
		t.Fatalf("counter = %v, want [3 16]", got)
	}
	out[0].Float32s()[0] = 99 // fetched results belong to the caller
	if v.Value().Float32s()[0] != 3 {
		t.Fatal("writing a fetched result changed the variable")
	}
}

func TestReadsInARunSeeValuesFromItsStart(t *testing.T) {
	g := New()
	w := g.Variable("w", tensor.Scalar[float64](2))
	loss := Square(w)                 // d loss / dw = 2w = 4 at the start
	dw := Gradients(loss, w)[0]       // read of w ...
	step := AssignAdd(w, negated(dw)) // ... must not see this update
	out, err := NewSession(g).Run(nil, dw, step)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Item() != 4 || out[1].Item() != -2 {
		t.Fatalf("dw = %v, w after = %v; want 4 and -2", out[0].Item(), out[1].Item())
	}
}

// negated returns -x using only the core ops.
func negated(x *Node) *Node { return Mul(x, x.g.scalarOf(-1, x.dtype)) }

func TestGradientsOfUnconnectedAndIntegerInputsAreNil(t *testing.T) {
	g := New()
	x := g.Variable("x", tensor.Scalar[float64](1))
	z := g.Variable("z", tensor.Scalar[float64](1))
	y := Square(x)
	gs := Gradients(y, x, z)
	if g.Err() != nil || gs[0] == nil || gs[1] != nil {
		t.Fatalf("got %v, %v (err %v); want a gradient for x and nil for z", gs[0], gs[1], g.Err())
	}
}

func TestGradientThroughNonDifferentiableOpIsAnError(t *testing.T) {
	g := New()
	x := g.Variable("x", tensor.Scalar[float64](1))
	v := g.Variable("v", tensor.Scalar[float64](0))
	y := Square(Assign(v, x))
	Gradients(y, x)
	err := g.Err()
	if err == nil || !errors.Is(err, ErrNoGradient) || !strings.Contains(err.Error(), "Assign") {
		t.Fatalf("got %v, want ErrNoGradient naming Assign", err)
	}
}

func TestSecondDerivative(t *testing.T) {
	// y = x³ → y'' = 6x.
	g := New()
	x := g.Variable("x", tensor.FromSlice([]float64{-1, 0.5, 2}))
	y := Mul(Square(x), x)
	d1 := Gradients(y, x)[0]
	d2 := Gradients(d1, x)[0]
	out, err := NewSession(g).Run(nil, d1, d2)
	if err != nil {
		t.Fatal(err)
	}
	for i, xv := range []float64{-1, 0.5, 2} {
		if got := out[0].Float64s()[i]; got != 3*xv*xv {
			t.Errorf("y'(%v) = %v, want %v", xv, got, 3*xv*xv)
		}
		if got := out[1].Float64s()[i]; got != 6*xv {
			t.Errorf("y''(%v) = %v, want %v", xv, got, 6*xv)
		}
	}
}

func TestGradCheckCoreOps(t *testing.T) {
	t.Run("Add broadcast", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return Add(x[0], x[1]) },
			randInput(1, -1, 1, 3, 5), randInput(2, -1, 1, 5))
	})
	t.Run("Add size-1 axes", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return Add(x[0], x[1]) },
			randInput(1, -1, 1, 3, 1), randInput(2, -1, 1, 1, 5))
	})
	t.Run("Mul broadcast", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return Mul(x[0], x[1]) },
			randInput(3, -1, 1, 2, 3, 5), randInput(4, -1, 1, 3, 1))
	})
	t.Run("Square", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return Square(x[0]) }, randInput(5, -2, 2, 3, 3))
	})
	t.Run("AddN", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return AddN(x[0], x[1], x[0]) },
			randInput(6, -1, 1, 3), randInput(7, -1, 1, 3))
	})
	for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		ta, tb := tr[0], tr[1]
		a, b := []int{3, 5}, []int{5, 7}
		if ta {
			a = []int{5, 3}
		}
		if tb {
			b = []int{7, 5}
		}
		t.Run("MatMul", func(t *testing.T) {
			checkGradients(t, func(x ...*Node) *Node { return MatMulT(x[0], x[1], ta, tb) },
				randInput(8, -1, 1, a...), randInput(9, -1, 1, b...))
		})
		t.Run("MatMul batched broadcast", func(t *testing.T) {
			checkGradients(t, func(x ...*Node) *Node { return MatMulT(x[0], x[1], ta, tb) },
				randInput(10, -1, 1, append([]int{2, 1}, a...)...), randInput(11, -1, 1, append([]int{3}, b...)...))
		})
	}
	t.Run("SumLike", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return SumLike(x[0], x[1]) },
			randInput(12, -1, 1, 2, 3, 5), randInput(13, -1, 1, 3, 1))
	})
	t.Run("BroadcastLike", func(t *testing.T) {
		checkGradients(t, func(x ...*Node) *Node { return BroadcastLike(x[0], x[1]) },
			randInput(14, -1, 1, 3, 1), randInput(15, -1, 1, 2, 3, 5))
	})
	t.Run("second order Mul", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Mul(Mul(x[0], x[0]), x[1]) }),
			randInput(16, -1, 1, 3), randInput(17, -1, 1, 3))
	})
	t.Run("second order MatMul", func(t *testing.T) {
		checkGradients(t, secondOrder(func(x ...*Node) *Node { return Square(MatMul(x[0], x[1])) }),
			randInput(18, -1, 1, 2, 3), randInput(19, -1, 1, 3, 2))
	})
}

// mlp builds a 2-layer network's loss and its gradients on g.
func mlp(g *Graph) (x *Node, fetches []*Node) {
	x = g.Placeholder("x", tensor.Float64, Unknown, 4)
	w1 := g.Variable("w1", randInput(20, -1, 1, 4, 8))
	b1 := g.Variable("b1", randInput(21, -1, 1, 8))
	w2 := g.Variable("w2", randInput(22, -1, 1, 8, 3))
	h := Square(Add(MatMul(x, w1), b1))
	y := MatMul(h, w2)
	loss := Mul(y, y)
	return x, append([]*Node{y}, Gradients(loss, w1, b1, w2)...)
}

func TestBufferReuseGivesIdenticalResults(t *testing.T) {
	g := New()
	x, fetches := mlp(g)
	feeds := Feeds{x: randInput(23, -1, 1, 5, 4)}
	a, err := NewSession(g).Run(feeds, fetches...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewSession(g, WithoutBufferReuse()).Run(feeds, fetches...)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if !tensor.ArrayEqual(a[i], b[i]) {
			t.Fatalf("fetch %d differs with buffer reuse", i)
		}
	}
	p := NewSession(g).mustPlan(t, feeds, fetches)
	q := NewSession(g, WithoutBufferReuse()).mustPlan(t, feeds, fetches)
	if len(p.buffers) >= len(q.buffers) {
		t.Errorf("reuse used %d buffers, no reuse %d: nothing was reused", len(p.buffers), len(q.buffers))
	}
}

func (s *Session) mustPlan(t *testing.T, feeds Feeds, fetches []*Node) *plan {
	t.Helper()
	p, err := s.planFor(feeds, fetches)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConcurrentInferenceRuns(t *testing.T) {
	g := New()
	x, fetches := mlp(g)
	sess := NewSession(g)
	want, err := sess.Run(Feeds{x: randInput(24, -1, 1, 6, 4)}, fetches[0])
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				got, err := sess.Run(Feeds{x: randInput(24, -1, 1, 6, 4)}, fetches[0])
				if err != nil || !tensor.ArrayEqual(got[0], want[0]) {
					t.Errorf("concurrent run %d differs (%v)", j, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestRunIntoReusesOutputs(t *testing.T) {
	g := New()
	x, fetches := mlp(g)
	sess := NewSession(g)
	feeds := Feeds{x: randInput(25, -1, 1, 5, 4)}
	outs := make([]*tensor.Tensor, len(fetches))
	if err := sess.RunInto(feeds, fetches, outs); err != nil {
		t.Fatal(err)
	}
	first := outs[0]
	if err := sess.RunInto(feeds, fetches, outs); err != nil || outs[0] != first {
		t.Fatalf("RunInto replaced its output tensor (err %v)", err)
	}
	bad := []*tensor.Tensor{tensor.New(tensor.Float64, 1), nil, nil, nil}
	if err := sess.RunInto(feeds, fetches, bad); err == nil {
		t.Fatal("RunInto accepted an output of the wrong shape")
	}
}

func TestNameScopesAndUniqueNames(t *testing.T) {
	g := New()
	pop := g.NameScope("dense")
	a := MatMul(g.Placeholder("x", tensor.Float32, Unknown, 2), g.Variable("kernel", tensor.New(tensor.Float32, 2, 2)))
	b := MatMul(a, a)
	pop()
	pop = g.NameScope("dense")
	c := Add(b, b)
	pop()
	for n, want := range map[*Node]string{a: "dense/MatMul", b: "dense/MatMul_1", c: "dense_1/Add"} {
		if n.Name() != want {
			t.Errorf("name %q, want %q", n.Name(), want)
		}
	}
}

func TestWriteDOTSeparatesGradients(t *testing.T) {
	g := New()
	x := g.Variable("x", tensor.Scalar[float32](1))
	y := Add(Square(x), x)
	Gradients(y, x)
	var buf bytes.Buffer
	if err := g.WriteDOT(&buf); err != nil {
		t.Fatal(err)
	}
	dot := buf.String()
	for _, want := range []string{"digraph", "cluster_gradients", `label="x\nVariable float32 ()"`, "Square", "->"} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT output lacks %q:\n%s", want, dot)
		}
	}
}

func TestNilOpIsAnError(t *testing.T) {
	g := New()
	g.AddNode(nil, "x")
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "op is nil") {
		t.Fatalf("got %v", err)
	}
}

func TestPlanCacheIsBounded(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown)
	y := Square(x)
	sess := NewSession(g)
	for n := 1; n <= maxPlans+10; n++ {
		out, err := sess.Run(Feeds{x: tensor.Ones(tensor.Float32, n)}, y)
		if err != nil || out[0].Size() != n {
			t.Fatalf("batch %d: %v", n, err)
		}
	}
	if len(sess.plans) != maxPlans {
		t.Fatalf("%d plans kept, want %d", len(sess.plans), maxPlans)
	}
}
