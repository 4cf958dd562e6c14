package models

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// BenchmarkCheckFinite times the NaN/Inf check TrainOnBatch runs on every
// batch, on the MLP benchmark's batch of 128×784 float32 values.
func BenchmarkCheckFinite(b *testing.B) {
	x := tensor.NewRNG(1).Normal(tensor.Float32, 0, 1, 128, 784)
	for b.Loop() {
		if err := checkFinite(x); err != nil {
			b.Fatal(err)
		}
	}
}
