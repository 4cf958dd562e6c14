package losses

import (
	"fmt"
	"sort"
	"strings"
)

// byName maps every Keras loss function name and alias Neurite knows to a
// constructor, so that each Get returns a fresh value.
var byName = map[string]func() Loss{
	"mse":                             func() Loss { return MeanSquaredError{} },
	"mean_squared_error":              func() Loss { return MeanSquaredError{} },
	"mae":                             func() Loss { return MeanAbsoluteError{} },
	"mean_absolute_error":             func() Loss { return MeanAbsoluteError{} },
	"mape":                            func() Loss { return MeanAbsolutePercentageError{} },
	"mean_absolute_percentage_error":  func() Loss { return MeanAbsolutePercentageError{} },
	"msle":                            func() Loss { return MeanSquaredLogarithmicError{} },
	"mean_squared_logarithmic_error":  func() Loss { return MeanSquaredLogarithmicError{} },
	"huber":                           func() Loss { return Huber{} },
	"huber_loss":                      func() Loss { return Huber{} }, // Huber's Name, so that every Name round-trips
	"log_cosh":                        func() Loss { return LogCosh{} },
	"logcosh":                         func() Loss { return LogCosh{} },
	"cosine_similarity":               func() Loss { return CosineSimilarity{} },
	"kld":                             func() Loss { return KLDivergence{} },
	"kl_divergence":                   func() Loss { return KLDivergence{} },
	"kullback_leibler_divergence":     func() Loss { return KLDivergence{} },
	"poisson":                         func() Loss { return Poisson{} },
	"hinge":                           func() Loss { return Hinge{} },
	"squared_hinge":                   func() Loss { return SquaredHinge{} },
	"categorical_hinge":               func() Loss { return CategoricalHinge{} },
	"bce":                             func() Loss { return BinaryCrossentropy{} },
	"binary_crossentropy":             func() Loss { return BinaryCrossentropy{} },
	"binary_focal_crossentropy":       func() Loss { return BinaryFocalCrossentropy{} },
	"categorical_crossentropy":        func() Loss { return CategoricalCrossentropy{} },
	"categorical_focal_crossentropy":  func() Loss { return CategoricalFocalCrossentropy{} },
	"sparse_categorical_crossentropy": func() Loss { return SparseCategoricalCrossentropy{} },
}

// byClass maps Keras's loss class names, lower-cased, to their function
// names in byName.
var byClass = map[string]string{
	"meansquarederror":              "mean_squared_error",
	"meanabsoluteerror":             "mean_absolute_error",
	"meanabsolutepercentageerror":   "mean_absolute_percentage_error",
	"meansquaredlogarithmicerror":   "mean_squared_logarithmic_error",
	"logcosh":                       "log_cosh",
	"cosinesimilarity":              "cosine_similarity",
	"kldivergence":                  "kl_divergence",
	"binarycrossentropy":            "binary_crossentropy",
	"binaryfocalcrossentropy":       "binary_focal_crossentropy",
	"categoricalcrossentropy":       "categorical_crossentropy",
	"categoricalfocalcrossentropy":  "categorical_focal_crossentropy",
	"sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
	"squaredhinge":                  "squared_hinge",
	"categoricalhinge":              "categorical_hinge",
}

// Get returns the loss with the given Keras name, case-insensitively, as
// keras.losses.get does: a function name such as "mean_squared_error" or
// "categorical_focal_crossentropy", an alias ("mse", "mae", "mape",
// "msle", "bce", "kld", "logcosh", "kullback_leibler_divergence"), every
// loss's Name (Huber's is "huber_loss", which Keras's get lacks), or a
// class name such as "MeanSquaredError" or "Huber". The loss has Keras's
// defaults: the crossentropies take probabilities (from_logits=False),
// build the struct with FromLogits set for logits. An unknown name is an
// error listing the known ones.
func Get(name string) (Loss, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if fn, ok := byClass[key]; ok {
		key = fn
	}
	if f, ok := byName[key]; ok {
		return f(), nil
	}
	return nil, fmt.Errorf("losses: unknown loss %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the known loss function names and aliases in sorted
// order (Get also takes Keras's class names).
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
