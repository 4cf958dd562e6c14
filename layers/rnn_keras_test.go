package layers

import (
	"fmt"
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// runWith builds l for the per-sample shapes of in, sets its weights to
// ws (in order), and returns its outputs on in, in float64.
func runWith(t *testing.T, l Layer, in []*tensor.Tensor, ws ...*tensor.Tensor) []*tensor.Tensor {
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
	return callBuilt(t, l, NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false), shapesOf(in)...).run(in...)
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// Keras's LSTM layout, one unit: kernel columns and bias in gate order
// i, f, c, o. With x = 0 the gates are the bias alone, so one step from
// c0 = 0.3 is c = σ(b_f)·0.3 + σ(b_i)·tanh(b_c), h = σ(b_o)·tanh(c); a
// different gate order gives other numbers.
func TestLSTMKerasGateOrder(t *testing.T) {
	bi, bf, bc, bo := 0.5, -1.0, 1.5, -0.5
	l := &LSTM{Units: 1, ReturnState: true}
	in := []*tensor.Tensor{tensor.New(tensor.Float64, 1, 1, 2), tensor.Scalar(0.7).Reshape(1, 1), tensor.Scalar(0.3).Reshape(1, 1)}
	out := runWith(t, l, in,
		tensor.FromSlice([]float64{9, 9, 9, 9, 9, 9, 9, 9}, 2, 4), // any kernel: x is 0
		tensor.New(tensor.Float64, 1, 4),                          // h0 contributes nothing
		tensor.FromSlice([]float64{bi, bf, bc, bo}))
	c := sigmoid(bf)*0.3 + sigmoid(bi)*math.Tanh(bc)
	h := sigmoid(bo) * math.Tanh(c)
	near(t, "h", out[0].Float64s()[0], h)
	near(t, "state h", out[1].Float64s()[0], h)
	near(t, "state c", out[2].Float64s()[0], c)
}

// Keras's GRU bias of shape (2, 3·units): row 0 the input bias, row 1 the
// recurrent bias, gate order z, r, h. With x = 0 and h0 = 0 one step
// gives z = σ(b_z + rb_z), r = σ(b_r + rb_r), hh = tanh(b_h + r·rb_h),
// h = (1 − z)·hh. With reset_after=False the bias is (3·units,) and
// hh = tanh(b_h).
func TestGRUKerasBiasLayout(t *testing.T) {
	in := []*tensor.Tensor{tensor.New(tensor.Float64, 1, 1, 2)}
	kernel := tensor.FromSlice([]float64{9, 9, 9, 9, 9, 9}, 2, 3)
	rec := tensor.FromSlice([]float64{9, 9, 9}, 1, 3)
	b := []float64{0.2, -0.3, 0.4, 0.1, 0.6, 2.0}
	out := runWith(t, &GRU{Units: 1}, in, kernel, rec, tensor.FromSlice(b, 2, 3))
	z, r := sigmoid(b[0]+b[3]), sigmoid(b[1]+b[4])
	near(t, "GRU reset_after h", out[0].Float64s()[0], (1-z)*math.Tanh(b[2]+r*b[5]))

	out = runWith(t, &GRU{Units: 1, ResetBefore: true}, in, kernel, rec, tensor.FromSlice(b[:3], 3))
	near(t, "GRU reset_before h", out[0].Float64s()[0], (1-sigmoid(b[0]))*math.Tanh(b[2]))
}

// Keras's kernels are the per-gate matrices side by side: an LSTM kernel
// assembled by hand from W_i, W_f, W_c, W_o (and likewise U, b) gives,
// over two steps, the values of the gate equations written per gate.
func TestLSTMKerasKernelAssembly(t *testing.T) {
	const units, features = 2, 3
	gate := func(seed uint64, rows int) *tensor.Tensor { return randTensor(seed, rows, units) }
	var W, U [4]*tensor.Tensor
	var B [4]*tensor.Tensor
	for g := 0; g < 4; g++ {
		W[g], U[g], B[g] = gate(uint64(40+g), features), gate(uint64(50+g), units), randTensor(uint64(60+g), units)
	}
	kernel := tensor.Concat(1, W[:]...)
	rec := tensor.Concat(1, U[:]...)
	bias := tensor.Concat(0, B[:]...)
	x := randTensor(70, 1, 2, features)
	out := runWith(t, &LSTM{Units: units}, []*tensor.Tensor{x}, kernel, rec, bias)

	h, c := make([]float64, units), make([]float64, units)
	for step := 0; step < 2; step++ {
		xt := x.Float64s()[step*features : (step+1)*features]
		pre := func(g, j int) float64 {
			v := B[g].Float64s()[j]
			for k := 0; k < features; k++ {
				v += xt[k] * W[g].Float64s()[k*units+j]
			}
			for k := 0; k < units; k++ {
				v += h[k] * U[g].Float64s()[k*units+j]
			}
			return v
		}
		nh := make([]float64, units)
		for j := 0; j < units; j++ {
			i, f, g, o := sigmoid(pre(0, j)), sigmoid(pre(1, j)), math.Tanh(pre(2, j)), sigmoid(pre(3, j))
			c[j] = f*c[j] + i*g
			nh[j] = o * math.Tanh(c[j])
		}
		h = nh
	}
	for j := 0; j < units; j++ {
		near(t, "h", out[0].Float64s()[j], h[j])
	}
}

// The LSTM bias starts with the forget block at 1 (unit_forget_bias) and
// the rest from BiasInitializer; NoUnitForgetBias leaves it all zeros.
func TestLSTMUnitForgetBias(t *testing.T) {
	l := &LSTM{Units: 2}
	if err := BuildLayer(l, []tensor.Shape{{3, 4}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 0, 1, 1, 0, 0, 0, 0}
	for i, v := range l.Bias().Value().Float64s() {
		if v != want[i] {
			t.Fatalf("bias = %v, want %v", l.Bias().Value().Float64s(), want)
		}
	}
	l = &LSTM{Units: 2, NoUnitForgetBias: true}
	if err := BuildLayer(l, []tensor.Shape{{3, 4}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	for _, v := range l.Bias().Value().Float64s() {
		if v != 0 {
			t.Fatalf("bias = %v, want zeros", l.Bias().Value().Float64s())
		}
	}
	shapes := map[string]tensor.Shape{"kernel": {4, 8}, "recurrent_kernel": {2, 8}, "bias": {8}}
	for _, w := range l.Weights() {
		name := w.Name[len("lstm/"):]
		if !w.Shape().Equal(shapes[name]) {
			t.Errorf("%s has shape %v, want %v", w.Name, w.Shape(), shapes[name])
		}
	}
}

// Configuration and input mistakes are errors that name the layer.
func TestRNNErrors(t *testing.T) {
	build := func(l Layer, shapes ...tensor.Shape) error {
		return BuildLayer(l, shapes, tensor.Float64, tensor.NewRNG(1))
	}
	wantErr(t, "units 0", (&LSTM{}).Validate(), "LSTM", "units must be positive")
	wantErr(t, "dropout 1", (&GRU{Units: 2, Dropout: 1}).Validate(), "GRU", "dropout")
	wantErr(t, "recurrent dropout", (&SimpleRNN{Units: 2, RecurrentDropout: -0.1}).Validate(), "recurrent dropout")
	wantErr(t, "activation", (&LSTM{Units: 2, Activation: "nope"}).Validate(), "nope")
	wantErr(t, "rank", build(&LSTM{Units: 2}, tensor.Shape{3}), "(batch, timesteps, features)")
	wantErr(t, "unknown features", build(&GRU{Units: 2}, tensor.Shape{3, graph.Unknown}), "GRU", "known features", "(None, 3, None)")
	if err := build(&GRU{Units: 2}, tensor.Shape{None, 3}); err != nil {
		t.Errorf("unknown steps: %v, want a layer built for sequences of any length", err)
	}
	wantErr(t, "one state", build(&LSTM{Units: 2}, tensor.Shape{3, 4}, tensor.Shape{2}), "takes 1 inputs", "or 3")
	wantErr(t, "state shape", build(&GRU{Units: 2}, tensor.Shape{3, 4}, tensor.Shape{5}), "initial state 0", "(None, 2)")
	wantErr(t, "mask shape", build(&SimpleRNN{Units: 2, Masked: true}, tensor.Shape{3, 4}, tensor.Shape{4}), "mask", "(None, 4)")
	wantErr(t, "no mask", build(&SimpleRNN{Units: 2, Masked: true}, tensor.Shape{3, 4}), "and its mask")
}

// Dropout and RecurrentDropout act in training only: the inference pass
// equals the layer without dropout, the training pass differs from it,
// and two training graphs with one Seed draw the same masks.
func TestRNNDropoutTrainingOnly(t *testing.T) {
	for _, c := range []rnnCase{{kind: "lstm", seqs: true}, {kind: "gru", resetBefore: true, seqs: true}, {kind: "simple", seqs: true}} {
		in := c.inputs()
		ref := c.layer()
		if err := BuildLayer(ref, shapesOf(in), tensor.Float64, tensor.NewRNG(1)); err != nil {
			t.Fatal(err)
		}
		setRandomWeights(t, ref)
		want := callBuilt(t, ref, NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false), shapesOf(in)...).run(in...)[0]
		l := c.layer()
		setRecurrentDropout(l, 0.5, 0.5, 3)
		if err := BuildLayer(l, shapesOf(in), tensor.Float64, tensor.NewRNG(1)); err != nil {
			t.Fatal(err)
		}
		setRandomWeights(t, l)
		pass := func(training bool) *tensor.Tensor {
			return callBuilt(t, l, NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), training), shapesOf(in)...).run(in...)[0]
		}
		inf, tr1, tr2 := pass(false), pass(true), pass(true)
		same := func(a, b *tensor.Tensor) bool {
			for i, v := range a.Float64s() {
				if v != b.Float64s()[i] {
					return false
				}
			}
			return true
		}
		if !same(inf, want) {
			t.Errorf("%v: inference with dropout differs from the layer without", c)
		}
		if same(tr1, want) {
			t.Errorf("%v: training pass with dropout equals the layer without", c)
		}
		if !same(tr1, tr2) {
			t.Errorf("%v: two training graphs with Seed 3 differ", c)
		}
	}
}

// setRecurrentDropout sets the input dropout, recurrent dropout and seed
// of an LSTM, GRU or SimpleRNN layer, and panics on any other layer.
func setRecurrentDropout(l Layer, rate, recRate float64, seed uint64) {
	switch l := l.(type) {
	case *LSTM:
		l.Dropout, l.RecurrentDropout, l.Seed = rate, recRate, seed
	case *GRU:
		l.Dropout, l.RecurrentDropout, l.Seed = rate, recRate, seed
	case *SimpleRNN:
		l.Dropout, l.RecurrentDropout, l.Seed = rate, recRate, seed
	default:
		panic(fmt.Sprintf("setRecurrentDropout: %T is not a recurrent layer", l))
	}
}
