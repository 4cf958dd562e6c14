package layers

import (
	"fmt"
	"math"
	"strings"
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

// Dropout keeps the layers on their sequence ops: the input mask is
// applied to the whole sequence first, the recurrent mask inside the op
// (a GRU's in both reset modes), and the training pass equals, up to rounding, that of the unrolled plain cells
// with the same weights and Seed (so the same masks), for every layer
// kind, going either way.
func TestDropoutRunsOnSequenceOps(t *testing.T) {
	for _, c := range []struct {
		rnnCase
		rate, recRate float64
	}{
		{rnnCase{kind: "lstm", seqs: true}, 0.4, 0},
		{rnnCase{kind: "lstm", backwards: true, state: true}, 0.4, 0.3},
		{rnnCase{kind: "lstm", seqs: true, initial: true}, 0, 0.5},
		{rnnCase{kind: "gru", seqs: true}, 0.4, 0},
		{rnnCase{kind: "gru", resetBefore: true}, 0.4, 0},
		{rnnCase{kind: "gru", seqs: true}, 0.2, 0.5},
		{rnnCase{kind: "gru", resetBefore: true, seqs: true, initial: true}, 0.2, 0.5},
		{rnnCase{kind: "gru", resetBefore: true, backwards: true, state: true}, 0, 0.3},
		{rnnCase{kind: "gru", backwards: true, initial: true}, 0.3, 0.4},
		{rnnCase{kind: "simple", seqs: true, backwards: true}, 0.4, 0.3},
		{rnnCase{kind: "simple", state: true, initial: true}, 0, 0.5},
	} {
		in := c.inputs()
		name := fmt.Sprintf("%v, dropout %v, recurrent %v", c.rnnCase, c.rate, c.recRate)
		var outs [2][]*tensor.Tensor
		for k, plain := range []bool{false, true} {
			c.plain = plain
			l := c.layer()
			setRecurrentDropout(l, c.rate, c.recRate, 7)
			if err := BuildLayer(l, shapesOf(in), tensor.Float64, tensor.NewRNG(1)); err != nil {
				t.Fatal(err)
			}
			setRandomWeights(t, l)
			h := callBuilt(t, l, NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), true), shapesOf(in)...)
			seqOps := 0
			for _, n := range h.g.Nodes() {
				if strings.HasSuffix(n.Type(), "Sequence") {
					seqOps++
				}
			}
			want := 1
			if plain {
				want = 0
			}
			if seqOps != want {
				t.Fatalf("%s, plain %v: %d sequence ops, want %d", name, plain, seqOps, want)
			}
			outs[k] = h.run(in...)
		}
		for i := range outs[0] {
			a, b := outs[0][i].Float64s(), outs[1][i].Float64s()
			for j := range a {
				if math.Abs(a[j]-b[j]) > 1e-12 {
					t.Fatalf("%s: output %d[%d] is %v on the sequence op, %v unrolled", name, i, j, a[j], b[j])
				}
			}
		}
	}
}

// An LSTM, a GRU (either reset mode) or a SimpleRNN from a zero state
// runs the mask its sequence carries (an Embedding's or a Masking
// layer's) on its sequence op, and its outputs equal, to 1e-12, those of
// the unrolled plain cells with the same weights and mask: forwards and
// backwards, with and without ReturnSequences, ReturnState and
// Bidirectional's zero outputs, with dropout in training. A mask with an
// initial state, or an explicit Masked input, unrolls.
func TestImplicitMaskRunsOnLSTMSequence(t *testing.T) {
	x := randTensor(90, rnnB, rnnT, rnnD)
	m := tensor.FromSlice([]float64{0, 1, 1, 1, 0, 0}, rnnB, rnnT) // a skipped first step; a sample ending in skips
	for _, c := range []struct {
		rnnCase
		training bool
		want     int
	}{
		{rnnCase{kind: "lstm"}, false, 1},
		{rnnCase{kind: "lstm", seqs: true, state: true}, false, 1},
		{rnnCase{kind: "lstm", seqs: true, zeroOut: true}, false, 1},
		{rnnCase{kind: "lstm", zeroOut: true, backwards: true, state: true}, false, 1},
		{rnnCase{kind: "lstm", seqs: true, backwards: true}, true, 1},
		{rnnCase{kind: "gru", seqs: true}, false, 1},
		{rnnCase{kind: "gru", resetBefore: true}, false, 1},
		{rnnCase{kind: "gru", resetBefore: true, backwards: true, state: true}, false, 1},
		{rnnCase{kind: "gru", seqs: true, zeroOut: true}, false, 1},
		{rnnCase{kind: "gru", zeroOut: true, backwards: true, state: true}, false, 1},
		{rnnCase{kind: "gru", seqs: true, backwards: true}, true, 1},
		{rnnCase{kind: "gru", resetBefore: true, seqs: true, state: true}, true, 1},
		{rnnCase{kind: "simple"}, false, 1},
		{rnnCase{kind: "simple", seqs: true, zeroOut: true, backwards: true}, false, 1},
		{rnnCase{kind: "simple", state: true, zeroOut: true}, true, 1},
	} {
		name := fmt.Sprintf("%v, training %v", c.rnnCase, c.training)
		var outs [2][]*tensor.Tensor
		for k, plain := range []bool{false, true} {
			c.plain = plain
			l := c.layer()
			if c.training {
				setRecurrentDropout(l, 0.3, 0.3, 5)
			}
			if err := BuildLayer(l, []tensor.Shape{{rnnT, rnnD}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
				t.Fatal(err)
			}
			setRandomWeights(t, l)
			g := graph.New()
			xs := g.Placeholder("x", tensor.Float64, graph.Unknown, rnnT, rnnD)
			ms := g.Placeholder("m", tensor.Float64, graph.Unknown, rnnT)
			out, _, err := CallLayerMasked(NewScope(NewVars(g), tensor.Float64, tensor.NewRNG(1), c.training), l, []*graph.Node{xs}, []*graph.Node{ms})
			if err != nil {
				t.Fatal(err)
			}
			seqOps := 0
			for _, n := range g.Nodes() {
				if strings.HasSuffix(n.Type(), "Sequence") {
					seqOps++
				}
			}
			if want := map[bool]int{false: c.want, true: 0}[plain]; seqOps != want {
				t.Fatalf("%s, plain %v: %d sequence ops, want %d", name, plain, seqOps, want)
			}
			res, err := graph.NewSession(g).Run(graph.Feeds{xs: x, ms: m}, out...)
			if err != nil {
				t.Fatal(err)
			}
			outs[k] = res
		}
		for i := range outs[0] {
			closeValues(t, fmt.Sprintf("%s: output %d", name, i), outs[0][i], outs[1][i].Float64s(), 1e-12)
		}
	}
}
