//go:build !(386 || arm || mips || mipsle)

// These tests use sizes beyond a 32-bit int.

package graph_test

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// limitBytes sets tensor.MaxBytes for the test and restores it after.
func limitBytes(t *testing.T, n int64) {
	old := tensor.SetMaxBytes(n)
	t.Cleanup(func() { tensor.SetMaxBytes(old) })
}

// TestShapeInferenceRefusesImpossibleSizes checks that ops whose output
// size comes from their arguments fail when the graph is built, naming
// the op and the size, instead of running with a wrapped-around element
// count or dying in the executor.
func TestShapeInferenceRefusesImpossibleSizes(t *testing.T) {
	limitBytes(t, 1<<30)
	cases := []struct {
		name, want string
		build      func(g *graph.Graph) *graph.Node
	}{
		{"BroadcastTo overflow", "BroadcastTo (created at", func(g *graph.Graph) *graph.Node {
			return graph.Sum(graph.BroadcastTo(g.Const(tensor.Scalar[float32](1)), 1<<32, 1<<32), nil, false)
		}},
		{"BroadcastTo too big", "(1048576, 1048576) is too large", func(g *graph.Graph) *graph.Node {
			return graph.BroadcastTo(g.Const(tensor.Scalar[float32](1)), 1<<20, 1<<20)
		}},
		{"OneHot depth", "OneHot (created at", func(g *graph.Graph) *graph.Node {
			return graph.OneHot(g.Placeholder("y", tensor.Int64, graph.Unknown), 1<<62, tensor.Float32)
		}},
		{"Placeholder", "x (Placeholder, created at", func(g *graph.Graph) *graph.Node {
			return g.Placeholder("x", tensor.Float32, graph.Unknown, 1<<40, 1<<40)
		}},
		{"Reshape", "Reshape (created at", func(g *graph.Graph) *graph.Node {
			return graph.Reshape(g.Placeholder("x", tensor.Float32, graph.Unknown), -1, 1<<40, 1<<40)
		}},
		{"Pad", "Pad (created at", func(g *graph.Graph) *graph.Node {
			return graph.Pad(g.Placeholder("x", tensor.Float32, 2, 2), [][2]int{{0, 1 << 40}, {0, 1 << 40}})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := graph.New()
			n := c.build(g)
			err := g.Err()
			if err == nil {
				t.Fatalf("built %v with no error", n)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "graph: ") {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
			if _, err := graph.NewSession(g).Run(nil, n); err == nil {
				t.Errorf("Run succeeded on a graph with a size error")
			}
		})
	}
}

// TestRunRefusesImpossibleSizes checks the run-time side: an output whose
// size depends on the fed batch, and a plan whose buffers together exceed
// the limit, are Run errors rather than allocation failures.
func TestRunRefusesImpossibleSizes(t *testing.T) {
	limitBytes(t, 1<<20)
	g := graph.New()
	y := g.Placeholder("y", tensor.Int64, graph.Unknown)
	h := graph.OneHot(y, 1<<16, tensor.Float32) // 256 KiB a label
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	s := graph.NewSession(g)
	if _, err := s.Run(graph.Feeds{y: tensor.FromSlice([]int64{1, 2})}, h); err != nil {
		t.Fatalf("two labels (512 KiB): %v", err)
	}
	_, err := s.Run(graph.Feeds{y: tensor.New(tensor.Int64, 8)}, h)
	if err == nil || !strings.Contains(err.Error(), "OneHot") || !strings.Contains(err.Error(), "too large") {
		t.Errorf("eight labels (2 MiB): got %v, want an error naming OneHot and the size", err)
	}

	// Three live 512 KiB results: each fits, together they do not.
	x := g.Placeholder("x", tensor.Float32, graph.Unknown, 1<<16)
	a, b := graph.Exp(x), graph.Neg(x)
	sum := graph.Add(graph.Add(a, b), graph.Mul(a, b))
	_, err = s.Run(graph.Feeds{x: tensor.New(tensor.Float32, 2, 1<<16)}, sum)
	if err == nil || !strings.Contains(err.Error(), "tensor.MaxBytes") {
		t.Errorf("buffers over the limit: got %v, want an error naming tensor.MaxBytes", err)
	}
}
