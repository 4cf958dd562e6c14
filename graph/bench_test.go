package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// BenchmarkRunTinyGraph measures the fixed cost of a Run: the lecture's
// x² + x + 10 on a scalar, fetched into a reused output.
func BenchmarkRunTinyGraph(b *testing.B) {
	g := New()
	x := g.Placeholder("x", tensor.Float32)
	y := Add(Add(Square(x), x), g.Scalar(10))
	sess := NewSession(g)
	feeds := Feeds{x: tensor.Scalar[float32](2)}
	fetches := []*Node{y}
	outs := []*tensor.Tensor{nil}
	if err := sess.RunInto(feeds, fetches, outs); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := sess.RunInto(feeds, fetches, outs); err != nil {
			b.Fatal(err)
		}
	}
}

// mlpGraph builds a 784-512-256-10 ReLU network with a softmax
// crossentropy loss and the gradients of every weight.
func mlpGraph(batch int) (*Session, Feeds, []*Node) {
	g := New()
	rng := tensor.NewRNG(1)
	x := g.Placeholder("x", tensor.Float32, Unknown, 784)
	labels := g.Placeholder("labels", tensor.Int64, Unknown)
	sizes := []int{784, 512, 256, 10}
	h := x
	var params []*Node
	for i := 0; i < 3; i++ {
		w := g.Variable("w", rng.Normal(tensor.Float32, 0, 0.05, sizes[i], sizes[i+1]))
		bias := g.Variable("b", tensor.New(tensor.Float32, sizes[i+1]))
		h = Add(MatMul(h, w), bias)
		if i < 2 {
			h = Relu(h)
		}
		params = append(params, w, bias)
	}
	loss := Mean(SparseSoftmaxCrossEntropyWithLogits(labels, h), nil, false)
	fetches := append([]*Node{loss}, Gradients(loss, params...)...)
	feeds := Feeds{x: rng.Normal(tensor.Float32, 0, 1, batch, 784), labels: rng.Integers(0, 10, batch)}
	return NewSession(g), feeds, fetches
}

// BenchmarkMLPForwardBackward runs the loss and all gradients of a
// 784-512-256-10 network on a batch of 128.
func BenchmarkMLPForwardBackward(b *testing.B) {
	sess, feeds, fetches := mlpGraph(128)
	outs := make([]*tensor.Tensor, len(fetches))
	if err := sess.RunInto(feeds, fetches, outs); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := sess.RunInto(feeds, fetches, outs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(128*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// The executor itself allocates nothing in a steady-state RunInto: plans,
// arenas, argument slices and outputs are all reused.
func TestSteadyStateRunAllocatesNothing(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown, 4)
	w := g.Variable("w", tensor.Ones(tensor.Float32, 4))
	y := Relu(Mul(Add(x, w), g.Scalar(2)))
	grad := Gradients(y, w)[0]
	sess := NewSession(g)
	feeds := Feeds{x: tensor.Ones(tensor.Float32, 5, 4)}
	fetches := []*Node{y, grad}
	outs := []*tensor.Tensor{nil, nil}
	if err := sess.RunInto(feeds, fetches, outs); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := sess.RunInto(feeds, fetches, outs); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("a steady-state RunInto allocates %v times, want 0", allocs)
	}
}
