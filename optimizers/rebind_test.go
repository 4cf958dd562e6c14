package optimizers_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// twinGraph is a graph whose variables w (2×3) and b (3,) are bound to
// given storage, with a loss whose gradient differs from step to step.
type twinGraph struct {
	g      *graph.Graph
	params []*graph.Node
	loss   *graph.Node
	sess   *graph.Session
}

func newTwin(w, b *tensor.Tensor, scale float64) *twinGraph {
	g := graph.New()
	wn, bn := g.VariableOf("dense/kernel", w), g.VariableOf("dense/bias", b)
	x := g.Const(tensor.FromSlice([]float64{1, -2, 0.5, 3}, 2, 2))
	y := graph.Add(graph.MatMul(x, wn), bn)
	loss := graph.Mul(graph.Sum(graph.Square(graph.Tanh(y)), nil, false), g.Scalar(scale))
	return &twinGraph{g: g, params: []*graph.Node{wn, bn}, loss: loss}
}

func (tw *twinGraph) apply(t *testing.T, opt optimizers.Optimizer) *graph.Node {
	t.Helper()
	step, err := opt.Apply(tw.params, graph.Gradients(tw.loss, tw.params...))
	if err != nil {
		t.Fatal(err)
	}
	tw.sess = graph.NewSession(tw.g)
	return step
}

// optimizerVars returns the graph's variables other than the params, by
// name.
func (tw *twinGraph) optimizerVars() map[string]*tensor.Tensor {
	out := map[string]*tensor.Tensor{}
	for _, v := range tw.g.Variables() {
		if v != tw.params[0] && v != tw.params[1] {
			out[v.Name()] = v.Value()
		}
	}
	return out
}

// TestApplyInAnotherGraphSharesState: an optimizer applied to a second
// graph whose params share the first graph's storage (a model's graph for
// another sequence length) updates one set of state. Steps alternating
// between two graphs of one loss equal the same steps in one graph, bit
// for bit, and the second graph names the state as the first.
func TestApplyInAnotherGraphSharesState(t *testing.T) {
	makers := map[string]func() optimizers.Optimizer{
		"sgd":       func() optimizers.Optimizer { return &optimizers.SGD{LearningRate: 0.1, Momentum: 0.9, Nesterov: true} },
		"adam":      func() optimizers.Optimizer { return &optimizers.Adam{Amsgrad: true} },
		"adam-ema":  func() optimizers.Optimizer { return &optimizers.Adam{UseEMA: true, EMAOverwriteFrequency: 3} },
		"nadam":     func() optimizers.Optimizer { return &optimizers.Nadam{} },
		"adafactor": func() optimizers.Optimizer { return &optimizers.Adafactor{} },
		"rmsprop":   func() optimizers.Optimizer { return &optimizers.RMSprop{Momentum: 0.5, Centered: true} },
		"ftrl":      func() optimizers.Optimizer { return &optimizers.Ftrl{} },
		"lion":      func() optimizers.Optimizer { return &optimizers.Lion{} },
		"adamw":     func() optimizers.Optimizer { return &optimizers.AdamW{} },
	}
	names := make([]string, 0, len(makers))
	for n := range makers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			run := func(twins bool) ([]float64, map[string]*tensor.Tensor, map[string]*tensor.Tensor) {
				w := tensor.FromSlice([]float64{0.3, -0.2, 0.1, 0.5, -0.4, 0.2}, 2, 3)
				b := tensor.FromSlice([]float64{0.05, -0.1, 0}, 3)
				opt := makers[name]()
				a := newTwin(w, b, 1)
				stepA := a.apply(t, opt)
				other := a
				stepB := stepA
				if twins {
					other = newTwin(w, b, 1)
					stepB = other.apply(t, opt)
				}
				for i := 0; i < 6; i++ {
					tw, step := a, stepA
					if i%2 == 1 {
						tw, step = other, stepB
					}
					if _, err := tw.sess.Run(nil, step); err != nil {
						t.Fatal(err)
					}
				}
				if f, ok := opt.(optimizers.Finalizer); ok {
					if err := f.Finalize(); err != nil {
						t.Fatal(err)
					}
				}
				return append(append([]float64{}, w.Float64s()...), b.Float64s()...), a.optimizerVars(), other.optimizerVars()
			}
			want, _, _ := run(false)
			got, first, second := run(true)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("weights after alternating graphs %v, want %v (one graph)", got, want)
				}
			}
			if len(first) != len(second) {
				t.Fatalf("the second graph has optimizer variables %v, the first %v", keys(second), keys(first))
			}
			for n, v := range first {
				if second[n] != v {
					t.Errorf("variable %s is not shared by the second graph under its name (second graph: %v)", n, keys(second))
				}
			}
		})
	}
}

func keys(m map[string]*tensor.Tensor) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
