package labels

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Shape formats a static shape as Keras prints it: "(None, 3)", with None
// for every dimension known only at run time (the batch) and a trailing
// comma for rank 1, "(None,)".
func Shape(s tensor.Shape) string { return graph.FormatShape(s) }
