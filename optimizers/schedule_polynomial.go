package optimizers

import "math"

// PolynomialDecay is Keras's PolynomialDecay schedule, from
// InitialLearningRate to EndLearningRate over DecaySteps steps:
//
//	p = min(step, DecaySteps)/DecaySteps
//	rate(step) = (InitialLearningRate − EndLearningRate)·(1 − p)^Power + EndLearningRate
//
// With Cycle, the decay restarts over a longer span instead of staying at
// EndLearningRate: DecaySteps is multiplied by ceil(step/DecaySteps) (by 1
// at step 0) and p is step over the result. Power 0 means Keras's default,
// 1 (linear); EndLearningRate's zero value is 0 (Keras's default is
// 0.0001).
type PolynomialDecay struct {
	InitialLearningRate float64 // >= 0
	DecaySteps          float64 // > 0
	EndLearningRate     float64 // >= 0
	Power               float64 // >= 0; 0 means 1
	Cycle               bool
}

// Rate returns the learning rate after step steps.
func (s PolynomialDecay) Rate(step int64) float64 {
	t, steps := float64(step), s.DecaySteps
	if s.Cycle {
		if t > 0 {
			steps *= math.Ceil(t / s.DecaySteps)
		}
	} else {
		t = min(t, steps)
	}
	p := t / steps
	return (s.InitialLearningRate-s.EndLearningRate)*math.Pow(1-p, orDefault(s.Power, 1)) + s.EndLearningRate
}

// Validate checks the settings.
func (s PolynomialDecay) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"InitialLearningRate", s.InitialLearningRate}, {"EndLearningRate", s.EndLearningRate}, {"Power", s.Power}} {
		if err := checkFinite("PolynomialDecay", f.name, f.v); err != nil {
			return err
		}
	}
	return checkPositive("PolynomialDecay", "DecaySteps", s.DecaySteps)
}
