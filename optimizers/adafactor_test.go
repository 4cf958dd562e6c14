package optimizers_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// The Adafactor problem: weights of rank 2, 1, 3 and 0 (shapes below,
// row-major values) and the gradients of five steps, made by a fixed
// formula with signs, a zero and magnitudes from 0.01 to 2.
var (
	afShapes = [][]int{{2, 3}, {3}, {2, 2, 2}, {}}
	afW0     = [][]float64{{0.5, -1.2, 2, 0.3, -0.7, 0.1}, {0.4, -0.2, 0.9}, {1, -1, 0.5, 0.25, -0.5, 2, 0, 0.75}, {-0.6}}
)

// afGrad returns the gradient of weight i, element j, at step k.
func afGrad(i, j, k int) float64 {
	if (i+j+k)%7 == 4 {
		return 0
	}
	return math.Sin(float64(3*i+5*j+7*k+1)) * (0.01 + float64((i*j+k)%5)*0.5)
}

// afTensor makes a float64 tensor of shape s (a scalar for rank 0).
func afTensor(vals []float64, s []int) *tensor.Tensor {
	if len(s) == 0 {
		return tensor.Scalar(vals[0])
	}
	return tensor.FromSlice(vals, s...)
}

// afRef is Keras 3's Adafactor.update_step coded plainly in float64, with
// the base optimizer's clipnorm and weight decay.
type afRef struct {
	lr, decay, eps1, eps2, clip, weightDecay, clipNorm float64
}

// run returns the weights after each of five steps.
func (c afRef) run() [][][]float64 {
	w := make([][]float64, len(afW0))
	r, col, v := make([][]float64, len(w)), make([][]float64, len(w)), make([][]float64, len(w))
	for i := range w {
		w[i] = append([]float64(nil), afW0[i]...)
		v[i] = make([]float64, len(w[i]))
		if s := afShapes[i]; len(s) >= 2 {
			last, prev := s[len(s)-1], s[len(s)-2]
			r[i] = make([]float64, len(w[i])/last)
			col[i] = make([]float64, len(w[i])/prev)
		}
	}
	var out [][][]float64
	for k := range 5 {
		t := float64(k + 1)
		for i := range w {
			g := make([]float64, len(w[i]))
			for j := range g {
				g[j] = afGrad(i, j, k)
			}
			if c.clipNorm > 0 {
				n := 0.0
				for _, x := range g {
					n += x * x
				}
				for j := range g {
					g[j] *= c.clipNorm / math.Max(math.Sqrt(n), c.clipNorm)
				}
			}
			for j := range w[i] {
				w[i][j] -= w[i][j] * c.weightDecay * c.lr
			}
			c.step(t, afShapes[i], w[i], g, r[i], col[i], v[i])
		}
		snap := make([][]float64, len(w))
		for i := range w {
			snap[i] = append([]float64(nil), w[i]...)
		}
		out = append(out, snap)
	}
	return out
}

// refRMS is √mean(x²).
func refRMS(x []float64) float64 {
	s := 0.0
	for _, e := range x {
		s += e * e
	}
	return math.Sqrt(s / float64(len(x)))
}

// step updates one weight of the given shape.
func (c afRef) step(t float64, shape []int, w, g, r, col, v []float64) {
	rho := math.Min(math.Min(c.lr, 1/math.Sqrt(t)), 1/math.Sqrt(t))
	alpha := math.Max(c.eps2, refRMS(w)) * rho
	beta := 1 - math.Pow(t, c.decay)
	sq := make([]float64, len(g))
	for j := range g {
		sq[j] = g[j]*g[j] + c.eps1
	}
	if len(shape) >= 2 {
		n, m := shape[len(shape)-2], shape[len(shape)-1]
		mats := len(w) / (n * m)
		for b := range mats {
			base := b * n * m
			for i := range n { // r: mean over the last axis
				s := 0.0
				for j := range m {
					s += sq[base+i*m+j]
				}
				r[b*n+i] = beta*r[b*n+i] + (1-beta)*s/float64(m)
			}
			for j := range m { // c: mean over the second-to-last axis
				s := 0.0
				for i := range n {
					s += sq[base+i*m+j]
				}
				col[b*m+j] = beta*col[b*m+j] + (1-beta)*s/float64(n)
			}
			rMean := 0.0
			for i := range n {
				rMean += r[b*n+i] / float64(n)
			}
			for i := range n {
				for j := range m {
					v[base+i*m+j] = r[b*n+i] / rMean * col[b*m+j]
				}
			}
		}
	} else {
		for j := range v {
			v[j] = beta*v[j] + (1-beta)*sq[j]
		}
	}
	u := make([]float64, len(g))
	for j := range g {
		u[j] = g[j] / math.Sqrt(v[j])
	}
	scale := math.Max(1, refRMS(u)/c.clip)
	for j := range w {
		w[j] -= alpha * u[j] / scale
	}
}

// TestAdafactorFiveStepsMatchKeras runs Adafactor for five steps on
// weights of rank 0 to 3 and compares every weight after every step with
// the reference, to 1e-9 relative.
func TestAdafactorFiveStepsMatchKeras(t *testing.T) {
	def := afRef{lr: 0.001, decay: -0.8, eps1: 1e-30, eps2: 1e-3, clip: 1}
	cases := []struct {
		name string
		opt  *optimizers.Adafactor
		ref  afRef
	}{
		{"defaults", &optimizers.Adafactor{}, def},
		// lr 0.5 is above 1/√t from step 5: ρ = 1/√t.
		{"large rate", &optimizers.Adafactor{LearningRate: 0.5}, afRef{lr: 0.5, decay: -0.8, eps1: 1e-30, eps2: 1e-3, clip: 1}},
		{"settings", &optimizers.Adafactor{LearningRate: 0.1, Beta2Decay: -0.5, Epsilon1: 1e-3, Epsilon2: 0.5, ClipThreshold: 0.2},
			afRef{lr: 0.1, decay: -0.5, eps1: 1e-3, eps2: 0.5, clip: 0.2}},
		{"weight decay clipnorm", &optimizers.Adafactor{LearningRate: 0.1, WeightDecay: 0.5, ClipNorm: 0.3},
			afRef{lr: 0.1, decay: -0.8, eps1: 1e-30, eps2: 1e-3, clip: 1, weightDecay: 0.5, clipNorm: 0.3}},
	}
	for _, c := range cases {
		want := c.ref.run()
		g := graph.New()
		var ws, gs []*graph.Node
		for i, s := range afShapes {
			ws = append(ws, g.Variable(fmt.Sprintf("w%d", i), afTensor(append([]float64(nil), afW0[i]...), s)))
			gs = append(gs, g.Placeholder(fmt.Sprintf("g%d", i), tensor.Float64, s...))
		}
		step, err := c.opt.Apply(ws, gs)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		sess := graph.NewSession(g)
		for k := range 5 {
			feeds := graph.Feeds{}
			for i, s := range afShapes {
				vals := make([]float64, len(afW0[i]))
				for j := range vals {
					vals[j] = afGrad(i, j, k)
				}
				feeds[gs[i]] = afTensor(vals, s)
			}
			if _, err := sess.Run(feeds, step); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for i, w := range ws {
				got := w.Value().Float64s()
				for j := range got {
					if d := math.Abs(got[j] - want[k][i][j]); d > 1e-9*math.Abs(want[k][i][j])+1e-15 {
						t.Fatalf("%s: step %d: w%d = %v, want %v", c.name, k+1, i, got, want[k][i])
					}
				}
				if got[0] == afW0[i][0] {
					t.Errorf("%s: step %d: w%d did not move", c.name, k+1, i)
				}
			}
		}
		if c.opt.Iterations() != 5 {
			t.Errorf("%s: %d iterations", c.name, c.opt.Iterations())
		}
	}
}

// The factored state of a matrix is a row and a column statistic.
func TestAdafactorFactoredState(t *testing.T) {
	g := graph.New()
	w := g.Variable("w", tensor.Zeros(tensor.Float32, 4, 5))
	b := g.Variable("b", tensor.Zeros(tensor.Float32, 5))
	gr := []*graph.Node{g.Placeholder("gw", tensor.Float32, 4, 5), g.Placeholder("gb", tensor.Float32, 5)}
	if _, err := (&optimizers.Adafactor{}).Apply([]*graph.Node{w, b}, gr); err != nil {
		t.Fatal(err)
	}
	shapes := map[string]string{}
	for _, n := range g.Variables() {
		shapes[n.Name()] = fmt.Sprint(n.Shape())
	}
	for name, want := range map[string]string{"w/r": "(4,)", "w/c": "(5,)", "b/v": "(5,)"} {
		if shapes[name] != want {
			t.Errorf("%s has shape %q, want %s (variables %v)", name, shapes[name], want, shapes)
		}
	}
	if _, ok := shapes["w/v"]; ok {
		t.Error("a factored weight keeps a full second moment")
	}
}

func TestAdafactorConfigErrors(t *testing.T) {
	for _, o := range []*optimizers.Adafactor{{LearningRate: -1}, {Epsilon1: -1}, {ClipThreshold: -2}, {Beta2Decay: math.NaN()}, {ClipNorm: 1, ClipValue: 1}} {
		g := graph.New()
		w := g.Variable("w", tensor.Zeros(tensor.Float32, 2))
		if _, err := o.Apply([]*graph.Node{w}, []*graph.Node{g.Placeholder("g", tensor.Float32, 2)}); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}
