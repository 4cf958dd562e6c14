package graph_test

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// here returns "build_error_test.go:N" for the line after the call, where
// the test builds the node that fails.
func here() string {
	_, _, line, _ := runtime.Caller(1)
	return fmt.Sprintf("build_error_test.go:%d", line+1)
}

// wantErr fails unless err's text is exactly want.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	if err.Error() != want {
		t.Errorf("error\n  %q\nwant\n  %q", err, want)
	}
}

func TestErrorShapesPrintLikeKeras(t *testing.T) {
	g := graph.New()
	at := here()
	graph.Add(g.Placeholder("a", tensor.Float32, graph.Unknown, 3), g.Const(tensor.New(tensor.Float32, 4)))
	wantErr(t, g.Err(), "graph: Add (created at "+at+"): shapes (None, 3) and (4,) cannot be broadcast together "+
		"(inputs (None, 3) and (4,); float32, float32)")

	g = graph.New()
	at = here()
	graph.MatMul(g.Const(tensor.Scalar[float32](1)), g.Placeholder("v", tensor.Float32, graph.Unknown))
	wantErr(t, g.Err(), "graph: MatMul (created at "+at+"): operands must have rank 2 or more, got () and (None,) "+
		"(inputs () and (None,); float32, float32)")

	g = graph.New()
	at = here()
	graph.Reshape(g.Placeholder("x", tensor.Float32, 3), -1, -1)
	wantErr(t, g.Err(), "graph: Reshape (created at "+at+"): shape (-1, -1) has more than one -1 (inputs (3,); float32)")

	g = graph.New()
	at = here()
	g.Placeholder("x", tensor.Float32, graph.Unknown, -2)
	wantErr(t, g.Err(), "graph: x (Placeholder, created at "+at+"): invalid dimension -2 in shape (None, -2)")
}

func TestFirstErrorNamesOpAndCreationLine(t *testing.T) {
	g := graph.New()
	x := g.Placeholder("x", tensor.Float32, graph.Unknown, 3)
	w := g.Variable("kernel", tensor.New(tensor.Float32, 4, 2))
	pop := g.NameScope("dense")
	at := here()
	y := graph.MatMul(x, w)
	pop()
	first := "graph: dense/MatMul (MatMul, created at " + at + "): inner dimensions 3 and 4 differ " +
		"(inputs (None, 3) and (4, 2); float32, float32)"
	wantErr(t, g.Err(), first)

	// Later mistakes do not replace the first error.
	graph.Add(w, g.Const(tensor.New(tensor.Float32, 3)))
	wantErr(t, g.Err(), first)

	// Running anything, even a node unrelated to the failure, says that
	// the error is an earlier one.
	unrelated := graph.Neg(g.Const(tensor.Scalar[float32](1)))
	for _, fetch := range []*graph.Node{unrelated, y} {
		_, err := graph.NewSession(g).Run(nil, fetch)
		wantErr(t, err, "graph: Run: the graph has an earlier error, so none of its nodes can run: "+
			"dense/MatMul (MatMul, created at "+at+"): inner dimensions 3 and 4 differ "+
			"(inputs (None, 3) and (4, 2); float32, float32)")
		if !errors.Is(err, g.Err()) {
			t.Errorf("Run's error %v does not wrap the graph's error", err)
		}
	}
}

func TestGradientErrorKeepsItsCause(t *testing.T) {
	g := graph.New()
	x := g.Variable("x", tensor.Scalar[float64](1))
	v := g.Variable("v", tensor.Scalar[float64](0))
	y := graph.Square(graph.Assign(v, x))
	at := here()
	graph.Gradients(y, x)
	wantErr(t, g.Err(), "graph: Gradients (created at "+at+"): Assign (Assign) has no gradient: "+
		"op has no gradient: Assign changes a variable")
	if !errors.Is(g.Err(), graph.ErrNoGradient) {
		t.Errorf("%v does not wrap ErrNoGradient", g.Err())
	}
}

func TestErrorfNamesTheCaller(t *testing.T) {
	g := graph.New()
	at := here()
	g.Errorf("regularizer %s: factor %g is not finite", "L2", -1.5)
	wantErr(t, g.Err(), "graph: regularizer L2: factor -1.5 is not finite (at "+at+")")
}
