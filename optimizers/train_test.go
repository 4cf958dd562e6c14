package optimizers_test

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// linearProblem is a fixed linear regression, y = 2·x₁ − 3·x₂ + 0.5 on
// eight points, as a float32 graph: its mean squared error, the weights
// (kernel (2, 1) and bias (1,)) and their gradients.
func linearProblem() (g *graph.Graph, loss *graph.Node, params, grads []*graph.Node) {
	xs := []float32{
		0.1, 0.9, -0.4, 0.3, 0.8, -0.7, -1, 0.2,
		0.5, 0.5, 0.3, -0.9, -0.6, -0.2, 0.7, 0.6,
	}
	ys := make([]float32, 8)
	for i := range ys {
		ys[i] = 2*xs[2*i] - 3*xs[2*i+1] + 0.5
	}
	g = graph.New()
	x := g.Const(tensor.FromSlice(xs).Reshape(8, 2))
	y := g.Const(tensor.FromSlice(ys).Reshape(8, 1))
	kernel := g.Variable("dense/kernel", tensor.FromSlice([]float32{0.1, -0.2}).Reshape(2, 1))
	bias := g.Variable("dense/bias", tensor.New(tensor.Float32, 1))
	pred := graph.Add(graph.MatMul(x, kernel), bias)
	loss = graph.Mean(graph.Square(graph.Sub(pred, y)), nil, false)
	params = []*graph.Node{kernel, bias}
	return g, loss, params, graph.Gradients(loss, params...)
}

// TestTrainLinearRegression trains the fixed problem with every optimizer
// (with learning rates suited to each) and checks that the loss falls
// below a tenth of its start.
func TestTrainLinearRegression(t *testing.T) {
	cases := []struct {
		opt   optimizers.Optimizer
		steps int
	}{
		{&optimizers.SGD{LearningRate: 0.1}, 200},
		{&optimizers.SGD{LearningRate: 0.05, Momentum: 0.9, Nesterov: true, ClipNorm: 1}, 200},
		{&optimizers.Adam{LearningRate: 0.05}, 200},
		{&optimizers.AdamW{LearningRate: 0.05}, 200},
		{&optimizers.RMSprop{LearningRate: 0.01, Centered: true, GlobalClipNorm: 5}, 300},
		{&optimizers.Adagrad{LearningRate: 0.5}, 200},
		{&optimizers.Adamax{LearningRate: 0.05, ClipValue: 2}, 300},
		{&optimizers.Nadam{LearningRate: 0.05}, 200},
		{&optimizers.Adadelta{LearningRate: 1, Epsilon: 1e-4, WeightDecay: 1e-4}, 300},
		{&optimizers.Lion{LearningRate: 0.01}, 300},
		{&optimizers.Ftrl{LearningRate: 0.5}, 300},
	}
	for _, c := range cases {
		g, loss, params, grads := linearProblem()
		step, err := c.opt.Apply(params, grads)
		if err != nil {
			t.Fatalf("%s: %v", c.opt.Name(), err)
		}
		sess := graph.NewSession(g)
		var first, last float64
		for k := range c.steps {
			out, err := sess.Run(nil, loss, step)
			if err != nil {
				t.Fatalf("%s: %v", c.opt.Name(), err)
			}
			if k == 0 {
				first = out[0].Item()
			}
			last = out[0].Item()
		}
		if !(last < first/10) {
			t.Errorf("%s: loss %v after %d steps, from %v; want below a tenth", c.opt.Name(), last, c.steps, first)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	cases := []struct {
		opt  optimizers.Optimizer
		want string
	}{
		{&optimizers.SGD{ClipNorm: 1, ClipValue: 1}, "only one of ClipNorm"},
		{&optimizers.Adam{GlobalClipNorm: 1, ClipNorm: 2}, "only one of ClipNorm"},
		{&optimizers.AdamW{ClipValue: -1}, "ClipValue must be a finite number >= 0"},
		{&optimizers.RMSprop{WeightDecay: -0.1}, "WeightDecay must be"},
		{&optimizers.Adagrad{GlobalClipNorm: -1}, "GlobalClipNorm must be"},
		{&optimizers.RMSprop{Rho: 1}, "Rho must be in [0, 1)"},
		{&optimizers.RMSprop{Momentum: 2}, "Momentum must be in [0, 1]"},
		{&optimizers.Adagrad{InitialAccumulatorValue: -1}, "InitialAccumulatorValue"},
		{&optimizers.Adamax{Beta2: 1.5}, "Beta2 must be in [0, 1)"},
		{&optimizers.Nadam{Epsilon: -1}, "Epsilon must be"},
		{&optimizers.Adadelta{LearningRate: -1}, "LearningRate must be"},
		{&optimizers.Lion{Beta1: 1.1}, "Beta1 must be in (0, 1]"},
		{&optimizers.Ftrl{LearningRatePower: 0.5}, "LearningRatePower must be a finite number <= 0"},
		{&optimizers.Ftrl{L1RegularizationStrength: -1}, "L1RegularizationStrength"},
	}
	for _, c := range cases {
		_, _, params, grads := linearProblem()
		_, err := c.opt.Apply(params, grads)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.opt.Name()) {
			t.Errorf("%s: got %v, want an error naming %s and saying %q", c.opt.Name(), err, c.opt.Name(), c.want)
		}
	}
}

// TestSlotsAndVariables checks each optimizer's variable names and
// initial values as Keras names them, and that a second Apply reuses them.
func TestSlotsAndVariables(t *testing.T) {
	cases := []struct {
		opt   optimizers.Optimizer
		slots map[string]float64 // slot of dense/bias → initial value
		extra []string
	}{
		{&optimizers.RMSprop{}, map[string]float64{"velocity": 0}, nil},
		{&optimizers.RMSprop{Momentum: 0.5, Centered: true}, map[string]float64{"velocity": 0, "momentum": 0, "average_gradient": 0}, nil},
		{&optimizers.AdamW{}, map[string]float64{"m": 0, "v": 0}, nil},
		{&optimizers.Adagrad{}, map[string]float64{"accumulator": 0.1}, nil},
		{&optimizers.Adamax{}, map[string]float64{"momentum": 0, "norm": 0}, nil},
		{&optimizers.Nadam{}, map[string]float64{"momentum": 0, "velocity": 0}, []string{"Nadam/u_product"}},
		{&optimizers.Adadelta{}, map[string]float64{"accumulated_grad": 0, "accumulated_delta_var": 0}, nil},
		{&optimizers.Lion{}, map[string]float64{"momentum": 0}, nil},
		{&optimizers.Ftrl{InitialAccumulatorValue: 0.25}, map[string]float64{"accumulator": 0.25, "linear": 0}, nil},
	}
	for _, c := range cases {
		g, _, params, grads := linearProblem()
		if _, err := c.opt.Apply(params, grads); err != nil {
			t.Fatal(err)
		}
		n := len(g.Variables())
		if _, err := c.opt.Apply(params, grads); err != nil {
			t.Fatalf("%s: second Apply: %v", c.opt.Name(), err)
		}
		if len(g.Variables()) != n {
			t.Errorf("%s: the second Apply added %d variables", c.opt.Name(), len(g.Variables())-n)
		}
		byName := map[string]*graph.Node{}
		for _, v := range g.Variables() {
			byName[v.Name()] = v
		}
		want := 2 + 2 + 2*len(c.slots) + len(c.extra) // weights, learning rate and iterations, slots
		if n != want {
			t.Errorf("%s: %d variables, want %d", c.opt.Name(), n, want)
		}
		for _, name := range append([]string{c.opt.Name() + "/learning_rate", c.opt.Name() + "/iterations"}, c.extra...) {
			if v := byName[name]; v == nil || v.Trainable() {
				t.Errorf("%s: no non-trainable variable %s", c.opt.Name(), name)
			}
		}
		for s, init := range c.slots {
			v := byName["dense/bias/"+s]
			if v == nil || v.Trainable() || v.Value().Item() != float64(float32(init)) {
				t.Errorf("%s: slot %s is %v, want a non-trainable variable holding %v", c.opt.Name(), s, v, init)
			}
		}
	}
}
