package callbacks

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// EarlyStopping stops training when a monitored metric has stopped
// improving, as Keras's EarlyStopping. It follows tf_keras 2.16 (the last
// tf.keras 2.x line) and Keras 3, which agree on every rule below:
//
//   - At the end of each epoch from StartFromEpoch on, the monitored value
//     counts as an improvement if it beats the best so far by more than
//     MinDelta (the first monitored value does, unless it is NaN or the
//     worst infinity: Keras starts from best = ±Inf). An improvement
//     records the value as best and, with RestoreBestWeights, copies the
//     weights; it resets the wait counter unless Baseline is set and the
//     value does not also beat Baseline by more than MinDelta.
//   - Any other epoch increments the wait counter, and once it reaches
//     Patience (and the epoch is not the first) training stops.
//   - With RestoreBestWeights, at the end of training the weights of the
//     best epoch are put back, whether training stopped early or ran all
//     its epochs (tf_keras 2.16 and Keras 3; TF ≤ 2.15 restored only when
//     EarlyStopping itself stopped training). If no epoch ever improved,
//     those are the weights of the first monitored epoch.
//   - A missing monitored metric is not an error: Keras warns and skips the
//     epoch; EarlyStopping prints the warning to Warn, once per training
//     run, and records it every epoch (see Warnings).
//
// The zero value of every field is Keras's default. The state (Wait, Best,
// BestEpoch, StoppedEpoch) is reset when training begins, so one
// EarlyStopping can serve several Fit calls.
type EarlyStopping struct {
	Base
	// Monitor is the metric to watch (default "val_loss").
	Monitor string
	// MinDelta is the change below which a new value does not count as an
	// improvement (default 0). Its sign is ignored, as in Keras.
	MinDelta float64
	// Patience is the number of epochs without improvement after which
	// training stops (default 0: stop at the first one).
	Patience int
	// Verbose 1 prints a line when training stops early and when the best
	// weights are restored (default 0: silent).
	Verbose int
	// Mode is "min" (lower is better), "max" or "auto" (default): "max" if
	// Monitor ends in "acc", "accuracy" or "auc", else "min".
	Mode string
	// Baseline, if set, is a value the metric must beat for the wait
	// counter to reset (Keras's baseline; nil is None). With Go 1.26,
	// write Baseline: new(0.9).
	Baseline *float64
	// RestoreBestWeights puts back the weights of the best epoch when
	// training ends (default false: keep the last weights).
	RestoreBestWeights bool
	// StartFromEpoch is the number of warm-up epochs during which the metric
	// is not watched (default 0).
	StartFromEpoch int
	// Out receives the Verbose messages (default os.Stdout).
	Out io.Writer
	// Warn receives the warnings, once per training run each, as Keras
	// shows them at the end of the first epoch that has them (default
	// os.Stderr): "UserWarning: Early stopping conditioned on metric
	// `val_acc` which is not available. Available metrics are:
	// loss,accuracy,val_loss,val_accuracy". Warnings keeps them all.
	Warn io.Writer

	greater      bool
	minDelta     float64
	wait         int
	best         float64
	bestEpoch    int
	stoppedEpoch int
	bestWeights  []*tensor.Tensor
	warnings     []string
	err          error
}

// endsWithAny reports whether s ends in one of the suffixes.
func endsWithAny(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// OnTrainBegin checks the configuration and resets the state.
func (e *EarlyStopping) OnTrainBegin(*Logs) {
	e.wait, e.stoppedEpoch, e.bestEpoch, e.bestWeights = 0, 0, 0, nil
	e.warnings, e.err = nil, nil
	e.greater, e.err = resolveMode("EarlyStopping", e.Mode, monitorOr(e.Monitor), func(m string) bool {
		return endsWithAny(m, "acc", "accuracy", "auc")
	})
	switch {
	case e.err != nil:
	case e.Patience < 0:
		e.err = fmt.Errorf("callbacks: EarlyStopping: Patience must not be negative, got %d", e.Patience)
	case e.StartFromEpoch < 0:
		e.err = fmt.Errorf("callbacks: EarlyStopping: StartFromEpoch must not be negative, got %d", e.StartFromEpoch)
	case math.IsNaN(e.MinDelta):
		e.err = fmt.Errorf("callbacks: EarlyStopping: MinDelta is NaN")
	}
	// Keras folds the direction into min_delta: current - min_delta is
	// compared with the reference.
	e.minDelta = math.Abs(e.MinDelta)
	if !e.greater {
		e.minDelta = -e.minDelta
	}
	e.best = math.Inf(1)
	if e.greater {
		e.best = math.Inf(-1)
	}
}

// isImprovement is Keras's _is_improvement.
func (e *EarlyStopping) isImprovement(current, reference float64) bool {
	if e.greater {
		return current-e.minDelta > reference
	}
	return current-e.minDelta < reference
}

// OnEpochEnd compares the monitored value with the best so far and stops
// training when patience has run out.
func (e *EarlyStopping) OnEpochEnd(epoch int, logs *Logs) {
	if e.err != nil {
		return
	}
	monitor := monitorOr(e.Monitor)
	current, ok := logs.Get(monitor)
	if !ok {
		e.warnings = warnOnce(e.Warn, e.warnings, fmt.Sprintf(
			"Early stopping conditioned on metric `%s` which is not available. Available metrics are: %s",
			monitor, availableKeys(logs)))
		return
	}
	if epoch < e.StartFromEpoch {
		return
	}
	if e.Model == nil {
		e.err = errNoModel("EarlyStopping")
		return
	}
	if e.RestoreBestWeights && e.bestWeights == nil {
		// Keep the first monitored weights in case no epoch improves.
		e.bestWeights = e.Model.WeightValues()
	}
	e.wait++
	if e.isImprovement(current, e.best) {
		e.best, e.bestEpoch = current, epoch
		if e.RestoreBestWeights {
			e.bestWeights = e.Model.WeightValues()
		}
		// Only restart the wait if we beat both the baseline and the best.
		if e.Baseline == nil || e.isImprovement(current, *e.Baseline) {
			e.wait = 0
		}
		return
	}
	if e.wait >= e.Patience && epoch > 0 {
		e.stoppedEpoch = epoch
		e.Model.StopTraining()
	}
}

// OnTrainEnd reports the stop and restores the best weights.
func (e *EarlyStopping) OnTrainEnd(*Logs) {
	if e.err != nil {
		return
	}
	if e.stoppedEpoch > 0 && e.Verbose > 0 {
		fmt.Fprintf(stdout(e.Out), "Epoch %d: early stopping\n", e.stoppedEpoch+1)
	}
	if e.RestoreBestWeights && e.bestWeights != nil {
		if e.Model == nil {
			e.err = errNoModel("EarlyStopping")
			return
		}
		if e.Verbose > 0 {
			fmt.Fprintf(stdout(e.Out), "Restoring model weights from the end of the best epoch: %d.\n", e.bestEpoch+1)
		}
		if err := e.Model.SetWeights(e.bestWeights); err != nil {
			e.err = fmt.Errorf("callbacks: EarlyStopping: restoring the weights of epoch %d: %w", e.bestEpoch+1, err)
		}
	}
}

// Wait returns the number of monitored epochs since the wait counter was
// last reset (Keras's wait).
func (e *EarlyStopping) Wait() int { return e.wait }

// Best returns the best monitored value so far (±Inf before the first).
func (e *EarlyStopping) Best() float64 { return e.best }

// BestEpoch returns the epoch, from 0, of the best value (Keras's
// best_epoch).
func (e *EarlyStopping) BestEpoch() int { return e.bestEpoch }

// StoppedEpoch returns the epoch, from 0, at which EarlyStopping stopped
// training, or 0 if it did not (Keras's stopped_epoch).
func (e *EarlyStopping) StoppedEpoch() int { return e.stoppedEpoch }

// Warnings returns the warnings of the current or last training, one per
// epoch that had one, such as a monitored metric missing from the logs.
func (e *EarlyStopping) Warnings() []string { return e.warnings }

// Err returns the first error: an invalid configuration, no model (SetModel
// not called) or a failure to restore the weights.
func (e *EarlyStopping) Err() error { return e.err }
