package tensor

import (
	"strconv"
	"strings"
)

// Shape is the size of each dimension of a tensor, outermost first.
// A Shape of length zero is a scalar.
type Shape []int

// Rank returns the number of dimensions.
func (s Shape) Rank() int { return len(s) }

// Size returns the number of elements a tensor of this shape holds
// (1 for a scalar).
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// Equal reports whether s and o have the same rank and dimensions.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

// Clone returns a copy of s that does not share memory with it.
func (s Shape) Clone() Shape {
	if s == nil {
		return Shape{}
	}
	return append(Shape(make([]int, 0, len(s))), s...)
}

// Strides returns the row-major element strides of s.
func (s Shape) Strides() []int {
	st := make([]int, len(s))
	acc := 1
	for i := len(s) - 1; i >= 0; i-- {
		st[i] = acc
		acc *= s[i]
	}
	return st
}

// String formats s the way numpy prints shapes: "(2, 3)", "(5,)" or "()".
func (s Shape) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(s) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// normAxis turns a possibly negative axis into one in [0, rank), panicking
// with a message naming op when it is out of range.
func normAxis(op string, axis, rank int) int {
	if axis < -rank || axis >= rank {
		panicf(op, "axis %d is out of range for rank %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// checkShape panics with an *Error for op if a tensor of dtype and shape
// cannot be made: a negative dimension, or a size that [CheckSize] refuses.
func checkShape(op string, dtype DType, shape []int) int {
	return mustSize(op, dtype, shape)
}
