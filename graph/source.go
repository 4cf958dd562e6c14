package graph

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Feeds maps nodes to the values they take for one Run. Placeholders must be
// fed; any other node may be fed to override its value for that Run (as in
// TensorFlow), which for a variable leaves its stored value unchanged.
type Feeds map[*Node]*tensor.Tensor

// sourceOp is implemented by ops whose value comes from outside the plan:
// placeholders, variables and constants.
type sourceOp interface {
	Op
	isSource()
}

// placeholderOp is a value fed at run time.
type placeholderOp struct {
	dtype tensor.DType
	shape tensor.Shape
}

func (placeholderOp) Type() string { return "Placeholder" }
func (placeholderOp) isSource()    {}
func (p placeholderOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return p.dtype, p.shape, nil
}
func (placeholderOp) Compute(*tensor.Tensor, []*tensor.Tensor) {}
func (placeholderOp) Gradient(*Node, *Node) ([]*Node, error)   { return nil, nil }

// Placeholder adds a node whose value is fed at run time. Use Unknown (-1)
// for dimensions that vary between runs, such as the batch size.
func (g *Graph) Placeholder(name string, dtype tensor.DType, shape ...int) *Node {
	if !dtype.Valid() {
		g.fail(g.scoped(name), "Placeholder", fmt.Errorf("invalid dtype %v", dtype))
		return g.errorNode()
	}
	for _, d := range shape {
		if d < Unknown {
			g.fail(g.scoped(name), "Placeholder", fmt.Errorf("invalid dimension %d in shape %s", d, formatShape(shape)))
			return g.errorNode()
		}
	}
	return g.AddNode(placeholderOp{dtype: dtype, shape: tensor.Shape(shape).Clone()}, name)
}

// variableOp reads a variable's stored value.
type variableOp struct{}

func (variableOp) Type() string { return "Variable" }
func (variableOp) isSource()    {}
func (variableOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return 0, nil, errors.New("variables are created with Graph.Variable")
}
func (variableOp) Compute(*tensor.Tensor, []*tensor.Tensor) {}
func (variableOp) Gradient(*Node, *Node) ([]*Node, error)   { return nil, nil }

// Variable adds a trainable variable holding a copy of init. Its value
// persists across runs and changes only through assignment ops (or
// [Node.SetValue]).
func (g *Graph) Variable(name string, init *tensor.Tensor) *Node {
	if g.err != nil {
		return g.errorNode()
	}
	if init == nil {
		g.fail(g.scoped(name), "Variable", errors.New("initial value is nil"))
		return g.errorNode()
	}
	n := &Node{g: g, id: len(g.nodes), name: g.uniqueName(g.scoped(name)), op: variableOp{},
		dtype: init.DType(), shape: init.Shape().Clone(), value: init.Clone(), trainable: true,
		gradient: g.building > 0, lock: g.privateLock()}
	g.nodes = append(g.nodes, n)
	return n
}

// VariableOf adds a variable whose storage is the tensor given, not a copy
// of it: updates made by a Run write into that tensor, and several graphs
// (or several variables) may share one storage, as a model's training and
// inference graphs share its weights. Every variable bound to one storage
// shares one lock, so Runs of different graphs and sessions that read and
// assign the storage are serialised as those of one session are (see the
// package documentation); code that touches the storage directly, outside
// Run and SetValue, must not do so while a Run may assign it.
func (g *Graph) VariableOf(name string, storage *tensor.Tensor) *Node {
	if g.err != nil {
		return g.errorNode()
	}
	if storage == nil {
		g.fail(g.scoped(name), "Variable", errors.New("storage is nil"))
		return g.errorNode()
	}
	n := &Node{g: g, id: len(g.nodes), name: g.uniqueName(g.scoped(name)), op: variableOp{},
		dtype: storage.DType(), shape: storage.Shape().Clone(), value: storage, trainable: true,
		gradient: g.building > 0, lock: lockOf(storage)}
	g.nodes = append(g.nodes, n)
	return n
}

// IsVariable reports whether n is a variable.
func (n *Node) IsVariable() bool { _, ok := n.op.(variableOp); return ok }

// Trainable reports whether n is a trainable variable.
func (n *Node) Trainable() bool { return n.trainable }

// SetTrainable marks a variable as trainable or not. It has no effect on
// other nodes.
func (n *Node) SetTrainable(t bool) {
	if n.IsVariable() {
		n.trainable = t
	}
}

// Value returns the tensor a variable or constant holds (nil for other
// nodes). It is the live storage, not a copy: reading it while a Run that
// assigns the variable is in progress is a data race.
func (n *Node) Value() *tensor.Tensor { return n.value }

// SetValue copies v into the variable's storage, waiting for Runs that
// read or assign the storage to finish. v must have the
// variable's dtype and shape; a nil v or n is an error.
func (n *Node) SetValue(v *tensor.Tensor) error {
	if n == nil {
		return errors.New("graph: SetValue: the node is nil")
	}
	if !n.IsVariable() {
		return fmt.Errorf("graph: SetValue: %s is not a variable", n.name)
	}
	if v == nil {
		return fmt.Errorf("graph: SetValue: the value for variable %s is nil", n.name)
	}
	if v.DType() != n.dtype || !v.Shape().Equal(n.shape) {
		return fmt.Errorf("graph: SetValue: variable %s is %v %s, got %v %s",
			n.name, n.dtype, formatShape(n.shape), v.DType(), formatShape(v.Shape()))
	}
	n.lock.mu.Lock()
	defer n.lock.mu.Unlock()
	n.value.CopyFrom(v)
	return nil
}

// constOp is a fixed value.
type constOp struct {
	weak  bool    // made by Graph.Scalar: the dtype adapts to the other operand
	exact float64 // the weak scalar's value before rounding to float32
}

func (constOp) Type() string { return "Const" }
func (constOp) isSource()    {}
func (constOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return 0, nil, errors.New("constants are created with Graph.Const")
}
func (constOp) Compute(*tensor.Tensor, []*tensor.Tensor) {}
func (constOp) Gradient(*Node, *Node) ([]*Node, error)   { return nil, nil }

// Const adds a node holding a copy of t.
func (g *Graph) Const(t *tensor.Tensor) *Node {
	return g.addConst(t, constOp{}, "Const")
}

// Scalar adds a rank-0 constant whose dtype adapts to the other operand of
// the binary op it is used in (float32 if used alone), so that
// graph.Add(x, g.Scalar(10)) works for float32 and float64 x alike.
func (g *Graph) Scalar(v float64) *Node {
	return g.addConst(tensor.Scalar(float32(v)), constOp{weak: true, exact: v}, "Const")
}

func (g *Graph) addConst(t *tensor.Tensor, op constOp, name string) *Node {
	if g.err != nil {
		return g.errorNode()
	}
	if t == nil {
		g.fail(g.scoped(name), "Const", errors.New("value is nil"))
		return g.errorNode()
	}
	n := &Node{g: g, id: len(g.nodes), name: g.uniqueName(g.scoped(name)), op: op,
		dtype: t.DType(), shape: t.Shape().Clone(), value: t.Clone(), gradient: g.building > 0}
	g.nodes = append(g.nodes, n)
	return n
}

// isWeakScalar reports whether n is a constant made by Graph.Scalar.
func isWeakScalar(n *Node) bool {
	c, ok := n.op.(constOp)
	return ok && c.weak
}

// matchDTypes returns a and b with a weak scalar constant converted to the
// other operand's dtype, so that the pair can meet in a binary op.
func matchDTypes(a, b *Node) (*Node, *Node) {
	if a == nil || b == nil || a.dtype == b.dtype {
		return a, b
	}
	switch {
	case isWeakScalar(b) && !isWeakScalar(a):
		b = b.g.scalarOf(b.op.(constOp).exact, a.dtype)
	case isWeakScalar(a) && !isWeakScalar(b):
		a = a.g.scalarOf(a.op.(constOp).exact, b.dtype)
	}
	return a, b
}

// scalarOf adds a rank-0 constant v of the given dtype.
func (g *Graph) scalarOf(v float64, dtype tensor.DType) *Node {
	t := tensor.New(dtype)
	t.Fill(v)
	return g.addConst(t, constOp{}, "Const")
}
