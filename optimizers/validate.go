package optimizers

import (
	"fmt"
	"math"
)

// checkFraction returns an error unless 0 <= v < 1 (a decay rate such as
// Adam's Beta1).
func checkFraction(opt, name string, v float64) error {
	if !(v >= 0 && v < 1) {
		return fmt.Errorf("optimizers: %s: %s must be in [0, 1), got %v", opt, name, v)
	}
	return nil
}

// checkNonNegative returns an error unless v is a finite number >= 0.
func checkNonNegative(opt, name string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 0) {
		return fmt.Errorf("optimizers: %s: %s must be a finite number >= 0, got %v", opt, name, v)
	}
	return nil
}
