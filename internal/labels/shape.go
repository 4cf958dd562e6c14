package labels

import (
	"strconv"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Shape formats a static shape as Keras prints it: "(None, 3)", with None
// for every dimension known only at run time (the batch) and a trailing
// comma for rank 1, "(None,)".
func Shape(s tensor.Shape) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		if d == graph.Unknown {
			b.WriteString("None")
		} else {
			b.WriteString(strconv.Itoa(d))
		}
	}
	if len(s) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}
