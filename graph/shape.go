package graph

import (
	"strconv"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// Unknown marks a dimension of a static shape that is known only when the
// graph runs, such as the batch dimension of a placeholder.
const Unknown = -1

// broadcastStatic applies numpy's broadcasting rules to shapes that may hold
// Unknown dimensions. An unknown dimension against 1 stays unknown; against
// a known n>1 it becomes n (a run-time mismatch is caught by the plan).
func broadcastStatic(a, b tensor.Shape) (tensor.Shape, bool) {
	n := max(len(a), len(b))
	out := make(tensor.Shape, n)
	for i := 0; i < n; i++ {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db:
			out[i] = da
		case da == 1:
			out[i] = db
		case db == 1:
			out[i] = da
		case da == Unknown:
			out[i] = db
		case db == Unknown:
			out[i] = da
		default:
			return nil, false
		}
	}
	return out, true
}

// shapeMatches reports whether a concrete shape fits a static one.
func shapeMatches(static, concrete tensor.Shape) bool {
	if len(static) != len(concrete) {
		return false
	}
	for i, d := range static {
		if d != Unknown && d != concrete[i] {
			return false
		}
	}
	return true
}

// mergeShapes returns a with its unknown dimensions taken from b where b
// knows them; a and b must satisfy sameStatic.
func mergeShapes(a, b tensor.Shape) tensor.Shape {
	out := a.Clone()
	for i := range out {
		if out[i] == Unknown {
			out[i] = b[i]
		}
	}
	return out
}

// isKnown reports whether every dimension of s is known.
func isKnown(s tensor.Shape) bool {
	for _, d := range s {
		if d == Unknown {
			return false
		}
	}
	return true
}

// formatShapes formats static shapes for error messages, e.g.
// "(None, 3) and (4,)".
func formatShapes(shapes []tensor.Shape) string {
	var b strings.Builder
	for i, sh := range shapes {
		if i > 0 {
			if i == len(shapes)-1 {
				b.WriteString(" and ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString(formatShape(sh))
	}
	return b.String()
}

// FormatShape prints a static shape as Keras does, with "None" for unknown
// dimensions: "(None, 3)", "(None,)", "(3,)" or "()" for a scalar. Every
// shape in Neurite's messages goes through it, so shapes read one way
// everywhere.
func FormatShape(sh []int) string { return formatTuple(sh, true) }

// formatShape is FormatShape, for the package's own messages.
func formatShape(sh []int) string { return FormatShape(sh) }

// formatDims prints dimensions given literally by the caller, such as a
// reshape target where -1 means "infer", as a Python tuple without
// reading -1 as None: "(-1, 3)".
func formatDims(dims []int) string { return formatTuple(dims, false) }

// formatTuple prints ints as a Python tuple, writing Unknown as "None"
// when none is set.
func formatTuple(dims []int, none bool) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range dims {
		if i > 0 {
			b.WriteString(", ")
		}
		if none && d == Unknown {
			b.WriteString("None")
		} else {
			b.WriteString(strconv.Itoa(d))
		}
	}
	if len(dims) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}
