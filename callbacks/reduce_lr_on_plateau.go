package callbacks

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// ReduceLROnPlateau multiplies the learning rate by Factor when a metric
// has stopped improving for Patience epochs, as Keras's ReduceLROnPlateau
// (tf_keras 2.16 semantics). At the end of every epoch:
//
//   - it stores the current learning rate in the logs under "lr" (the key
//     of tf.keras 2.x; Keras 3 renamed it "learning_rate"), so that History
//     and later callbacks see it;
//   - if the monitored value is missing, Keras warns and does nothing else,
//     and so does ReduceLROnPlateau (see Warn and Warnings);
//   - during cooldown the counter goes down by one and the wait is reset;
//   - a value better than the best by more than MinDelta becomes the best
//     and resets the wait; otherwise, out of cooldown, the wait grows, and
//     when it reaches Patience the rate becomes max(lr·Factor, MinLR) —
//     provided lr > MinLR when both are rounded to float32, as Keras
//     compares them — cooldown starts and the wait is reset.
//
// The zero value of a field is Keras's default. Since 0 is a meaningful
// Patience and MinDelta, a negative value asks for 0 (as net.Dialer's
// KeepAlive does).
type ReduceLROnPlateau struct {
	Base
	// Monitor is the metric to watch (default "val_loss").
	Monitor string
	// Factor multiplies the learning rate at each reduction; it must be in
	// (0, 1). Default 0.1.
	Factor float64
	// Patience is the number of epochs without improvement before a
	// reduction (default 10; negative means 0).
	Patience int
	// Verbose 1 prints a line at each reduction (default 0).
	Verbose int
	// Mode is "min", "max" or "auto" (default): in "auto" mode larger is
	// better if Monitor contains "acc", else smaller.
	Mode string
	// MinDelta is the margin by which a value must beat the best to count
	// as an improvement (default 1e-4; negative means 0).
	MinDelta float64
	// Cooldown is the number of epochs after a reduction during which the
	// wait does not grow (default 0).
	Cooldown int
	// MinLR is the lower bound of the learning rate (default 0).
	MinLR float64
	// Out receives the Verbose messages (default os.Stdout).
	Out io.Writer
	// Warn receives the warnings, once per training run each, as Keras
	// shows them (default os.Stderr): "UserWarning: Learning rate
	// reduction is conditioned on metric `val_loss` which is not
	// available. Available metrics are: loss,lr". Warnings keeps them all.
	Warn io.Writer

	greater  bool
	factor   float64
	patience int
	minDelta float64
	best     float64
	wait     int
	cooldown int
	warnings []string
	err      error
}

// Keras's defaults.
const (
	defaultPlateauFactor   = 0.1
	defaultPlateauPatience = 10
	defaultPlateauMinDelta = 1e-4
)

// OnTrainBegin checks the configuration and resets the state (Keras's
// _reset).
func (r *ReduceLROnPlateau) OnTrainBegin(*Logs) {
	r.warnings, r.err = nil, nil
	r.factor = r.Factor
	if r.factor == 0 {
		r.factor = defaultPlateauFactor
	}
	r.patience = r.Patience
	switch {
	case r.patience == 0:
		r.patience = defaultPlateauPatience
	case r.patience < 0:
		r.patience = 0
	}
	r.minDelta = r.MinDelta
	switch {
	case r.minDelta == 0:
		r.minDelta = defaultPlateauMinDelta
	case r.minDelta < 0:
		r.minDelta = 0
	}
	r.greater, r.err = resolveMode("ReduceLROnPlateau", r.Mode, monitorOr(r.Monitor), func(m string) bool {
		return strings.Contains(m, "acc")
	})
	switch {
	case r.err != nil:
	case !(r.factor > 0 && r.factor < 1):
		r.err = fmt.Errorf("callbacks: ReduceLROnPlateau: Factor must be in (0, 1), got %v", r.Factor)
	case r.Cooldown < 0:
		r.err = fmt.Errorf("callbacks: ReduceLROnPlateau: Cooldown must not be negative, got %d", r.Cooldown)
	case !(r.MinLR >= 0) || math.IsInf(r.MinLR, 0):
		r.err = fmt.Errorf("callbacks: ReduceLROnPlateau: MinLR must be a finite number >= 0, got %v", r.MinLR)
	case math.IsNaN(r.MinDelta):
		r.err = fmt.Errorf("callbacks: ReduceLROnPlateau: MinDelta is NaN")
	}
	r.best = math.Inf(1)
	if r.greater {
		r.best = math.Inf(-1)
	}
	r.wait, r.cooldown = 0, 0
}

// better is Keras's monitor_op.
func (r *ReduceLROnPlateau) better(current float64) bool {
	if r.greater {
		return current > r.best+r.minDelta
	}
	return current < r.best-r.minDelta
}

// OnEpochEnd logs the learning rate and reduces it on a plateau.
func (r *ReduceLROnPlateau) OnEpochEnd(epoch int, logs *Logs) {
	if r.err != nil {
		return
	}
	if r.Model == nil {
		r.err = errNoModel("ReduceLROnPlateau")
		return
	}
	lr, ok := r.Model.LearningRate()
	if !ok {
		r.err = fmt.Errorf("callbacks: ReduceLROnPlateau: the model has no optimizer (is it compiled?)")
		return
	}
	logs.Set("lr", loggedRate(lr))
	monitor := monitorOr(r.Monitor)
	current, ok := logs.Get(monitor)
	if !ok {
		r.warnings = warnOnce(r.Warn, r.warnings, fmt.Sprintf(
			"Learning rate reduction is conditioned on metric `%s` which is not available. Available metrics are: %s",
			monitor, availableKeys(logs)))
		return
	}
	if r.cooldown > 0 {
		r.cooldown--
		r.wait = 0
	}
	if r.better(current) {
		r.best, r.wait = current, 0
		return
	}
	if r.cooldown > 0 {
		return
	}
	r.wait++
	if r.wait < r.patience {
		return
	}
	if float32(lr) > float32(r.MinLR) {
		newLR := max(lr*r.factor, r.MinLR)
		if err := r.Model.SetLearningRate(newLR); err != nil {
			r.err = fmt.Errorf("callbacks: ReduceLROnPlateau: %w", err)
			return
		}
		if r.Verbose > 0 {
			fmt.Fprintf(stdout(r.Out), "\nEpoch %d: ReduceLROnPlateau reducing learning rate to %s.\n", epoch+1, pyRepr(newLR))
		}
		r.cooldown, r.wait = r.Cooldown, 0
	}
}

// Wait returns the number of epochs without improvement counted so far.
func (r *ReduceLROnPlateau) Wait() int { return r.wait }

// Best returns the best monitored value so far.
func (r *ReduceLROnPlateau) Best() float64 { return r.best }

// Warnings returns the warnings of the current or last training, such as
// a monitored metric missing from the logs.
func (r *ReduceLROnPlateau) Warnings() []string { return r.warnings }

// Err returns the first error: an invalid configuration, no model
// (SetModel not called) or a learning rate the optimizer refused.
func (r *ReduceLROnPlateau) Err() error { return r.err }
