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

// inferSameAsFirst gives the output the dtype and shape of input 0.
func inferSameAsFirst(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return dtypes[0], shapes[0], nil
}

// inferUnaryFloat is the rule of float-only elementwise unary ops.
func inferUnaryFloat(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if !dtypes[0].IsFloat() {
		return 0, nil, fmt.Errorf("needs a float input, got %v", dtypes[0])
	}
	return dtypes[0], shapes[0], nil
}

// checkArity returns an error unless there are n inputs.
func checkArity(shapes []tensor.Shape, n int) error {
	if len(shapes) != n {
		return fmt.Errorf("takes %d inputs, got %d", n, len(shapes))
	}
	return nil
}
