package tensor

import (
	"fmt"
	"strings"
)

// Error describes a misuse of the tensor API: a shape mismatch, a wrong
// dtype, an out-of-range axis or index. The tensor package reports such
// mistakes by panicking with an *Error (see the package documentation);
// [Catch] turns the panic back into an ordinary error.
type Error struct {
	Op     string  // the operation that failed, e.g. "Add" or "MatMul"
	Shapes []Shape // the shapes of the operands involved, if any
	Msg    string  // what went wrong
}

// Error formats the failure as "tensor.Op: message (shapes (2, 3) and (4,))".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("tensor.")
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if len(e.Shapes) > 0 {
		b.WriteString(" (shapes ")
		for i, s := range e.Shapes {
			if i > 0 {
				if i == len(e.Shapes)-1 {
					b.WriteString(" and ")
				} else {
					b.WriteString(", ")
				}
			}
			b.WriteString(s.String())
		}
		b.WriteByte(')')
	}
	return b.String()
}

// panicf panics with an *Error for op carrying a formatted message.
func panicf(op, format string, args ...any) {
	panic(&Error{Op: op, Msg: fmt.Sprintf(format, args...)})
}

// panicShapes panics with an *Error for op that names the operand shapes.
func panicShapes(op, msg string, shapes ...Shape) {
	ss := make([]Shape, len(shapes))
	for i, s := range shapes {
		ss[i] = s.Clone()
	}
	panic(&Error{Op: op, Msg: msg, Shapes: ss})
}

// Catch converts a panic carrying a *tensor.Error into an error stored in
// *err. Other panics propagate unchanged. Use it as the first deferred call
// of a function that wants errors instead of panics:
//
//	func f() (err error) {
//		defer tensor.Catch(&err)
//		c := tensor.Add(a, b) // a shape mismatch becomes err
//		...
//	}
func Catch(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if e, ok := r.(*Error); ok {
		*err = e
		return
	}
	panic(r)
}
