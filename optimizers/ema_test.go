package optimizers_test

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// emaCases run optimizers with use_ema on the fixed problem of
// TestFiveStepsMatchKeras.
func emaCases() []stepCase {
	return []stepCase{
		{"SGD ema default", &optimizers.SGD{LearningRate: 0.1, UseEMA: true},
			reference{lr: 0.1, useEMA: true, emaMomentum: 0.99, update: refSGD(0.1, 0, false)}},
		{"SGD momentum ema overwrite 2", &optimizers.SGD{LearningRate: 0.1, Momentum: 0.9, UseEMA: true, EMAMomentum: 0.7, EMAOverwriteFrequency: 2},
			reference{lr: 0.1, useEMA: true, emaMomentum: 0.7, emaFreq: 2, update: refSGD(0.1, 0.9, false)}},
		{"Adam ema overwrite 3 weight decay", &optimizers.Adam{LearningRate: 0.1, WeightDecay: 0.2, UseEMA: true, EMAMomentum: 0.5, EMAOverwriteFrequency: 3},
			reference{lr: 0.1, weightDecay: 0.2, useEMA: true, emaMomentum: 0.5, emaFreq: 3, update: refAdam(0.1, 0.9, 0.999, 1e-7, false)}},
		{"AdamW ema every step", &optimizers.AdamW{LearningRate: 0.1, UseEMA: true, EMAMomentum: 0.6, EMAOverwriteFrequency: 1},
			reference{lr: 0.1, weightDecay: 0.004, useEMA: true, emaMomentum: 0.6, emaFreq: 1, update: refAdam(0.1, 0.9, 0.999, 1e-7, false)}},
		{"RMSprop ema clipnorm", &optimizers.RMSprop{LearningRate: 0.05, ClipNorm: 0.5, UseEMA: true, EMAMomentum: 0.9},
			reference{lr: 0.05, clipNorm: 0.5, useEMA: true, emaMomentum: 0.9, update: refRMSprop(0.05, 0.9, 0, 1e-7, false)}},
		{"Ftrl ema overwrite 2", &optimizers.Ftrl{LearningRate: 0.1, UseEMA: true, EMAMomentum: 0.8, EMAOverwriteFrequency: 2},
			reference{lr: 0.1, useEMA: true, emaMomentum: 0.8, emaFreq: 2, update: refFtrl(0.1, -0.5, 0.1, 0, 0, 0, 0)}},
		{"Lion ema momentum 1", &optimizers.Lion{LearningRate: 0.1, UseEMA: true, EMAMomentum: 1, EMAOverwriteFrequency: 4},
			reference{lr: 0.1, useEMA: true, emaMomentum: 1, emaFreq: 4, update: refLion(0.1, 0.9, 0.99)}},
	}
}

// nearAll fails the test unless got matches want to 1e-9 relatively.
func nearAll(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for j := range got {
		if d := math.Abs(got[j] - want[j]); d > 1e-9*math.Abs(want[j])+1e-15 {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
	}
}

// TestEMAFiveSteps runs five steps of each optimizer with use_ema and
// compares the weights and their averages after every step with Keras's
// rule coded plainly in float64, then checks that Finalize puts the
// averages into the weights.
func TestEMAFiveSteps(t *testing.T) {
	for _, c := range emaCases() {
		want, wantAvg := c.ref.runEMA()
		g := graph.New()
		ws := []*graph.Node{
			g.Variable("w1", tensor.FromSlice(append([]float64(nil), refW0[0]...))),
			g.Variable("w2", tensor.FromSlice(append([]float64(nil), refW0[1]...))),
		}
		gs := []*graph.Node{g.Placeholder("g1", tensor.Float64, 3), g.Placeholder("g2", tensor.Float64, 2)}
		step, err := c.opt.Apply(ws, gs)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		avgs := []*graph.Node{variable(g, "w1/average"), variable(g, "w2/average")}
		if avgs[0] == nil || avgs[1] == nil || avgs[0].Trainable() {
			t.Fatalf("%s: averages %v, want non-trainable variables w1/average and w2/average", c.name, avgs)
		}
		sess := graph.NewSession(g)
		for k, grads := range refGrads {
			feeds := graph.Feeds{gs[0]: tensor.FromSlice(grads[0]), gs[1]: tensor.FromSlice(grads[1])}
			if _, err := sess.Run(feeds, step); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for i, w := range ws {
				nearAll(t, c.name+": step "+string(rune('1'+k))+": w", w.Value().Float64s(), want[k][i])
				nearAll(t, c.name+": step "+string(rune('1'+k))+": average", avgs[i].Value().Float64s(), wantAvg[k][i])
			}
		}
		if err := c.opt.(optimizers.Finalizer).Finalize(); err != nil {
			t.Fatalf("%s: Finalize: %v", c.name, err)
		}
		for i, w := range ws {
			nearAll(t, c.name+": after Finalize: w", w.Value().Float64s(), wantAvg[4][i])
		}
	}
}

// TestEMAReferenceMatters guards the reference: the averages differ from
// the weights, and overwriting changes the weights.
func TestEMAReferenceMatters(t *testing.T) {
	for _, c := range emaCases() {
		w, avg := c.ref.runEMA()
		if math.Abs(w[4][0][0]-avg[4][0][0]) < 1e-6 && c.ref.emaFreq != 1 {
			t.Errorf("%s: the average equals the weight (%v)", c.name, w[4][0][0])
		}
		plain := c.ref
		plain.useEMA = false
		if c.ref.emaFreq > 0 && c.ref.emaFreq <= 5 && plain.run()[4][0][0] == w[4][0][0] {
			t.Errorf("%s: overwriting changes nothing", c.name)
		}
	}
}

// TestEMAFinalizeWithoutSteps leaves the weights alone: without EMA, or
// before any step (when Keras would copy zero averages).
func TestEMAFinalizeWithoutSteps(t *testing.T) {
	for _, opt := range []optimizers.Optimizer{&optimizers.Adam{}, &optimizers.Adam{UseEMA: true}} {
		g := graph.New()
		w := g.Variable("w", tensor.FromSlice([]float64{1, 2}))
		step, err := opt.Apply([]*graph.Node{w}, []*graph.Node{g.Const(tensor.FromSlice([]float64{1, 1}))})
		if err != nil {
			t.Fatal(err)
		}
		if err := opt.(optimizers.Finalizer).Finalize(); err != nil {
			t.Fatal(err)
		}
		nearAll(t, "w after Finalize before any step", w.Value().Float64s(), []float64{1, 2})
		if _, err := graph.NewSession(g).Run(nil, step); err != nil {
			t.Fatal(err)
		}
		before := append([]float64(nil), w.Value().Float64s()...)
		if err := opt.(optimizers.Finalizer).Finalize(); err != nil {
			t.Fatal(err)
		}
		// One step: the average is the weight itself.
		nearAll(t, "w after one step and Finalize", w.Value().Float64s(), before)
	}
}

// TestEMAFloat32 checks a float32 weight against the float64 rule to
// float32 precision.
func TestEMAFloat32(t *testing.T) {
	c := emaCases()[2]
	want, wantAvg := c.ref.runEMA()
	g := graph.New()
	w := g.Variable("w1", tensor.FromSlice([]float32{0.5, -1.2, 2}))
	gr := g.Placeholder("g1", tensor.Float32, 3)
	opt := &optimizers.Adam{LearningRate: 0.1, WeightDecay: 0.2, UseEMA: true, EMAMomentum: 0.5, EMAOverwriteFrequency: 3}
	step, err := opt.Apply([]*graph.Node{w}, []*graph.Node{gr})
	if err != nil {
		t.Fatal(err)
	}
	sess := graph.NewSession(g)
	for k, grads := range refGrads {
		g32 := make([]float32, 3)
		for j, v := range grads[0] {
			g32[j] = float32(v)
		}
		if _, err := sess.Run(graph.Feeds{gr: tensor.FromSlice(g32)}, step); err != nil {
			t.Fatal(err)
		}
		got := w.Value().Values()
		avg := variable(g, "w1/average").Value().Values()
		for j := range got {
			if math.Abs(got[j]-want[k][0][j]) > 1e-5 || math.Abs(avg[j]-wantAvg[k][0][j]) > 1e-5 {
				t.Fatalf("step %d: w = %v, average = %v; want %v, %v", k+1, got, avg, want[k][0], wantAvg[k][0])
			}
		}
	}
}

func TestEMAConfigErrors(t *testing.T) {
	for _, c := range []struct {
		opt  optimizers.Optimizer
		want string
	}{
		{&optimizers.SGD{UseEMA: true, EMAMomentum: 1.5}, "EMAMomentum"},
		{&optimizers.Adam{UseEMA: true, EMAMomentum: -0.1}, "EMAMomentum"},
		{&optimizers.AdamW{UseEMA: true, EMAMomentum: math.NaN()}, "EMAMomentum"},
		{&optimizers.Adafactor{UseEMA: true, EMAOverwriteFrequency: -1}, "EMAOverwriteFrequency"},
	} {
		g := graph.New()
		w := g.Variable("w", tensor.FromSlice([]float64{1}))
		_, err := c.opt.Apply([]*graph.Node{w}, []*graph.Node{g.Const(tensor.FromSlice([]float64{1}))})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.opt.Name()) {
			t.Errorf("%s: got %v, want an error naming %s", c.opt.Name(), err, c.want)
		}
	}
}

// TestEveryOptimizerHasEMA checks that every optimizer Get knows keeps
// averages with UseEMA and is a Finalizer.
func TestEveryOptimizerHasEMA(t *testing.T) {
	for _, name := range optimizers.Names() {
		opt, err := optimizers.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := opt.(optimizers.Finalizer); !ok {
			t.Errorf("%s is not a Finalizer", name)
		}
	}
}

// variable returns the variable of g called name, or nil.
func variable(g *graph.Graph, name string) *graph.Node {
	for _, v := range g.Variables() {
		if v.Name() == name {
			return v
		}
	}
	return nil
}
