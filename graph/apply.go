package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Rules shared by the optimizer update ops (ApplySGD, ApplyMomentum,
// ApplyAdam, ApplyAMSGrad). Each is a [Mutator] that updates a variable and
// its slot variables in place from a gradient and a few scalar
// hyperparameters, in one pass over the elements, and outputs a rank-0
// value of the variable's dtype (always 0), so that running it copies
// nothing.

// updateOp is an optimizer update op: a Mutator whose inputs have names
// for error messages. The first tensors() inputs (the variable, its slots,
// the gradient) share the variable's shape; the rest are scalars.
type updateOp interface {
	Mutator
	inputNames() []string
	tensors() int
}

// addUpdate adds an update op after checking that its mutated inputs are
// distinct variables, and converting the weak scalars made by
// [Graph.Scalar] among its scalar inputs to the variable's dtype.
func addUpdate(op updateOp, inputs ...*Node) *Node {
	g := graphOf(inputs...)
	if g == nil || g.err != nil {
		return g.AddNode(op, "", inputs...) // panics on a nil graph, returns the error node otherwise
	}
	names := op.inputNames()
	mutated := op.Mutates()
	for k, i := range mutated {
		v := inputs[i]
		if v == nil || v.id < 0 {
			continue // AddNode reports it
		}
		if !v.IsVariable() {
			g.fail("", op.Type(), fmt.Errorf("%s must be a variable, got %s (%s)", names[i], v.name, v.op.Type()))
			return g.errorNode()
		}
		for _, j := range mutated[:k] {
			if inputs[j] == v {
				g.fail("", op.Type(), fmt.Errorf("variable %s is passed as both %s and %s", v.name, names[j], names[i]))
				return g.errorNode()
			}
		}
	}
	if w := inputs[0]; w != nil && w.id >= 0 && w.dtype.IsFloat() {
		inputs = append([]*Node(nil), inputs...)
		for i := op.tensors(); i < len(inputs); i++ {
			if s := inputs[i]; s != nil && isWeakScalar(s) && s.dtype != w.dtype {
				inputs[i] = g.scalarOf(s.op.(constOp).exact, w.dtype)
			}
		}
	}
	return g.AddNode(op, "", inputs...)
}

// inferUpdate is the shape rule of update ops: every input has the
// variable's float dtype, the tensor inputs have its shape, the others are
// scalars; the output is a scalar.
func inferUpdate(op updateOp, d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	names := op.inputNames()
	if err := checkArity(s, len(names)); err != nil {
		return 0, nil, err
	}
	if !d[0].IsFloat() {
		return 0, nil, fmt.Errorf("%s must be float32 or float64, got %v", names[0], d[0])
	}
	for i := 1; i < len(d); i++ {
		if d[i] != d[0] {
			return 0, nil, fmt.Errorf("%s is %v, but %s is %v", names[0], d[0], names[i], d[i])
		}
	}
	for i := 1; i < op.tensors(); i++ {
		if !sameStatic(s[0], s[i]) {
			return 0, nil, fmt.Errorf("%s has shape %s, but %s has shape %s", names[0], formatShape(s[0]), names[i], formatShape(s[i]))
		}
	}
	for i := op.tensors(); i < len(s); i++ {
		if len(s[i]) != 0 {
			return 0, nil, fmt.Errorf("%s must be a scalar (shape ()), got shape %s", names[i], formatShape(s[i]))
		}
	}
	return d[0], tensor.Shape{}, nil
}

// noUpdateGradient is the Gradient of every update op.
func noUpdateGradient(op Op) ([]*Node, error) {
	return nil, fmt.Errorf("%w: %s changes variables", ErrNoGradient, op.Type())
}

// scalarValue returns the only element of a rank-0 tensor of type T.
func scalarValue[T tensor.Float](t *tensor.Tensor) T { return tensor.Data[T](t)[0] }
