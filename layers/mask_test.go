package layers

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// runMasked builds l for the per-sample shapes of in, sets its weights to
// ws, calls it in float64 on in with masks (one per input, nil entries for
// none) and returns its outputs followed by the outputs' masks (nil where
// an output has none).
func runMasked(t *testing.T, l Layer, in, masks []*tensor.Tensor, ws ...*tensor.Tensor) []*tensor.Tensor {
	t.Helper()
	if err := BuildLayer(l, shapesOf(in), tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	if len(l.Weights()) != len(ws) {
		t.Fatalf("%s has %d weights, want %d", l.Type(), len(l.Weights()), len(ws))
	}
	for i, w := range l.Weights() {
		if err := w.Set(ws[i]); err != nil {
			t.Fatal(err)
		}
	}
	return callMasked(t, l, in, masks)
}

// callMasked calls the built layer l on in with masks, as runMasked.
func callMasked(t *testing.T, l Layer, in, masks []*tensor.Tensor) []*tensor.Tensor {
	t.Helper()
	g := graph.New()
	s := NewScope(NewVars(g), tensor.Float64, tensor.NewRNG(1), false)
	feeds := graph.Feeds{}
	xs := make([]*graph.Node, len(in))
	var ms []*graph.Node
	for i, x := range in {
		xs[i] = g.Placeholder("x", tensor.Float64, append([]int{graph.Unknown}, x.Shape()[1:]...)...)
		feeds[xs[i]] = x
		if i < len(masks) && masks[i] != nil {
			if ms == nil {
				ms = make([]*graph.Node, len(in))
			}
			ms[i] = g.Placeholder("m", tensor.Float64, append([]int{graph.Unknown}, masks[i].Shape()[1:]...)...)
			feeds[ms[i]] = masks[i]
		}
	}
	out, outMasks, err := CallLayerMasked(s, l, xs, ms)
	if err != nil {
		t.Fatal(err)
	}
	fetch := append([]*graph.Node{}, out...)
	var at []int
	for i, m := range outMasks {
		if m != nil {
			fetch = append(fetch, m)
			at = append(at, i)
		}
	}
	vals, err := graph.NewSession(g).Run(feeds, fetch...)
	if err != nil {
		t.Fatal(err)
	}
	res := append([]*tensor.Tensor{}, vals[:len(out)]...)
	res = append(res, make([]*tensor.Tensor, len(out))...)
	for k, i := range at {
		res[len(out)+i] = vals[len(out)+k]
	}
	return res
}

// dense22 is a Dense kernel for 2 features and 2 units.
var dense22 = tensor.FromSlice([]float64{0.1, -0.2, 0.3, 0.4}, 2, 2)

// closeValues fails unless got holds want's values within tol.
func closeValues(t *testing.T, what string, got *tensor.Tensor, want []float64, tol float64) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: nil, want %v", what, want)
	}
	g := got.Float64s()
	if len(g) != len(want) {
		t.Fatalf("%s = %v, want %v", what, g, want)
	}
	for i := range want {
		if !(math.Abs(g[i]-want[i]) <= tol) {
			t.Fatalf("%s = %v, want %v (within %g)", what, g, want, tol)
		}
	}
}

// equalValues fails unless got holds want's values exactly.
func equalValues(t *testing.T, what string, got *tensor.Tensor, want []float64) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: nil, want %v", what, want)
	}
	g := got.Float64s()
	if len(g) != len(want) {
		t.Fatalf("%s = %v, want %v", what, g, want)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Fatalf("%s = %v, want %v", what, g, want)
		}
	}
}

// Keras's Masking: a step is masked when all its features equal
// mask_value; masked steps are zeroed and the mask is any(x ≠ mask_value)
// over the features. The values are Keras's, derived from that rule by
// hand: with mask_value −1, step [−1, 3] keeps (one feature differs), step
// [−1, −1] is masked and becomes [0, 0].
func TestMaskingKeras(t *testing.T) {
	x := tensor.FromSlice([]float64{
		1, 2, 0, 0, 3, 0,
		0, 0, 0, 0, 5, 6,
	}, 2, 3, 2)
	out := runMasked(t, &Masking{}, []*tensor.Tensor{x}, nil)
	equalValues(t, "output", out[0], x.Float64s())
	equalValues(t, "mask", out[1], []float64{1, 0, 1, 0, 0, 1})
	if !out[1].Shape().Equal(tensor.Shape{2, 3}) {
		t.Fatalf("mask shape %v, want (2, 3)", out[1].Shape())
	}

	y := tensor.FromSlice([]float64{-1, 3, -1, -1, 2, 2}, 1, 3, 2)
	out = runMasked(t, &Masking{MaskValue: -1}, []*tensor.Tensor{y}, nil)
	equalValues(t, "output (−1)", out[0], []float64{-1, 3, 0, 0, 2, 2})
	equalValues(t, "mask (−1)", out[1], []float64{1, 0, 1})

	wantErr(t, "rank", BuildLayer(&Masking{}, []tensor.Shape{{}}, tensor.Float64, nil), "Masking", "features")
}

// The mask rules: a MaskSupporter (Dense) passes its input's mask on, a
// layer that does not support masking (Flatten) drops it, merge layers
// take the union of their inputs' masks when all have one, and
// Concatenate counts an input without a mask as all ones.
func TestMaskPropagationRules(t *testing.T) {
	x := randTensor(3, 2, 3, 2)
	m := tensor.FromSlice([]float64{1, 1, 0, 1, 0, 0}, 2, 3)
	n := tensor.FromSlice([]float64{1, 0, 0, 0, 1, 0}, 2, 3)

	out := runMasked(t, &Dense{Units: 2}, []*tensor.Tensor{x}, []*tensor.Tensor{m}, dense22, testBias)
	equalValues(t, "Dense mask", out[1], m.Float64s())
	out = runMasked(t, &Flatten{}, []*tensor.Tensor{x}, []*tensor.Tensor{m})
	if out[1] != nil {
		t.Errorf("Flatten passed a mask on: %v", out[1])
	}
	out = runMasked(t, &Add{}, []*tensor.Tensor{x, x}, []*tensor.Tensor{m, n})
	equalValues(t, "Add mask", out[1], []float64{1, 1, 0, 1, 1, 0})
	out = runMasked(t, &Add{}, []*tensor.Tensor{x, x}, []*tensor.Tensor{m, nil})
	if out[1] != nil {
		t.Errorf("Add with one mask gave a mask: %v", out[1])
	}
	out = runMasked(t, &Concatenate{}, []*tensor.Tensor{x, x}, []*tensor.Tensor{m, n})
	equalValues(t, "Concatenate mask", out[1], []float64{1, 1, 0, 1, 1, 0})
	out = runMasked(t, &Concatenate{}, []*tensor.Tensor{x, x}, []*tensor.Tensor{m, nil})
	equalValues(t, "Concatenate mask, one input unmasked", out[1], []float64{1, 1, 1, 1, 1, 1})
	out = runMasked(t, &Concatenate{Axis: 1}, []*tensor.Tensor{x, x}, []*tensor.Tensor{m, nil})
	equalValues(t, "Concatenate mask along time", out[1], []float64{1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1})
	out = runMasked(t, &TimeDistributed{Layer: &Dense{Units: 2}}, []*tensor.Tensor{x}, []*tensor.Tensor{m}, dense22, testBias)
	equalValues(t, "TimeDistributed mask", out[1], m.Float64s())
}

// A recurrent layer uses the mask its sequence carries exactly as the
// explicit mask input of Masked (bit for bit where both unroll the steps;
// within 1e-12 for a fused LSTM or GRU from a zero state, whose implicit
// mask runs on LSTMSequenceMasked or GRUSequenceMasked while the
// explicit, differentiable input unrolls), and passes it on with
// ReturnSequences only.
func TestRNNImplicitMaskMatchesExplicit(t *testing.T) {
	for _, c := range rnnCases {
		if !c.masked {
			continue
		}
		explicit := c.layer()
		in := c.inputs()
		want := runMasked(t, explicit, in, nil, weightValues(t, explicit, shapesOf(in))...)
		ic := c
		ic.masked = false
		implicit := ic.layer()
		seq := append([]*tensor.Tensor{in[0]}, in[2:]...)
		got := runMasked(t, implicit, seq, []*tensor.Tensor{in[1]}, weightValues(t, implicit, shapesOf(seq))...)
		nOut := len(got) / 2
		onSequenceOp := (c.kind == "lstm" || c.kind == "gru") && !c.plain && !c.initial
		for i := 0; i < nOut; i++ {
			if onSequenceOp {
				closeValues(t, c.String()+" output", got[i], want[i].Float64s(), 1e-12)
			} else {
				equalValues(t, c.String()+" output", got[i], want[i].Float64s())
			}
		}
		if c.seqs {
			equalValues(t, c.String()+" output mask", got[nOut], in[1].Float64s())
		} else if got[nOut] != nil {
			t.Errorf("%v: the last-step output carries a mask", c)
		}
		for i := nOut + 1; i < len(got); i++ {
			if got[i] != nil {
				t.Errorf("%v: state %d carries a mask", c, i-nOut)
			}
		}
	}
}

// weightValues builds l and returns the random weights setRandomWeights
// gives (by index, so two layers of one case get the same).
func weightValues(t *testing.T, l rnnWeighted, shapes []tensor.Shape) []*tensor.Tensor {
	t.Helper()
	if err := BuildLayer(l, shapes, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	var ws []*tensor.Tensor
	for i, w := range l.Weights() {
		ws = append(ws, randTensor(uint64(30+i), w.Shape()...))
	}
	return ws
}

// Bidirectional gives the sequence's mask to both directions (the same
// outputs as with the explicit mask input) and passes it on with
// ReturnSequences, to both outputs with MergeMode "none".
func TestBidirectionalImplicitMask(t *testing.T) {
	x := randTensor(11, rnnB, rnnT, rnnD)
	m := tensor.FromSlice([]float64{1, 1, 0, 1, 0, 0}, rnnB, rnnT)
	for _, mode := range []string{"", "none"} {
		explicit := &Bidirectional{Layer: &GRU{Units: rnnU, ReturnSequences: true, Masked: true}, MergeMode: mode}
		if err := BuildLayer(explicit, []tensor.Shape{{rnnT, rnnD}, {rnnT}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
			t.Fatal(err)
		}
		var ws []*tensor.Tensor
		for i, w := range explicit.Weights() {
			ws = append(ws, randTensor(uint64(40+i), w.Shape()...))
			if err := w.Set(ws[i]); err != nil {
				t.Fatal(err)
			}
		}
		want := callMasked(t, explicit, []*tensor.Tensor{x, m}, nil)
		implicit := &Bidirectional{Layer: &GRU{Units: rnnU, ReturnSequences: true}, MergeMode: mode}
		got := runMasked(t, implicit, []*tensor.Tensor{x}, []*tensor.Tensor{m}, ws...)
		n := len(got) / 2
		for i := 0; i < n; i++ {
			equalValues(t, "Bidirectional "+mode, got[i], want[i].Float64s())
			equalValues(t, "Bidirectional mask "+mode, got[n+i], m.Float64s())
		}
		// A masked step of the merged sequence is zeros (Keras forces
		// zero_output_for_mask there): sample 1, steps 1 and 2.
		if mode == "" {
			for _, v := range got[0].Float64s()[(rnnT+1)*2*rnnU:] {
				if v != 0 {
					t.Fatalf("masked steps output %v, want zeros", got[0].Float64s())
				}
			}
		}
	}
}

// GlobalAveragePooling1D averages only the steps its input's mask keeps,
// as Keras: (1 + 3)/2 and (2 + 4)/2 for sample 0, the single kept step for
// sample 1; the output carries no mask.
func TestGlobalAveragePooling1DMask(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, 9, 9, 3, 4, 5, 6, 7, 7, 8, 8}, 2, 3, 2)
	m := tensor.FromSlice([]float64{1, 0, 1, 1, 0, 0}, 2, 3)
	out := runMasked(t, &GlobalAveragePooling1D{}, []*tensor.Tensor{x}, []*tensor.Tensor{m})
	equalValues(t, "pooled", out[0], []float64{2, 3, 5, 6})
	if out[1] != nil {
		t.Errorf("the pooled output carries a mask")
	}
	out = runMasked(t, &GlobalAveragePooling1D{DataFormat: "channels_first"},
		[]*tensor.Tensor{tensor.Transpose(x, 0, 2, 1)}, []*tensor.Tensor{m})
	equalValues(t, "pooled, channels first", out[0], []float64{2, 3, 5, 6})
}

// A mask that does not fit a recurrent layer's sequence is an error naming
// the layer and both shapes.
func TestRNNMaskShapeError(t *testing.T) {
	l := &LSTM{Units: 2}
	if err := BuildLayer(l, []tensor.Shape{{3, 2}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	g := graph.New()
	s := NewScope(NewVars(g), tensor.Float64, tensor.NewRNG(1), false)
	x := g.Placeholder("x", tensor.Float64, graph.Unknown, 3, 2)
	m := g.Placeholder("m", tensor.Float64, graph.Unknown, 4)
	_, _, err := CallLayerMasked(s, l, []*graph.Node{x}, []*graph.Node{m})
	wantErr(t, "mask shape", err, "LSTM", "(None, 3)", "(None, 4)")
}
