package layers

import (
	"fmt"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// layerName returns the name errors give a layer: the name the model gave
// it (seen in a Context), else its own Name field, else "" (unknown: a
// model derives names only when it builds).
func layerName(seen, own string) string {
	if seen != "" {
		return seen
	}
	return own
}

// layerErr returns an error prefixed with "layer <name> (<Type>): ", or
// with "<Type> layer: " when the name is not known yet.
func layerErr(name, typ, format string, args ...any) error {
	if name == "" {
		return fmt.Errorf("%s layer: %s", typ, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("layer %s (%s): %s", name, typ, fmt.Sprintf(format, args...))
}

// checkContext returns an error unless ctx has a graph.
func checkContext(ctx *Context, name, typ string) error {
	if ctx == nil || ctx.Graph == nil {
		return layerErr(name, typ, "the context has no graph")
	}
	return nil
}

// checkInput returns an error unless x is a node of ctx's graph with a
// batch axis.
func checkInput(ctx *Context, x *graph.Node, name, typ string) error {
	if err := checkContext(ctx, name, typ); err != nil {
		return err
	}
	if x == nil {
		return layerErr(name, typ, "input node is nil")
	}
	if x.Graph() != ctx.Graph {
		return layerErr(name, typ, "input %s belongs to another graph", x.Name())
	}
	if x.Shape().Rank() < 1 {
		return layerErr(name, typ, "input %s has no batch axis (shape %s)", x.Name(), batchShape(x.Shape()))
	}
	return nil
}

// batchShape formats a static shape with "None" for unknown dimensions, as
// Keras prints shapes.
func batchShape(s tensor.Shape) string {
	parts := make([]string, len(s))
	for i, d := range s {
		if d == graph.Unknown {
			parts[i] = "None"
		} else {
			parts[i] = fmt.Sprint(d)
		}
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// sampleShape formats a per-sample shape with Keras's None batch axis:
// "(None, 4)".
func sampleShape(s []int) string {
	return batchShape(append(tensor.Shape{graph.Unknown}, s...))
}
