package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// This file holds the helpers of the recurrent-cell tests: plain float64
// references of Keras's documented cell equations and small fixed inputs.

// refSigmoid is the logistic function, computed plainly.
func refSigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// pinned returns a float64 tensor of the given shape whose element k is
// scale·((k·7 + off) mod 11 − 5): small fixed values of both signs.
func pinned(scale float64, off int, shape ...int) *tensor.Tensor {
	t := tensor.New(tensor.Float64, shape...)
	for k := range t.Float64s() {
		t.Float64s()[k] = scale * float64((k*7+off)%11-5)
	}
	return t
}

// refDense returns x·w + y·v + b for row-major x (rows×n), w (n×m),
// y (rows×p), v (p×m) and b (m); y and v may be nil.
func refDense(x, w []float64, n int, y, v []float64, p int, b []float64, rows, m int) []float64 {
	out := make([]float64, rows*m)
	for r := 0; r < rows; r++ {
		for j := 0; j < m; j++ {
			s := 0.0
			if b != nil {
				s = b[j]
			}
			for k := 0; k < n; k++ {
				s += x[r*n+k] * w[k*m+j]
			}
			for k := 0; k < p; k++ {
				s += y[r*p+k] * v[k*m+j]
			}
			out[r*m+j] = s
		}
	}
	return out
}

// runNode runs the graph of node n in a fresh session and returns its value.
func runNode(t *testing.T, n *Node) *tensor.Tensor {
	t.Helper()
	if err := n.Graph().Err(); err != nil {
		t.Fatalf("building: %v", err)
	}
	out, err := NewSession(n.Graph()).Run(nil, n)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return out[0]
}

// expectClose fails unless got (float32 or float64) matches want within
// tol, absolute plus relative.
func expectClose(t *testing.T, what string, got *tensor.Tensor, want []float64, tol float64) {
	t.Helper()
	g := tensor.Cast(got, tensor.Float64).Float64s()
	if len(g) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(g), len(want))
	}
	for k := range want {
		if math.IsNaN(g[k]) || math.Abs(g[k]-want[k]) > tol*(1+math.Abs(want[k])) {
			t.Fatalf("%s[%d] = %.9g, want %.9g", what, k, g[k], want[k])
		}
	}
}

// contains2 reports whether s contains both a and b.
func contains2(s, a, b string) bool { return strings.Contains(s, a) && strings.Contains(s, b) }

// A steady-state training-style Run of the cell ops and their gradients,
// large enough for the parallel path, allocates nothing.
func TestRecurrentCellsAllocateNothing(t *testing.T) {
	if fuseRace {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	const batch, u = 64, 128
	g := New()
	rng := tensor.NewRNG(3)
	v := func(cols int) *Node { return g.Variable("v", rng.Normal(tensor.Float32, 0, 1, batch, cols)) }
	z, s, x, rec, hp, rzr, rh := v(4*u), v(2*u), v(3*u), v(3*u), v(u), v(2*u), v(u)
	y := AddN(Slice(LSTMCell(z, s), 1, 0, u), GRUCell(x, rec, hp),
		GRUCellResetBefore(x, rzr, rh, hp), GRUResetHidden(x, rzr, hp))
	fetches := append([]*Node{y}, Gradients(y, z, s, x, rec, hp, rzr, rh)...)
	sess := NewSession(g)
	outs := make([]*tensor.Tensor, len(fetches))
	if err := sess.RunInto(nil, fetches, outs); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(20, func() {
		if err := sess.RunInto(nil, fetches, outs); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("a steady-state Run of the cell ops allocates %v times, want 0", allocs)
	}
}
