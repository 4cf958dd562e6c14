package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// convNet builds three convolution layers with the given activations
// ("" for none, "leaky" for LeakyRelu 0.2) on a placeholder batch of
// 9×8×3 images: Conv2D 3×3 → 4 and MaxPool2D 2×2 (the 2×2 fast path), a
// 1×1 Conv2D → 5 (the pointwise path), Conv2D 2×2 "same" → 6 and
// MaxPool2D 2×2 "same" (the general pooling path), each convolution with
// a bias; loss Mean(Square(out)). It returns the placeholder and the
// nodes to fetch: the output, the loss and the gradients of the loss
// with respect to every weight and the input.
func convNet(dt tensor.DType, acts [3]string) (x *Node, fetches []*Node) {
	g := New()
	rng := tensor.NewRNG(11)
	x = g.Placeholder("x", dt, Unknown, 9, 8, 3)
	kernels := [][4]int{{3, 3, 3, 4}, {1, 1, 4, 5}, {2, 2, 5, 6}}
	h := x
	params := []*Node{x}
	for i, act := range acts {
		k := kernels[i]
		w := g.Variable("w", rng.Normal(dt, 0, 0.4, k[:]...))
		b := g.Variable("b", rng.Normal(dt, 0, 0.3, k[3]))
		o := Conv2DOptions{}
		if i == 2 {
			o.Padding = "same"
		}
		h = Add(Conv2D(h, w, o), b)
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
		switch i {
		case 0:
			h = MaxPool2D(h, Pool2DOptions{})
		case 2:
			h = MaxPool2D(h, Pool2DOptions{Padding: "same"})
		}
		params = append(params, w, b)
	}
	loss := Mean(Square(h), nil, false)
	return x, append([]*Node{h, loss}, Gradients(loss, params...)...)
}

// Fused and unfused plans of convolution networks give bit-identical
// outputs, losses and gradients, for every activation and both float
// dtypes; every convolution fuses with its bias (and its activation, but
// LeakyRelu, whose gradient reads the sum), and the ReluGrad of each Relu
// layer followed by max pooling fuses with the pooling's gradient.
func TestConvFusionMatchesUnfused(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, acts := range [][3]string{
			{"relu", "relu", "relu"},
			{"sigmoid", "tanh", ""},
			{"", "relu", "sigmoid"},
			{"leaky", "relu", "leaky"},
			{"tanh", "sigmoid", "relu"},
		} {
			x, fetches := convNet(dt, acts)
			feeds := Feeds{x: tensor.NewRNG(5).Normal(dt, 0, 1, 6, 9, 8, 3)}
			fused, plain, pf, pp := runBoth(t, feeds, fetches)
			chains, saved := 0, 0
			for i, a := range acts {
				chains++
				saved++ // the Conv2D's step
				if a != "" && a != "leaky" {
					saved++ // the Add's
				}
				if a == "relu" && i != 1 { // followed by max pooling
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

// The fused convolution computes the right thing: x = 1..9 as a 3×3
// image and a 2×2 kernel [[1, 0], [0, 1]] give x[i][j] + x[i+1][j+1] =
// [[6, 8], [12, 14]]; bias -10 and the ReLU give [[0, 0], [2, 4]].
func TestFusedConvKnownValues(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		g := New()
		x := g.Placeholder("x", dt, Unknown, 3, 3, 1)
		k := g.Variable("k", tensor.Cast(tensor.FromSlice([]float64{1, 0, 0, 1}, 2, 2, 1, 1), dt))
		b := g.Variable("b", tensor.Cast(tensor.FromSlice([]float64{-10}, 1), dt))
		y := Relu(Add(b, Conv2D(x, k, Conv2DOptions{})))
		s := NewSession(g)
		out, err := s.Run(Feeds{x: tensor.Cast(seqInput(1, 3, 3, 1), dt)}, y)
		if err != nil {
			t.Fatal(err)
		}
		expectValues(t, dt.String(), out[0], []int{1, 2, 2, 1}, []float64{0, 0, 2, 4}, 0)
		if p := lastPlan(s); p.fused != 1 || len(p.steps) != 1 {
			t.Fatalf("%v: %d chains fused into %d steps, want 1 and 1", dt, p.fused, len(p.steps))
		}
	}
}

// The fused pooling and ReLU gradient computes the right thing: for
// Relu then 2×2 max pooling of a 2×2 image with two channels, channel 0
// all negative (the ReLU gives zeros: the maximum, the first zero, is not
// positive, so no gradient) and channel 1 = (1, 3, 2, 0) (the gradient
// goes to the 3).
func TestFusedPoolReluGradKnownValues(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		g := New()
		x := g.Placeholder("x", dt, Unknown, 2, 2, 2)
		p := MaxPool2D(Relu(x), Pool2DOptions{})
		dy := g.Const(tensor.Cast(tensor.FromSlice([]float64{5, 7}, 1, 1, 1, 2), dt))
		dx := GradientsSeeded(p, dy, x)[0]
		s := NewSession(g)
		xv := tensor.Cast(tensor.FromSlice([]float64{-1, 1, -2, 3, -3, 2, -4, 0}, 1, 2, 2, 2), dt)
		out, err := s.Run(Feeds{x: xv}, dx)
		if err != nil {
			t.Fatal(err)
		}
		expectValues(t, dt.String(), out[0], []int{1, 2, 2, 2}, []float64{0, 0, 0, 7, 0, 0, 0, 0}, 0)
		if lastPlan(s).fused != 1 {
			t.Errorf("%v: %d chains fused, want 1", dt, lastPlan(s).fused)
		}
	}
}

// A ReluGrad whose mask is not the pooling's input, or whose incoming
// gradient is read elsewhere, is not fused with the pooling's gradient.
func TestPoolReluGradFusionConditions(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown, 4, 4, 2)
	y := Relu(x)
	dy := g.Const(tensor.NewRNG(3).Normal(tensor.Float32, 0, 1, 3, 2, 2, 2))
	pg := maxPool2DGrad(Pool2DOptions{}, y, dy)
	feeds := Feeds{x: tensor.NewRNG(4).Normal(tensor.Float32, 0, 1, 3, 4, 4, 2)}
	for _, c := range []struct {
		name    string
		fetches []*Node
		fused   int
	}{
		{"fused", []*Node{reluGrad(0, y, pg)}, 1},
		{"leaky", []*Node{reluGrad(0.2, y, pg)}, 1},
		{"negative slope", []*Node{reluGrad(-0.5, y, pg)}, 0},
		{"other mask", []*Node{reluGrad(0, x, pg)}, 0},
		{"gradient fetched", []*Node{reluGrad(0, y, pg), pg}, 0},
	} {
		fused, plain, pf, _ := runBoth(t, feeds, c.fetches)
		if pf.fused != c.fused {
			t.Errorf("%s: %d chains fused, want %d", c.name, pf.fused, c.fused)
		}
		for k := range c.fetches {
			if !sameBits(fused[k], plain[k]) {
				t.Errorf("%s: fetch %d differs with fusion", c.name, k)
			}
		}
	}
}

// A steady-state training-like run of a fused convolution network
// allocates nothing.
func TestFusedConvRunAllocatesNothing(t *testing.T) {
	if fuseRace {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	x, fetches := convNet(tensor.Float32, [3]string{"relu", "relu", "relu"})
	s := NewSession(x.g)
	feeds := Feeds{x: tensor.NewRNG(4).Normal(tensor.Float32, 0, 1, 64, 9, 8, 3)}
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
