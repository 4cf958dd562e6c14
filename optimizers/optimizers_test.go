package optimizers_test

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// problem is a one-weight graph whose loss is 0.5·w, so the gradient is
// the constant 0.5 and every step can be derived by hand.
type problem struct {
	g     *graph.Graph
	w     *graph.Node
	loss  *graph.Node
	grads []*graph.Node
	sess  *graph.Session
}

func newProblem(dt tensor.DType, w0 float64) *problem {
	g := graph.New()
	init := tensor.New(dt, 1)
	init.Fill(w0)
	w := g.Variable("dense/kernel", init)
	loss := graph.Mul(w, g.Scalar(0.5))
	return &problem{g: g, w: w, loss: loss, grads: graph.Gradients(loss, w), sess: graph.NewSession(g)}
}

// step runs update once and returns w afterwards.
func (p *problem) step(t *testing.T, update *graph.Node) float64 {
	t.Helper()
	if _, err := p.sess.Run(nil, update); err != nil {
		t.Fatal(err)
	}
	return p.w.Value().Item()
}

// variable returns the graph's variable called name.
func (p *problem) variable(t *testing.T, name string) *graph.Node {
	t.Helper()
	for _, v := range p.g.Variables() {
		if v.Name() == name {
			return v
		}
	}
	t.Fatalf("no variable %q", name)
	return nil
}

func tol(dt tensor.DType) float64 {
	if dt == tensor.Float32 {
		return 1e-6
	}
	return 1e-13
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

var dtypes = []tensor.DType{tensor.Float32, tensor.Float64}

func TestSGD(t *testing.T) {
	// Gradient 0.5 at every step, w0 = 1, lr·g = 0.05 with lr = 0.1:
	// plain:    w = 1 − 0.05 = 0.95, then 0.9
	// momentum 0.9: velocity = −0.05, w = 0.95; velocity = −0.05 + 0.9·−0.05 = −0.095, w = 0.855
	// nesterov: velocity as above; w = 1 + (−0.05 + 0.9·−0.05) = 0.905, then
	//           0.905 + (−0.05 + 0.9·−0.095) = 0.7695
	// defaults (lr 0.01, no momentum): w = 1 − 0.005 = 0.995, then 0.99
	cases := []struct {
		name string
		opt  *optimizers.SGD
		w    [2]float64
		vel  [2]float64 // 0: no velocity slot
	}{
		{"plain", &optimizers.SGD{LearningRate: 0.1}, [2]float64{0.95, 0.9}, [2]float64{}},
		{"momentum", &optimizers.SGD{LearningRate: 0.1, Momentum: 0.9}, [2]float64{0.95, 0.855}, [2]float64{-0.05, -0.095}},
		{"nesterov", &optimizers.SGD{LearningRate: 0.1, Momentum: 0.9, Nesterov: true}, [2]float64{0.905, 0.7695}, [2]float64{-0.05, -0.095}},
		{"defaults", &optimizers.SGD{}, [2]float64{0.995, 0.99}, [2]float64{}},
		{"nesterov without momentum", &optimizers.SGD{Nesterov: true}, [2]float64{0.995, 0.99}, [2]float64{}},
	}
	for _, c := range cases {
		for _, dt := range dtypes {
			opt := *c.opt
			p := newProblem(dt, 1)
			update, err := opt.Apply([]*graph.Node{p.w}, p.grads)
			if err != nil {
				t.Fatal(err)
			}
			for k := range 2 {
				if got := p.step(t, update); !near(got, c.w[k], tol(dt)) {
					t.Errorf("%s %v: w after step %d = %v, want %v", c.name, dt, k+1, got, c.w[k])
				}
				if c.vel[k] != 0 {
					vel := p.variable(t, "dense/kernel/velocity")
					if vel.Trainable() {
						t.Errorf("%s: the velocity slot is trainable", c.name)
					}
					if got := vel.Value().Item(); !near(got, c.vel[k], tol(dt)) {
						t.Errorf("%s %v: velocity after step %d = %v, want %v", c.name, dt, k+1, got, c.vel[k])
					}
				}
			}
			if opt.Iterations() != 2 {
				t.Errorf("%s: Iterations = %d, want 2", c.name, opt.Iterations())
			}
			wantVars := 3 // w, learning rate, iterations
			if c.vel[0] != 0 {
				wantVars++ // velocity
			}
			if n := len(p.g.Variables()); n != wantVars {
				t.Errorf("%s: %d variables, want %d", c.name, n, wantVars)
			}
		}
	}
}

// Adam with Keras's defaults, w0 = 1, gradient 0.5 at every step:
//
//	t = 1: alpha = 0.001·sqrt(1 − 0.999)/(1 − 0.9) = 3.16227766e-4
//	       m = 0 + (0.5 − 0)·0.1 = 0.05, v = 0 + (0.25 − 0)·0.001 = 2.5e-4
//	       w = 1 − alpha·0.05/(sqrt(2.5e-4) + 1e-7) = 1 − 9.99993675e-4 = 0.9990000063245154
//	t = 2: alpha = 0.001·sqrt(1 − 0.999²)/(1 − 0.9²) = 2.35316725e-4
//	       m = 0.05 + 0.45·0.1 = 0.095, v = 2.5e-4 + 0.24975·0.001 = 4.9975e-4
//	       w = 0.9990000063245154 − alpha·0.095/(sqrt(4.9975e-4) + 1e-7) = 0.9980000107977498
//
// (Without epsilon each step would be exactly lr: the bias-corrected m̂ is
// 0.5 and v̂ is 0.25 at both steps.)
func TestAdamTwoSteps(t *testing.T) {
	want := []struct{ w, m, v float64 }{
		{0.9990000063245154, 0.05, 2.5e-4},
		{0.9980000107977498, 0.095, 4.9975e-4},
	}
	for _, dt := range dtypes {
		p := newProblem(dt, 1)
		opt := &optimizers.Adam{}
		if opt.Iterations() != 0 || opt.LearningRateValue() != 0.001 {
			t.Fatalf("before Apply: Iterations %d, learning rate %v", opt.Iterations(), opt.LearningRateValue())
		}
		update, err := opt.Apply([]*graph.Node{p.w}, p.grads)
		if err != nil {
			t.Fatal(err)
		}
		m, v := p.variable(t, "dense/kernel/m"), p.variable(t, "dense/kernel/v")
		if m.Trainable() || v.Trainable() || p.variable(t, "Adam/learning_rate").Trainable() {
			t.Error("optimizer variables must not be trainable")
		}
		if it := p.variable(t, "Adam/iterations"); it.DType() != tensor.Int64 || it.Trainable() {
			t.Errorf("iterations is %v", it)
		}
		for k, w := range want {
			if got := p.step(t, update); !near(got, w.w, tol(dt)) {
				t.Errorf("%v: w after step %d = %v, want %v", dt, k+1, got, w.w)
			}
			if got := m.Value().Item(); !near(got, w.m, tol(dt)) {
				t.Errorf("%v: m after step %d = %v, want %v", dt, k+1, got, w.m)
			}
			if got := v.Value().Item(); !near(got, w.v, tol(dt)) {
				t.Errorf("%v: v after step %d = %v, want %v", dt, k+1, got, w.v)
			}
			if opt.Iterations() != k+1 {
				t.Errorf("Iterations = %d after %d steps", opt.Iterations(), k+1)
			}
		}
	}
}

func TestAdamAmsgrad(t *testing.T) {
	// With gradient 0.5 at every step v grows, so vhat = v and AMSGrad
	// matches Adam (TestAdamTwoSteps); vhat holds v's values.
	p := newProblem(tensor.Float64, 1)
	opt := &optimizers.Adam{Amsgrad: true}
	update, err := opt.Apply([]*graph.Node{p.w}, p.grads)
	if err != nil {
		t.Fatal(err)
	}
	p.step(t, update)
	if got := p.step(t, update); !near(got, 0.9980000107977498, 1e-13) {
		t.Errorf("w = %v, want 0.9980000107977498", got)
	}
	if got := p.variable(t, "dense/kernel/vhat").Value().Item(); !near(got, 4.9975e-4, 1e-13) {
		t.Errorf("vhat = %v, want 4.9975e-4", got)
	}
}

func TestSetLearningRateTakesEffectOnNextStep(t *testing.T) {
	// SGD, gradient 0.5: lr 0.1 gives 1 − 0.05 = 0.95; then lr 0.2 gives
	// 0.95 − 0.1 = 0.85.
	p := newProblem(tensor.Float32, 1)
	sgd := &optimizers.SGD{LearningRate: 0.1}
	update, err := sgd.Apply([]*graph.Node{p.w}, p.grads)
	if err != nil {
		t.Fatal(err)
	}
	p.step(t, update)
	if err := sgd.SetLearningRate(0.2); err != nil {
		t.Fatal(err)
	}
	if got := sgd.LearningRateValue(); !near(got, 0.2, 1e-7) {
		t.Errorf("LearningRateValue = %v, want 0.2", got)
	}
	if got := p.step(t, update); !near(got, 0.85, 1e-6) {
		t.Errorf("w = %v, want 0.85", got)
	}

	// Adam: step 2 with lr 0.002 moves twice as far as with 0.001:
	// 0.9990000063245154 − 2·(0.9990000063245154 − 0.9980000107977498) = 0.9970000152709841.
	p = newProblem(tensor.Float64, 1)
	adam := &optimizers.Adam{}
	if update, err = adam.Apply([]*graph.Node{p.w}, p.grads); err != nil {
		t.Fatal(err)
	}
	p.step(t, update)
	if err := adam.SetLearningRate(0.002); err != nil {
		t.Fatal(err)
	}
	if got := p.step(t, update); !near(got, 0.9970000152709841, 1e-13) {
		t.Errorf("Adam: w = %v, want 0.9970000152709841", got)
	}

	// Before Apply, SetLearningRate replaces the configured value, and 0
	// means 0 (a frozen model), not the default.
	p = newProblem(tensor.Float64, 1)
	sgd = &optimizers.SGD{LearningRate: 0.1}
	if err := sgd.SetLearningRate(0); err != nil {
		t.Fatal(err)
	}
	if sgd.LearningRateValue() != 0 {
		t.Errorf("LearningRateValue = %v, want 0", sgd.LearningRateValue())
	}
	if update, err = sgd.Apply([]*graph.Node{p.w}, p.grads); err != nil {
		t.Fatal(err)
	}
	if got := p.step(t, update); got != 1 {
		t.Errorf("w = %v with learning rate 0, want 1", got)
	}

	if err := adam.SetLearningRate(-1); err == nil || !strings.Contains(err.Error(), "Adam") {
		t.Errorf("SetLearningRate(-1): got %v, want an error naming Adam", err)
	}
	if err := sgd.SetLearningRate(math.NaN()); err == nil {
		t.Error("SetLearningRate(NaN): no error")
	}
}

func TestLossIsComputedBeforeTheUpdate(t *testing.T) {
	// loss = 0.5·w with w0 = 1: each Run's loss is half of w at its start.
	p := newProblem(tensor.Float64, 1)
	opt := &optimizers.SGD{LearningRate: 0.1}
	update, err := opt.Apply([]*graph.Node{p.w}, p.grads)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []float64{0.5, 0.475} {
		out, err := p.sess.Run(nil, update, p.loss)
		if err != nil {
			t.Fatal(err)
		}
		if !near(out[1].Item(), want, 1e-15) {
			t.Errorf("loss = %v, want %v", out[1].Item(), want)
		}
	}
}

func TestAdamConverges(t *testing.T) {
	// Minimize (w0 − 3)² + (w1 + 1)² + 10·(w2 − 0.5)² from w = 0 with Adam.
	for _, dt := range dtypes {
		g := graph.New()
		w := g.Variable("w", tensor.New(dt, 3))
		target := tensor.New(dt, 3)
		scale := tensor.New(dt, 3)
		for i, v := range []float64{3, -1, 0.5} {
			target.Set(-v, i)
			scale.Set([]float64{1, 1, 10}[i], i)
		}
		loss := graph.Mul(graph.Square(graph.Add(w, g.Const(target))), g.Const(scale))
		opt := &optimizers.Adam{LearningRate: 0.05}
		update, err := opt.Apply([]*graph.Node{w}, graph.Gradients(loss, w))
		if err != nil {
			t.Fatal(err)
		}
		sess := graph.NewSession(g)
		for range 2000 {
			if _, err := sess.Run(nil, update); err != nil {
				t.Fatal(err)
			}
		}
		for i, want := range []float64{3, -1, 0.5} {
			if got := w.Value().At(i); math.Abs(got-want) > 1e-3 {
				t.Errorf("%v: w[%d] = %v after 2000 steps, want %v ± 1e-3", dt, i, got, want)
			}
		}
	}
}

func TestApplyTwice(t *testing.T) {
	// A model builds one training step per kind of labels: both share the
	// optimizer's state (one counter, one set of slots).
	p := newProblem(tensor.Float64, 1)
	opt := &optimizers.SGD{LearningRate: 0.1, Momentum: 0.9}
	first, err := opt.Apply([]*graph.Node{p.w}, p.grads)
	if err != nil {
		t.Fatal(err)
	}
	second, err := opt.Apply([]*graph.Node{p.w}, p.grads)
	if err != nil {
		t.Fatal(err)
	}
	p.step(t, first)
	if got := p.step(t, second); !near(got, 0.855, 1e-13) {
		t.Errorf("w = %v after a step of each update, want 0.855 (shared velocity)", got)
	}
	if opt.Iterations() != 2 {
		t.Errorf("Iterations = %d, want 2", opt.Iterations())
	}
	if n := len(p.g.Variables()); n != 4 { // w, velocity, learning rate, iterations
		t.Errorf("%d variables after two Applies, want 4", n)
	}

	// Another model's weights: an error, as in Keras.
	other := newProblem(tensor.Float64, 1)
	if _, err := opt.Apply([]*graph.Node{other.w}, other.grads); err == nil || !strings.Contains(err.Error(), "one optimizer per model") {
		t.Errorf("Apply on another graph: got %v", err)
	}
	extra := p.g.Variable("extra", tensor.New(tensor.Float64, 1))
	if _, err := opt.Apply([]*graph.Node{extra}, graph.Gradients(graph.Mul(extra, extra), extra)); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Errorf("Apply on a new variable: got %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		opt  optimizers.Optimizer
		want []string
	}{
		{&optimizers.SGD{LearningRate: -0.1}, []string{"SGD", "LearningRate", "-0.1"}},
		{&optimizers.SGD{LearningRate: math.Inf(1)}, []string{"SGD", "LearningRate"}},
		{&optimizers.SGD{Momentum: -0.5}, []string{"SGD", "Momentum", "-0.5"}},
		{&optimizers.SGD{Momentum: 1.5}, []string{"SGD", "Momentum", "1.5"}},
		{&optimizers.SGD{Momentum: math.NaN()}, []string{"SGD", "Momentum"}},
		{&optimizers.Adam{LearningRate: -1}, []string{"Adam", "LearningRate"}},
		{&optimizers.Adam{Beta1: 1}, []string{"Adam", "Beta1", "[0, 1)"}},
		{&optimizers.Adam{Beta1: -0.1}, []string{"Adam", "Beta1"}},
		{&optimizers.Adam{Beta2: 1.2}, []string{"Adam", "Beta2"}},
		{&optimizers.Adam{Epsilon: -1e-8}, []string{"Adam", "Epsilon"}},
	}
	for _, c := range cases {
		p := newProblem(tensor.Float32, 1)
		_, err := c.opt.Apply([]*graph.Node{p.w}, p.grads)
		if err == nil {
			t.Errorf("%+v: no error", c.opt)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not mention %q", err, w)
			}
		}
		if n := len(p.g.Variables()); n != 1 {
			t.Errorf("%+v: a failed Apply created %d variables", c.opt, n-1)
		}
	}
}

func TestApplyArgumentErrors(t *testing.T) {
	g := graph.New()
	w := g.Variable("dense/kernel", tensor.New(tensor.Float32, 2, 3))
	b := g.Variable("dense/bias", tensor.New(tensor.Float32, 3))
	grads := graph.Gradients(graph.Mul(w, b), w, b)
	gw, gb := grads[0], grads[1]
	other := graph.New()
	ow := other.Variable("w", tensor.New(tensor.Float32, 3))
	cases := []struct {
		name          string
		params, grads []*graph.Node
		want          string
	}{
		{"no params", nil, nil, "no parameters"},
		{"lengths", []*graph.Node{w, b}, []*graph.Node{gw}, "2 parameters but 1 gradients"},
		{"nil param", []*graph.Node{nil}, []*graph.Node{gw}, "parameter 0 is nil"},
		{"nil grad", []*graph.Node{w}, []*graph.Node{nil}, "gradient of parameter dense/kernel is nil"},
		{"not a variable", []*graph.Node{gw}, []*graph.Node{gw}, "is not a variable"},
		{"shape", []*graph.Node{w}, []*graph.Node{gb}, "dense/kernel has shape (3,), the parameter has shape (2, 3)"},
		{"dtype", []*graph.Node{b}, []*graph.Node{g.Const(tensor.New(tensor.Float64, 3))}, "gradient of parameter dense/bias is float64"},
		{"twice", []*graph.Node{b, b}, []*graph.Node{gb, gb}, "dense/bias is listed twice"},
		{"graphs", []*graph.Node{w, ow}, []*graph.Node{gw, ow}, "different graphs"},
		{"int", []*graph.Node{g.Variable("step", tensor.Scalar[int64](0))}, []*graph.Node{gb}, "only float32 and float64"},
	}
	for _, c := range cases {
		for _, opt := range []optimizers.Optimizer{&optimizers.SGD{}, &optimizers.Adam{}} {
			_, err := opt.Apply(c.params, c.grads)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), opt.Name()) {
				t.Errorf("%s: %s: got %v, want an error naming %s and saying %q", c.name, opt.Name(), err, opt.Name(), c.want)
			}
		}
	}
	if err := g.Err(); err != nil {
		t.Fatalf("argument errors left a graph error: %v", err)
	}
}

func TestGet(t *testing.T) {
	names := map[string]string{
		"sgd": "SGD", "SGD": "SGD", "adam": "Adam", "Adam": "Adam", "rmsprop": "RMSprop", "RMSprop": "RMSprop",
		"adamw": "AdamW", "AdamW": "AdamW", "adagrad": "Adagrad", "adamax": "Adamax", "nadam": "Nadam",
		"adadelta": "Adadelta", "lion": "Lion", "ftrl": "Ftrl", " Ftrl ": "Ftrl", "adafactor": "Adafactor", "Adafactor": "Adafactor",
	}
	for name, want := range names {
		opt, err := optimizers.Get(name)
		if err != nil || opt.Name() != want {
			t.Errorf("Get(%q) = %v, %v; want %s", name, opt, err, want)
			continue
		}
		wantLR := 0.001 // Keras's default for all but SGD
		if want == "SGD" {
			wantLR = 0.01
		}
		if opt.LearningRateValue() != wantLR {
			t.Errorf("Get(%q) learning rate %v, want Keras's %v", name, opt.LearningRateValue(), wantLR)
		}
	}
	a, _ := optimizers.Get("adam")
	b, _ := optimizers.Get("adam")
	if a == b {
		t.Error("Get returned the same optimizer twice")
	}
	const known = "adadelta, adafactor, adagrad, adam, adamax, adamw, ftrl, lion, nadam, rmsprop, sgd"
	if _, err := optimizers.Get("adamq"); err == nil || !strings.Contains(err.Error(), `"adamq"`) || !strings.Contains(err.Error(), known) {
		t.Errorf("Get(adamq): got %v, want an error listing %s", err, known)
	}
}

func TestMixedDTypes(t *testing.T) {
	// One float32 and one float64 weight, both with gradient 0.5: each gets
	// a learning rate and step number in its dtype, and both follow
	// TestAdamTwoSteps. SetLearningRate changes both learning rates.
	g := graph.New()
	w32 := g.Variable("w32", tensor.FromSlice([]float32{1}))
	w64 := g.Variable("w64", tensor.FromSlice([]float64{1}))
	loss32, loss64 := graph.Mul(w32, g.Scalar(0.5)), graph.Mul(w64, g.Scalar(0.5))
	opt := &optimizers.Adam{}
	update, err := opt.Apply([]*graph.Node{w32, w64}, []*graph.Node{graph.Gradients(loss32, w32)[0], graph.Gradients(loss64, w64)[0]})
	if err != nil {
		t.Fatal(err)
	}
	sess := graph.NewSession(g)
	for range 2 {
		if _, err := sess.Run(nil, update); err != nil {
			t.Fatal(err)
		}
	}
	if got := w32.Value().Item(); !near(got, 0.9980000107977498, 1e-6) {
		t.Errorf("float32 w = %v", got)
	}
	if got := w64.Value().Item(); !near(got, 0.9980000107977498, 1e-13) {
		t.Errorf("float64 w = %v", got)
	}
	if err := opt.SetLearningRate(0.5); err != nil {
		t.Fatal(err)
	}
	for _, v := range g.Variables() {
		if strings.HasPrefix(v.Name(), "Adam/learning_rate") && v.Value().Item() != 0.5 {
			t.Errorf("%s = %v after SetLearningRate(0.5)", v.Name(), v.Value().Item())
		}
	}
}
