package graph

import "github.com/neurite/neurite/tensor"

// Op is the operation a node performs. Each op lives in its own file with
// its shape rule, its kernel and its gradient side by side; adding an op
// means writing a type that implements Op and a constructor function that
// calls [Graph.AddNode].
type Op interface {
	// Type names the kind of op, such as "MatMul". It is the default base of
	// node names.
	Type() string
	// Infer returns the output dtype and shape for inputs of the given dtypes
	// and shapes, or an error describing why they do not fit. It is called
	// with static shapes (where a dimension may be Unknown) when the node is
	// built and with concrete shapes when a plan is compiled.
	Infer(dtypes []tensor.DType, shapes []tensor.Shape) (tensor.DType, tensor.Shape, error)
	// Compute writes the op's result into out, which has the shape and dtype
	// Infer gave for the concrete inputs. It must not keep references to out
	// or the inputs, and must not modify its inputs unless it is a [Mutator].
	Compute(out *tensor.Tensor, inputs []*tensor.Tensor)
	// Gradient returns, for each input of n, the node computing the gradient
	// of the final output with respect to that input, given dy, the gradient
	// with respect to n. A nil entry means no gradient flows to that input
	// (an integer input, or a piecewise-constant dependence). Ops that cannot
	// be differentiated return an error wrapping [ErrNoGradient].
	Gradient(n *Node, dy *Node) ([]*Node, error)
}

// InPlacer is implemented by ops whose result may be written over one of
// their inputs. InPlace returns the index of that input. When a plan
// finds that no later step reads that input, it is computed by an earlier
// step (not fed, a variable or a constant), it is not fetched, it is not
// also another input of the op, and it has the result's dtype and number
// of elements, it gives the result the input's memory: Compute then gets
// out and inputs[InPlace()] as two tensors over the same values, and must
// give the right result when they are. This saves a buffer and, for ops
// that stream through large values, a pass over memory that is not in
// cache (data-parallel training sums each gradient in place this way).
type InPlacer interface {
	Op
	InPlace() int
}

// Mutator is implemented by ops that change the value of a variable input
// (assignments and optimizer updates). A session runs them after every
// other node of a Run, so that all reads in a Run see the values from its
// start.
type Mutator interface {
	Op
	// Mutates returns the indices of the inputs whose values Compute changes.
	// Each must be a variable node.
	Mutates() []int
}
