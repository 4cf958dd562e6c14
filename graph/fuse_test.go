package graph

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// denseNet builds a network of dense layers with the given activations
// ("" for none) on a placeholder batch: 50→200 (blocked GEMM path), then
// →24, →12, →6 (small path), loss Mean(Square(out)). It returns the
// graph's nodes to fetch: the output, the loss and the gradients of the
// loss with respect to every weight and the input.
func denseNet(dt tensor.DType, acts []string) (x *Node, fetches []*Node) {
	g := New()
	rng := tensor.NewRNG(9)
	x = g.Placeholder("x", dt, Unknown, 50)
	sizes := []int{50, 200, 24, 12, 6}
	h := x
	params := []*Node{x}
	for i, act := range acts {
		w := g.Variable("w", rng.Normal(dt, 0, 0.3, sizes[i], sizes[i+1]))
		b := g.Variable("b", rng.Normal(dt, 0, 0.5, sizes[i+1]))
		h = Add(MatMul(h, w), b)
		switch act {
		case "relu":
			h = Relu(h)
		case "sigmoid":
			h = Sigmoid(h)
		case "tanh":
			h = Tanh(h)
		case "leaky":
			h = LeakyRelu(h, 0.2)
		}
		params = append(params, w, b)
	}
	loss := Mean(Square(h), nil, false)
	return x, append([]*Node{h, loss}, Gradients(loss, params...)...)
}

// lastPlan returns the plan a session compiled most recently.
func lastPlan(s *Session) *plan { return s.plans[len(s.plans)-1] }

// runBoth runs fetches with and without fusion and returns both results
// and the plans.
func runBoth(t *testing.T, feeds Feeds, fetches []*Node) (fused, plain []*tensor.Tensor, pf, pp *plan) {
	t.Helper()
	g := fetches[0].g
	sf, sp := NewSession(g), NewSession(g, WithoutFusion())
	fused, err := sf.Run(feeds, fetches...)
	if err != nil {
		t.Fatal(err)
	}
	plain, err = sp.Run(feeds, fetches...)
	if err != nil {
		t.Fatal(err)
	}
	return fused, plain, lastPlan(sf), lastPlan(sp)
}

// sameBits reports whether two tensors hold bit-identical values.
func sameBits(a, b *tensor.Tensor) bool {
	av, bv := a.Values(), b.Values()
	if len(av) != len(bv) || !a.Shape().Equal(b.Shape()) || a.DType() != b.DType() {
		return false
	}
	for i := range av {
		if math.Float64bits(av[i]) != math.Float64bits(bv[i]) {
			return false
		}
	}
	return true
}

// Fused and unfused plans of dense networks give bit-identical outputs,
// losses and gradients, for every activation and both float dtypes, and
// the fused plan does fuse every layer (and every ReluGrad that follows a
// product).
func TestFusionMatchesUnfused(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, acts := range [][]string{
			{"relu", "relu", "relu", ""},
			{"sigmoid", "tanh", "", "relu"},
			{"tanh", "", "sigmoid", "sigmoid"},
			{"", "relu", "", "tanh"},
			{"leaky", "relu", "leaky", ""},
		} {
			x, fetches := denseNet(dt, acts)
			feeds := Feeds{x: tensor.NewRNG(4).Normal(dt, 0, 1, 64, 50)}
			fused, plain, pf, pp := runBoth(t, feeds, fetches)
			// Every layer fuses forward; the ReluGrad of every Relu layer but
			// the last fuses with the product that brings its gradient.
			chains, saved := len(acts), 0
			for i, a := range acts {
				saved++ // the MatMul's step
				if a != "" && a != "leaky" {
					saved++ // the Add's (LeakyRelu is not fused: its gradient reads the sum)
				}
				if (a == "relu" || a == "leaky") && i < len(acts)-1 {
					chains++
					saved++
				}
			}
			if pf.fused != chains || pp.fused != 0 {
				t.Fatalf("%v %v: %d chains fused (%d without fusion), want %d", dt, acts, pf.fused, pp.fused, chains)
			}
			if len(pf.steps) != len(pp.steps)-saved {
				t.Errorf("%v %v: %d steps fused, %d unfused, want %d fewer", dt, acts, len(pf.steps), len(pp.steps), saved)
			}
			for k := range fetches {
				if !sameBits(fused[k], plain[k]) {
					t.Errorf("%v %v: fetch %d (%s) differs with fusion", dt, acts, k, fetches[k].Name())
				}
			}
		}
	}
}

// The fused step computes the right thing, not just the same thing: a
// hand-checked layer. x = [[1, 2], [3, 4]], W = [[5, 6], [7, 8]] give
// x·W = [[19, 22], [43, 50]]; bias [-20, -0.5] gives [[-1, 21.5], [23,
// 49.5]] and the ReLU [[0, 21.5], [23, 49.5]].
func TestFusedLayerKnownValues(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown, 2)
	w := g.Variable("w", tensor.FromSlice([]float32{5, 6, 7, 8}, 2, 2))
	b := g.Variable("b", tensor.FromSlice([]float32{-20, -0.5}, 2))
	y := Relu(Add(b, MatMul(x, w))) // bias first: Add commutes
	s := NewSession(g)
	out, err := s.Run(Feeds{x: tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2)}, y)
	if err != nil {
		t.Fatal(err)
	}
	if want := tensor.FromSlice([]float32{0, 21.5, 23, 49.5}, 2, 2); !sameBits(out[0], want) {
		t.Fatalf("relu(x·W + b) = %v, want %v", out[0], want)
	}
	if p := lastPlan(s); p.fused != 1 || len(p.steps) != 1 {
		t.Fatalf("%d chains fused into %d steps, want 1 and 1", p.fused, len(p.steps))
	}
}

// An intermediate value that is fetched or read by another node is
// computed: the chain is not fused through it, and every fetch is right.
func TestFusionKeepsUsedIntermediates(t *testing.T) {
	g := New()
	rng := tensor.NewRNG(2)
	x := g.Placeholder("x", tensor.Float32, Unknown, 30)
	w := g.Variable("w", rng.Normal(tensor.Float32, 0, 1, 30, 40))
	b := g.Variable("b", rng.Normal(tensor.Float32, 0, 1, 40))
	mm := MatMul(x, w)
	sum := Add(mm, b)
	y := Relu(sum)
	other := Mul(mm, g.Scalar(2)) // a second reader of the product
	dy := MatMul(x, w)
	rg := reluGrad(0, y, dy)
	feeds := Feeds{x: rng.Normal(tensor.Float32, 0, 1, 16, 30)}
	for _, c := range []struct {
		name    string
		fetches []*Node
		fused   int
		steps   int
	}{
		{"only y", []*Node{y}, 1, 1},
		{"product fetched", []*Node{y, mm}, 0, 3},
		{"sum fetched", []*Node{y, sum}, 1, 2}, // MatMul+Add fused, Relu apart
		{"product read elsewhere", []*Node{y, other}, 0, 4},
		{"sum read twice", []*Node{Add(y, sum)}, 1, 3},
		{"product added to itself", []*Node{Relu(Add(mm, mm))}, 0, 3},
		{"relu grad", []*Node{rg}, 2, 2},
		{"relu grad, product fetched", []*Node{rg, dy}, 1, 3},
		{"relu grad of itself", []*Node{reluGrad(0, dy, dy)}, 0, 2},
	} {
		fused, plain, pf, _ := runBoth(t, feeds, c.fetches)
		if pf.fused != c.fused || len(pf.steps) != c.steps {
			t.Errorf("%s: %d chains fused into %d steps, want %d and %d", c.name, pf.fused, len(pf.steps), c.fused, c.steps)
		}
		for k := range c.fetches {
			if !sameBits(fused[k], plain[k]) {
				t.Errorf("%s: fetch %d differs with fusion", c.name, k)
			}
		}
	}
}

// Only a bias along the last axis, whose sum has the product's shape, is
// fused: a bias that broadcasts the product to a larger shape, a bias per
// row, or one of another shape is added by its own step.
func TestFusionOnlyForLastAxisBias(t *testing.T) {
	g := New()
	rng := tensor.NewRNG(3)
	x := g.Placeholder("x", tensor.Float32, Unknown, 5)
	w := g.Variable("w", rng.Normal(tensor.Float32, 0, 1, 5, 4))
	mm := MatMul(x, w)
	feeds := Feeds{x: rng.Normal(tensor.Float32, 0, 1, 3, 5)}
	for _, c := range []struct {
		name  string
		bias  *tensor.Tensor
		fused int
	}{
		{"(4,)", rng.Normal(tensor.Float32, 0, 1, 4), 1},
		{"(1, 4)", rng.Normal(tensor.Float32, 0, 1, 1, 4), 1},
		{"(1, 1, 4) broadcasts the product", rng.Normal(tensor.Float32, 0, 1, 1, 1, 4), 0},
		{"(3, 1) per row", rng.Normal(tensor.Float32, 0, 1, 3, 1), 0},
		{"(3, 4) full", rng.Normal(tensor.Float32, 0, 1, 3, 4), 0},
		{"() scalar", tensor.Scalar[float32](0.5), 0},
	} {
		y := Add(mm, g.Const(c.bias))
		fused, plain, pf, _ := runBoth(t, feeds, []*Node{y})
		if pf.fused != c.fused {
			t.Errorf("bias %s: %d chains fused, want %d", c.name, pf.fused, c.fused)
		}
		if !sameBits(fused[0], plain[0]) {
			t.Errorf("bias %s: result differs with fusion", c.name)
		}
	}
}

// A steady-state run of a fused plan allocates nothing.
func TestFusedRunAllocatesNothing(t *testing.T) {
	if fuseRace {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	x, fetches := denseNet(tensor.Float32, []string{"relu", "sigmoid", "tanh", ""})
	s := NewSession(x.g)
	feeds := Feeds{x: tensor.NewRNG(4).Normal(tensor.Float32, 0, 1, 64, 50)}
	outs := make([]*tensor.Tensor, len(fetches))
	run := func() {
		if err := s.RunInto(feeds, fetches, outs); err != nil {
			t.Fatal(err)
		}
	}
	run()
	if a := testing.AllocsPerRun(20, run); a != 0 {
		t.Fatalf("a fused run allocates %v times", a)
	}
}
