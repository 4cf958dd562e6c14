package optimizers

import (
	"fmt"
	"sort"
	"strings"
)

// constructors maps lower-cased Keras optimizer names to new optimizers
// with Keras's defaults.
var constructors = map[string]func() Optimizer{
	"adadelta":  func() Optimizer { return &Adadelta{} },
	"adafactor": func() Optimizer { return &Adafactor{} },
	"adagrad":   func() Optimizer { return &Adagrad{} },
	"adam":      func() Optimizer { return &Adam{} },
	"adamax":    func() Optimizer { return &Adamax{} },
	"adamw":     func() Optimizer { return &AdamW{} },
	"ftrl":      func() Optimizer { return &Ftrl{} },
	"lion":      func() Optimizer { return &Lion{} },
	"nadam":     func() Optimizer { return &Nadam{} },
	"rmsprop":   func() Optimizer { return &RMSprop{} },
	"sgd":       func() Optimizer { return &SGD{} },
}

// Get returns a new optimizer with Keras's defaults from its Keras name,
// as in model.compile(optimizer='adam'). Names are case-insensitive:
// "adadelta", "adafactor", "adagrad", "adam", "adamax", "adamw", "ftrl", "lion", "nadam",
// "rmsprop" and "sgd" (or "RMSprop", "AdamW", …). Each call returns a fresh
// optimizer.
func Get(name string) (Optimizer, error) {
	if c, ok := constructors[strings.ToLower(strings.TrimSpace(name))]; ok {
		return c(), nil
	}
	return nil, fmt.Errorf("optimizers: unknown optimizer %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the lower-case Keras names Get accepts, sorted.
func Names() []string {
	known := make([]string, 0, len(constructors))
	for k := range constructors {
		known = append(known, k)
	}
	sort.Strings(known)
	return known
}
