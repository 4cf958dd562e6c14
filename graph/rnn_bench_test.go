package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// The workload lstm_seq64_h128_b64 of ../shared/bench/README.md: sequences
// of 64 steps of 32 features, LSTM(128) keeping the last h, Dense(128→10),
// mean sparse softmax crossentropy, Adam (Keras defaults), batch 64, eight
// pre-generated batches cycled. The sequence is unrolled in the graph
// (time-major data, one x_t·W and one h·U product per step, the h_0·U
// product of the zero initial state skipped), once with the fused
// LSTMCell and once with the gates built from plain ops.
const (
	lstmBenchSteps    = 64
	lstmBenchBatch    = 64
	lstmBenchFeatures = 32
	lstmBenchUnits    = 128
	lstmBenchClasses  = 10
)

// lstmBench is one training step of the workload and its feeds.
type lstmBench struct {
	sess    *Session
	x, y, t *Node // data (steps, batch, features), labels, Adam step
	fetches []*Node
	xs, ys  []*tensor.Tensor
	step    *tensor.Tensor
	feeds   Feeds
}

// lstmBenchMode selects how newLSTMBench builds the recurrence.
type lstmBenchMode uint8

const (
	lstmFused        lstmBenchMode = iota // LSTMCell, x_t·W per step
	lstmPlain                             // plain ops, x_t·W per step
	lstmFusedOneGEMM                      // LSTMCell, x·W for all steps at once, sliced per step
)

// newLSTMBench builds the training step of the given mode.
func newLSTMBench(mode lstmBenchMode) *lstmBench {
	const T, B, D, U, C = lstmBenchSteps, lstmBenchBatch, lstmBenchFeatures, lstmBenchUnits, lstmBenchClasses
	g := New()
	rng := tensor.NewRNG(1)
	x := g.Placeholder("x", tensor.Float32, T, B, D)
	y := g.Placeholder("labels", tensor.Int64, B)
	step := g.Placeholder("t", tensor.Float32)
	w := g.Variable("kernel", rng.Uniform(tensor.Float32, -0.1, 0.1, D, 4*U))
	uw := g.Variable("recurrent_kernel", rng.Uniform(tensor.Float32, -0.1, 0.1, U, 4*U))
	bias := tensor.New(tensor.Float32, 4*U)
	for j := U; j < 2*U; j++ {
		bias.Float32s()[j] = 1 // unit_forget_bias
	}
	b := g.Variable("bias", bias)
	var h *Node
	switch mode {
	case lstmFused:
		h = lstmBenchFused(g, x, w, uw, b, false)
	case lstmFusedOneGEMM:
		h = lstmBenchFused(g, x, w, uw, b, true)
	default:
		h = lstmBenchPlain(g, x, w, uw, b)
	}
	wd := g.Variable("dense_kernel", rng.Uniform(tensor.Float32, -0.2, 0.2, U, C))
	bd := g.Variable("dense_bias", tensor.New(tensor.Float32, C))
	loss := Mean(SparseSoftmaxCrossEntropyWithLogits(y, Add(MatMul(h, wd), bd)), nil, false)
	params := []*Node{w, uw, b, wd, bd}
	grads := Gradients(loss, params...)
	lr := g.Scalar(1e-3)
	var updates []*Node
	for i, p := range params {
		m := g.Variable("m", tensor.New(tensor.Float32, p.Shape()...))
		v := g.Variable("v", tensor.New(tensor.Float32, p.Shape()...))
		updates = append(updates, ApplyAdam(p, m, v, grads[i], lr, step, 0.9, 0.999, 1e-7))
	}
	lb := &lstmBench{sess: NewSession(g), x: x, y: y, t: step, fetches: []*Node{loss, Group(updates...)},
		step: tensor.Scalar[float32](0), feeds: Feeds{}}
	for i := 0; i < 8; i++ {
		lb.xs = append(lb.xs, rng.Normal(tensor.Float32, 0, 1, T, B, D))
		lb.ys = append(lb.ys, rng.Integers(0, C, B))
	}
	return lb
}

// lstmBenchFused unrolls the LSTM with LSTMCell and returns the last h.
// With oneGEMM the input projection of all steps is one product, sliced
// per step; otherwise each step has its own x_t·W.
func lstmBenchFused(g *Graph, x, w, uw, b *Node, oneGEMM bool) *Node {
	const T, B, D, U = lstmBenchSteps, lstmBenchBatch, lstmBenchFeatures, lstmBenchUnits
	s := g.Const(tensor.New(tensor.Float32, B, 2*U))
	var xw *Node
	if oneGEMM {
		xw = Add(MatMul(Reshape(x, T*B, D), w), b)
	}
	for t := 0; t < T; t++ {
		var z *Node
		if oneGEMM {
			z = Slice(xw, 0, t*B, (t+1)*B)
		} else {
			z = Add(MatMul(Reshape(Slice(x, 0, t, t+1), B, D), w), b)
		}
		if t > 0 {
			z = Add(z, MatMul(Slice(s, 1, 0, U), uw))
		}
		s = LSTMCell(z, s)
	}
	return Slice(s, 1, 0, U)
}

// lstmBenchPlain unrolls the LSTM with MatMul, Slice, Sigmoid, Tanh, Mul
// and Add and returns the last h.
func lstmBenchPlain(g *Graph, x, w, uw, b *Node) *Node {
	const T, B, D, U = lstmBenchSteps, lstmBenchBatch, lstmBenchFeatures, lstmBenchUnits
	c := g.Const(tensor.New(tensor.Float32, B, U))
	var h *Node
	for t := 0; t < T; t++ {
		z := Add(MatMul(Reshape(Slice(x, 0, t, t+1), B, D), w), b)
		if t > 0 {
			z = Add(z, MatMul(h, uw))
		}
		i, f := Sigmoid(Slice(z, 1, 0, U)), Sigmoid(Slice(z, 1, U, 2*U))
		gg, o := Tanh(Slice(z, 1, 2*U, 3*U)), Sigmoid(Slice(z, 1, 3*U, 4*U))
		c = Add(Mul(f, c), Mul(i, gg))
		h = Mul(o, Tanh(c))
	}
	return h
}

// run performs training step k (0-based) and returns the loss.
func (lb *lstmBench) run(k int, outs []*tensor.Tensor) error {
	lb.feeds[lb.x], lb.feeds[lb.y] = lb.xs[k%8], lb.ys[k%8]
	lb.step.Float32s()[0] = float32(k + 1)
	lb.feeds[lb.t] = lb.step
	return lb.sess.RunInto(lb.feeds, lb.fetches, outs)
}

func benchmarkLSTMSeq(b *testing.B, mode lstmBenchMode) {
	lb := newLSTMBench(mode)
	outs := make([]*tensor.Tensor, len(lb.fetches))
	k := 0
	for ; k < 5; k++ { // warm-up, as the workload specifies
		if err := lb.run(k, outs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPUTime()
	for i := 0; i < b.N; i, k = i+1, k+1 {
		if err := lb.run(k, outs); err != nil {
			b.Fatal(err)
		}
	}
	cpu := processCPUTime() - cpu0
	b.ReportMetric(float64(lstmBenchBatch*b.N)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(cpu.Seconds()*1e3/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(lb.sess.g.Nodes())), "nodes")
}

// BenchmarkLSTMSeq64H128B64 is one training step of lstm_seq64_h128_b64
// with the fused LSTMCell.
func BenchmarkLSTMSeq64H128B64(b *testing.B) { benchmarkLSTMSeq(b, lstmFused) }

// BenchmarkLSTMSeq64H128B64PlainOps is the same step with the gates built
// from plain ops.
func BenchmarkLSTMSeq64H128B64PlainOps(b *testing.B) { benchmarkLSTMSeq(b, lstmPlain) }

// BenchmarkLSTMSeq64H128B64OneGEMM is the fused step with the input
// projection of all 64 steps computed as one product and sliced per step.
// Each Slice's gradient is a zero-padded copy of the whole projection's
// shape, summed by one AddN: quadratic in the sequence length.
func BenchmarkLSTMSeq64H128B64OneGEMM(b *testing.B) { benchmarkLSTMSeq(b, lstmFusedOneGEMM) }

// The benchmark graphs train the same model: with the same initial
// weights and data, their losses agree over a few Adam steps, and the
// loss falls.
func TestLSTMBenchGraphsAgree(t *testing.T) {
	modes := []lstmBenchMode{lstmFused, lstmPlain, lstmFusedOneGEMM}
	var benches []*lstmBench
	for _, m := range modes {
		benches = append(benches, newLSTMBench(m))
	}
	out := make([]*tensor.Tensor, 2)
	var first, last float32
	for k := 0; k < 4; k++ {
		for i, lb := range benches {
			lb.xs[k%8], lb.ys[k%8] = benches[0].xs[0], benches[0].ys[0] // one batch, so that the loss must fall
			if err := lb.run(k, out); err != nil {
				t.Fatal(err)
			}
			l := out[0].Float32s()[0]
			if i == 0 {
				if k == 0 {
					first = l
				}
				last = l
			} else if d := l - last; d > 1e-4 || d < -1e-4 || l != l {
				t.Fatalf("step %d: loss %v in mode %d, %v with LSTMCell", k, l, modes[i], last)
			}
		}
	}
	if !(last < first) {
		t.Fatalf("loss went from %v to %v over 4 Adam steps on one batch", first, last)
	}
}

// benchmarkCellCompute times op.Compute on float32 inputs of the given
// column counts and batch 64 with 128 units: the kernel alone, as one
// time step of lstm_seq64_h128_b64 runs it.
func benchmarkCellCompute(b *testing.B, op Op, outCols int, inCols ...int) {
	const batch = 64
	rng := tensor.NewRNG(2)
	in := make([]*tensor.Tensor, len(inCols))
	for i, c := range inCols {
		in[i] = rng.Normal(tensor.Float32, 0, 1, batch, c)
	}
	out := tensor.New(tensor.Float32, batch, outCols)
	op.Compute(out, in)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		op.Compute(out, in)
	}
}

func BenchmarkLSTMCellForwardB64U128(b *testing.B) {
	benchmarkCellCompute(b, lstmCellOp{}, 256, 512, 256)
}

func BenchmarkLSTMGatesForwardB64U128(b *testing.B) {
	benchmarkCellCompute(b, lstmGatesOp{}, 512, 512)
}

func BenchmarkLSTMGatesGradB64U128(b *testing.B) {
	benchmarkCellCompute(b, lstmGatesGradOp{}, 512, 512, 512)
}

func BenchmarkLSTMCellGradGatesB64U128(b *testing.B) {
	benchmarkCellCompute(b, lstmCellGradOp{part: lstmGradGates}, 512, 512, 256, 256, 256)
}

func BenchmarkLSTMCellGradStateB64U128(b *testing.B) {
	benchmarkCellCompute(b, lstmCellGradOp{part: lstmGradState}, 256, 512, 256, 256)
}
