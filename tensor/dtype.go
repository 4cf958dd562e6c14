package tensor

import "fmt"

// DType is the element type of a tensor.
type DType uint8

// The element types a tensor can hold. Float32 is the default for model
// weights and activations; Int64 holds labels and indices.
const (
	Float32 DType = iota + 1
	Float64
	Int64
)

// String returns the numpy-style name of the dtype ("float32", "float64", "int64").
func (d DType) String() string {
	switch d {
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	case Int64:
		return "int64"
	}
	return fmt.Sprintf("DType(%d)", uint8(d))
}

// Size returns the number of bytes one element of this dtype occupies.
func (d DType) Size() int {
	switch d {
	case Float32:
		return 4
	case Float64, Int64:
		return 8
	}
	return 0
}

// IsFloat reports whether d is a floating-point dtype.
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }

// Valid reports whether d is one of the defined dtypes.
func (d DType) Valid() bool { return d >= Float32 && d <= Int64 }

// Float is the set of Go types behind the floating-point dtypes.
type Float interface{ float32 | float64 }

// Number is the set of Go types a tensor can hold.
type Number interface{ float32 | float64 | int64 }

// DTypeOf returns the dtype that holds values of the Go type T.
func DTypeOf[T Number]() DType {
	var z T
	switch any(z).(type) {
	case float32:
		return Float32
	case float64:
		return Float64
	default:
		return Int64
	}
}
