package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Shape rules shared by many ops. Each returns the output dtype and shape,
// or an error saying why the inputs do not fit.

// sameDType checks that all inputs share one dtype and returns it.
func sameDType(dtypes []tensor.DType) (tensor.DType, error) {
	for _, d := range dtypes[1:] {
		if d != dtypes[0] {
			return 0, fmt.Errorf("inputs have different dtypes %v and %v", dtypes[0], d)
		}
	}
	return dtypes[0], nil
}

// floatDType checks that all inputs share one float dtype and returns it.
func floatDType(dtypes []tensor.DType) (tensor.DType, error) {
	d, err := sameDType(dtypes)
	if err != nil {
		return 0, err
	}
	if !d.IsFloat() {
		return 0, fmt.Errorf("needs float inputs, got %v", d)
	}
	return d, nil
}

// inferBroadcast is the rule of elementwise binary ops: one dtype, and
// shapes that broadcast together.
func inferBroadcast(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	d, err := sameDType(dtypes)
	if err != nil {
		return 0, nil, err
	}
	out := shapes[0]
	for _, s := range shapes[1:] {
		var ok bool
		if out, ok = broadcastStatic(out, s); !ok {
			return 0, nil, fmt.Errorf("shapes %s cannot be broadcast together", formatShapes(shapes))
		}
	}
	return d, out, nil
}

// inferFloatBroadcast is inferBroadcast restricted to float dtypes.
func inferFloatBroadcast(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if _, err := floatDType(dtypes); err != nil {
		return 0, nil, err
	}
	return inferBroadcast(dtypes, shapes)
}

// inferUnary is the rule of elementwise unary ops of any dtype: one input,
// whose dtype and shape the output takes.
func inferUnary(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(shapes, 1); err != nil {
		return 0, nil, err
	}
	return dtypes[0], shapes[0], nil
}

// inferUnaryFloat is the rule of float-only elementwise unary ops (Exp,
// Log, the activations): one float input, whose dtype and shape the output
// takes.
func inferUnaryFloat(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(shapes, 1); err != nil {
		return 0, nil, err
	}
	if !dtypes[0].IsFloat() {
		return 0, nil, fmt.Errorf("needs a float input, got %v", dtypes[0])
	}
	return dtypes[0], shapes[0], nil
}

// inferFloatPair is the rule of fused gradient ops taking two float inputs
// of one shape (such as x and dy): the output has that dtype and shape.
func inferFloatPair(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(shapes, 2); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(dtypes)
	if err != nil {
		return 0, nil, err
	}
	if !sameStatic(shapes[0], shapes[1]) {
		return 0, nil, fmt.Errorf("inputs have different shapes %s", formatShapes(shapes))
	}
	return dt, mergeShapes(shapes[0], shapes[1]), nil
}

// normAxis returns axis (negative counts from the end) in [0, rank), or an
// error if it is out of range.
func normAxis(axis, rank int) (int, error) {
	if axis < -rank || axis >= rank {
		return 0, fmt.Errorf("axis %d is out of range for rank %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis, nil
}

// checkArity returns an error unless there are n inputs.
func checkArity(shapes []tensor.Shape, n int) error {
	if len(shapes) != n {
		return fmt.Errorf("takes %d inputs, got %d", n, len(shapes))
	}
	return nil
}
