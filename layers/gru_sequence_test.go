package layers

import (
	"testing"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// A GRU with the default activations and no mask runs as one GRUSequence
// op, in both reset modes, with or without a bias, GoBackwards too; the
// other configurations unroll the cells (rnnCases checks both paths'
// numbers against the reference).
func TestGRUUsesSequenceOp(t *testing.T) {
	tanh, _ := activations.Get("tanh")
	for _, c := range []struct {
		name string
		l    *GRU
		in   []tensor.Shape
		want int
	}{
		{"default", &GRU{Units: 2}, []tensor.Shape{{3, 4}}, 1},
		{"reset before, no bias, sequences", &GRU{Units: 2, ResetBefore: true, NoBias: true, ReturnSequences: true}, []tensor.Shape{{3, 4}}, 1},
		{"initial state, return state", &GRU{Units: 2, ReturnState: true}, []tensor.Shape{{3, 4}, {2}}, 1},
		{"go backwards", &GRU{Units: 2, GoBackwards: true}, []tensor.Shape{{3, 4}}, 1},
		{"masked", &GRU{Units: 2, Masked: true}, []tensor.Shape{{3, 4}, {3}}, 0},
		{"plain activation", &GRU{Units: 2, ActivationFn: tanh}, []tensor.Shape{{3, 4}}, 0},
	} {
		if err := BuildLayer(c.l, c.in, tensor.Float32, tensor.NewRNG(1)); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		h := callBuilt(t, c.l, NewScope(NewVars(graph.New()), tensor.Float32, tensor.NewRNG(1), false), c.in...)
		n := 0
		for _, node := range h.g.Nodes() {
			if node.Type() == "GRUSequence" {
				n++
			}
		}
		if n != c.want {
			t.Errorf("%s: %d GRUSequence nodes, want %d", c.name, n, c.want)
		}
	}
}
