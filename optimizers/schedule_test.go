package optimizers_test

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

func TestScheduleRates(t *testing.T) {
	type at struct {
		step int64
		want float64
	}
	cases := []struct {
		name string
		s    optimizers.Schedule
		at   []at
	}{
		// 0.1·0.5^(step/10)
		{"ExponentialDecay", optimizers.ExponentialDecay{InitialLearningRate: 0.1, DecaySteps: 10, DecayRate: 0.5},
			[]at{{0, 0.1}, {5, 0.1 * math.Sqrt(0.5)}, {20, 0.025}}},
		{"ExponentialDecay staircase", optimizers.ExponentialDecay{InitialLearningRate: 0.1, DecaySteps: 10, DecayRate: 0.5, Staircase: true},
			[]at{{9, 0.1}, {15, 0.05}, {20, 0.025}}},
		// 0.1/(1 + 0.5·step/10)
		{"InverseTimeDecay", optimizers.InverseTimeDecay{InitialLearningRate: 0.1, DecaySteps: 10, DecayRate: 0.5},
			[]at{{0, 0.1}, {5, 0.08}, {10, 0.1 / 1.5}}},
		{"InverseTimeDecay staircase", optimizers.InverseTimeDecay{InitialLearningRate: 0.1, DecaySteps: 10, DecayRate: 0.5, Staircase: true},
			[]at{{5, 0.1}, {15, 0.1 / 1.5}}},
		{"PiecewiseConstantDecay", optimizers.PiecewiseConstantDecay{Boundaries: []int64{10, 20}, Values: []float64{1, 0.5, 0.1}},
			[]at{{0, 1}, {10, 1}, {11, 0.5}, {20, 0.5}, {21, 0.1}, {1000, 0.1}}},
		// (0.1 − 0.01)·(1 − p)² + 0.01
		{"PolynomialDecay", optimizers.PolynomialDecay{InitialLearningRate: 0.1, DecaySteps: 10, EndLearningRate: 0.01, Power: 2},
			[]at{{0, 0.1}, {5, 0.0325}, {10, 0.01}, {15, 0.01}}},
		{"PolynomialDecay linear", optimizers.PolynomialDecay{InitialLearningRate: 0.1, DecaySteps: 10, EndLearningRate: 0.01},
			[]at{{5, 0.055}}},
		// cycle: step 15 decays over 20 steps, p = 0.75
		{"PolynomialDecay cycle", optimizers.PolynomialDecay{InitialLearningRate: 0.1, DecaySteps: 10, EndLearningRate: 0.01, Power: 2, Cycle: true},
			[]at{{0, 0.1}, {10, 0.01}, {15, 0.015625}}},
		// 0.1·((1 − α)·0.5·(1 + cos(π·step/10)) + α)
		{"CosineDecay", optimizers.CosineDecay{InitialLearningRate: 0.1, DecaySteps: 10},
			[]at{{0, 0.1}, {5, 0.05}, {10, 0}, {20, 0}}},
		{"CosineDecay alpha", optimizers.CosineDecay{InitialLearningRate: 0.1, DecaySteps: 10, Alpha: 0.1},
			[]at{{5, 0.055}, {10, 0.01}}},
		// warm-up from 0 to 0.1 over 5 steps, then cosine over 10
		{"CosineDecay warm-up", optimizers.CosineDecay{InitialLearningRate: 0, DecaySteps: 10, WarmupTarget: 0.1, WarmupSteps: 5},
			[]at{{0, 0}, {2, 0.04}, {5, 0.1}, {10, 0.05}, {15, 0}, {30, 0}}},
		// periods of 10, 20, 40 steps (restarts at 10, 30)
		{"CosineDecayRestarts", optimizers.CosineDecayRestarts{InitialLearningRate: 1, FirstDecaySteps: 10},
			[]at{{0, 1}, {5, 0.5}, {10, 1}, {20, 0.5}, {30, 1}}},
		{"CosineDecayRestarts m_mul", optimizers.CosineDecayRestarts{InitialLearningRate: 1, FirstDecaySteps: 10, MMul: 0.5},
			[]at{{10, 0.5}, {20, 0.25}, {30, 0.25}}},
		{"CosineDecayRestarts t_mul 1", optimizers.CosineDecayRestarts{InitialLearningRate: 1, FirstDecaySteps: 10, TMul: 1, MMul: 0.5, Alpha: 0.2},
			[]at{{15, 0.8*0.25 + 0.2}, {20, 0.8*0.25 + 0.2}}},
	}
	for _, c := range cases {
		for _, a := range c.at {
			if got := c.s.Rate(a.step); math.Abs(got-a.want) > 1e-15 {
				t.Errorf("%s: rate at step %d = %v, want %v", c.name, a.step, got, a.want)
			}
		}
	}
}

// TestScheduleInGraph trains the one-weight problem (gradient 0.5) with SGD
// following a schedule with weight decay: each step
// w ← w − w·0.1·lr(t) − 0.5·lr(t) with lr(t) the schedule at t steps.
func TestScheduleInGraph(t *testing.T) {
	sched := optimizers.PiecewiseConstantDecay{Boundaries: []int64{0, 1}, Values: []float64{0.2, 0.1, 0.05}}
	for _, dt := range dtypes {
		p := newProblem(dt, 1)
		opt := &optimizers.SGD{Schedule: sched, WeightDecay: 0.1}
		if got := opt.LearningRateValue(); got != 0.2 {
			t.Errorf("before Apply: learning rate %v, want 0.2", got)
		}
		update, err := opt.Apply([]*graph.Node{p.w}, p.grads)
		if err != nil {
			t.Fatal(err)
		}
		want := 1.0
		for k, lr := range []float64{0.2, 0.1, 0.05, 0.05} {
			if got := opt.LearningRateValue(); got != lr {
				t.Errorf("after %d steps: learning rate %v, want %v", k, got, lr)
			}
			want += -want*0.1*lr - 0.5*lr
			if got := p.step(t, update); !near(got, want, tol(dt)) {
				t.Errorf("%v: w after step %d = %v, want %v", dt, k+1, got, want)
			}
		}
		for _, v := range p.g.Variables() {
			if strings.Contains(v.Name(), "learning_rate") {
				t.Errorf("a scheduled optimizer has the variable %s", v.Name())
			}
		}
		if err := opt.SetLearningRate(0.5); err == nil || !strings.Contains(err.Error(), "Schedule") {
			t.Errorf("SetLearningRate with a schedule: got %v", err)
		}
	}
}

// TestScheduleEveryOptimizer checks that every optimizer follows a
// schedule: with a rate of 0 from the first step on, no weight moves.
func TestScheduleEveryOptimizer(t *testing.T) {
	zero := optimizers.PiecewiseConstantDecay{Boundaries: []int64{0}, Values: []float64{0, 0}}
	for _, opt := range []optimizers.Optimizer{
		&optimizers.SGD{Schedule: zero}, &optimizers.Adam{Schedule: zero}, &optimizers.AdamW{Schedule: zero},
		&optimizers.RMSprop{Schedule: zero}, &optimizers.Adagrad{Schedule: zero}, &optimizers.Adamax{Schedule: zero},
		&optimizers.Nadam{Schedule: zero}, &optimizers.Adadelta{Schedule: zero}, &optimizers.Lion{Schedule: zero},
	} {
		p := newProblem(tensor.Float32, 1)
		update, err := opt.Apply([]*graph.Node{p.w}, p.grads)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.step(t, update); got != 1 {
			t.Errorf("%s: w = %v after a step at rate 0, want 1", opt.Name(), got)
		}
		if err := opt.SetLearningRate(0.1); err == nil {
			t.Errorf("%s: SetLearningRate with a schedule succeeded", opt.Name())
		}
	}
}

func TestScheduleErrors(t *testing.T) {
	cases := []struct {
		s    optimizers.Schedule
		want string
	}{
		{optimizers.ExponentialDecay{InitialLearningRate: 0.1, DecayRate: 0.5}, "DecaySteps must be a finite number > 0"},
		{optimizers.InverseTimeDecay{InitialLearningRate: -1, DecaySteps: 1}, "InitialLearningRate"},
		{optimizers.PiecewiseConstantDecay{Boundaries: []int64{1}, Values: []float64{1}}, "1 boundaries need 2 values"},
		{optimizers.PiecewiseConstantDecay{Boundaries: []int64{2, 1}, Values: []float64{1, 2, 3}}, "Boundaries must increase"},
		{optimizers.PolynomialDecay{InitialLearningRate: 0.1, DecaySteps: 10, Power: math.NaN()}, "Power"},
		{optimizers.CosineDecay{InitialLearningRate: 0.1}, "DecaySteps"},
		{optimizers.CosineDecayRestarts{InitialLearningRate: 0.1, FirstDecaySteps: -1}, "FirstDecaySteps"},
	}
	for _, c := range cases {
		p := newProblem(tensor.Float32, 1)
		_, err := (&optimizers.Adam{Schedule: c.s}).Apply([]*graph.Node{p.w}, p.grads)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Adam: Schedule") {
			t.Errorf("%T: got %v, want an error saying %q", c.s, err, c.want)
		}
	}
}
