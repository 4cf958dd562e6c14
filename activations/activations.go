// Package activations maps Keras activation names to graph functions, so
// that layers can be configured with Activation: "relu" as in Keras.
package activations

import (
	"fmt"
	"sort"
	"strings"

	"github.com/neurite/neurite/graph"
)

// Func applies an activation to a node.
type Func func(x *graph.Node) *graph.Node

// byName holds every activation by its Keras name.
var byName = map[string]Func{
	"linear":       func(x *graph.Node) *graph.Node { return x },
	"relu":         graph.Relu,
	"sigmoid":      graph.Sigmoid,
	"tanh":         graph.Tanh,
	"softmax":      func(x *graph.Node) *graph.Node { return graph.Softmax(x, -1) },
	"log_softmax":  func(x *graph.Node) *graph.Node { return graph.LogSoftmax(x, -1) },
	"leaky_relu":   func(x *graph.Node) *graph.Node { return graph.LeakyRelu(x, 0.2) },
	"elu":          func(x *graph.Node) *graph.Node { return graph.Elu(x, 1) },
	"selu":         graph.Selu,
	"softplus":     graph.Softplus,
	"softsign":     graph.Softsign,
	"gelu":         func(x *graph.Node) *graph.Node { return graph.Gelu(x, false) },
	"swish":        graph.Swish,
	"silu":         graph.Swish,
	"exponential":  graph.Exp,
	"relu6":        Relu6,
	"hard_sigmoid": HardSigmoid,
	"hard_silu":    HardSilu,
	"hard_swish":   HardSilu,
	"mish":         Mish,
}

// Get returns the activation with the given Keras name ("" means
// "linear"). Names are case-insensitive. An unknown name is an error that
// lists the known ones.
func Get(name string) (Func, error) {
	if name == "" {
		name = "linear"
	}
	if f, ok := byName[strings.ToLower(name)]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("unknown activation %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the known activation names in sorted order.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
