package models

import (
	"fmt"
	"io"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/tensor"
)

// Verbosity selects the console output of Fit, Evaluate and Predict. It is
// a string type so that Keras's integer levels (verbose=0 is silence there)
// cannot be written by mistake: use the named constants. The zero value is
// ProgressBar, Keras's default.
type Verbosity string

const (
	// ProgressBar draws Keras's progress bar (Keras's verbose=1, the
	// default; the zero value of Verbosity means it too).
	ProgressBar Verbosity = "progress_bar"
	// OneLinePerEpoch prints one line per epoch (Keras's verbose=2).
	OneLinePerEpoch Verbosity = "one_line_per_epoch"
	// Silent prints nothing (Keras's verbose=0). It silences Fit, Evaluate
	// and Predict alike.
	Silent Verbosity = "silent"
)

// level maps v to Keras's 0, 1 or 2.
func (v Verbosity) level() (int, error) {
	switch v {
	case "", ProgressBar:
		return 1, nil
	case OneLinePerEpoch:
		return 2, nil
	case Silent:
		return 0, nil
	}
	return 0, fmt.Errorf("models: unknown Verbose %q: use models.ProgressBar, models.OneLinePerEpoch or models.Silent", string(v))
}

// FitOptions are the arguments of Fit, with Keras's names and defaults.
type FitOptions struct {
	// Epochs is the number of passes over the training data. It must be
	// positive: Fit without options trains one epoch (Keras's default),
	// but options with Epochs left at 0 are an error rather than a silent
	// guess.
	Epochs int
	// BatchSize is the number of samples per gradient step (default 32);
	// the last batch of an epoch may be smaller. A batch size larger than
	// the data means all of it in one batch.
	BatchSize int
	// ValidationSplit is the fraction of the samples, taken from the end of
	// x and y before shuffling, held out to compute val_ metrics after each
	// epoch.
	ValidationSplit float64
	// ValidationX and ValidationY, if set, are the validation data instead of
	// a split (Keras's validation_data), in the forms Fit accepts for x and
	// y.
	ValidationX, ValidationY Data
	// NoShuffle keeps the training samples in order; by default they are
	// shuffled before each epoch with the model's Seed.
	NoShuffle bool
	// Verbose selects the console output: ProgressBar (the zero value),
	// OneLinePerEpoch or Silent.
	Verbose Verbosity
	// InitialEpoch is the epoch to start at, for resuming training.
	InitialEpoch int
	// SampleWeight weighs each sample's loss (Keras's sample_weight): one
	// (N,) tensor per trained output, in the forms of Data. The loss is
	// the weighted sum divided by the number of values, as in Keras; the
	// compiled metrics are not weighted (Keras's metrics, not its
	// weighted_metrics). ValidationSplit splits the weights too, so the
	// val_ loss is weighted; ValidationX and ValidationY are not.
	SampleWeight Data
	// ClassWeight weighs each sample's loss by its class (Keras's
	// class_weight), for models with one trained output: class indices
	// (N,) or (N, 1), or one-hot labels (N, C) read by arg-max. Classes
	// not in the map weigh 1.
	ClassWeight map[int]float64
	// Callbacks are called during training, after the model's own History
	// and progress bar.
	Callbacks []callbacks.Callback
	// Output receives the progress output (default os.Stdout).
	Output io.Writer
}

// EvaluateOptions are the optional arguments of Evaluate.
type EvaluateOptions struct {
	// BatchSize is the number of samples per batch (default 32).
	BatchSize int
	// SampleWeight weighs each sample's loss, as in FitOptions.
	SampleWeight Data
	// Verbose selects the console output: ProgressBar (the zero value) or
	// Silent.
	Verbose   Verbosity
	Callbacks []callbacks.Callback
	Output    io.Writer // default os.Stdout
}

// PredictOptions are the optional arguments of Predict.
type PredictOptions struct {
	// BatchSize is the number of samples per batch (default 32).
	BatchSize int
	// Verbose selects the console output: ProgressBar (the zero value) or
	// Silent.
	Verbose   Verbosity
	Callbacks []callbacks.Callback
	Output    io.Writer // default os.Stdout
}

// batchSize applies Keras's default of 32, rejects negative sizes and
// caps the size at n, the number of samples, so that step counts cannot
// overflow.
func batchSize(bs, n int) (int, error) {
	switch {
	case bs == 0:
		bs = 32
	case bs < 0:
		return 0, fmt.Errorf("models: BatchSize must be positive, got %d", bs)
	}
	return max(min(bs, n), 1), nil
}

// oneOption returns the single options value of a variadic options
// argument (or the zero value); given reports whether one was passed.
func oneOption[T any](opts []T, fn string) (o T, given bool, err error) {
	switch len(opts) {
	case 0:
		return o, false, nil
	case 1:
		return opts[0], true, nil
	}
	return o, false, fmt.Errorf("models: %s takes at most one options value, got %d", fn, len(opts))
}

// describe names a tensor's dtype and shape for error messages.
func describe(t *tensor.Tensor) string {
	if t == nil {
		return "nil"
	}
	return fmt.Sprintf("%v %s", t.DType(), shapeString(t.Shape()))
}

// VerbosityOf returns the Verbosity of Keras's integer verbose level (0
// silent, 1 progress bar, 2 one line per epoch), for code that takes
// Keras's numbers, such as a command-line flag.
func VerbosityOf(level int) (Verbosity, error) {
	switch level {
	case 0:
		return Silent, nil
	case 1:
		return ProgressBar, nil
	case 2:
		return OneLinePerEpoch, nil
	}
	return "", fmt.Errorf("models: verbose level must be 0, 1 or 2, got %d", level)
}
