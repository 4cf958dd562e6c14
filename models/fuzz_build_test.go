//go:build !(386 || arm || mips || mipsle)

// These tests use sizes beyond a 32-bit int.

package models_test

import (
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// fuzzBytes hands out the fuzzer's bytes as small choices; once they run
// out every choice is 0.
type fuzzBytes struct{ b []byte }

// next returns the next byte, or 0.
func (f *fuzzBytes) next() byte {
	if len(f.b) == 0 {
		return 0
	}
	c := f.b[0]
	f.b = f.b[1:]
	return c
}

// intIn returns an int in [lo, hi].
func (f *fuzzBytes) intIn(lo, hi int) int { return lo + int(f.next())%(hi-lo+1) }

// size returns an int in [lo, hi], or now and then a size no machine can
// allocate, which must be refused with an error.
func (f *fuzzBytes) size(lo, hi int) int {
	c := f.next()
	if c >= 0xfc {
		return []int{1 << 40, 1 << 62, math.MaxInt, math.MinInt}[c-0xfc]
	}
	return lo + int(c)%(hi-lo+1)
}

// flag returns a bool.
func (f *fuzzBytes) flag() bool { return f.next()&1 == 1 }

// pick returns one of the choices.
func pick[T any](f *fuzzBytes, choices ...T) T { return choices[int(f.next())%len(choices)] }

// pair returns two ints in [lo, hi].
func (f *fuzzBytes) pair(lo, hi int) [2]int { return [2]int{f.intIn(lo, hi), f.intIn(lo, hi)} }

// dims returns up to n ints in [lo, hi].
func (f *fuzzBytes) dims(n, lo, hi int) []int {
	d := make([]int, f.intIn(0, n))
	for i := range d {
		d[i] = f.size(lo, hi)
	}
	return d
}

// The configuration values the fuzzer chooses from: valid ones, Keras's
// defaults (zero values) and invalid ones.
var (
	fuzzActs     = []string{"", "relu", "softmax", "tanh", "sigmoid", "linear", "gelu", "nope"}
	fuzzPads     = []string{"", "valid", "same", "causal", "full"}
	fuzzRates    = []float64{0, 0.25, 0.5, 0.99, 1, -0.1, 1.5, math.NaN()}
	fuzzFloats   = []float64{0, 1e-3, 0.5, 0.99, 1, -1, math.Inf(1), math.NaN()}
	fuzzMerge    = []string{"", "concat", "sum", "mul", "ave", "none", "bad"}
	fuzzLosses   = []string{"mse", "mae", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"}
	fuzzOptimize = []string{"sgd", "adam", "rmsprop"}
)

// fuzzRecurrent returns an LSTM, GRU or SimpleRNN.
func fuzzRecurrent(f *fuzzBytes) layers.Layer {
	units, seq, back := f.size(-1, 4), f.flag(), f.flag()
	drop := pick(f, fuzzRates...)
	switch f.intIn(0, 2) {
	case 0:
		return &layers.LSTM{Units: units, ReturnSequences: seq, GoBackwards: back, Dropout: drop}
	case 1:
		return &layers.GRU{Units: units, ReturnSequences: seq, GoBackwards: back, RecurrentDropout: drop}
	}
	return &layers.SimpleRNN{Units: units, ReturnSequences: seq, GoBackwards: back, Activation: pick(f, fuzzActs...)}
}

// fuzzLayer returns a layer of a kind and configuration chosen by f.
func fuzzLayer(f *fuzzBytes) layers.Layer {
	switch f.intIn(0, 27) {
	case 0:
		return &layers.Dense{Units: f.size(-1, 6), Activation: pick(f, fuzzActs...), NoBias: f.flag()}
	case 1:
		return &layers.Dropout{Rate: pick(f, fuzzRates...), Seed: uint64(f.next())}
	case 2:
		return &layers.Activation{Fn: pick(f, fuzzActs...)}
	case 3:
		return &layers.Flatten{}
	case 4:
		return &layers.Conv2D{Filters: f.size(-1, 3), KernelSize: f.pair(0, 3), Strides: f.pair(0, 2),
			Padding: pick(f, fuzzPads...), DilationRate: f.pair(0, 2), Groups: f.intIn(0, 2)}
	case 5:
		return &layers.MaxPooling2D{PoolSize: f.pair(-1, 3), Strides: f.pair(-1, 2), Padding: pick(f, fuzzPads...)}
	case 6:
		return &layers.Reshape{TargetShape: f.dims(3, -2, 6)}
	case 7:
		return &layers.BatchNormalization{Axis: f.intIn(-4, 3), Momentum: pick(f, fuzzFloats...), Epsilon: pick(f, fuzzFloats...)}
	case 8, 9:
		return fuzzRecurrent(f)
	case 10:
		return &layers.Conv1D{Filters: f.size(-1, 3), KernelSize: f.intIn(0, 3), Strides: f.intIn(0, 2),
			Padding: pick(f, fuzzPads...), DilationRate: f.intIn(0, 2)}
	case 11:
		return &layers.MaxPooling1D{PoolSize: f.intIn(-1, 3), Strides: f.intIn(-1, 2), Padding: pick(f, fuzzPads...)}
	case 12:
		return &layers.GlobalAveragePooling2D{KeepDims: f.flag()}
	case 13:
		return &layers.LayerNormalization{Axis: f.intIn(-4, 3), Epsilon: pick(f, fuzzFloats...)}
	case 14:
		return &layers.Embedding{InputDim: f.size(-1, 8), OutputDim: f.size(-1, 4), MaskZero: f.flag()}
	case 15:
		return &layers.UpSampling2D{Size: [2]int{f.size(-1, 2), f.size(-1, 2)}, Interpolation: pick(f, "", "nearest", "bilinear", "cubic")}
	case 16:
		return &layers.ZeroPadding2D{Padding: [2][2]int{{f.size(-1, 2), f.intIn(-1, 2)}, {f.intIn(-1, 2), f.size(-1, 2)}}}
	case 17:
		return &layers.Cropping2D{Cropping: [2][2]int{f.pair(-1, 2), f.pair(-1, 2)}}
	case 18:
		return &layers.Permute{Dims: f.dims(4, -1, 4)}
	case 19:
		return &layers.AveragePooling2D{PoolSize: f.pair(-1, 3), Strides: f.pair(-1, 2), Padding: pick(f, fuzzPads...)}
	case 20:
		return &layers.DepthwiseConv2D{KernelSize: f.pair(0, 3), DepthMultiplier: f.size(-1, 2), Padding: pick(f, fuzzPads...)}
	case 21:
		return &layers.SeparableConv2D{Filters: f.intIn(-1, 3), KernelSize: f.pair(0, 3), DepthMultiplier: f.size(-1, 2),
			Strides: f.pair(0, 2), Padding: pick(f, fuzzPads...)}
	case 22:
		return &layers.SpatialDropout2D{Rate: pick(f, fuzzRates...)}
	case 23:
		return &layers.Softmax{Axis: f.intIn(-4, 3)}
	case 24:
		return &layers.Rescaling{Scale: pick(f, fuzzFloats...), Offset: pick(f, fuzzFloats...)}
	case 25:
		return &layers.TimeDistributed{Layer: fuzzLayer(f)}
	case 26:
		return &layers.Bidirectional{Layer: fuzzRecurrent(f), MergeMode: pick(f, fuzzMerge...)}
	}
	return &layers.GlobalMaxPooling1D{KeepDims: f.flag()}
}

// fuzzTensor returns a float32 tensor of the shape holding small values
// from f, or nil if the shape has a negative dimension or more than 4096
// elements.
func fuzzTensor(f *fuzzBytes, shape []int) *tensor.Tensor {
	n := 1
	for _, d := range shape {
		if d < 0 || d > 4096 || n*d > 4096 {
			return nil
		}
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(f.intIn(-4, 4)) / 2
	}
	return tensor.FromSlice(v, shape...)
}

// describe formats the layers for a failure message.
func describe(ls []layers.Layer, in []int, batch int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "input %v, batch %d:", in, batch)
	for _, l := range ls {
		fmt.Fprintf(&b, "\n  %+v", l)
	}
	return b.String()
}

// buildAndRun builds the model the bytes describe, predicts and trains one
// batch; it fails the test if an error comes back together with a result.
func buildAndRun(t *testing.T, f *fuzzBytes) {
	in := f.dims(4, -1, 5)
	batch := f.intIn(0, 3)
	mode := f.intIn(0, 2) // 0: InputLayer, 1: BuildFor, 2: from the data
	ls := make([]layers.Layer, f.intIn(0, 5))
	for i := range ls {
		ls[i] = fuzzLayer(f)
	}
	desc := describe(ls, in, batch)
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v\n%s\n%s", r, desc, debug.Stack())
		}
	}()
	if mode == 0 {
		ls = append([]layers.Layer{&layers.InputLayer{Shape: in}}, ls...)
	}
	m, err := models.NewSequential(ls...)
	if err != nil {
		if m != nil {
			t.Fatalf("NewSequential returned a model and %v", err)
		}
		return
	}
	if mode == 1 && m.BuildFor(in...) != nil {
		return
	}
	_ = m.Summary(io.Discard)
	dataShape := append([]int{batch}, in...)
	if f.next() == 0xff && len(in) > 0 { // the wrong data shape
		dataShape[len(dataShape)-1]++
	}
	x := fuzzTensor(f, dataShape)
	if x == nil {
		return
	}
	p, err := m.Predict(x, models.PredictOptions{BatchSize: f.intIn(0, 3), Verbose: models.Silent})
	if (p == nil) == (err == nil) {
		t.Fatalf("Predict returned %v and %v\n%s", p, err, desc)
	}
	if err != nil {
		return
	}
	if err := m.CompileNamed(pick(f, fuzzOptimize...), pick(f, fuzzLosses...)); err != nil {
		return
	}
	yShape := p.Shape().Clone()
	if f.next() == 0xff && len(yShape) > 1 { // the wrong target shape
		yShape[len(yShape)-1]++
	}
	y := fuzzTensor(f, yShape)
	res, err := m.TrainOnBatch(x, y)
	if (res == nil) == (err == nil) {
		t.Fatalf("TrainOnBatch returned %v and %v\n%s", res, err, desc)
	}
}

// FuzzSequentialBuild builds Sequential models of random layers and
// configurations, with random input shapes, and predicts and trains one
// batch on tiny data: every outcome must be a model or an error, never a
// panic.
func FuzzSequentialBuild(f *testing.F) {
	// The bytes are choices in buildAndRun's order: input rank and dims,
	// batch, build mode, layer count, then each layer's kind and settings.
	seeds := [][]byte{
		{1, 5, 2, 0, 2, 0, 4, 1, 0, 0, 2, 0, 0},                                              // Dense, Dense on (4)
		{3, 6, 6, 2, 2, 1, 4, 4, 3, 2, 2, 1, 1, 2, 1, 1, 1, 5, 3, 3, 1, 1, 1, 3, 0, 3, 2, 0}, // Conv2D, MaxPooling2D, Flatten, Dense
		{2, 6, 4, 2, 2, 2, 8, 4, 1, 0, 0, 0, 9, 3, 0, 1, 1, 1},                               // LSTM, GRU on (5, 3)
		{3, 5, 5, 2, 3, 2, 2, 7, 3, 3, 1, 12, 0},                                             // BatchNormalization, GlobalAveragePooling2D
		{1, 4, 0, 2, 1, 0, 3, 0, 0},                                                          // an empty batch
		{2, 6, 0, 1, 1, 1, 0, 3, 0, 0},                                                       // a negative dimension
		{3, 5, 5, 3, 2, 0, 3, 5, 3, 3, 1, 1, 1, 6, 2, 1, 6, 10, 3, 2, 1, 3, 1},               // pooling, Reshape, causal Conv1D
		{2, 4, 3, 1, 2, 2, 26, 3, 0, 0, 0, 0, 1, 0, 2, 4, 0},                                 // Bidirectional(LSTM), Dense
		{2, 4, 3, 2, 0, 1, 25, 0, 3, 1, 0},                                                   // TimeDistributed(Dense)
		{1, 5, 2, 2, 3, 14, 9, 4, 0, 3, 0, 2, 0, 0},                                          // Embedding, Flatten, Dense
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		buildAndRun(t, &fuzzBytes{b: data})
	})
}
