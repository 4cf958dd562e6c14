// Package constraints holds Keras's weight constraints: projections that
// Keras applies to a weight after each optimizer update (the layers'
// kernel_constraint and bias_constraint), such as MaxNorm, which rescales
// every column of a Dense kernel whose norm exceeds a bound.
//
// A constraint builds the projected weight as a graph node from the
// weight's node; the trainer assigns it back to the variable after the
// update:
//
//	graph.Assign(w, c.Apply(w))
//
// The zero value of each constraint's fields is Keras's default. A bad
// configuration or an axis the weight lacks is an error that sticks to the
// weight's graph, naming the constraint.
package constraints

import (
	"fmt"
	"sort"
	"strings"

	"github.com/neurite/neurite/graph"
)

// Epsilon is Keras's backend epsilon, 1e-7, added to the norms the
// norm constraints divide by.
const Epsilon = 1e-7

// Constraint projects a weight onto an allowed set.
type Constraint interface {
	// Apply returns the projected value of the weight w, a node of w's
	// dtype and shape. A nil w gives nil.
	Apply(w *graph.Node) *graph.Node
	// Name returns Keras's name, such as "max_norm".
	Name() string
}

// byName maps Keras's names, class and function forms, to constructors of
// the default constraint.
var byName = map[string]func() Constraint{
	"max_norm":     func() Constraint { return MaxNorm{} },
	"non_neg":      func() Constraint { return NonNeg{} },
	"unit_norm":    func() Constraint { return UnitNorm{} },
	"min_max_norm": func() Constraint { return MinMaxNorm{} },
}

// Get returns the constraint with the given Keras name and Keras's
// defaults: "max_norm", "non_neg", "unit_norm", "min_max_norm", or the
// class names "MaxNorm", "NonNeg", "UnitNorm", "MinMaxNorm";
// case-insensitive. An unknown name is an error listing the known ones.
func Get(name string) (Constraint, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if f, ok := byName[key]; ok {
		return f(), nil
	}
	for n, f := range byName {
		if strings.ReplaceAll(n, "_", "") == key {
			return f(), nil
		}
	}
	return nil, fmt.Errorf("constraints: unknown constraint %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the known constraint names in sorted order.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
