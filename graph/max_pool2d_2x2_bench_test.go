package graph

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// benchPool2x2 times the 2×2 max-pool fast path on the first pooling of
// the MNIST convnet at batch 128 (26×26×32 ReLU outputs), forward or
// backward with the fused ReLU mask.
func benchPool2x2(b *testing.B, backward bool) {
	s := tensor.Shape{128, 26, 26, 32}
	g, err := poolGeom(Pool2DOptions{Padding: "valid"}, s)
	if err != nil {
		b.Fatal(err)
	}
	x := tensor.Relu(tensor.NewRNG(1).Normal(tensor.Float32, 0, 1, s...)).Float32s()
	ny := g.n * g.oh * g.ow * g.c
	y := make([]float32, ny)
	t := maxPool2x2Task{g: g, x: x, y: y}
	if backward {
		dy := tensor.NewRNG(2).Normal(tensor.Float32, 0, 1, ny).Float32s()
		t = maxPool2x2Task{g: g, x: x, dy: dy, dx: make([]float32, len(x)), mask: true}
	}
	b.ResetTimer()
	for range b.N {
		maxPool2x2Run(t)
	}
}

func BenchmarkMaxPool2x2Forward(b *testing.B)  { benchPool2x2(b, false) }
func BenchmarkMaxPool2x2Backward(b *testing.B) { benchPool2x2(b, true) }
