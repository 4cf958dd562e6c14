package models

import (
	"fmt"
	"io"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/tensor"
)

// Silent is the Verbose value that prints nothing (Keras's verbose=0; the
// zero value of Verbose means Keras's default, the progress bar).
const Silent = -1

// FitOptions are the arguments of Fit, with Keras's names and defaults.
type FitOptions struct {
	// Epochs is the number of passes over the training data (default 1).
	Epochs int
	// BatchSize is the number of samples per gradient step (default 32);
	// the last batch of an epoch may be smaller.
	BatchSize int
	// ValidationSplit is the fraction of the samples, taken from the end of
	// x and y before shuffling, held out to compute val_ metrics after each
	// epoch.
	ValidationSplit float64
	// ValidationX and ValidationY, if set, are the validation data instead of
	// a split (Keras's validation_data).
	ValidationX, ValidationY *tensor.Tensor
	// NoShuffle keeps the training samples in order; by default they are
	// shuffled before each epoch with the model's Seed.
	NoShuffle bool
	// Verbose selects the console output, as Keras's verbose: 1 for the
	// progress bar, 2 for one line per epoch, Silent (-1) for nothing. The
	// zero value means 1.
	Verbose int
	// InitialEpoch is the epoch to start at, for resuming training.
	InitialEpoch int
	// Callbacks are called during training, after the model's own History
	// and progress bar.
	Callbacks []callbacks.Callback
	// Output receives the progress output (default os.Stdout).
	Output io.Writer
}

// EvaluateOptions are the optional arguments of Evaluate.
type EvaluateOptions struct {
	BatchSize int // default 32
	Verbose   int // as in FitOptions; the zero value shows a progress bar
	Callbacks []callbacks.Callback
	Output    io.Writer
}

// PredictOptions are the optional arguments of Predict.
type PredictOptions struct {
	BatchSize int // default 32
	Verbose   int // as in FitOptions; the zero value shows a progress bar
	Callbacks []callbacks.Callback
	Output    io.Writer
}

// verbosity maps the Verbose field to Keras's 0, 1 or 2.
func verbosity(v int) int {
	switch {
	case v == 0:
		return 1
	case v < 0:
		return 0
	case v > 2:
		return 2
	}
	return v
}

// batchSize applies Keras's default of 32 and rejects negative sizes.
func batchSize(bs int) (int, error) {
	switch {
	case bs == 0:
		return 32, nil
	case bs < 0:
		return 0, fmt.Errorf("models: BatchSize must be positive, got %d", bs)
	}
	return bs, nil
}
