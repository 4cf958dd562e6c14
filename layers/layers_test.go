package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Every built-in layer is a Layer and Named; those with an input shape are
// InputShaped.
var (
	_ Layer       = (*Dense)(nil)
	_ Layer       = (*Activation)(nil)
	_ Layer       = (*Dropout)(nil)
	_ Layer       = (*Flatten)(nil)
	_ Layer       = (*Input)(nil)
	_ Named       = (*Dense)(nil)
	_ Named       = (*Activation)(nil)
	_ Named       = (*Dropout)(nil)
	_ Named       = (*Flatten)(nil)
	_ Named       = (*Input)(nil)
	_ InputShaped = (*Dense)(nil)
	_ InputShaped = (*Flatten)(nil)
	_ InputShaped = (*Input)(nil)
)

func newCtx(g *graph.Graph, name string) *Context {
	return &Context{Graph: g, DType: tensor.Float64, RNG: tensor.NewRNG(1), Name: name}
}

// run evaluates y with x fed.
func run(t *testing.T, g *graph.Graph, x *graph.Node, xv *tensor.Tensor, y *graph.Node) *tensor.Tensor {
	t.Helper()
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	out, err := graph.NewSession(g).Run(graph.Feeds{x: xv}, y)
	if err != nil {
		t.Fatal(err)
	}
	return out[0]
}

// Dense weights for the forward tests: kernel (3, 2) and bias (2,).
var (
	testKernel = tensor.FromSlice([]float64{0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, 3, 2)
	testBias   = tensor.FromSlice([]float64{0.05, -0.1})
	testX      = tensor.FromSlice([]float64{1, 2, 3, -1, 0, 1}, 2, 3)
)

// buildDense builds d on 3 features in a new graph, sets the test weights
// and returns its output for a (?, 3) placeholder.
func buildDense(t *testing.T, d *Dense) (*graph.Graph, *graph.Node, *graph.Node) {
	t.Helper()
	g := graph.New()
	ctx := newCtx(g, "dense")
	if err := d.Build(ctx, tensor.Shape{3}); err != nil {
		t.Fatal(err)
	}
	if err := d.Kernel().Set(testKernel); err != nil {
		t.Fatal(err)
	}
	if err := d.Bias().Set(testBias); err != nil {
		t.Fatal(err)
	}
	x := g.Placeholder("x", tensor.Float64, graph.Unknown, 3)
	y, err := d.Call(ctx, x, false)
	if err != nil {
		t.Fatal(err)
	}
	return g, x, y
}

// TestDenseForward pins x·kernel + bias by hand for
// x = [[1, 2, 3], [−1, 0, 1]], kernel = [[0.1, −0.2], [0.3, 0.4], [−0.5, 0.6]],
// bias = [0.05, −0.1]:
//
//	row 0: 0.1+0.6−1.5+0.05 = −0.75,  −0.2+0.8+1.8−0.1 = 2.3
//	row 1: −0.1+0−0.5+0.05 = −0.55,   0.2+0+0.6−0.1 = 0.7
//
// and relu of that: [[0, 2.3], [0, 0.7]].
func TestDenseForward(t *testing.T) {
	for _, c := range []struct {
		d    *Dense
		want []float64
	}{
		{&Dense{Units: 2}, []float64{-0.75, 2.3, -0.55, 0.7}},
		{&Dense{Units: 2, Activation: "relu"}, []float64{0, 2.3, 0, 0.7}},
		{&Dense{Units: 2, ActivationFn: graph.Relu, Activation: "tanh"}, []float64{0, 2.3, 0, 0.7}},
	} {
		g, x, y := buildDense(t, c.d)
		got := run(t, g, x, testX, y)
		if !tensor.AllClose(got, tensor.FromSlice(c.want, 2, 2), 1e-12, 1e-15) {
			t.Errorf("Dense{%q}: got %v, want %v", c.d.Activation, got, c.want)
		}
	}
}

// TestDenseRank3 applies Dense to the last axis of a (?, 2, 3) input: the
// two rows of testX as one sample of 2 steps give the linear result above.
func TestDenseRank3(t *testing.T) {
	d := &Dense{Units: 2}
	g := graph.New()
	ctx := newCtx(g, "dense")
	if err := d.Build(ctx, tensor.Shape{2, 3}); err != nil {
		t.Fatal(err)
	}
	if out, err := d.OutputShape(tensor.Shape{2, 3}); err != nil || !out.Equal(tensor.Shape{2, 2}) {
		t.Fatalf("OutputShape = %v, %v; want (2, 2)", out, err)
	}
	d.Kernel().Set(testKernel)
	d.Bias().Set(testBias)
	x := g.Placeholder("x", tensor.Float64, graph.Unknown, 2, 3)
	y, err := d.Call(ctx, x, false)
	if err != nil {
		t.Fatal(err)
	}
	if !y.Shape().Equal(tensor.Shape{graph.Unknown, 2, 2}) {
		t.Fatalf("static output shape %v, want (?, 2, 2)", y.Shape())
	}
	got := run(t, g, x, tensor.Reshape(testX, 1, 2, 3), y)
	want := tensor.FromSlice([]float64{-0.75, 2.3, -0.55, 0.7}, 1, 2, 2)
	if !tensor.AllClose(got, want, 1e-12, 1e-15) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// d sum(y)/d kernel[i][j] = sum over the 2 steps of x[i] = [0, 2, 4]
	// for each j; d sum(y)/d bias = 2 steps = [2, 2].
	grads := graph.Gradients(graph.Sum(y, nil, false), d.Kernel().Node, d.Bias().Node)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	out, err := graph.NewSession(g).Run(graph.Feeds{x: tensor.Reshape(testX, 1, 2, 3)}, grads...)
	if err != nil {
		t.Fatal(err)
	}
	if !tensor.AllClose(out[0], tensor.FromSlice([]float64{0, 0, 2, 2, 4, 4}, 3, 2), 0, 1e-15) ||
		!tensor.AllClose(out[1], tensor.FromSlice([]float64{2, 2}), 0, 1e-15) {
		t.Fatalf("gradients %v, %v", out[0], out[1])
	}
}

// TestDenseParamCounts builds the lecture's 4→6→4→3 network: Dense(6) has
// 4·6+6 = 30 parameters, Dense(4) 6·4+4 = 28, Dense(3) 4·3+3 = 15.
func TestDenseParamCounts(t *testing.T) {
	g := graph.New()
	rng := tensor.NewRNG(3)
	shape := tensor.Shape{4}
	for i, c := range []struct{ units, params int }{{6, 30}, {4, 28}, {3, 15}} {
		d := &Dense{Units: c.units, Activation: "sigmoid"}
		name := []string{"dense", "dense_1", "dense_2"}[i]
		if err := d.Build(&Context{Graph: g, DType: tensor.Float32, RNG: rng, Name: name}, shape); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, w := range d.Weights() {
			n += w.Node.Shape().Size()
			if !w.Trainable || w.Node.DType() != tensor.Float32 {
				t.Errorf("%s: weight %s trainable %v dtype %v", name, w.Name, w.Trainable, w.Node.DType())
			}
		}
		if n != c.params {
			t.Errorf("Dense(%d) on %v: %d parameters, want %d", c.units, shape, n, c.params)
		}
		if ws := d.Weights(); len(ws) != 2 || ws[0].Name != name+"/kernel" || ws[1].Name != name+"/bias" {
			t.Errorf("weights %v, want %s/kernel and %s/bias", ws, name, name)
		}
		var err error
		if shape, err = d.OutputShape(shape); err != nil {
			t.Fatal(err)
		}
	}
	if !shape.Equal(tensor.Shape{3}) {
		t.Errorf("final shape %v, want (3,)", shape)
	}
}

// TestDenseDefaultInitializers: the bias starts at zero (Zeros) and the
// kernel within GlorotUniform's limit sqrt(6/(4+6)).
func TestDenseDefaultInitializers(t *testing.T) {
	d := &Dense{Units: 6}
	if err := d.Build(newCtx(graph.New(), "dense"), tensor.Shape{4}); err != nil {
		t.Fatal(err)
	}
	for _, v := range d.Bias().Value().Float64s() {
		if v != 0 {
			t.Fatalf("bias %v, want zeros", d.Bias().Value())
		}
	}
	limit := math.Sqrt(6.0 / 10)
	for _, v := range d.Kernel().Value().Float64s() {
		if math.Abs(v) > limit {
			t.Fatalf("kernel value %v beyond Glorot limit %v", v, limit)
		}
	}
	d = &Dense{Units: 2, NoBias: true, KernelInitializer: initializers.Ones{}}
	if err := d.Build(newCtx(graph.New(), "dense"), tensor.Shape{4}); err != nil {
		t.Fatal(err)
	}
	if len(d.Weights()) != 1 || d.Bias() != nil || d.Kernel().Value().At(3, 1) != 1 {
		t.Fatalf("NoBias with Ones: weights %v", d.Weights())
	}
}

func TestDenseErrors(t *testing.T) {
	ctx := newCtx(graph.New(), "dense_1")
	err := (&Dense{}).Build(ctx, tensor.Shape{4})
	if err == nil || err.Error() != "layer dense_1 (Dense): units must be positive, got 0" {
		t.Errorf("Units 0: got %v", err)
	}
	err = (&Dense{Units: 3, Activation: "relux"}).Build(ctx, tensor.Shape{4})
	if err == nil || !strings.Contains(err.Error(), "layer dense_1 (Dense)") || !strings.Contains(err.Error(), `"relux"`) {
		t.Errorf("unknown activation: got %v", err)
	}
	for _, shape := range []tensor.Shape{{}, {0}, {3, 0}} {
		_, err := (&Dense{Units: 3, Name: "hidden"}).OutputShape(shape)
		if err == nil || !strings.Contains(err.Error(), "layer hidden (Dense)") {
			t.Errorf("OutputShape(%v): got %v", shape, err)
		}
	}
	if _, err := (&Dense{Units: 3}).Call(ctx, ctx.Graph.Placeholder("x", tensor.Float64, 2, 4), false); err == nil || !strings.Contains(err.Error(), "before Build") {
		t.Errorf("Call before Build: got %v", err)
	}
	d := &Dense{Units: 3}
	if err := d.Build(ctx, tensor.Shape{4}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Call(ctx, ctx.Graph.Placeholder("x", tensor.Float64, graph.Unknown, 5), false); err == nil || !strings.Contains(err.Error(), "(None, 5)") {
		t.Errorf("wrong input width: got %v", err)
	}
	if err := (&Dense{Units: 3, KernelInitializer: initializers.RandomNormal{Stddev: -1}}).Build(ctx, tensor.Shape{4}); err == nil || !strings.Contains(err.Error(), "kernel") {
		t.Errorf("bad initializer: got %v", err)
	}
}

// TestDenseRegularizers: the regularizers are attached to the weights, and
// the kernel's L2 penalty is 0.01·sum(kernel²) =
// 0.01·(0.01+0.04+0.09+0.16+0.25+0.36) = 0.0091; the bias's L1 penalty is
// 0.5·(0.05+0.1) = 0.075.
func TestDenseRegularizers(t *testing.T) {
	d := &Dense{Units: 2, KernelRegularizer: regularizers.L2{}, BiasRegularizer: regularizers.L1{L1: 0.5}}
	g, _, _ := buildDense(t, d)
	if d.Kernel().Regularizer != (regularizers.L2{}) || d.Bias().Regularizer != (regularizers.L1{L1: 0.5}) {
		t.Fatalf("regularizers %v, %v", d.Kernel().Regularizer, d.Bias().Regularizer)
	}
	pk := d.Kernel().Regularizer.Penalty(d.Kernel().Node)
	pb := d.Bias().Regularizer.Penalty(d.Bias().Node)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	out, err := graph.NewSession(g).Run(nil, pk, pb)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(out[0].Item()-0.0091) > 1e-15 || math.Abs(out[1].Item()-0.075) > 1e-15 {
		t.Fatalf("penalties %v, %v; want 0.0091, 0.075", out[0].Item(), out[1].Item())
	}
	if (&Dense{Units: 2}).Weights() != nil {
		t.Error("weights before Build")
	}
}

// TestActivation: softmax([0, ln 3]) = [1/4, 3/4]; relu by name.
func TestActivation(t *testing.T) {
	g := graph.New()
	x := g.Placeholder("x", tensor.Float64, graph.Unknown, 2)
	xv := tensor.FromSlice([]float64{0, math.Log(3), -1, 2}, 2, 2)
	for _, c := range []struct {
		a    *Activation
		want []float64
	}{
		{&Activation{Fn: "softmax"}, []float64{0.25, 0.75, 1 / (1 + math.Exp(3)), 1 / (1 + math.Exp(-3))}},
		{&Activation{Fn: "relu"}, []float64{0, math.Log(3), 0, 2}},
		{&Activation{}, []float64{0, math.Log(3), -1, 2}},
	} {
		ctx := newCtx(g, "activation")
		if err := c.a.Build(ctx, tensor.Shape{2}); err != nil {
			t.Fatal(err)
		}
		if out, err := c.a.OutputShape(tensor.Shape{2}); err != nil || !out.Equal(tensor.Shape{2}) {
			t.Fatalf("OutputShape: %v, %v", out, err)
		}
		y, err := c.a.Call(ctx, x, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := run(t, g, x, xv, y); !tensor.AllClose(got, tensor.FromSlice(c.want, 2, 2), 1e-12, 1e-15) {
			t.Errorf("Activation{%q}: got %v, want %v", c.a.Fn, got, c.want)
		}
	}
}

func TestActivationUnknownName(t *testing.T) {
	a := &Activation{Fn: "sigmoidal"}
	err := a.Build(newCtx(graph.New(), "activation_2"), tensor.Shape{2})
	if err == nil || !strings.Contains(err.Error(), "layer activation_2 (Activation)") || !strings.Contains(err.Error(), `"sigmoidal"`) {
		t.Fatalf("got %v", err)
	}
	if _, err := (&Activation{Fn: "sigmoidal", Name: "act"}).OutputShape(tensor.Shape{2}); err == nil || !strings.Contains(err.Error(), "layer act (Activation)") {
		t.Fatalf("OutputShape: got %v", err)
	}
}

// TestDropoutTrainingAndInference builds the training and the inference
// graph of one Dropout layer on a (?, 10000) input of ones: inference
// passes x through; training keeps about half, scaled by 1/(1−0.5) = 2.
func TestDropoutTrainingAndInference(t *testing.T) {
	build := func(seed uint64) (*graph.Graph, *graph.Node, *graph.Node, *graph.Node) {
		g := graph.New()
		d := &Dropout{Rate: 0.5}
		ctx := &Context{Graph: g, DType: tensor.Float32, RNG: tensor.NewRNG(seed), Name: "dropout"}
		if err := d.Build(ctx, tensor.Shape{10000}); err != nil {
			t.Fatal(err)
		}
		x := g.Placeholder("x", tensor.Float32, graph.Unknown, 10000)
		infer, err := d.Call(ctx, x, false)
		if err != nil {
			t.Fatal(err)
		}
		train, err := d.Call(ctx, x, true)
		if err != nil {
			t.Fatal(err)
		}
		return g, x, infer, train
	}
	g, x, infer, train := build(1)
	if infer != x {
		t.Fatalf("inference output %v, want the input itself", infer)
	}
	ones := tensor.Ones(tensor.Float32, 1, 10000)
	y := run(t, g, x, ones, train)
	kept := 0
	for _, v := range y.Float32s() {
		switch v {
		case 2:
			kept++
		case 0:
		default:
			t.Fatalf("value %v, want 0 or 2", v)
		}
	}
	if kept < 4800 || kept > 5200 { // sd of kept is sqrt(10000/4) = 50
		t.Errorf("kept %d of 10000, want about 5000", kept)
	}
	// The seed is drawn from the context's RNG: the same model seed gives
	// the same mask, another seed another one.
	g2, x2, _, train2 := build(1)
	if y2 := run(t, g2, x2, ones, train2); !tensor.AllClose(y, y2, 0, 0) {
		t.Error("same context seed, different masks")
	}
	g3, x3, _, train3 := build(2)
	if y3 := run(t, g3, x3, ones, train3); tensor.AllClose(y, y3, 0, 0) {
		t.Error("different context seeds, same mask")
	}
}

func TestDropoutRate(t *testing.T) {
	g := graph.New()
	ctx := newCtx(g, "dropout_1")
	x := g.Placeholder("x", tensor.Float64, graph.Unknown, 3)
	if y, err := (&Dropout{}).Call(ctx, x, true); err != nil || y != x {
		t.Errorf("rate 0 in training: got %v, %v; want x", y, err)
	}
	for _, rate := range []float64{1, -0.5, math.NaN()} {
		d := &Dropout{Rate: rate}
		if err := d.Build(ctx, tensor.Shape{3}); err == nil || !strings.Contains(err.Error(), "layer dropout_1 (Dropout): rate must be in [0, 1)") {
			t.Errorf("rate %v: Build gave %v", rate, err)
		}
		if _, err := (&Dropout{Rate: rate}).OutputShape(tensor.Shape{3}); err == nil {
			t.Errorf("rate %v: OutputShape gave no error", rate)
		}
	}
	if _, err := (&Dropout{Rate: 0.5}).Call(&Context{Graph: g, Name: "d"}, x, true); err == nil || !strings.Contains(err.Error(), "Seed") {
		t.Errorf("no RNG: got %v", err)
	}
	if _, err := (&Dropout{Rate: 0.5, Seed: 3}).Call(&Context{Graph: g, Name: "d"}, x, true); err != nil {
		t.Errorf("explicit seed without RNG: %v", err)
	}
}

func TestFlatten(t *testing.T) {
	f := &Flatten{}
	for _, c := range []struct{ in, out tensor.Shape }{
		{tensor.Shape{2, 3, 4}, tensor.Shape{24}},
		{tensor.Shape{5}, tensor.Shape{5}},
		{tensor.Shape{}, tensor.Shape{1}}, // Keras: (batch,) becomes (batch, 1)
	} {
		if got, err := f.OutputShape(c.in); err != nil || !got.Equal(c.out) {
			t.Errorf("OutputShape(%v) = %v, %v; want %v", c.in, got, err, c.out)
		}
	}
	if _, err := (&Flatten{Name: "flat"}).OutputShape(tensor.Shape{0, 3}); err == nil || !strings.Contains(err.Error(), "layer flat (Flatten)") || !strings.Contains(err.Error(), "(None, 0, 3)") {
		t.Errorf("zero-size sample: got %v", err)
	}

	g := graph.New()
	ctx := newCtx(g, "flatten")
	if err := f.Build(ctx, tensor.Shape{2, 3}); err != nil {
		t.Fatal(err)
	}
	x := g.Placeholder("x", tensor.Float64, graph.Unknown, 2, 3)
	y, err := f.Call(ctx, x, false)
	if err != nil {
		t.Fatal(err)
	}
	if !y.Shape().Equal(tensor.Shape{graph.Unknown, 6}) {
		t.Fatalf("static shape %v, want (?, 6)", y.Shape())
	}
	xv := tensor.Arange[float64](0, 12, 1).Reshape(2, 2, 3)
	if got := run(t, g, x, xv, y); !tensor.AllClose(got, tensor.Arange[float64](0, 12, 1).Reshape(2, 6), 0, 0) {
		t.Fatalf("got %v", got)
	}
	x1 := g.Placeholder("x1", tensor.Float64, graph.Unknown)
	y1, err := f.Call(ctx, x1, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := run(t, g, x1, tensor.FromSlice([]float64{7, 8}), y1); !tensor.AllClose(got, tensor.FromSlice([]float64{7, 8}, 2, 1), 0, 0) {
		t.Fatalf("rank-1 input: got %v", got)
	}
	if s := (&Flatten{InputShape: []int{28, 28}}).DeclaredInputShape(); !tensor.Shape(s).Equal(tensor.Shape{28, 28}) {
		t.Errorf("DeclaredInputShape %v", s)
	}
}

func TestInput(t *testing.T) {
	in := &Input{Shape: []int{4}}
	if in.Type() != "InputLayer" || !tensor.Shape(in.DeclaredInputShape()).Equal(tensor.Shape{4}) {
		t.Fatalf("Type %q, DeclaredInputShape %v", in.Type(), in.DeclaredInputShape())
	}
	if out, err := in.OutputShape(tensor.Shape{4}); err != nil || !out.Equal(tensor.Shape{4}) {
		t.Fatalf("OutputShape: %v, %v", out, err)
	}
	g := graph.New()
	ctx := newCtx(g, "input_layer")
	if err := in.Build(ctx, tensor.Shape{4}); err != nil {
		t.Fatal(err)
	}
	x := g.Placeholder("x", tensor.Float64, graph.Unknown, 4)
	if y, err := in.Call(ctx, x, true); err != nil || y != x {
		t.Fatalf("Call: %v, %v", y, err)
	}
	if err := in.Build(ctx, tensor.Shape{5}); err == nil || !strings.Contains(err.Error(), "expects inputs of shape (None, 4), got (None, 5)") {
		t.Errorf("mismatch: got %v", err)
	}
	if _, err := (&Input{}).OutputShape(tensor.Shape{4}); err == nil || !strings.Contains(err.Error(), "Shape is required") {
		t.Errorf("no Shape: got %v", err)
	}
	if _, err := (&Input{Shape: []int{-1}}).OutputShape(tensor.Shape{-1}); err == nil {
		t.Error("negative Shape: no error")
	}
}

func TestTypesAndNames(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		typ  string
		name string
	}{
		{&Dense{Name: "a"}, "Dense", "a"},
		{&Activation{Name: "b"}, "Activation", "b"},
		{&Dropout{Name: "c"}, "Dropout", "c"},
		{&Flatten{Name: "d"}, "Flatten", "d"},
		{&Input{Name: "e"}, "InputLayer", "e"},
	} {
		if c.l.Type() != c.typ || c.l.(Named).LayerName() != c.name {
			t.Errorf("%T: Type %q, LayerName %q", c.l, c.l.Type(), c.l.(Named).LayerName())
		}
		if c.l.Weights() != nil {
			t.Errorf("%T: weights before Build", c.l)
		}
	}
}
