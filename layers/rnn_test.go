package layers

import (
	"fmt"
	"math"
	"testing"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// rnnWeighted is what the tests read of a recurrent layer.
type rnnWeighted interface {
	recurrentLayer
	Kernel() *Weight
	RecurrentKernel() *Weight
	Bias() *Weight
}

// rnnCase is one configuration of a recurrent layer checked against the
// reference of rnn_ref_test.go.
type rnnCase struct {
	kind        string // "lstm", "gru", "simple"
	resetBefore bool
	noBias      bool
	plain       bool // activations given as functions: the plain-op path
	seqs, state bool
	backwards   bool
	masked      bool
	initial     bool
	zeroOut     bool
}

func (c rnnCase) String() string { type plain rnnCase; return fmt.Sprintf("%+v", plain(c)) }

const (
	rnnB, rnnT, rnnD, rnnU = 2, 3, 3, 2
)

// layer returns a fresh layer of the case.
func (c rnnCase) layer() rnnWeighted {
	var actFn, recFn activations.Func
	if c.plain {
		actFn, _ = activations.Get("tanh")
		recFn, _ = activations.Get("sigmoid")
	}
	switch c.kind {
	case "lstm":
		return &LSTM{Units: rnnU, NoBias: c.noBias, ReturnSequences: c.seqs, ReturnState: c.state,
			GoBackwards: c.backwards, Masked: c.masked, ActivationFn: actFn, RecurrentActivationFn: recFn,
			zeroOutputForMask: c.zeroOut}
	case "gru":
		return &GRU{Units: rnnU, NoBias: c.noBias, ResetBefore: c.resetBefore, ReturnSequences: c.seqs,
			ReturnState: c.state, GoBackwards: c.backwards, Masked: c.masked, ActivationFn: actFn,
			RecurrentActivationFn: recFn, zeroOutputForMask: c.zeroOut}
	default:
		return &SimpleRNN{Units: rnnU, NoBias: c.noBias, ReturnSequences: c.seqs, ReturnState: c.state,
			GoBackwards: c.backwards, Masked: c.masked, ActivationFn: actFn, zeroOutputForMask: c.zeroOut}
	}
}

// states is the number of states of the case's layer.
func (c rnnCase) states() int {
	if c.kind == "lstm" {
		return 2
	}
	return 1
}

// inputs returns the case's inputs in float64: x, the mask, initial states.
func (c rnnCase) inputs() []*tensor.Tensor {
	in := []*tensor.Tensor{randTensor(11, rnnB, rnnT, rnnD)}
	if c.masked {
		// Sample 0 skips its middle step, sample 1 its first.
		in = append(in, tensor.FromSlice([]float64{1, 0, 1, 0, 1, 1}, rnnB, rnnT))
	}
	for i := 0; c.initial && i < c.states(); i++ {
		in = append(in, randTensor(uint64(20+i), rnnB, rnnU))
	}
	return in
}

// setRandomWeights gives l's weights values uniform in [−1, 1).
func setRandomWeights(t *testing.T, l rnnWeighted) {
	t.Helper()
	for i, w := range l.Weights() {
		if err := w.Set(tensor.Cast(randTensor(uint64(30+i), w.Shape()...), w.DType())); err != nil {
			t.Fatal(err)
		}
	}
}

// refOutputs computes the case's expected outputs from l's weights.
func (c rnnCase) refOutputs(l rnnWeighted, in []*tensor.Tensor) []*tensor.Tensor {
	p := refParams{w: f64(l.Kernel()), u: f64(l.RecurrentKernel()), features: rnnD, units: rnnU,
		resetBefore: c.resetBefore, act: math.Tanh, recAct: sigmoid}
	if l.Bias() != nil {
		p.b = f64(l.Bias())
	}
	x := tensor.Cast(in[0], tensor.Float64).Float64s()
	k := 1
	var mask []float64
	if c.masked {
		mask, k = tensor.Cast(in[1], tensor.Float64).Float64s(), 2
	}
	var y []float64
	var hs, cs []float64
	for b := 0; b < rnnB; b++ {
		h, cc := make([]float64, rnnU), make([]float64, rnnU)
		if c.initial {
			h = tensor.Cast(in[k], tensor.Float64).Float64s()[b*rnnU : (b+1)*rnnU]
			if c.kind == "lstm" {
				cc = tensor.Cast(in[k+1], tensor.Float64).Float64s()[b*rnnU : (b+1)*rnnU]
			}
		}
		var m []float64
		if mask != nil {
			m = mask[b*rnnT : (b+1)*rnnT]
		}
		outs, hf, cf := refRun(c.kind, p, x[b*rnnT*rnnD:(b+1)*rnnT*rnnD], rnnT, h, cc, m, c.backwards, c.zeroOut)
		if c.seqs {
			for _, o := range outs {
				y = append(y, o...)
			}
		} else {
			y = append(y, outs[rnnT-1]...)
		}
		hs, cs = append(hs, hf...), append(cs, cf...)
	}
	shape := []int{rnnB, rnnU}
	if c.seqs {
		shape = []int{rnnB, rnnT, rnnU}
	}
	out := []*tensor.Tensor{tensor.FromSlice(y, shape...)}
	if c.state {
		out = append(out, tensor.FromSlice(hs, rnnB, rnnU))
		if c.kind == "lstm" {
			out = append(out, tensor.FromSlice(cs, rnnB, rnnU))
		}
	}
	return out
}

// f64 returns a weight's values as float64.
func f64(w *Weight) []float64 { return tensor.Cast(w.Value(), tensor.Float64).Float64s() }

// shapesOf returns the per-sample shapes of batched tensors.
func shapesOf(in []*tensor.Tensor) []tensor.Shape {
	s := make([]tensor.Shape, len(in))
	for i, x := range in {
		s[i] = x.Shape()[1:]
	}
	return s
}

// rnnCases covers every layer, both GRU modes, both cell paths, and the
// options that change the unrolling.
var rnnCases = []rnnCase{
	{kind: "lstm"},
	{kind: "lstm", seqs: true, state: true, initial: true},
	{kind: "lstm", seqs: true, backwards: true, state: true},
	{kind: "lstm", plain: true, seqs: true, initial: true, state: true},
	{kind: "lstm", masked: true, seqs: true, state: true, initial: true},
	{kind: "lstm", masked: true, seqs: true, zeroOut: true, backwards: true},
	{kind: "lstm", noBias: true, initial: true},
	{kind: "gru"},
	{kind: "gru", seqs: true, state: true, initial: true},
	{kind: "gru", noBias: true, seqs: true, initial: true},
	{kind: "gru", resetBefore: true, noBias: true, state: true},
	{kind: "gru", resetBefore: true, seqs: true, state: true, initial: true},
	{kind: "gru", resetBefore: true, backwards: true},
	{kind: "gru", plain: true, seqs: true, initial: true},
	{kind: "gru", plain: true, resetBefore: true, seqs: true, initial: true},
	{kind: "gru", noBias: true, masked: true, seqs: true},
	{kind: "gru", noBias: true, resetBefore: true, masked: true, initial: true, state: true},
	{kind: "simple", seqs: true, state: true, initial: true, backwards: true},
	{kind: "simple", masked: true, seqs: true},
}

// The layers' outputs match the reference, written from the documented
// equations, in float64 to 1e-12 and in float32 to 2e-6.
func TestRNNMatchesReference(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
		tol := 1e-12
		if dt == tensor.Float32 {
			tol = 2e-6
		}
		for _, c := range rnnCases {
			l := c.layer()
			in := c.inputs()
			if err := BuildLayer(l, shapesOf(in), dt, tensor.NewRNG(1)); err != nil {
				t.Fatal(err)
			}
			setRandomWeights(t, l)
			feeds := make([]*tensor.Tensor, len(in))
			for i, x := range in {
				feeds[i] = tensor.Cast(x, dt)
			}
			h := callBuilt(t, l, NewScope(NewVars(graph.New()), dt, tensor.NewRNG(1), false), shapesOf(in)...)
			got := h.run(feeds...)
			want := c.refOutputs(l, feeds)
			if len(got) != len(want) {
				t.Fatalf("%v: %d outputs, want %d", c, len(got), len(want))
			}
			for i := range want {
				g := tensor.Cast(got[i], tensor.Float64)
				if !g.Shape().Equal(want[i].Shape()) {
					t.Fatalf("%v %v: output %d has shape %v, want %v", c, dt, i, g.Shape(), want[i].Shape())
				}
				for j, v := range want[i].Float64s() {
					if d := math.Abs(g.Float64s()[j] - v); !(d <= tol) {
						t.Fatalf("%v %v: output %d[%d] = %.12g, want %.12g", c, dt, i, j, g.Float64s()[j], v)
					}
				}
			}
		}
	}
}
