package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Node is one operation in a graph and the tensor it produces. Nodes are
// made by the graph's constructors (Placeholder, Variable, Const) and by the
// op functions of this package (Add, MatMul, …); they are immutable once
// built, except for the value a variable holds.
type Node struct {
	g        *Graph
	id       int
	name     string
	op       Op
	inputs   []*Node
	dtype    tensor.DType
	shape    tensor.Shape
	gradient bool // built by Gradients

	// Variables only.
	value     *tensor.Tensor
	trainable bool
	lock      *varLock // shared by all variables bound to value
}

// Graph returns the graph the node belongs to.
func (n *Node) Graph() *Graph { return n.g }

// ID returns the node's index in its graph; nodes are numbered in creation
// order, which is a topological order.
func (n *Node) ID() int { return n.id }

// Name returns the node's unique name, such as "dense_1/MatMul".
func (n *Node) Name() string { return n.name }

// Op returns the operation the node performs.
func (n *Node) Op() Op { return n.op }

// Type returns the op's type name, such as "MatMul".
func (n *Node) Type() string { return n.op.Type() }

// Inputs returns the node's inputs. The slice must not be modified.
func (n *Node) Inputs() []*Node { return n.inputs }

// DType returns the dtype of the node's output.
func (n *Node) DType() tensor.DType { return n.dtype }

// Shape returns the static shape of the node's output, with Unknown (-1)
// for dimensions known only at run time. The slice must not be modified.
func (n *Node) Shape() tensor.Shape { return n.shape }

// IsGradient reports whether the node was built by [Gradients].
func (n *Node) IsGradient() bool { return n.gradient }

// String describes the node as "name (Type) float32 (None, 3)".
func (n *Node) String() string {
	return fmt.Sprintf("%s (%s) %v %s", n.name, n.op.Type(), n.dtype, formatShape(n.shape))
}

// inputShapes returns the static shapes of the node's inputs.
func inputShapes(inputs []*Node) []tensor.Shape {
	s := make([]tensor.Shape, len(inputs))
	for i, in := range inputs {
		s[i] = in.shape
	}
	return s
}

// inputDTypes returns the dtypes of the node's inputs.
func inputDTypes(inputs []*Node) []tensor.DType {
	d := make([]tensor.DType, len(inputs))
	for i, in := range inputs {
		d[i] = in.dtype
	}
	return d
}
