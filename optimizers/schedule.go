package optimizers

import (
	"fmt"
	"math"
)

// A Schedule gives the learning rate of every step, as Keras's
// LearningRateSchedule passed as an optimizer's learning_rate. Set an
// optimizer's Schedule field to one (ExponentialDecay, InverseTimeDecay,
// PiecewiseConstantDecay, PolynomialDecay, CosineDecay,
// CosineDecayRestarts, or a type of your own) and the optimizer computes
// its learning rate inside the graph at each step from its iterations
// counter, instead of keeping a learning rate variable.
type Schedule interface {
	// Rate returns the learning rate of the step taken after step steps
	// (Keras's schedule(optimizer.iterations)). The graph calls it once per
	// step, from any goroutine; it must not allocate.
	Rate(step int64) float64
}

// scheduleValidator is implemented by schedules that check their settings
// before the first Apply.
type scheduleValidator interface {
	Validate() error
}

// checkSchedule validates s if it can validate itself.
func checkSchedule(opt string, s Schedule) error {
	if v, ok := s.(scheduleValidator); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("optimizers: %s: Schedule: %w", opt, err)
		}
	}
	return nil
}

// checkPositive returns an error unless v is a finite number > 0.
func checkPositive(schedule, name string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: %s must be a finite number > 0, got %v", schedule, name, v)
	}
	return nil
}

// checkFinite returns an error unless v is a finite number >= 0.
func checkFinite(schedule, name string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: %s must be a finite number >= 0, got %v", schedule, name, v)
	}
	return nil
}
