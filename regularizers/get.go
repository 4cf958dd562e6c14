package regularizers

import (
	"fmt"
	"strings"
)

// Get returns the regularizer with the given Keras name and Keras's
// defaults, as keras.regularizers.get: "l1" is L1{0.01}, "l2" is L2{0.01},
// and "l1_l2" is L1L2{0.01, 0.01} (Keras's string "l1_l2" uses the
// defaults of its l1_l2 function, not those of the L1L2 class). Class names
// ("L1", "L2", "L1L2") work too; names are case-insensitive. An unknown
// name is an error.
func Get(name string) (Regularizer, error) {
	switch strings.ToLower(strings.ReplaceAll(name, "_", "")) {
	case "l1":
		return L1{L1: defaultFactor}, nil
	case "l2":
		return L2{L2: defaultFactor}, nil
	case "l1l2":
		return L1L2{L1: defaultFactor, L2: defaultFactor}, nil
	}
	return nil, fmt.Errorf("unknown regularizer %q (known: l1, l2, l1_l2)", name)
}
