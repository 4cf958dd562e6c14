package layers

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Embedding gathers the table's rows at the ids (given as floats, as
// models feed them) and, with MaskZero, gives its output the mask ids ≠ 0.
func TestEmbedding(t *testing.T) {
	e := &Embedding{InputDim: 4, OutputDim: 2, MaskZero: true}
	table := tensor.FromSlice([]float64{0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5}, 4, 2)
	out := runMasked(t, e, []*tensor.Tensor{tensor.FromSlice([]float64{3, 0, 1, 2, 2, 0}, 2, 3)}, nil, table)
	want := []float64{3, 3.5, 0, 0.5, 1, 1.5, 2, 2.5, 2, 2.5, 0, 0.5}
	if !out[0].Shape().Equal(tensor.Shape{2, 3, 2}) {
		t.Fatalf("shape %v", out[0].Shape())
	}
	for i, v := range want {
		if out[0].Float64s()[i] != v {
			t.Fatalf("embeddings %v, want %v", out[0].Float64s(), want)
		}
	}
	for i, v := range []float64{1, 0, 1, 1, 1, 0} {
		if out[1].Float64s()[i] != v {
			t.Fatalf("mask %v", out[1].Float64s())
		}
	}
	d := &Embedding{InputDim: 50, OutputDim: 3}
	if err := BuildLayer(d, []tensor.Shape{{5}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	for _, v := range d.Embeddings().Value().Float64s() {
		if v < -0.05 || v >= 0.05 {
			t.Fatalf("default initializer gave %v, outside Keras's uniform [-0.05, 0.05)", v)
		}
	}
	wantErr(t, "dims", (&Embedding{InputDim: 3}).Validate(), "output_dim must be positive")
	h := buildAndCall(t, &Embedding{InputDim: 3, OutputDim: 2}, tensor.Float64, false, tensor.Shape{2})
	if _, err := graph.NewSession(h.g).Run(graph.Feeds{h.in[0]: tensor.FromSlice([]float64{1, 3}, 1, 2)}, h.out...); err == nil {
		t.Error("id 3 of a vocabulary of 3: no error")
	}
}

// TimeDistributed(Dense) is Dense applied to each step with one kernel.
func TestTimeDistributedDense(t *testing.T) {
	d := &Dense{Units: 2}
	td := &TimeDistributed{Layer: d}
	x := randTensor(5, 2, 3, 3)
	out := runWith(t, td, []*tensor.Tensor{x}, testKernel, testBias)[0]
	if !out.Shape().Equal(tensor.Shape{2, 3, 2}) {
		t.Fatalf("shape %v", out.Shape())
	}
	for r := 0; r < 6; r++ {
		for j := 0; j < 2; j++ {
			want := testBias.Float64s()[j]
			for k := 0; k < 3; k++ {
				want += x.Float64s()[r*3+k] * testKernel.Float64s()[k*2+j]
			}
			if got := out.Float64s()[r*2+j]; math.Abs(got-want) > 1e-12 {
				t.Fatalf("row %d unit %d: %v, want %v", r, j, got, want)
			}
		}
	}
	if len(td.Weights()) != 2 || td.Weights()[0] != d.Kernel() {
		t.Error("TimeDistributed does not expose the Dense weights")
	}
	wantErr(t, "no layer", (&TimeDistributed{}).Validate(), "needs a Layer")
	wantErr(t, "two outputs", BuildLayer(&TimeDistributed{Layer: &LSTM{Units: 2, ReturnState: true}}, []tensor.Shape{{4, 3, 2}}, tensor.Float64, nil), "3 outputs")
}

// Bidirectional matches the reference run forwards and backwards, with
// the backward sequence put back in time order, for every merge mode, and
// with masks (masked steps output zeros with ReturnSequences).
func TestBidirectionalMatchesReference(t *testing.T) {
	for _, mode := range []string{"", "sum", "mul", "ave", "none"} {
		for _, c := range []rnnCase{{kind: "lstm", seqs: true, state: true}, {kind: "gru", masked: true, seqs: true}, {kind: "simple", masked: true}} {
			b := &Bidirectional{Layer: c.layer(), MergeMode: mode}
			in := c.inputs()
			if err := BuildLayer(b, shapesOf(in), tensor.Float64, tensor.NewRNG(1)); err != nil {
				t.Fatal(err)
			}
			for i, w := range b.Weights() {
				if err := w.Set(randTensor(uint64(80+i), w.Shape()...)); err != nil {
					t.Fatal(err)
				}
			}
			got := callBuilt(t, b, NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false), shapesOf(in)...).run(in...)
			fc, bc := c, c
			fc.zeroOut, bc.zeroOut, bc.backwards = c.seqs, c.seqs, true
			fw := fc.refOutputs(b.Forward().(rnnWeighted), in)
			bw := bc.refOutputs(b.Backward().(rnnWeighted), in)
			y, yr := fw[0].Float64s(), bw[0].Float64s()
			if c.seqs { // back to forward time order
				r := make([]float64, len(yr))
				for s := 0; s < rnnB; s++ {
					for k := 0; k < rnnT; k++ {
						copy(r[(s*rnnT+k)*rnnU:(s*rnnT+k+1)*rnnU], yr[(s*rnnT+rnnT-1-k)*rnnU:(s*rnnT+rnnT-k)*rnnU])
					}
				}
				yr = r
			}
			check := func(what string, got []float64, want func(i int) float64) {
				for i := range got {
					if w := want(i); math.Abs(got[i]-w) > 1e-12 {
						t.Fatalf("%v mode %q: %s[%d] = %v, want %v", c, mode, what, i, got[i], w)
					}
				}
			}
			rows := len(y) / rnnU
			switch mode {
			case "":
				check("concat", got[0].Float64s(), func(i int) float64 {
					r, j := i/(2*rnnU), i%(2*rnnU)
					if j < rnnU {
						return y[r*rnnU+j]
					}
					return yr[r*rnnU+j-rnnU]
				})
				if rows*2*rnnU != len(got[0].Float64s()) {
					t.Fatalf("concat has %d values", len(got[0].Float64s()))
				}
			case "sum":
				check("sum", got[0].Float64s(), func(i int) float64 { return y[i] + yr[i] })
			case "mul":
				check("mul", got[0].Float64s(), func(i int) float64 { return y[i] * yr[i] })
			case "ave":
				check("ave", got[0].Float64s(), func(i int) float64 { return (y[i] + yr[i]) / 2 })
			case "none":
				check("forward", got[0].Float64s(), func(i int) float64 { return y[i] })
				check("backward", got[1].Float64s(), func(i int) float64 { return yr[i] })
			}
			if c.state {
				n := len(got) - 2*c.states()
				check("forward h", got[n].Float64s(), func(i int) float64 { return fw[1].Float64s()[i] })
				check("backward c", got[len(got)-1].Float64s(), func(i int) float64 { return bw[2].Float64s()[i] })
			}
		}
	}
}

// Gradients through Bidirectional (both directions, initial states of
// both) agree with central differences.
func TestBidirectionalGradients(t *testing.T) {
	c := rnnCase{kind: "gru", seqs: true, state: true}
	b := &Bidirectional{Layer: c.layer()}
	in := []*tensor.Tensor{randTensor(11, rnnB, rnnT, rnnD), randTensor(12, rnnB, rnnU), randTensor(13, rnnB, rnnU)}
	if err := BuildLayer(b, shapesOf(in), tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	for i, w := range b.Weights() {
		if err := w.Set(randTensor(uint64(80+i), w.Shape()...)); err != nil {
			t.Fatal(err)
		}
	}
	checkRNNGradients(t, "Bidirectional(GRU)", b, in)
}

// Bidirectional names and checks its layers.
func TestBidirectionalConfig(t *testing.T) {
	b := &Bidirectional{Layer: &SimpleRNN{Units: 2}}
	if err := BuildLayer(b, []tensor.Shape{{3, 4}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	names := []string{"bidirectional/forward_simple_rnn/kernel", "bidirectional/forward_simple_rnn/recurrent_kernel",
		"bidirectional/forward_simple_rnn/bias", "bidirectional/backward_simple_rnn/kernel"}
	for i, n := range names {
		if b.Weights()[i].Name != n {
			t.Errorf("weight %d is %s, want %s", i, b.Weights()[i].Name, n)
		}
	}
	wantErr(t, "mode", (&Bidirectional{Layer: &LSTM{Units: 2}, MergeMode: "max"}).Validate(), "merge mode")
	wantErr(t, "not recurrent", (&Bidirectional{Layer: &Dense{Units: 2}}).Validate(), "SimpleRNN, LSTM or GRU")
	wantErr(t, "same direction", (&Bidirectional{Layer: &LSTM{Units: 2}, BackwardLayer: &LSTM{Units: 2}}).Validate(), "other way")
	s, err := (&Bidirectional{Layer: &LSTM{Units: 3, ReturnSequences: true, ReturnState: true}}).OutputShapes([]tensor.Shape{{5, 2}})
	if err != nil || len(s) != 5 || !s[0].Equal(tensor.Shape{5, 6}) || !s[4].Equal(tensor.Shape{3}) {
		t.Errorf("OutputShapes = %v, %v", s, err)
	}
}
