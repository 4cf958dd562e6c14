package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// actAway moves the elements of t that lie within margin of a kink at k
// out to k±margin (keeping their side), so that finite differences never
// straddle the kink.
func actAway(t *tensor.Tensor, margin float64, kinks ...float64) *tensor.Tensor {
	d := t.Float64s()
	for i, v := range d {
		for _, k := range kinks {
			if math.Abs(v-k) < margin {
				if v < k {
					v = k - margin - (k - v)
				} else {
					v = k + margin + (v - k)
				}
			}
		}
		d[i] = v
	}
	return t
}

// actUnary names an activation of one input for table-driven tests.
type actUnary struct {
	name   string
	build  func(x *Node) *Node
	kinks  []float64 // points where the function is not smooth
	f      func(x float64) float64
	deriv1 func(x float64) float64
}

func actUnaries() []actUnary {
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	phi := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
	Phi := func(x float64) float64 { return 0.5 * (1 + math.Erf(x/math.Sqrt2)) }
	geluT := func(x float64) float64 {
		return 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
	}
	return []actUnary{
		{"Tanh", Tanh, nil, math.Tanh, func(x float64) float64 { t := math.Tanh(x); return 1 - t*t }},
		{"Sigmoid", Sigmoid, nil, sig, func(x float64) float64 { return sig(x) * (1 - sig(x)) }},
		{"Relu", Relu, []float64{0}, func(x float64) float64 { return max(x, 0) }, func(x float64) float64 {
			if x > 0 {
				return 1
			}
			return 0
		}},
		{"LeakyRelu", func(x *Node) *Node { return LeakyRelu(x, 0.3) }, []float64{0},
			func(x float64) float64 {
				if x > 0 {
					return x
				}
				return 0.3 * x
			}, func(x float64) float64 {
				if x > 0 {
					return 1
				}
				return 0.3
			}},
		{"Elu", func(x *Node) *Node { return Elu(x, 0.7) }, []float64{0},
			func(x float64) float64 {
				if x > 0 {
					return x
				}
				return 0.7 * (math.Exp(x) - 1)
			}, func(x float64) float64 {
				if x > 0 {
					return 1
				}
				return 0.7 * math.Exp(x)
			}},
		{"Selu", Selu, []float64{0},
			func(x float64) float64 {
				if x > 0 {
					return 1.0507009873554805 * x
				}
				return 1.0507009873554805 * 1.6732632423543772 * (math.Exp(x) - 1)
			}, func(x float64) float64 {
				if x > 0 {
					return 1.0507009873554805
				}
				return 1.0507009873554805 * 1.6732632423543772 * math.Exp(x)
			}},
		{"Softplus", Softplus, nil, func(x float64) float64 { return math.Log(1 + math.Exp(x)) }, sig},
		{"Softsign", Softsign, []float64{0}, func(x float64) float64 { return x / (1 + math.Abs(x)) },
			func(x float64) float64 { return 1 / ((1 + math.Abs(x)) * (1 + math.Abs(x))) }},
		{"Gelu", func(x *Node) *Node { return Gelu(x, false) }, nil,
			func(x float64) float64 { return x * Phi(x) }, func(x float64) float64 { return Phi(x) + x*phi(x) }},
		{"GeluApprox", func(x *Node) *Node { return Gelu(x, true) }, nil, geluT, nil},
		{"Swish", Swish, nil, func(x float64) float64 { return x * sig(x) },
			func(x float64) float64 { return sig(x) + x*sig(x)*(1-sig(x)) }},
	}
}

func TestActivationGradients(t *testing.T) {
	for i, a := range actUnaries() {
		build := func(x ...*Node) *Node { return a.build(x[0]) }
		seed := uint64(100 + 10*i)
		t.Run(a.name+" (3, 5)", func(t *testing.T) {
			checkGradients(t, build, actAway(randInput(seed, -3, 3, 3, 5), 0.1, a.kinks...))
		})
		t.Run(a.name+" (2, 3, 5)", func(t *testing.T) {
			checkGradients(t, build, actAway(randInput(seed+1, -3, 3, 2, 3, 5), 0.1, a.kinks...))
		})
	}
}

func TestActivationSecondAndThirdOrder(t *testing.T) {
	for i, a := range actUnaries() {
		build := func(x ...*Node) *Node { return a.build(x[0]) }
		seed := uint64(300 + 10*i)
		t.Run(a.name+" second order", func(t *testing.T) {
			checkGradients(t, secondOrder(build), actAway(randInput(seed, -3, 3, 3, 5), 0.1, a.kinks...))
		})
		if a.name == "Relu" || a.name == "LeakyRelu" {
			continue // the second derivative is zero: no graph to differentiate again
		}
		t.Run(a.name+" third order", func(t *testing.T) {
			checkGradients(t, secondOrder(secondOrder(build)), actAway(randInput(seed+1, -3, 3, 2, 3), 0.1, a.kinks...))
		})
	}
}

// TestActivationHighOrderDerivatives checks each order n of actFn.deriv
// against central differences of order n-1, up to order 8, which exercises
// the Hermite, Taylor and sigmoid-polynomial formulas beyond what graph
// checks reach.
func TestActivationHighOrderDerivatives(t *testing.T) {
	fns := []actFn{
		{kind: actElu, alpha: 0.7, scale: 1}, {kind: actElu, alpha: seluAlpha, scale: seluScale},
		{kind: actSoftplus}, {kind: actSoftsign}, {kind: actGeluExact}, {kind: actGeluTanh}, {kind: actSwish},
		{kind: actLeakyRelu, alpha: 0.2},
	}
	const h = 1e-5
	for _, f := range fns {
		for n := 1; n <= 8; n++ {
			var c, cPrev actCoef
			c.prepare(f, n)
			cPrev.prepare(f, n-1)
			lower := func(x float64) float64 {
				if n == 1 {
					return f.forward(x)
				}
				return f.deriv(n-1, x, &cPrev)
			}
			for _, x := range []float64{-2.3, -0.7, 0.4, 1.9} {
				got := f.deriv(n, x, &c)
				want := (lower(x+h) - lower(x-h)) / (2 * h)
				if math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
					t.Errorf("%s: derivative %d at %v = %.10g, central difference %.10g", f.name(), n, x, got, want)
				}
			}
		}
	}
}

// actRun runs y on a float32 input fed to a placeholder and returns the
// result as float64s.
func actRun(t *testing.T, build func(x *Node) *Node, in ...float32) []float64 {
	t.Helper()
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown)
	y := build(x)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	out, err := NewSession(g).Run(Feeds{x: tensor.FromSlice(in)}, y)
	if err != nil {
		t.Fatal(err)
	}
	return out[0].Values()
}

// actClose reports whether float32 results match want to float32
// precision.
func actClose(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	for i := range got {
		if !(math.Abs(got[i]-want[i]) <= 1e-6*max(1, math.Abs(want[i]))) {
			t.Errorf("%s: element %d = %.9g, want %.9g", what, i, got[i], want[i])
		}
	}
}

func TestActivationKnownValues(t *testing.T) {
	cases := []struct {
		name  string
		build func(x *Node) *Node
		in    []float32
		want  []float64
	}{
		{"Tanh", Tanh, []float32{0, 0.5, -1, 20}, []float64{0, 0.46211715726000974, -0.7615941559557649, 1}},
		{"Sigmoid", Sigmoid, []float32{0, 2, -1000, 1000}, []float64{0.5, 0.8807970779778823, 0, 1}},
		{"Relu", Relu, []float32{-1, 0, 2.5}, []float64{0, 0, 2.5}},
		{"LeakyRelu 0.3", func(x *Node) *Node { return LeakyRelu(x, 0.3) }, []float32{-2, 0, 3}, []float64{-0.6, 0, 3}},
		{"LeakyRelu 0.2", func(x *Node) *Node { return LeakyRelu(x, 0.2) }, []float32{-2}, []float64{-0.4}},
		{"Elu", func(x *Node) *Node { return Elu(x, 1) }, []float32{-1, 0, 2}, []float64{-0.6321205588285577, 0, 2}},
		{"Elu alpha 0.5", func(x *Node) *Node { return Elu(x, 0.5) }, []float32{-1}, []float64{-0.31606027941427883}},
		{"Selu", Selu, []float32{-1, 0, 2, -100}, []float64{-1.1113307378125628, 0, 2.101401974710961, -1.7580993408473766}},
		{"Softplus", Softplus, []float32{0, 1, 1000, -1000, -20}, []float64{0.6931471805599453, 1.3132616875182228, 1000, 0, 2.0611536181902037e-09}},
		{"Softsign", Softsign, []float32{1, -3, 0}, []float64{0.5, -0.75, 0}},
		{"Gelu", func(x *Node) *Node { return Gelu(x, false) }, []float32{1, -1, 0, 3},
			[]float64{0.8413447460685429, -0.15865525393145707, 0, 2.995950106689255}},
		{"Gelu approximate", func(x *Node) *Node { return Gelu(x, true) }, []float32{1, -1, 0},
			[]float64{0.8411919906082768, -0.15880800939172324, 0}},
		{"Swish", Swish, []float32{1, -2, 0}, []float64{0.7310585786300049, -0.2384058440442351, 0}},
		{"Softmax", func(x *Node) *Node { return Softmax(x, -1) }, []float32{1000, 0}, []float64{1, 0}},
		{"Softmax small", func(x *Node) *Node { return Softmax(x, 0) }, []float32{1, 2, 3},
			[]float64{0.09003057317038046, 0.24472847105479764, 0.6652409557748219}},
		{"LogSoftmax", func(x *Node) *Node { return LogSoftmax(x, -1) }, []float32{1000, 0}, []float64{0, -1000}},
		{"Clip", func(x *Node) *Node { return Clip(x, 0, 1) }, []float32{-2, 0.5, 3}, []float64{0, 0.5, 1}},
		{"LogClipped", func(x *Node) *Node { return LogClipped(x, 1e-7) }, []float32{0, 0.5, 1},
			[]float64{math.Log(float64(float32(1e-7))), math.Log(0.5), math.Log(float64(1 - float32(1e-7)))}},
	}
	for _, c := range cases {
		actClose(t, c.name, actRun(t, c.build, c.in...), c.want)
	}
}

// TestActivationFloat64MatchesFormulas compares forward values and first
// derivatives in float64 with the textbook formulas.
func TestActivationFloat64MatchesFormulas(t *testing.T) {
	xs := actAway(randInput(41, -4, 4, 23), 0.05, 0)
	for _, a := range actUnaries() {
		g := New()
		x := g.Const(xs)
		y := a.build(x)
		dx := Gradients(y, x)[0]
		out, err := NewSession(g).Run(nil, y, dx)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range xs.Float64s() {
			if got, want := out[0].Float64s()[i], a.f(v); math.Abs(got-want) > 1e-13*max(1, math.Abs(want)) {
				t.Errorf("%s(%v) = %.17g, want %.17g", a.name, v, got, want)
			}
			if a.deriv1 == nil {
				continue
			}
			if got, want := out[1].Float64s()[i], a.deriv1(v); math.Abs(got-want) > 1e-13*max(1, math.Abs(want)) {
				t.Errorf("%s'(%v) = %.17g, want %.17g", a.name, v, got, want)
			}
		}
	}
}

func TestActivationStableAtExtremes(t *testing.T) {
	got := actRun(t, Softplus, 1000, -1000, 88, -88)
	for i, want := range []float64{1000, 0, 88, math.Exp(-88)} {
		if math.IsInf(got[i], 0) || math.IsNaN(got[i]) || math.Abs(got[i]-want) > 1e-6*max(1, want) {
			t.Errorf("softplus element %d = %v, want %v", i, got[i], want)
		}
	}
	for _, approx := range []bool{false, true} {
		for _, v := range actRun(t, func(x *Node) *Node { return Gelu(x, approx) }, -1000, 1000, -30) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("gelu (approximate %v) is not finite: %v", approx, v)
			}
		}
	}
	for _, build := range []func(x *Node) *Node{Swish, Sigmoid, Tanh, Selu, Softsign} {
		for _, v := range actRun(t, build, -1000, 1000) {
			if math.IsNaN(v) || math.IsInf(v, 0) && math.Abs(v) != 1000 {
				t.Errorf("not finite: %v", v)
			}
		}
	}
}

// TestActivationGradientsAtKinks pins the gradient conventions at the kinks:
// Relu passes nothing at 0, LeakyRelu passes alpha, Elu passes alpha·e⁰.
func TestActivationGradientsAtKinks(t *testing.T) {
	cases := []struct {
		name  string
		build func(x *Node) *Node
		want  float64
	}{
		{"Relu", Relu, 0},
		{"LeakyRelu", func(x *Node) *Node { return LeakyRelu(x, 0.3) }, 0.3},
		{"Elu", func(x *Node) *Node { return Elu(x, 0.5) }, 0.5},
	}
	for _, c := range cases {
		got := actRun(t, func(x *Node) *Node { return Gradients(c.build(x), x)[0] }, 0)
		actClose(t, c.name+"'(0)", got, []float64{c.want})
	}
}

func TestActivationBuildErrors(t *testing.T) {
	cases := []struct {
		name  string
		build func(g *Graph) *Node
		want  []string
	}{
		{"Tanh int64", func(g *Graph) *Node { return Tanh(g.Placeholder("i", tensor.Int64, 3)) }, []string{"Tanh", "int64", "(3,)"}},
		{"Sigmoid int64", func(g *Graph) *Node { return Sigmoid(g.Placeholder("i", tensor.Int64, 2, 3)) }, []string{"Sigmoid", "int64", "(2, 3)"}},
		{"Gelu int64", func(g *Graph) *Node { return Gelu(g.Placeholder("i", tensor.Int64, 2), true) }, []string{"Gelu", "int64"}},
		{"LeakyRelu NaN", func(g *Graph) *Node {
			return LeakyRelu(g.Placeholder("x", tensor.Float32, 2), math.NaN())
		}, []string{"LeakyRelu", "alpha", "NaN"}},
		{"Elu Inf", func(g *Graph) *Node {
			return Elu(g.Placeholder("x", tensor.Float32, 2), math.Inf(1))
		}, []string{"Elu", "alpha"}},
	}
	for _, c := range cases {
		g := New()
		c.build(g)
		err := g.Err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}

// TestActivationReluInt64 checks that Relu accepts integers.
func TestActivationReluInt64(t *testing.T) {
	g := New()
	y := Relu(g.Const(tensor.FromSlice([]int64{-3, 0, 4})))
	out, err := NewSession(g).Run(nil, y)
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Int64s(); got[0] != 0 || got[1] != 0 || got[2] != 4 {
		t.Fatalf("got %v", got)
	}
}

// TestActivationLargeTensors runs the kernels on tensors big enough to be
// split across goroutines and compares them with the formulas.
func TestActivationLargeTensors(t *testing.T) {
	n := 2*actGrain + 77
	xs := randInput(51, -4, 4, n)
	for _, a := range actUnaries() {
		if a.deriv1 == nil {
			continue
		}
		g := New()
		x := g.Const(xs)
		y := a.build(x)
		dx := Gradients(y, x)[0]
		out, err := NewSession(g).Run(nil, y, dx)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range xs.Float64s() {
			if math.Abs(v) < 1e-9 {
				continue
			}
			if got, want := out[1].Float64s()[i], a.deriv1(v); math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
				t.Fatalf("%s'(%v) = %v, want %v", a.name, v, got, want)
			}
		}
	}
}

// TestActivationComputeDoesNotAllocate runs every op of the family (and
// its gradient ops) through Compute on preallocated tensors and checks
// that small inputs allocate nothing.
func TestActivationComputeDoesNotAllocate(t *testing.T) {
	g := New()
	x := g.Variable("x", randInput(1, 0.1, 0.9, 3, 5))
	labels := g.Const(xentLabels(5, 3))
	var ys []*Node
	for _, a := range actUnaries() {
		ys = append(ys, a.build(x))
	}
	ys = append(ys, Softmax(x, 0), LogSoftmax(x, -1), Clip(x, 0.2, 0.8), LogClipped(x, 0.1),
		SparseSoftmaxCrossEntropyWithLogits(labels, x))
	for _, y := range ys {
		secondOrder(secondOrder(func(...*Node) *Node { return Square(y) }))(x)
	}
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, n := range g.Nodes() {
		if n.id < x.id+1 || n.IsVariable() || n.Value() != nil {
			continue
		}
		seen[n.Type()] = true
		ins := make([]*tensor.Tensor, len(n.inputs))
		for i, in := range n.inputs {
			ins[i] = tensor.New(in.dtype, in.shape...)
			if in.dtype == tensor.Int64 {
				ins[i] = labels.Value()
			} else {
				ins[i].Fill(0.5)
			}
		}
		out := tensor.New(n.dtype, n.shape...)
		if allocs := testing.AllocsPerRun(10, func() { n.op.Compute(out, ins) }); allocs != 0 {
			t.Errorf("%s: %v allocations per Compute", n.Type(), allocs)
		}
	}
	for _, want := range []string{"GeluGrad2", "SoftmaxGrad", "LogSoftmaxGrad", "TanhGrad", "SigmoidGrad", "ReluGrad",
		"SparseSoftmaxCrossEntropyWithLogitsGrad", "ScaleRows", "RowDot", "Sum", "Exp", "LogClippedGrad", "ClipGrad"} {
		if !seen[want] {
			t.Errorf("no %s node was checked", want)
		}
	}
}
