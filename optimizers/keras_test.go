package optimizers_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// The fixed problem of the step tests: two float64 weights and the
// gradients fed at each of five steps (with a zero, sign changes, and
// norms above and below 1).
var (
	refW0    = [][]float64{{0.5, -1.2, 2}, {0.3, -0.7}}
	refGrads = [][][]float64{
		{{0.4, -0.3, 1.5}, {0.2, 0}},
		{{-0.1, 0.6, 0.9}, {0.5, -0.25}},
		{{0.05, -0.02, -0.7}, {-0.3, 0.8}},
		{{1.1, 0.3, 0.2}, {0, 0.1}},
		{{-0.6, -0.4, 0.35}, {0.45, -0.15}},
	}
)

// refSlots are one weight's optimizer slots in a reference computation,
// created on first use.
type refSlots map[string][]float64

// get returns the slot called name, of n elements starting at init.
func (s refSlots) get(name string, n int, init float64) []float64 {
	if s[name] == nil {
		s[name] = make([]float64, n)
		for i := range s[name] {
			s[name][i] = init
		}
	}
	return s[name]
}

// reference is an optimizer's update rule coded plainly in float64 from
// Keras's source, with the base optimizer's clipping and weight decay.
type reference struct {
	lr                                               float64
	clipNorm, clipValue, globalClipNorm, weightDecay float64
	// With useEMA, the moving averages of the base optimizer's use_ema
	// (emaMomentum as given, no default) overwrite the weights every
	// emaFreq steps (0: never).
	useEMA      bool
	emaMomentum float64
	emaFreq     int
	// begin runs once at the start of step t (Nadam's momentum product).
	begin func(t int)
	// update updates w from the (clipped) gradient g at step t (1-based).
	update func(t int, w, g []float64, s refSlots)
}

// run returns the weights after each of the steps of the fixed problem.
func (r reference) run() [][][]float64 {
	out, _ := r.runEMA()
	return out
}

// runEMA returns the weights and their moving averages (nil without
// useEMA) after each of the steps of the fixed problem.
func (r reference) runEMA() (out, averages [][][]float64) {
	w := [][]float64{append([]float64(nil), refW0[0]...), append([]float64(nil), refW0[1]...)}
	avg := [][]float64{make([]float64, len(w[0])), make([]float64, len(w[1]))}
	slots := []refSlots{{}, {}}
	for k, step := range refGrads {
		t := k + 1
		grads := [][]float64{append([]float64(nil), step[0]...), append([]float64(nil), step[1]...)}
		r.clip(grads)
		for i := range w {
			for j := range w[i] {
				w[i][j] -= w[i][j] * r.weightDecay * r.lr
			}
		}
		if r.begin != nil {
			r.begin(t)
		}
		for i := range w {
			r.update(t, w[i], grads[i], slots[i])
		}
		if r.useEMA {
			r.ema(k, w, avg)
			averages = append(averages, [][]float64{append([]float64(nil), avg[0]...), append([]float64(nil), avg[1]...)})
		}
		out = append(out, [][]float64{append([]float64(nil), w[0]...), append([]float64(nil), w[1]...)})
	}
	return out, averages
}

// ema updates the moving averages after the step taken when the
// iterations counter was it, as Keras's base optimizer does: momentum 0
// at the first step, and the weights overwritten when (it + 1) is a
// multiple of emaFreq.
func (r reference) ema(it int, w, avg [][]float64) {
	m := r.emaMomentum
	if it == 0 {
		m = 0
	}
	for i := range w {
		for j := range w[i] {
			avg[i][j] = m*avg[i][j] + (1-m)*w[i][j]
		}
		if r.emaFreq > 0 && (it+1)%r.emaFreq == 0 {
			copy(w[i], avg[i])
		}
	}
}

// clip applies Keras's gradient clipping in place.
func (r reference) clip(grads [][]float64) {
	sumSq := func(g []float64) (s float64) {
		for _, x := range g {
			s += x * x
		}
		return s
	}
	scale := func(g []float64, f float64) {
		for j := range g {
			g[j] *= f
		}
	}
	switch {
	case r.clipNorm > 0:
		for _, g := range grads {
			scale(g, r.clipNorm/math.Max(math.Sqrt(sumSq(g)), r.clipNorm))
		}
	case r.clipValue > 0:
		for _, g := range grads {
			for j := range g {
				g[j] = math.Max(-r.clipValue, math.Min(r.clipValue, g[j]))
			}
		}
	case r.globalClipNorm > 0:
		norm := math.Sqrt(sumSq(grads[0]) + sumSq(grads[1]))
		for _, g := range grads {
			scale(g, r.globalClipNorm*math.Min(1/norm, 1/r.globalClipNorm))
		}
	}
}

func refSGD(lr, momentum float64, nesterov bool) func(int, []float64, []float64, refSlots) {
	return func(_ int, w, g []float64, s refSlots) {
		if momentum == 0 {
			for i := range w {
				w[i] -= lr * g[i]
			}
			return
		}
		v := s.get("velocity", len(w), 0)
		for i := range w {
			v[i] = momentum*v[i] - lr*g[i]
			if nesterov {
				w[i] += momentum*v[i] - lr*g[i]
			} else {
				w[i] += v[i]
			}
		}
	}
}

func refAdam(lr, b1, b2, eps float64, amsgrad bool) func(int, []float64, []float64, refSlots) {
	return func(t int, w, g []float64, s refSlots) {
		m, v, vh := s.get("m", len(w), 0), s.get("v", len(w), 0), s.get("vhat", len(w), 0)
		alpha := lr * math.Sqrt(1-math.Pow(b2, float64(t))) / (1 - math.Pow(b1, float64(t)))
		for i := range w {
			m[i] += (g[i] - m[i]) * (1 - b1)
			v[i] += (g[i]*g[i] - v[i]) * (1 - b2)
			d := v[i]
			if amsgrad {
				vh[i] = math.Max(vh[i], v[i])
				d = vh[i]
			}
			w[i] -= alpha * m[i] / (math.Sqrt(d) + eps)
		}
	}
}

func refRMSprop(lr, rho, momentum, eps float64, centered bool) func(int, []float64, []float64, refSlots) {
	return func(_ int, w, g []float64, s refSlots) {
		vel, mom, avg := s.get("velocity", len(w), 0), s.get("momentum", len(w), 0), s.get("average", len(w), 0)
		for i := range w {
			vel[i] = rho*vel[i] + (1-rho)*g[i]*g[i]
			denom := vel[i] + eps
			if centered {
				avg[i] = rho*avg[i] + (1-rho)*g[i]
				denom = vel[i] - avg[i]*avg[i] + eps
			}
			inc := lr * g[i] / math.Sqrt(denom)
			if momentum > 0 {
				mom[i] = momentum*mom[i] + inc
				inc = mom[i]
			}
			w[i] -= inc
		}
	}
}

func refAdagrad(lr, init, eps float64) func(int, []float64, []float64, refSlots) {
	return func(_ int, w, g []float64, s refSlots) {
		acc := s.get("accumulator", len(w), init)
		for i := range w {
			acc[i] += g[i] * g[i]
			w[i] -= lr * g[i] / math.Sqrt(acc[i]+eps)
		}
	}
}

func refAdamax(lr, b1, b2, eps float64) func(int, []float64, []float64, refSlots) {
	return func(t int, w, g []float64, s refSlots) {
		m, u := s.get("m", len(w), 0), s.get("u", len(w), 0)
		for i := range w {
			m[i] += (g[i] - m[i]) * (1 - b1)
			u[i] = math.Max(b2*u[i], math.Abs(g[i]))
			w[i] -= lr * m[i] / ((1 - math.Pow(b1, float64(t))) * (u[i] + eps))
		}
	}
}

// refNadam returns Nadam's begin and update; uProduct is shared by the
// weights.
func refNadam(lr, b1, b2, eps float64) (func(int), func(int, []float64, []float64, refSlots)) {
	uProduct := 1.0
	mu := func(t int) float64 { return b1 * (1 - 0.5*math.Pow(0.96, float64(t))) }
	begin := func(t int) { uProduct *= mu(t) }
	return begin, func(t int, w, g []float64, s refSlots) {
		m, v := s.get("m", len(w), 0), s.get("v", len(w), 0)
		uNext := uProduct * mu(t+1)
		for i := range w {
			m[i] += (g[i] - m[i]) * (1 - b1)
			v[i] += (g[i]*g[i] - v[i]) * (1 - b2)
			mHat := mu(t+1)*m[i]/(1-uNext) + (1-mu(t))*g[i]/(1-uProduct)
			vHat := v[i] / (1 - math.Pow(b2, float64(t)))
			w[i] -= mHat * lr / (math.Sqrt(vHat) + eps)
		}
	}
}

func refAdadelta(lr, rho, eps float64) func(int, []float64, []float64, refSlots) {
	return func(_ int, w, g []float64, s refSlots) {
		ag, ad := s.get("grad", len(w), 0), s.get("delta", len(w), 0)
		for i := range w {
			ag[i] = rho*ag[i] + (1-rho)*g[i]*g[i]
			delta := -math.Sqrt(ad[i]+eps) * g[i] / math.Sqrt(ag[i]+eps)
			ad[i] = rho*ad[i] + (1-rho)*delta*delta
			w[i] += lr * delta
		}
	}
}

func refLion(lr, b1, b2 float64) func(int, []float64, []float64, refSlots) {
	sign := func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	}
	return func(_ int, w, g []float64, s refSlots) {
		m := s.get("m", len(w), 0)
		for i := range w {
			w[i] -= lr * sign(b1*m[i]+(1-b1)*g[i])
			m[i] = b2*m[i] + (1-b2)*g[i]
		}
	}
}

func refFtrl(lr, power, init, l1, l2, shrink, beta float64) func(int, []float64, []float64, refSlots) {
	return func(_ int, w, g []float64, s refSlots) {
		acc, lin := s.get("accumulator", len(w), init), s.get("linear", len(w), 0)
		l2r := l2 + beta/(2*lr)
		for i := range w {
			gs := g[i] + 2*shrink*w[i]
			na := acc[i] + g[i]*g[i]
			lin[i] += gs - (math.Pow(na, -power)-math.Pow(acc[i], -power))/lr*w[i]
			quad := math.Pow(na, -power)/lr + 2*l2r
			w[i] = (math.Max(-l1, math.Min(l1, lin[i])) - lin[i]) / quad
			acc[i] = na
		}
	}
}

// stepCase is an optimizer and its reference computation.
type stepCase struct {
	name string
	opt  optimizers.Optimizer
	ref  reference
}

func stepCases() []stepCase {
	nadamBegin, nadamUpdate := refNadam(0.1, 0.9, 0.999, 1e-7)
	nadamBegin2, nadamUpdate2 := refNadam(0.05, 0.8, 0.99, 1e-7)
	nadamBegin3, nadamUpdate3 := refNadam(0.1, 0.9, 0.999, 1e-7)
	return []stepCase{
		{"SGD", &optimizers.SGD{}, reference{lr: 0.01, update: refSGD(0.01, 0, false)}},
		{"SGD nesterov", &optimizers.SGD{LearningRate: 0.1, Momentum: 0.9, Nesterov: true},
			reference{lr: 0.1, update: refSGD(0.1, 0.9, true)}},
		{"Adam", &optimizers.Adam{LearningRate: 0.1}, reference{lr: 0.1, update: refAdam(0.1, 0.9, 0.999, 1e-7, false)}},
		{"Adam amsgrad", &optimizers.Adam{LearningRate: 0.1, Amsgrad: true, Beta2: 0.9},
			reference{lr: 0.1, update: refAdam(0.1, 0.9, 0.9, 1e-7, true)}},
		{"AdamW", &optimizers.AdamW{LearningRate: 0.1},
			reference{lr: 0.1, weightDecay: 0.004, update: refAdam(0.1, 0.9, 0.999, 1e-7, false)}},
		{"AdamW decay", &optimizers.AdamW{LearningRate: 0.1, WeightDecay: 0.5, Amsgrad: true},
			reference{lr: 0.1, weightDecay: 0.5, update: refAdam(0.1, 0.9, 0.999, 1e-7, true)}},
		{"RMSprop", &optimizers.RMSprop{}, reference{lr: 0.001, update: refRMSprop(0.001, 0.9, 0, 1e-7, false)}},
		{"RMSprop centered momentum", &optimizers.RMSprop{LearningRate: 0.05, Rho: 0.8, Momentum: 0.5, Centered: true},
			reference{lr: 0.05, update: refRMSprop(0.05, 0.8, 0.5, 1e-7, true)}},
		{"Adagrad", &optimizers.Adagrad{LearningRate: 0.1}, reference{lr: 0.1, update: refAdagrad(0.1, 0.1, 1e-7)}},
		{"Adagrad initial", &optimizers.Adagrad{LearningRate: 0.1, InitialAccumulatorValue: 2, Epsilon: 1e-3},
			reference{lr: 0.1, update: refAdagrad(0.1, 2, 1e-3)}},
		{"Adamax", &optimizers.Adamax{LearningRate: 0.1}, reference{lr: 0.1, update: refAdamax(0.1, 0.9, 0.999, 1e-7)}},
		{"Nadam", &optimizers.Nadam{LearningRate: 0.1}, reference{lr: 0.1, begin: nadamBegin, update: nadamUpdate}},
		{"Nadam betas", &optimizers.Nadam{LearningRate: 0.05, Beta1: 0.8, Beta2: 0.99},
			reference{lr: 0.05, begin: nadamBegin2, update: nadamUpdate2}},
		{"Adadelta", &optimizers.Adadelta{LearningRate: 1}, reference{lr: 1, update: refAdadelta(1, 0.95, 1e-7)}},
		{"Adadelta defaults", &optimizers.Adadelta{}, reference{lr: 0.001, update: refAdadelta(0.001, 0.95, 1e-7)}},
		{"Lion", &optimizers.Lion{LearningRate: 0.1}, reference{lr: 0.1, update: refLion(0.1, 0.9, 0.99)}},
		{"Ftrl", &optimizers.Ftrl{LearningRate: 0.1}, reference{lr: 0.1, update: refFtrl(0.1, -0.5, 0.1, 0, 0, 0, 0)}},
		{"Ftrl regularized", &optimizers.Ftrl{LearningRate: 0.1, LearningRatePower: -0.7, InitialAccumulatorValue: 0.3,
			L1RegularizationStrength: 0.05, L2RegularizationStrength: 0.02, L2ShrinkageRegularizationStrength: 0.03, Beta: 0.1},
			reference{lr: 0.1, update: refFtrl(0.1, -0.7, 0.3, 0.05, 0.02, 0.03, 0.1)}},
		// The base options.
		{"SGD clipnorm", &optimizers.SGD{LearningRate: 0.1, ClipNorm: 0.5},
			reference{lr: 0.1, clipNorm: 0.5, update: refSGD(0.1, 0, false)}},
		{"Adam clipvalue", &optimizers.Adam{LearningRate: 0.1, ClipValue: 0.35},
			reference{lr: 0.1, clipValue: 0.35, update: refAdam(0.1, 0.9, 0.999, 1e-7, false)}},
		{"RMSprop global clipnorm", &optimizers.RMSprop{LearningRate: 0.05, GlobalClipNorm: 1},
			reference{lr: 0.05, globalClipNorm: 1, update: refRMSprop(0.05, 0.9, 0, 1e-7, false)}},
		{"Lion global clipnorm", &optimizers.Lion{LearningRate: 0.1, GlobalClipNorm: 0.8},
			reference{lr: 0.1, globalClipNorm: 0.8, update: refLion(0.1, 0.9, 0.99)}},
		{"SGD weight decay", &optimizers.SGD{LearningRate: 0.1, Momentum: 0.5, WeightDecay: 0.3},
			reference{lr: 0.1, weightDecay: 0.3, update: refSGD(0.1, 0.5, false)}},
		{"Adagrad weight decay clipnorm", &optimizers.Adagrad{LearningRate: 0.1, WeightDecay: 0.2, ClipNorm: 0.7},
			reference{lr: 0.1, weightDecay: 0.2, clipNorm: 0.7, update: refAdagrad(0.1, 0.1, 1e-7)}},
		// Ftrl reads w in its step: the decay must come first.
		{"Ftrl weight decay", &optimizers.Ftrl{LearningRate: 0.1, L2ShrinkageRegularizationStrength: 0.5, WeightDecay: 0.7},
			reference{lr: 0.1, weightDecay: 0.7, update: refFtrl(0.1, -0.5, 0.1, 0, 0, 0.5, 0)}},
		{"Nadam clipvalue weight decay", &optimizers.Nadam{LearningRate: 0.1, ClipValue: 0.5, WeightDecay: 0.1},
			reference{lr: 0.1, clipValue: 0.5, weightDecay: 0.1, begin: nadamBegin3, update: nadamUpdate3}},
		{"Adamax global clipnorm weight decay", &optimizers.Adamax{LearningRate: 0.1, GlobalClipNorm: 0.6, WeightDecay: 0.1},
			reference{lr: 0.1, globalClipNorm: 0.6, weightDecay: 0.1, update: refAdamax(0.1, 0.9, 0.999, 1e-7)}},
		{"Adadelta clipnorm", &optimizers.Adadelta{LearningRate: 1, ClipNorm: 0.4},
			reference{lr: 1, clipNorm: 0.4, update: refAdadelta(1, 0.95, 1e-7)}},
	}
}

// TestFiveStepsMatchKeras runs each optimizer for five steps of the fixed
// problem and compares the weights after every step with the reference.
func TestFiveStepsMatchKeras(t *testing.T) {
	for _, c := range stepCases() {
		// A reference with a begin hook holds state: each is run once.
		want := c.ref.run()
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
		sess := graph.NewSession(g)
		for k, grads := range refGrads {
			feeds := graph.Feeds{gs[0]: tensor.FromSlice(grads[0]), gs[1]: tensor.FromSlice(grads[1])}
			if _, err := sess.Run(feeds, step); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for i, w := range ws {
				got := w.Value().Float64s()
				for j := range got {
					if d := math.Abs(got[j] - want[k][i][j]); d > 1e-9*math.Abs(want[k][i][j])+1e-15 {
						t.Fatalf("%s: step %d: w%d = %v, want %v", c.name, k+1, i+1, got, want[k][i])
					}
				}
			}
		}
	}
}

// TestReferenceOptionsMatter guards the reference cases of the options:
// each must move the weights differently from the plain optimizer, or the
// option would go untested.
func TestReferenceOptionsMatter(t *testing.T) {
	plain := map[string]reference{
		"SGD clipnorm":            {lr: 0.1, update: refSGD(0.1, 0, false)},
		"Adam clipvalue":          {lr: 0.1, update: refAdam(0.1, 0.9, 0.999, 1e-7, false)},
		"RMSprop global clipnorm": {lr: 0.05, update: refRMSprop(0.05, 0.9, 0, 1e-7, false)},
		"SGD weight decay":        {lr: 0.1, update: refSGD(0.1, 0.5, false)},
		"Ftrl weight decay":       {lr: 0.1, update: refFtrl(0.1, -0.5, 0.1, 0, 0, 0.5, 0)},
	}
	for _, c := range stepCases() {
		p, ok := plain[c.name]
		if !ok {
			continue
		}
		if a, b := fmt.Sprint(c.ref.run()[4]), fmt.Sprint(p.run()[4]); a == b {
			t.Errorf("%s: the option changes nothing (%s)", c.name, a)
		}
	}
}
