package main

import (
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// convWorkload is the name of the conv workload's JSON lines.
const convWorkload = "conv_mnistcnn_b128"

// conv is conv_mnistcnn_b128: Keras's simple MNIST convnet without its
// Dropout (Conv2D 32 3×3 + ReLU, MaxPooling 2, Conv2D 64 3×3 + ReLU,
// MaxPooling 2, Flatten, Dense 10 logits; Glorot-uniform kernels, zero
// biases), sparse softmax crossentropy from logits, Adam with Keras's
// defaults; 8 batches of 128 standard-normal 28×28×1 images with random
// labels, cycled, one TrainOnBatch per step. 5 warm-up steps, then the
// median over 3 repetitions of 20 steps (each stopped after 6 s) of
// samples per second.
func (r *benchRun) conv() {
	r.guard(convWorkload, func() error {
		m, xs, ys, err := convBenchSetup()
		if err != nil {
			return err
		}
		return r.throughput(convWorkload, m, xs, ys, convBatch, r.t.convWarm, r.t.convReps, r.t.convSteps, r.t.convCap)
	})
}

// convBatch is the conv workload's batch size.
const convBatch = 128

// convBenchSetup returns the conv workload's compiled model and its 8
// batches of data.
func convBenchSetup() (*models.Sequential, []*tensor.Tensor, []*tensor.Tensor, error) {
	const nb = 8
	rng := tensor.NewRNG(42)
	xs := make([]*tensor.Tensor, nb)
	ys := make([]*tensor.Tensor, nb)
	for i := range xs {
		xs[i] = rng.Normal(tensor.Float32, 0, 1, convBatch, 28, 28, 1)
		ys[i] = rng.Integers(0, 10, convBatch)
	}
	m, err := models.NewSequential(
		&layers.Conv2D{Filters: 32, KernelSize: [2]int{3, 3}, Activation: "relu", InputShape: []int{28, 28, 1}},
		&layers.MaxPooling2D{},
		&layers.Conv2D{Filters: 64, KernelSize: [2]int{3, 3}, Activation: "relu"},
		&layers.MaxPooling2D{},
		&layers.Flatten{},
		&layers.Dense{Units: 10},
	)
	if err != nil {
		return nil, nil, nil, err
	}
	m.Seed = 42
	if err := m.Compile(&optimizers.Adam{}, losses.SparseCategoricalCrossentropy{FromLogits: true}); err != nil {
		return nil, nil, nil, err
	}
	return m, xs, ys, nil
}
