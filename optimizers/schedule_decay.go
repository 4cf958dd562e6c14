package optimizers

import "math"

// ExponentialDecay is Keras's ExponentialDecay schedule:
//
//	rate(step) = InitialLearningRate·DecayRate^(step/DecaySteps)
//
// with the exponent rounded down to an integer when Staircase is set.
// Fields have no defaults: set them as Keras's arguments.
type ExponentialDecay struct {
	InitialLearningRate float64 // > 0 (or 0)
	DecaySteps          float64 // > 0
	DecayRate           float64 // >= 0
	Staircase           bool
}

// Rate returns the learning rate after step steps.
func (s ExponentialDecay) Rate(step int64) float64 {
	p := float64(step) / s.DecaySteps
	if s.Staircase {
		p = math.Floor(p)
	}
	return s.InitialLearningRate * math.Pow(s.DecayRate, p)
}

// Validate checks the settings.
func (s ExponentialDecay) Validate() error {
	if err := checkFinite("ExponentialDecay", "InitialLearningRate", s.InitialLearningRate); err != nil {
		return err
	}
	if err := checkPositive("ExponentialDecay", "DecaySteps", s.DecaySteps); err != nil {
		return err
	}
	return checkFinite("ExponentialDecay", "DecayRate", s.DecayRate)
}

// InverseTimeDecay is Keras's InverseTimeDecay schedule:
//
//	rate(step) = InitialLearningRate / (1 + DecayRate·step/DecaySteps)
//
// with step/DecaySteps rounded down to an integer when Staircase is set.
// Fields have no defaults: set them as Keras's arguments.
type InverseTimeDecay struct {
	InitialLearningRate float64 // >= 0
	DecaySteps          float64 // > 0
	DecayRate           float64 // >= 0
	Staircase           bool
}

// Rate returns the learning rate after step steps.
func (s InverseTimeDecay) Rate(step int64) float64 {
	p := float64(step) / s.DecaySteps
	if s.Staircase {
		p = math.Floor(p)
	}
	return s.InitialLearningRate / (1 + s.DecayRate*p)
}

// Validate checks the settings.
func (s InverseTimeDecay) Validate() error {
	if err := checkFinite("InverseTimeDecay", "InitialLearningRate", s.InitialLearningRate); err != nil {
		return err
	}
	if err := checkPositive("InverseTimeDecay", "DecaySteps", s.DecaySteps); err != nil {
		return err
	}
	return checkFinite("InverseTimeDecay", "DecayRate", s.DecayRate)
}
