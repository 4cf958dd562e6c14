package main

import (
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// lstmSteps is the number of steps per timed repetition of the LSTM
// workload (the peers' README: 20, where the MLP has 50).
const lstmSteps = 20

// lstm is lstm_seq64_h128_b64: sequences of 64 steps of 32 features,
// LSTM(128) with Keras's defaults (gates i, f, c, o; Glorot-uniform
// kernel, orthogonal recurrent kernel, zero bias with forget-gate bias 1;
// only the last h is used), Dense(128→10) logits, sparse softmax
// crossentropy, Adam with Keras's defaults; 8 batches of 64 sequences
// (x standard normal, labels 0..9) cycled, one TrainOnBatch per step. 5
// warm-up steps, then the median over 3 repetitions of 20 steps (each
// stopped after 6 s) of samples per second.
func (r *benchRun) lstm() {
	const wl = "lstm_seq64_h128_b64"
	r.guard(wl, func() error {
		m, xs, ys, err := newLSTMWorkload()
		if err != nil {
			return err
		}
		return r.throughput(wl, m, xs, ys, lstmBatch, r.t.mlpWarm, r.t.mlpReps, min(r.t.mlpSteps, lstmSteps), r.t.mlpCap)
	})
}

// lstmBatch is the LSTM workload's batch size.
const lstmBatch = 64

// newLSTMWorkload returns the compiled model and the 8 batches of the
// LSTM workload.
func newLSTMWorkload() (m *models.Sequential, xs, ys []*tensor.Tensor, err error) {
	const nb, seq, feat = 8, 64, 32
	rng := tensor.NewRNG(42)
	xs = make([]*tensor.Tensor, nb)
	ys = make([]*tensor.Tensor, nb)
	for i := range xs {
		xs[i] = rng.Normal(tensor.Float32, 0, 1, lstmBatch, seq, feat)
		ys[i] = rng.Integers(0, 10, lstmBatch)
	}
	m, err = models.NewSequential(
		&layers.LSTM{Units: 128, InputShape: []int{seq, feat}},
		&layers.Dense{Units: 10},
	)
	if err != nil {
		return nil, nil, nil, err
	}
	m.Seed = 42
	return m, xs, ys, m.Compile(&optimizers.Adam{}, losses.SparseCategoricalCrossentropy{FromLogits: true})
}
