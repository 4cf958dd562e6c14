package callbacks

import (
	"fmt"
	"io"
	"math"
)

// LearningRateScheduler sets the learning rate at the beginning of every
// epoch to what Schedule returns for that epoch (from 0) and the current
// rate, as Keras's LearningRateScheduler. At the end of the epoch it
// stores the rate in the logs under "lr", the key of tf.keras 2.x (Keras 3
// renamed it "learning_rate").
type LearningRateScheduler struct {
	Base
	// Schedule returns the learning rate for an epoch (required).
	Schedule func(epoch int, lr float64) float64
	// Verbose 1 prints the new rate at each epoch (default 0).
	Verbose int
	// Out receives the Verbose messages (default os.Stdout).
	Out io.Writer

	err error
}

// OnTrainBegin checks the configuration.
func (s *LearningRateScheduler) OnTrainBegin(*Logs) {
	s.err = nil
	if s.Schedule == nil {
		s.err = fmt.Errorf("callbacks: LearningRateScheduler: Schedule is nil")
	}
}

// OnEpochBegin applies the schedule.
func (s *LearningRateScheduler) OnEpochBegin(epoch int, _ *Logs) {
	if s.err != nil {
		return
	}
	if s.Model == nil {
		s.err = errNoModel("LearningRateScheduler")
		return
	}
	lr, ok := s.Model.LearningRate()
	if !ok {
		s.err = fmt.Errorf("callbacks: LearningRateScheduler: the model has no optimizer (is it compiled?)")
		return
	}
	next := s.Schedule(epoch, lr)
	if math.IsNaN(next) || math.IsInf(next, 0) || next < 0 {
		s.err = fmt.Errorf("callbacks: LearningRateScheduler: Schedule(%d, %v) returned %v, not a finite rate >= 0", epoch, lr, next)
		return
	}
	if err := s.Model.SetLearningRate(next); err != nil {
		s.err = fmt.Errorf("callbacks: LearningRateScheduler: epoch %d: %w", epoch+1, err)
		return
	}
	if s.Verbose > 0 {
		fmt.Fprintf(stdout(s.Out), "\nEpoch %d: LearningRateScheduler setting learning rate to %s.\n", epoch+1, pyRepr(next))
	}
}

// OnEpochEnd stores the learning rate in the logs under "lr".
func (s *LearningRateScheduler) OnEpochEnd(_ int, logs *Logs) {
	if s.err != nil || s.Model == nil {
		return
	}
	if lr, ok := s.Model.LearningRate(); ok {
		logs.Set("lr", loggedRate(lr))
	}
}

// Err returns the first error: a missing Schedule or model, a rate that is not a
// finite number >= 0, or one the optimizer refused.
func (s *LearningRateScheduler) Err() error { return s.err }
