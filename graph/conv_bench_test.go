package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// BenchmarkConv2DMNIST measures the two convolutions of the Keras MNIST
// convnet at batch 128 in float32 (28×28×1 → 32 and 13×13×32 → 64, 3×3
// valid): the forward pass, each gradient alone, and all three in one Run,
// reporting GFLOP/s (2 flops per multiply-add) and allocations per Run.
func BenchmarkConv2DMNIST(b *testing.B) {
	for _, c := range []struct {
		name string
		x, k []int
	}{
		{"conv1", []int{128, 28, 28, 1}, []int{3, 3, 1, 32}},
		{"conv2", []int{128, 13, 13, 32}, []int{3, 3, 32, 64}},
	} {
		g := New()
		rng := tensor.NewRNG(1)
		x := g.Placeholder("x", tensor.Float32, Unknown, c.x[1], c.x[2], c.x[3])
		k := g.Variable("k", rng.Normal(tensor.Float32, 0, 0.1, c.k...))
		y := Conv2D(x, k, Conv2DOptions{})
		dy := g.Placeholder("dy", tensor.Float32, y.Shape()...)
		grads := GradientsSeeded(y, dy, x, k)
		if err := g.Err(); err != nil {
			b.Fatal(err)
		}
		ys := y.Shape().Clone()
		ys[0] = c.x[0]
		feeds := Feeds{x: rng.Normal(tensor.Float32, 0, 1, c.x...), dy: rng.Normal(tensor.Float32, 0, 1, ys...)}
		flops := float64(2 * ys.Size() * c.k[0] * c.k[1] * c.k[2])
		for _, p := range []struct {
			name    string
			fetches []*Node
			passes  float64
		}{
			{"forward", []*Node{y}, 1},
			{"input-grad", []*Node{grads[0]}, 1},
			{"filter-grad", []*Node{grads[1]}, 1},
			{"all", []*Node{y, grads[0], grads[1]}, 3},
		} {
			b.Run(c.name+"/"+p.name, func(b *testing.B) {
				sess := NewSession(g)
				outs := make([]*tensor.Tensor, len(p.fetches))
				if err := sess.RunInto(feeds, p.fetches, outs); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := sess.RunInto(feeds, p.fetches, outs); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(p.passes*flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
