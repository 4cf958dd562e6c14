package optimizers

import "fmt"

// PiecewiseConstantDecay is Keras's PiecewiseConstantDecay schedule: the
// rate is Values[0] up to and including step Boundaries[0], Values[i] for
// steps in (Boundaries[i−1], Boundaries[i]], and the last value after the
// last boundary. Values has one more element than Boundaries, which must
// increase.
type PiecewiseConstantDecay struct {
	Boundaries []int64
	Values     []float64
}

// Rate returns the learning rate after step steps.
func (s PiecewiseConstantDecay) Rate(step int64) float64 {
	for i, b := range s.Boundaries {
		if step <= b {
			return s.Values[i]
		}
	}
	return s.Values[len(s.Values)-1]
}

// Validate checks the settings.
func (s PiecewiseConstantDecay) Validate() error {
	if len(s.Values) != len(s.Boundaries)+1 {
		return fmt.Errorf("PiecewiseConstantDecay: %d boundaries need %d values, got %d",
			len(s.Boundaries), len(s.Boundaries)+1, len(s.Values))
	}
	for i := 1; i < len(s.Boundaries); i++ {
		if s.Boundaries[i] <= s.Boundaries[i-1] {
			return fmt.Errorf("PiecewiseConstantDecay: Boundaries must increase, got %v", s.Boundaries)
		}
	}
	for _, v := range s.Values {
		if err := checkFinite("PiecewiseConstantDecay", "every value", v); err != nil {
			return err
		}
	}
	return nil
}
