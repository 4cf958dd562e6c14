package models

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// paddedIDs are four sequences of ids of lengths 6, 4, 2 and 3 in one
// batch of 6 steps: the 4 and the 2 padded with 0 at the end, the 3 at the
// start (Keras's pad_sequences with padding "pre").
var paddedIDs = [][]float64{
	{3, 1, 4, 1, 5, 9},
	{2, 6, 5, 3, 0, 0},
	{5, 8, 0, 0, 0, 0},
	{0, 0, 0, 9, 7, 9},
}

// unpad returns a sequence without its padding.
func unpad(s []float64) []float64 {
	var out []float64
	for _, v := range s {
		if v != 0 {
			out = append(out, v)
		}
	}
	return out
}

// rows stacks sequences of one length into a (n, len) tensor, or a
// (n, len, 1) one with features.
func rows(seqs [][]float64, features bool) *tensor.Tensor {
	var flat []float64
	for _, s := range seqs {
		flat = append(flat, s...)
	}
	if features {
		return tensor.FromSlice(flat, len(seqs), len(seqs[0]), 1)
	}
	return tensor.FromSlice(flat, len(seqs), len(seqs[0]))
}

// checkPaddedMatchesUnpadded builds, in float64, make(steps) for the padded
// batch and, with the same weights, for each sequence unpadded, and checks
// that each sample's prediction in the padded batch is its unpadded
// prediction (to 1e-12: a masked step blends states as old + m·(new − old),
// which rounds differently from new). features feeds the ids as one
// feature per step (for Masking).
func checkPaddedMatchesUnpadded(t *testing.T, features bool, make func(steps int) []layers.Layer) {
	t.Helper()
	padded := MustSequential(make(6)...)
	padded.DType, padded.Seed = tensor.Float64, 5
	p, err := padded.Predict(rows(paddedIDs, features), PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	per := p.Size() / len(paddedIDs)
	for i, s := range paddedIDs {
		u := unpad(s)
		single := MustSequential(make(len(u))...)
		single.DType = tensor.Float64
		if err := single.BuildFor(); err != nil {
			t.Fatal(err)
		}
		if err := single.SetWeights(padded.WeightValues()); err != nil {
			t.Fatal(err)
		}
		q, err := single.Predict(rows([][]float64{u}, features), PredictOptions{Verbose: Silent})
		if err != nil {
			t.Fatal(err)
		}
		got := p.Float64s()[i*per : (i+1)*per]
		for j, want := range q.Float64s() {
			if math.Abs(got[j]-want) > 1e-12 {
				t.Fatalf("sample %d: padded %v, unpadded %v", i, got, q.Float64s())
			}
		}
	}
}

// A Sequential Embedding(MaskZero) + LSTM model skips the padding: each
// sample of a padded batch predicts what it predicts alone, unpadded; so
// does a Dense between the two (the mask passes through it), and a GRU
// after a Masking layer on float features.
func TestSequentialMaskedMatchesUnpadded(t *testing.T) {
	checkPaddedMatchesUnpadded(t, false, func(steps int) []layers.Layer {
		return []layers.Layer{&layers.Embedding{InputDim: 10, OutputDim: 4, MaskZero: true, InputShape: []int{steps}},
			&layers.LSTM{Units: 3}}
	})
	checkPaddedMatchesUnpadded(t, false, func(steps int) []layers.Layer {
		return []layers.Layer{&layers.Embedding{InputDim: 10, OutputDim: 4, MaskZero: true, InputShape: []int{steps}},
			&layers.Dense{Units: 5, Activation: "tanh"}, &layers.Dropout{Rate: 0.5}, &layers.LSTM{Units: 3}}
	})
	checkPaddedMatchesUnpadded(t, true, func(steps int) []layers.Layer {
		return []layers.Layer{&layers.Masking{InputShape: []int{steps, 1}}, &layers.LSTM{Units: 3}}
	})
	checkPaddedMatchesUnpadded(t, true, func(steps int) []layers.Layer {
		return []layers.Layer{&layers.Masking{InputShape: []int{steps, 1}}, &layers.GRU{Units: 2}}
	})
}

// Bidirectional with the Embedding's mask: the last-step outputs of a
// padded batch are the unpadded ones (the backward layer starts at the
// last real step), and with ReturnSequences the real steps of a sequence
// padded at the end are its unpadded outputs, the padded steps zeros.
func TestBidirectionalMaskedMatchesUnpadded(t *testing.T) {
	checkPaddedMatchesUnpadded(t, false, func(steps int) []layers.Layer {
		return []layers.Layer{&layers.Embedding{InputDim: 10, OutputDim: 4, MaskZero: true, InputShape: []int{steps}},
			&layers.Bidirectional{Layer: &layers.LSTM{Units: 3}}}
	})
	seqModel := func(steps int) *Sequential {
		m := MustSequential(&layers.Embedding{InputDim: 10, OutputDim: 4, MaskZero: true, InputShape: []int{steps}},
			&layers.Bidirectional{Layer: &layers.GRU{Units: 2, ReturnSequences: true}})
		m.DType, m.Seed = tensor.Float64, 8
		return m
	}
	padded := seqModel(6)
	p, err := padded.Predict(rows(paddedIDs, false), PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	const width = 4 // 2 units each way
	for i := 1; i <= 2; i++ {
		u := unpad(paddedIDs[i])
		single := seqModel(len(u))
		if err := single.BuildFor(); err != nil {
			t.Fatal(err)
		}
		if err := single.SetWeights(padded.WeightValues()); err != nil {
			t.Fatal(err)
		}
		q, err := single.Predict(rows([][]float64{u}, false), PredictOptions{Verbose: Silent})
		if err != nil {
			t.Fatal(err)
		}
		got := p.Float64s()[i*6*width : (i+1)*6*width]
		for j, v := range got {
			want := 0.0
			if j < len(u)*width {
				want = q.Float64s()[j]
			}
			if math.Abs(v-want) > 1e-12 {
				t.Fatalf("sample %d: padded %v, unpadded %v", i, got, q.Float64s())
			}
		}
	}
}

// maskedSeqModel is Masking + LSTM(1 unit, ReturnSequences) with weights
// that make its outputs easy to derive by hand: kernels zero and bias
// (i, f, c, o) = (0, 0, 1, 0), so every gate is σ(0) = ½ and g = tanh 1
// whatever the input: c₁ = ½·tanh 1, h₁ = ½·tanh c₁, c₂ = ½·c₁ + ½·tanh 1,
// h₂ = ½·tanh c₂. A masked step repeats the previous output.
func maskedSeqModel(t *testing.T, metric metrics.Metric) (*Sequential, float64, float64) {
	t.Helper()
	m := MustSequential(&layers.Masking{InputShape: []int{3, 1}},
		&layers.LSTM{Units: 1, ReturnSequences: true, NoUnitForgetBias: true})
	m.DType, m.Seed = tensor.Float64, 3
	if err := m.Compile(&optimizers.SGD{}, losses.MeanSquaredError{}, metric); err != nil {
		t.Fatal(err)
	}
	if err := m.BuildFor(); err != nil {
		t.Fatal(err)
	}
	w := []*tensor.Tensor{
		tensor.New(tensor.Float64, 1, 4), tensor.New(tensor.Float64, 1, 4),
		tensor.FromSlice([]float64{0, 0, 1, 0}),
	}
	if err := m.SetWeights(w); err != nil {
		t.Fatal(err)
	}
	c1 := 0.5 * math.Tanh(1)
	c2 := 0.5*c1 + 0.5*math.Tanh(1)
	return m, 0.5 * math.Tanh(c1), 0.5 * math.Tanh(c2)
}

// The loss and metrics of a ReturnSequences output leave out the padded
// steps, as Keras's mask on y_pred does: sample 0 has 2 real steps, sample
// 1 one, and the labels of the padded steps (9) would dominate otherwise.
// By hand: MSE = ((h₁−.1)² + (h₂−.2)² + (h₁−.3)²)/3 over the 3 real steps;
// with sample weights (2, 1) the weighted sum over the same count, 3
// (Keras divides by the unmasked count, not by the weights); the masked
// MAE is accumulated over the epoch, so it is the same with batches of 1,
// while the loss is the mean of the batches' losses, as in Keras.
func TestMaskedLossAndMetricsIgnorePadding(t *testing.T) {
	m, h1, h2 := maskedSeqModel(t, metrics.MeanAbsoluteError{})
	x := tensor.FromSlice([]float64{1, 1, 0, 1, 0, 0}, 2, 3, 1)
	y := tensor.FromSlice([]float64{0.1, 0.2, 9, 0.3, 9, 9}, 2, 3, 1)
	p, err := m.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{h1, h2, h2, h1, h1, h1} {
		if math.Abs(p.Float64s()[i]-want) > 1e-15 {
			t.Fatalf("predictions %v, want h₁ = %v, h₂ = %v", p.Float64s(), h1, h2)
		}
	}
	sq := func(v float64) float64 { return v * v }
	e1, e2, e3 := h1-0.1, h2-0.2, h1-0.3
	wantMAE := (math.Abs(e1) + math.Abs(e2) + math.Abs(e3)) / 3
	check := func(what string, got []float64, loss, mae float64) {
		t.Helper()
		if math.Abs(got[0]-loss) > 1e-12 || math.Abs(got[1]-mae) > 1e-12 {
			t.Errorf("%s: [loss mae] = %v, want [%v %v]", what, got, loss, mae)
		}
	}
	got, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	check("one batch", got, (sq(e1)+sq(e2)+sq(e3))/3, wantMAE)
	got, err = m.Evaluate(x, y, EvaluateOptions{Verbose: Silent, BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	check("batches of 1", got, ((sq(e1)+sq(e2))/2+sq(e3))/2, wantMAE)
	got, err = m.Evaluate(x, y, EvaluateOptions{Verbose: Silent, SampleWeight: tensor.FromSlice([]float64{2, 1})})
	if err != nil {
		t.Fatal(err)
	}
	check("sample weights", got, (2*sq(e1)+2*sq(e2)+sq(e3))/3, wantMAE)
	got, err = m.TrainOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	check("training step", got, (sq(e1)+sq(e2)+sq(e3))/3, wantMAE)
}

// A metric that cannot leave masked entries out (Precision accumulates
// counts, not per-sample values) on a masked output is an error naming it,
// never a value that silently counts the padding.
func TestMaskedOutputRefusesUnmaskableMetric(t *testing.T) {
	m := MustSequential(&layers.Masking{InputShape: []int{3, 1}},
		&layers.LSTM{Units: 1, ReturnSequences: true, Activation: "sigmoid"})
	if err := m.Compile(&optimizers.SGD{}, losses.BinaryCrossentropy{}, metrics.Precision{}); err != nil {
		t.Fatal(err)
	}
	x := tensor.FromSlice([]float32{1, 1, 0}, 1, 3, 1)
	_, err := m.Evaluate(x, x, EvaluateOptions{Verbose: Silent})
	if err == nil || !strings.Contains(err.Error(), "precision") || !strings.Contains(err.Error(), "mask") {
		t.Fatalf("error %v, want one naming precision and the mask", err)
	}
}

// A masked model (Embedding with MaskZero, Bidirectional LSTM with
// ReturnSequences, a Dense per step) trains, saves and
// loads: the loaded model predicts bit for bit the same, and its masks
// still apply (the padded steps' loss is left out alike).
func TestMaskedModelRoundTrip(t *testing.T) {
	ids := layers.Input(6)
	h := layers.Call(&layers.Embedding{InputDim: 10, OutputDim: 4, MaskZero: true}, ids)
	h = layers.Call(&layers.Bidirectional{Layer: &layers.LSTM{Units: 3, ReturnSequences: true}}, h)
	out := layers.Call(&layers.TimeDistributed{Layer: &layers.Dense{Units: 1}}, h)
	m, err := NewModel([]*layers.Tensor{ids}, []*layers.Tensor{out})
	if err != nil {
		t.Fatal(err)
	}
	m.Seed = 21
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.01}, losses.MeanSquaredError{}, metrics.MeanAbsoluteError{}); err != nil {
		t.Fatal(err)
	}
	x := rows(paddedIDs, false)
	x = tensor.Cast(x, tensor.Float32)
	y := layerData([]int{6, 1}, 0, 4, 9)
	if _, err := m.Fit(x, y, FitOptions{Epochs: 2, BatchSize: 2, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	loaded := saveLoad(t, m)
	p1, err := m.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := loaded.Predict(x, PredictOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if bits(p1) != bits(p2) {
		t.Fatal("the loaded model predicts differently")
	}
	e1, err := m.Evaluate(x, y, EvaluateOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	// Labels changed only at padded steps leave the loss unchanged.
	y2 := y.Clone()
	y2.Float32s()[2*6+5] = 100
	e2, err := loaded.Evaluate(x, y2, EvaluateOptions{Verbose: Silent})
	if err != nil {
		t.Fatal(err)
	}
	if e1[0] != e2[0] || e1[1] != e2[1] {
		t.Fatalf("evaluate %v before saving, %v after with other padded labels", e1, e2)
	}
}

// A steady-state training step of a masked sequence model allocates
// nothing on the Go heap.
func TestMaskedTrainOnBatchAllocatesNothing(t *testing.T) {
	m, _, _ := maskedSeqModel(t, metrics.MeanAbsoluteError{})
	x := tensor.FromSlice([]float64{1, 1, 0, 1, 0, 0}, 2, 3, 1)
	y := tensor.FromSlice([]float64{0.1, 0.2, 9, 0.3, 9, 9}, 2, 3, 1)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	got := testing.AllocsPerRun(50, func() {
		if _, err := m.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	})
	if got != 0 {
		t.Fatalf("a steady-state masked TrainOnBatch allocates %v times, want 0", got)
	}
}
