package layers

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Every built-in layer is a Layer and Named; those with an input shape are
// InputShaped; those with a configuration to check are Validators.
var (
	_ Layer       = (*Dense)(nil)
	_ Layer       = (*Activation)(nil)
	_ Layer       = (*Dropout)(nil)
	_ Layer       = (*Flatten)(nil)
	_ Layer       = (*InputLayer)(nil)
	_ Layer       = (*Add)(nil)
	_ Layer       = (*Subtract)(nil)
	_ Layer       = (*Multiply)(nil)
	_ Layer       = (*Average)(nil)
	_ Layer       = (*Maximum)(nil)
	_ Layer       = (*Minimum)(nil)
	_ Layer       = (*Concatenate)(nil)
	_ Layer       = (*Dot)(nil)
	_ Named       = (*Dense)(nil)
	_ Named       = (*Activation)(nil)
	_ Named       = (*Dropout)(nil)
	_ Named       = (*Flatten)(nil)
	_ Named       = (*InputLayer)(nil)
	_ Named       = (*Add)(nil)
	_ Named       = (*Concatenate)(nil)
	_ Named       = (*Dot)(nil)
	_ InputShaped = (*Dense)(nil)
	_ InputShaped = (*Flatten)(nil)
	_ InputShaped = (*InputLayer)(nil)
	_ Validator   = (*Dense)(nil)
	_ Validator   = (*Activation)(nil)
	_ Validator   = (*Dropout)(nil)
	_ Validator   = (*InputLayer)(nil)
	_ Validator   = (*Dot)(nil)
)

// called is a layer called once, with CallLayer, in a graph of its own.
type called struct {
	t     *testing.T
	g     *graph.Graph
	scope *Scope
	in    []*graph.Node // placeholders of shape (None, sample shape…)
	out   []*graph.Node
}

// buildAndCall builds l with BuildLayer for the per-sample shapes (weights
// in dtype, drawn from a random stream of seed 1), then calls it with
// CallLayer in a fresh graph, in the training pass if training, on one
// placeholder per shape with an unknown batch axis.
func buildAndCall(t *testing.T, l Layer, dtype tensor.DType, training bool, shapes ...tensor.Shape) *called {
	t.Helper()
	if err := BuildLayer(l, shapes, dtype, tensor.NewRNG(1)); err != nil {
		t.Fatalf("BuildLayer: %v", err)
	}
	return callBuilt(t, l, NewScope(NewVars(graph.New()), dtype, tensor.NewRNG(1), training), shapes...)
}

// callBuilt calls the built layer l in scope on placeholders for shapes.
func callBuilt(t *testing.T, l Layer, scope *Scope, shapes ...tensor.Shape) *called {
	t.Helper()
	g := scope.Graph()
	c := &called{t: t, g: g, scope: scope}
	for i, s := range shapes {
		name := "x" + string(rune('0'+i))
		c.in = append(c.in, g.Placeholder(name, scope.dtype, append([]int{graph.Unknown}, s...)...))
	}
	out, err := CallLayer(scope, l, c.in)
	if err != nil {
		t.Fatalf("CallLayer: %v", err)
	}
	c.out = out
	return c
}

// run feeds xs to the placeholders, in order, and returns the outputs.
func (c *called) run(xs ...*tensor.Tensor) []*tensor.Tensor {
	c.t.Helper()
	return c.fetch(xs, c.out...)
}

// fetch feeds xs to the placeholders and evaluates the nodes given.
func (c *called) fetch(xs []*tensor.Tensor, nodes ...*graph.Node) []*tensor.Tensor {
	c.t.Helper()
	if err := c.g.Err(); err != nil {
		c.t.Fatal(err)
	}
	feeds := graph.Feeds{}
	for i, x := range xs {
		feeds[c.in[i]] = x
	}
	out, err := graph.NewSession(c.g).Run(feeds, nodes...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// varOf returns the node that binds w in the call's graph.
func (c *called) varOf(w *Weight) *graph.Node {
	c.t.Helper()
	n, ok := c.scope.Vars().Lookup(w)
	if !ok {
		c.t.Fatalf("weight %s is not bound in the graph", w.Name)
	}
	return n
}

// wantErr fails unless err is a non-nil error whose text contains every
// part.
func wantErr(t *testing.T, what string, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want one containing %q", what, parts)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not contain %q", what, err, p)
		}
	}
}

// Dense weights for the forward tests: kernel (3, 2) and bias (2,).
var (
	testKernel = tensor.FromSlice([]float64{0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, 3, 2)
	testBias   = tensor.FromSlice([]float64{0.05, -0.1})
	testX      = tensor.FromSlice([]float64{1, 2, 3, -1, 0, 1}, 2, 3)
)

// setDenseWeights sets the test kernel and bias.
func setDenseWeights(t *testing.T, d *Dense) {
	t.Helper()
	if err := d.Kernel().Set(testKernel); err != nil {
		t.Fatal(err)
	}
	if err := d.Bias().Set(testBias); err != nil {
		t.Fatal(err)
	}
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
		h := buildAndCall(t, c.d, tensor.Float64, false, tensor.Shape{3})
		setDenseWeights(t, c.d)
		if len(h.out) != 1 || !h.out[0].Shape().Equal(tensor.Shape{graph.Unknown, 2}) {
			t.Fatalf("outputs %v, want one of shape (None, 2)", h.out)
		}
		got := h.run(testX)[0]
		if !tensor.AllClose(got, tensor.FromSlice(c.want, 2, 2), 1e-12, 1e-15) {
			t.Errorf("Dense{%q}: got %v, want %v", c.d.Activation, got, c.want)
		}
	}
}

// TestDenseRank3 applies Dense to the last axis of a (None, 2, 3) input:
// the two rows of testX as one sample of 2 steps give the linear result
// above.
func TestDenseRank3(t *testing.T) {
	d := &Dense{Units: 2}
	if out, err := d.OutputShapes([]tensor.Shape{{2, 3}}); err != nil || len(out) != 1 || !out[0].Equal(tensor.Shape{2, 2}) {
		t.Fatalf("OutputShapes = %v, %v; want [(2, 2)]", out, err)
	}
	h := buildAndCall(t, d, tensor.Float64, false, tensor.Shape{2, 3})
	setDenseWeights(t, d)
	y := h.out[0]
	if !y.Shape().Equal(tensor.Shape{graph.Unknown, 2, 2}) {
		t.Fatalf("static output shape %v, want (None, 2, 2)", y.Shape())
	}
	x := tensor.Reshape(testX, 1, 2, 3)
	want := tensor.FromSlice([]float64{-0.75, 2.3, -0.55, 0.7}, 1, 2, 2)
	if got := h.run(x)[0]; !tensor.AllClose(got, want, 1e-12, 1e-15) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// d sum(y)/d kernel[i][j] = sum over the 2 steps of x[i] = [0, 2, 4]
	// for each j; d sum(y)/d bias = 2 steps = [2, 2].
	grads := graph.Gradients(graph.Sum(y, nil, false), h.varOf(d.Kernel()), h.varOf(d.Bias()))
	out := h.fetch([]*tensor.Tensor{x}, grads...)
	if !tensor.AllClose(out[0], tensor.FromSlice([]float64{0, 0, 2, 2, 4, 4}, 3, 2), 0, 1e-15) ||
		!tensor.AllClose(out[1], tensor.FromSlice([]float64{2, 2}), 0, 1e-15) {
		t.Fatalf("gradients %v, %v", out[0], out[1])
	}
}

// TestDenseParamCounts builds the lecture's 4→6→4→3 network: Dense(6) has
// 4·6+6 = 30 parameters, Dense(4) 6·4+4 = 28, Dense(3) 4·3+3 = 15.
func TestDenseParamCounts(t *testing.T) {
	rng := tensor.NewRNG(3)
	shape := tensor.Shape{4}
	for i, c := range []struct{ units, params int }{{6, 30}, {4, 28}, {3, 15}} {
		d := &Dense{Units: c.units, Activation: "sigmoid"}
		name := []string{"dense", "dense_1", "dense_2"}[i]
		d.SetUniqueName(name)
		if err := BuildLayer(d, []tensor.Shape{shape}, tensor.Float32, rng); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, w := range d.Weights() {
			n += w.Shape().Size()
			if !w.Trainable || w.DType() != tensor.Float32 {
				t.Errorf("%s: weight %s trainable %v dtype %v", name, w.Name, w.Trainable, w.DType())
			}
		}
		if n != c.params {
			t.Errorf("Dense(%d) on %v: %d parameters, want %d", c.units, shape, n, c.params)
		}
		if ws := d.Weights(); len(ws) != 2 || ws[0].Name != name+"/kernel" || ws[1].Name != name+"/bias" {
			t.Errorf("weights %v, want %s/kernel and %s/bias", ws, name, name)
		}
		if !d.Built() || !ShapesEqual(d.InputShapes(), []tensor.Shape{shape}) {
			t.Errorf("%s: Built %v, InputShapes %v", name, d.Built(), d.InputShapes())
		}
		out, err := d.OutputShapes([]tensor.Shape{shape})
		if err != nil {
			t.Fatal(err)
		}
		shape = out[0]
	}
	if !shape.Equal(tensor.Shape{3}) {
		t.Errorf("final shape %v, want (3,)", shape)
	}
}

// TestBuildLayerOnce: building a built layer again for the same shapes
// keeps its weights; other shapes are an error naming both.
func TestBuildLayerOnce(t *testing.T) {
	d := &Dense{Units: 2, Name: "d"}
	if err := BuildLayer(d, []tensor.Shape{{3}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	kernel := d.Kernel()
	if err := BuildLayer(d, []tensor.Shape{{3}}, tensor.Float64, tensor.NewRNG(2)); err != nil || d.Kernel() != kernel || len(d.Weights()) != 2 {
		t.Fatalf("rebuild for the same shape: %v, kernel kept %v, %d weights", err, d.Kernel() == kernel, len(d.Weights()))
	}
	err := BuildLayer(d, []tensor.Shape{{4}}, tensor.Float64, tensor.NewRNG(1))
	if err == nil || err.Error() != `layer "d" (Dense): was built for inputs of shape (None, 3), got (None, 4)` {
		t.Errorf("rebuild for another shape: got %v", err)
	}
}

// TestDenseDefaultInitializers: the bias starts at zero (Zeros) and the
// kernel within GlorotUniform's limit sqrt(6/(4+6)).
func TestDenseDefaultInitializers(t *testing.T) {
	d := &Dense{Units: 6}
	if err := BuildLayer(d, []tensor.Shape{{4}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	for _, v := range d.Bias().Value().Float64s() {
		if v != 0 {
			t.Fatalf("bias %v, want zeros", d.Bias().Value())
		}
	}
	limit := math.Sqrt(6.0 / 10)
	nonzero := false
	for _, v := range d.Kernel().Value().Float64s() {
		if math.Abs(v) > limit {
			t.Fatalf("kernel value %v beyond Glorot limit %v", v, limit)
		}
		nonzero = nonzero || v != 0
	}
	if !nonzero {
		t.Fatalf("kernel %v is all zeros", d.Kernel().Value())
	}
	d = &Dense{Units: 2, NoBias: true, KernelInitializer: initializers.Ones{}}
	if err := BuildLayer(d, []tensor.Shape{{4}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	if len(d.Weights()) != 1 || d.Bias() != nil || d.Kernel().Value().At(3, 1) != 1 {
		t.Fatalf("NoBias with Ones: weights %v", d.Weights())
	}
}

func TestDenseErrors(t *testing.T) {
	build := func(d *Dense, shape tensor.Shape) error {
		d.SetUniqueName("dense_1")
		return BuildLayer(d, []tensor.Shape{shape}, tensor.Float64, tensor.NewRNG(1))
	}
	err := build(&Dense{}, tensor.Shape{4})
	if err == nil || err.Error() != `layer "dense_1" (Dense): units must be positive, got 0` {
		t.Errorf("Units 0: got %v", err)
	}
	var le *Error
	if !errors.As(err, &le) || le.Layer != "dense_1" || le.Type != "Dense" {
		t.Errorf("Units 0: error %#v is not a *Error for dense_1 (Dense)", err)
	}
	if err := (&Dense{}).Validate(); err == nil || err.Error() != "Dense layer: units must be positive, got 0" {
		t.Errorf("Validate of an unnamed Dense: got %v", err)
	}
	wantErr(t, "unknown activation", build(&Dense{Units: 3, Activation: "relux"}, tensor.Shape{4}), `layer "dense_1" (Dense)`, `"relux"`)
	for _, shape := range []tensor.Shape{{}, {0}, {3, 0}} {
		_, err := (&Dense{Units: 3, Name: "hidden"}).OutputShapes([]tensor.Shape{shape})
		wantErr(t, "OutputShapes("+FormatSampleShape(shape)+")", err, `layer "hidden" (Dense)`, FormatSampleShape(shape))
	}
	_, err = (&Dense{Units: 3}).OutputShapes([]tensor.Shape{{2}, {2}})
	wantErr(t, "two inputs", err, "Dense layer: takes one input, got 2")
	wantErr(t, "bad initializer", build(&Dense{Units: 3, KernelInitializer: initializers.RandomNormal{Stddev: -1}}, tensor.Shape{4}),
		`layer "dense_1" (Dense)`, "kernel")

	scope := NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false)
	x := scope.Graph().Placeholder("x", tensor.Float64, graph.Unknown, 5)
	_, err = CallLayer(scope, &Dense{Units: 3}, []*graph.Node{x})
	wantErr(t, "Call before Build", err, "Dense layer: called before Build")
	d := &Dense{Units: 3}
	if err := build(d, tensor.Shape{4}); err != nil {
		t.Fatal(err)
	}
	_, err = CallLayer(scope, d, []*graph.Node{x})
	wantErr(t, "wrong input width", err, `layer "dense_1" (Dense)`, "(None, 5)")
	_, err = CallLayer(scope, d, []*graph.Node{nil})
	wantErr(t, "nil input", err, "input 0 is nil")
	other := graph.New().Placeholder("x", tensor.Float64, graph.Unknown, 4)
	_, err = CallLayer(scope, d, []*graph.Node{other})
	wantErr(t, "input of another graph", err, "another graph")
	_, err = CallLayer(scope, (*Dense)(nil), []*graph.Node{x})
	wantErr(t, "nil layer", err, "the layer is nil")
	wantErr(t, "BuildLayer(nil)", BuildLayer(nil, []tensor.Shape{{4}}, tensor.Float64, nil), "the layer is nil")
}

// TestDenseRegularizers: the regularizers are attached to the weights, and
// the kernel's L2 penalty is 0.01·sum(kernel²) =
// 0.01·(0.01+0.04+0.09+0.16+0.25+0.36) = 0.0091; the bias's L1 penalty is
// 0.5·(0.05+0.1) = 0.075.
func TestDenseRegularizers(t *testing.T) {
	d := &Dense{Units: 2, KernelRegularizer: regularizers.L2{}, BiasRegularizer: regularizers.L1{L1: 0.5}}
	if d.Weights() != nil {
		t.Error("weights before Build")
	}
	h := buildAndCall(t, d, tensor.Float64, true, tensor.Shape{3})
	setDenseWeights(t, d)
	if d.Kernel().Regularizer != (regularizers.L2{}) || d.Bias().Regularizer != (regularizers.L1{L1: 0.5}) {
		t.Fatalf("regularizers %v, %v", d.Kernel().Regularizer, d.Bias().Regularizer)
	}
	pk := d.Kernel().Regularizer.Penalty(h.varOf(d.Kernel()))
	pb := d.Bias().Regularizer.Penalty(h.varOf(d.Bias()))
	out := h.fetch(nil, pk, pb)
	if math.Abs(out[0].Item()-0.0091) > 1e-15 || math.Abs(out[1].Item()-0.075) > 1e-15 {
		t.Fatalf("penalties %v, %v; want 0.0091, 0.075", out[0].Item(), out[1].Item())
	}
}

// TestWeightsShareStorage: the variables of two graphs bind the weight's
// storage, so Set after the calls is seen by both, and a variable is bound
// once per graph however many times the layer is called.
func TestWeightsShareStorage(t *testing.T) {
	d := &Dense{Units: 2}
	h1 := buildAndCall(t, d, tensor.Float64, true, tensor.Shape{3})
	h2 := callBuilt(t, d, NewScope(NewVars(graph.New()), tensor.Float64, nil, false), tensor.Shape{3})
	if again, err := CallLayer(h2.scope, d, h2.in); err != nil || len(h2.scope.Vars().Bound()) != 2 {
		t.Fatalf("second call: %v, %v; %d weights bound, want 2", again, err, len(h2.scope.Vars().Bound()))
	}
	setDenseWeights(t, d)
	want := tensor.FromSlice([]float64{-0.75, 2.3, -0.55, 0.7}, 2, 2)
	for i, h := range []*called{h1, h2} {
		if got := h.run(testX)[0]; !tensor.AllClose(got, want, 1e-12, 1e-15) {
			t.Errorf("graph %d: got %v, want %v", i, got, want)
		}
	}
	if err := d.Kernel().Set(tensor.FromSlice([]float64{1, 2}, 2)); err == nil || !strings.Contains(err.Error(), "(3, 2)") {
		t.Errorf("Set of a wrong shape: got %v", err)
	}
	if err := d.Kernel().Set(nil); err == nil {
		t.Error("Set(nil): no error")
	}
}

// TestActivation: softmax([0, ln 3]) = [1/4, 3/4]; relu by name.
func TestActivation(t *testing.T) {
	xv := tensor.FromSlice([]float64{0, math.Log(3), -1, 2}, 2, 2)
	for _, c := range []struct {
		a    *Activation
		want []float64
	}{
		{&Activation{Fn: "softmax"}, []float64{0.25, 0.75, 1 / (1 + math.Exp(3)), 1 / (1 + math.Exp(-3))}},
		{&Activation{Fn: "relu"}, []float64{0, math.Log(3), 0, 2}},
		{&Activation{}, []float64{0, math.Log(3), -1, 2}},
	} {
		if out, err := c.a.OutputShapes([]tensor.Shape{{2}}); err != nil || !out[0].Equal(tensor.Shape{2}) {
			t.Fatalf("OutputShapes: %v, %v", out, err)
		}
		h := buildAndCall(t, c.a, tensor.Float64, true, tensor.Shape{2})
		if got := h.run(xv)[0]; !tensor.AllClose(got, tensor.FromSlice(c.want, 2, 2), 1e-12, 1e-15) {
			t.Errorf("Activation{%q}: got %v, want %v", c.a.Fn, got, c.want)
		}
		if c.a.Weights() != nil {
			t.Errorf("Activation{%q} has weights %v", c.a.Fn, c.a.Weights())
		}
	}
}

func TestActivationUnknownName(t *testing.T) {
	a := &Activation{Fn: "sigmoidal"}
	a.SetUniqueName("activation_2")
	err := BuildLayer(a, []tensor.Shape{{2}}, tensor.Float64, nil)
	wantErr(t, "BuildLayer", err, `layer "activation_2" (Activation)`, `"sigmoidal"`)
	_, err = (&Activation{Fn: "sigmoidal", Name: "act"}).OutputShapes([]tensor.Shape{{2}})
	wantErr(t, "OutputShapes", err, `layer "act" (Activation)`, `"sigmoidal"`)
	wantErr(t, "Validate", (&Activation{Fn: "sigmoidal"}).Validate(), "Activation layer: ", `"sigmoidal"`)
}

// TestDropoutTrainingAndInference calls one Dropout layer in a training
// and an inference pass on a (None, 10000) input of ones: inference passes
// x through; training keeps about half, scaled by 1/(1−0.5) = 2.
func TestDropoutTrainingAndInference(t *testing.T) {
	d := &Dropout{Rate: 0.5}
	if err := BuildLayer(d, []tensor.Shape{{10000}}, tensor.Float32, nil); err != nil {
		t.Fatal(err)
	}
	pass := func(seed uint64, training bool) *called {
		return callBuilt(t, d, NewScope(NewVars(graph.New()), tensor.Float32, tensor.NewRNG(seed), training), tensor.Shape{10000})
	}
	if infer := pass(1, false); infer.out[0] != infer.in[0] {
		t.Fatalf("inference output %v, want the input itself", infer.out[0])
	}
	ones := tensor.Ones(tensor.Float32, 1, 10000)
	y := pass(1, true).run(ones)[0]
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
	// The seed is drawn from the scope's RNG: the same model seed gives
	// the same mask, another seed another one.
	if y2 := pass(1, true).run(ones)[0]; !tensor.AllClose(y, y2, 0, 0) {
		t.Error("same scope seed, different masks")
	}
	if y3 := pass(2, true).run(ones)[0]; tensor.AllClose(y, y3, 0, 0) {
		t.Error("different scope seeds, same mask")
	}
}

func TestDropoutRate(t *testing.T) {
	zero := &Dropout{}
	h := buildAndCall(t, zero, tensor.Float64, true, tensor.Shape{3})
	if h.out[0] != h.in[0] {
		t.Errorf("rate 0 in training: got %v, want x", h.out[0])
	}
	for _, rate := range []float64{1, -0.5, math.NaN()} {
		d := &Dropout{Rate: rate}
		d.SetUniqueName("dropout_1")
		err := BuildLayer(d, []tensor.Shape{{3}}, tensor.Float64, nil)
		wantErr(t, "BuildLayer", err, `layer "dropout_1" (Dropout): rate must be in [0, 1)`)
		if d.Built() {
			t.Errorf("rate %v: built despite the error", rate)
		}
		if _, err := (&Dropout{Rate: rate}).OutputShapes([]tensor.Shape{{3}}); err == nil {
			t.Errorf("rate %v: OutputShapes gave no error", rate)
		}
	}
	d := &Dropout{Rate: 0.5}
	if err := BuildLayer(d, []tensor.Shape{{3}}, tensor.Float64, nil); err != nil {
		t.Fatal(err)
	}
	noRNG := NewScope(NewVars(graph.New()), tensor.Float64, nil, true)
	x := noRNG.Graph().Placeholder("x", tensor.Float64, graph.Unknown, 3)
	_, err := CallLayer(noRNG, d, []*graph.Node{x})
	wantErr(t, "no RNG", err, "Dropout layer: ", "Seed")
	seeded := &Dropout{Rate: 0.5, Seed: 3}
	if err := BuildLayer(seeded, []tensor.Shape{{3}}, tensor.Float64, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := CallLayer(noRNG, seeded, []*graph.Node{x}); err != nil {
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
		if got, err := f.OutputShapes([]tensor.Shape{c.in}); err != nil || !got[0].Equal(c.out) {
			t.Errorf("OutputShapes(%v) = %v, %v; want %v", c.in, got, err, c.out)
		}
	}
	_, err := (&Flatten{Name: "flat"}).OutputShapes([]tensor.Shape{{0, 3}})
	wantErr(t, "zero-size sample", err, `layer "flat" (Flatten)`, "(None, 0, 3)")

	h := buildAndCall(t, f, tensor.Float64, false, tensor.Shape{2, 3})
	if !h.out[0].Shape().Equal(tensor.Shape{graph.Unknown, 6}) {
		t.Fatalf("static shape %v, want (None, 6)", h.out[0].Shape())
	}
	xv := tensor.Arange[float64](0, 12, 1).Reshape(2, 2, 3)
	if got := h.run(xv)[0]; !tensor.AllClose(got, tensor.Arange[float64](0, 12, 1).Reshape(2, 6), 0, 0) {
		t.Fatalf("got %v", got)
	}
	h1 := buildAndCall(t, &Flatten{}, tensor.Float64, false, tensor.Shape{})
	if got := h1.run(tensor.FromSlice([]float64{7, 8}))[0]; !tensor.AllClose(got, tensor.FromSlice([]float64{7, 8}, 2, 1), 0, 0) {
		t.Fatalf("rank-1 input: got %v", got)
	}
	if s := (&Flatten{InputShape: []int{28, 28}}).DeclaredInputShape(); !tensor.Shape(s).Equal(tensor.Shape{28, 28}) {
		t.Errorf("DeclaredInputShape %v", s)
	}
}

func TestInputLayer(t *testing.T) {
	in := &InputLayer{Shape: []int{4}}
	if in.Type() != "InputLayer" || !tensor.Shape(in.DeclaredInputShape()).Equal(tensor.Shape{4}) {
		t.Fatalf("Type %q, DeclaredInputShape %v", in.Type(), in.DeclaredInputShape())
	}
	if out, err := in.OutputShapes([]tensor.Shape{{4}}); err != nil || !out[0].Equal(tensor.Shape{4}) {
		t.Fatalf("OutputShapes: %v, %v", out, err)
	}
	h := buildAndCall(t, in, tensor.Float64, true, tensor.Shape{4})
	if h.out[0] != h.in[0] {
		t.Fatalf("Call: %v, want the input", h.out[0])
	}
	err := BuildLayer(in, []tensor.Shape{{5}}, tensor.Float64, nil)
	wantErr(t, "built layer, other shape", err, "InputLayer layer: was built for inputs of shape (None, 4), got (None, 5)")
	err = BuildLayer(&InputLayer{Shape: []int{4}}, []tensor.Shape{{5}}, tensor.Float64, nil)
	wantErr(t, "mismatch", err, "InputLayer layer: expects inputs of shape (None, 4), got (None, 5)")
	_, err = (&InputLayer{Name: "x"}).OutputShapes([]tensor.Shape{{4}})
	wantErr(t, "no Shape", err, `layer "x" (InputLayer): Shape is required`)
	_, err = (&InputLayer{Shape: []int{-2}}).OutputShapes([]tensor.Shape{{-2}})
	wantErr(t, "negative Shape", err, "every dimension of Shape must be positive or None")
	_, err = (&InputLayer{Shape: []int{0, 3}}).OutputShapes([]tensor.Shape{{0, 3}})
	wantErr(t, "zero in Shape", err, "every dimension of Shape must be positive or None")
	if out, err := (&InputLayer{Shape: []int{None, 3}}).OutputShapes([]tensor.Shape{{None, 3}}); err != nil || !out[0].Equal(tensor.Shape{None, 3}) {
		t.Errorf("a None dimension: %v, %v, want (None, 3)", out, err)
	}
	_, err = (&InputLayer{Shape: []int{None, 3}}).OutputShapes([]tensor.Shape{{None, 4}})
	wantErr(t, "None, wrong features", err, "expects inputs of shape (None, None, 3), got (None, None, 4)")
	if out, err := (&InputLayer{Shape: []int{}}).OutputShapes([]tensor.Shape{{}}); err != nil || out[0].Rank() != 0 {
		t.Errorf("scalar samples: %v, %v", out, err)
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
		{&InputLayer{Name: "e"}, "InputLayer", "e"},
		{&Add{Name: "f"}, "Add", "f"},
		{&Subtract{Name: "g"}, "Subtract", "g"},
		{&Multiply{Name: "h"}, "Multiply", "h"},
		{&Average{Name: "i"}, "Average", "i"},
		{&Maximum{Name: "j"}, "Maximum", "j"},
		{&Minimum{Name: "k"}, "Minimum", "k"},
		{&Concatenate{Name: "l"}, "Concatenate", "l"},
		{&Dot{Name: "m"}, "Dot", "m"},
	} {
		if c.l.Type() != c.typ || c.l.(Named).LayerName() != c.name {
			t.Errorf("%T: Type %q, LayerName %q", c.l, c.l.Type(), c.l.(Named).LayerName())
		}
		if c.l.Weights() != nil || c.l.LayerBase().Built() {
			t.Errorf("%T: weights or built before Build", c.l)
		}
		if got, want := Describe(c.l), `layer "`+c.name+`" (`+c.typ+`)`; got != want {
			t.Errorf("Describe(%T) = %q, want %q", c.l, got, want)
		}
	}
	// The model's name wins over the Name field once set, and is set once.
	d := &Dense{Name: "a"}
	d.SetUniqueName("a_1")
	d.SetUniqueName("other")
	if d.UniqueName() != "a_1" || Describe(d) != `layer "a_1" (Dense)` {
		t.Errorf("UniqueName %q, Describe %q", d.UniqueName(), Describe(d))
	}
	if got := Describe(&Flatten{}); got != "Flatten layer" {
		t.Errorf("Describe(unnamed) = %q", got)
	}
}

func TestFormatShape(t *testing.T) {
	for _, c := range []struct {
		s    tensor.Shape
		want string
	}{
		{tensor.Shape{}, "()"},
		{tensor.Shape{graph.Unknown}, "(None,)"},
		{tensor.Shape{graph.Unknown, 3}, "(None, 3)"},
		{tensor.Shape{2, graph.Unknown, 4}, "(2, None, 4)"},
	} {
		if got := FormatShape(c.s); got != c.want {
			t.Errorf("FormatShape(%v) = %q, want %q", c.s, got, c.want)
		}
	}
	if got := FormatSampleShape(nil); got != "(None,)" {
		t.Errorf("FormatSampleShape(nil) = %q", got)
	}
	if got := FormatShapes([]tensor.Shape{{2}, {3, 4}}); got != "[(None, 2), (None, 3, 4)]" {
		t.Errorf("formatShapes = %q", got)
	}
}
