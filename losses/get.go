package losses

import (
	"fmt"
	"sort"
	"strings"
)

// byName maps every Keras loss name and alias Neurite knows to a
// constructor, so that each Get returns a fresh value.
var byName = map[string]func() Loss{
	"mse":                             func() Loss { return MeanSquaredError{} },
	"mean_squared_error":              func() Loss { return MeanSquaredError{} },
	"mae":                             func() Loss { return MeanAbsoluteError{} },
	"mean_absolute_error":             func() Loss { return MeanAbsoluteError{} },
	"binary_crossentropy":             func() Loss { return BinaryCrossentropy{} },
	"categorical_crossentropy":        func() Loss { return CategoricalCrossentropy{} },
	"sparse_categorical_crossentropy": func() Loss { return SparseCategoricalCrossentropy{} },
}

// Get returns the loss with the given Keras name or alias, as
// tf.keras.losses.get does: "mse", "mean_squared_error", "mae",
// "mean_absolute_error", "binary_crossentropy", "categorical_crossentropy"
// or "sparse_categorical_crossentropy", case-insensitively. The
// crossentropies take probabilities (Keras's default from_logits=False);
// build the struct with FromLogits set for logits. An unknown name is an
// error listing the known ones.
func Get(name string) (Loss, error) {
	if f, ok := byName[strings.ToLower(strings.TrimSpace(name))]; ok {
		return f(), nil
	}
	return nil, fmt.Errorf("losses: unknown loss %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the known loss names and aliases in sorted order.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
