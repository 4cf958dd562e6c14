package graph

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// ErrNoGradient is wrapped by the error of an op that cannot be
// differentiated.
var ErrNoGradient = errors.New("op has no gradient")

// Graph holds nodes and the state of its variables. A Graph is built by one
// goroutine at a time; sessions may run it concurrently once built.
type Graph struct {
	nodes    []*Node
	names    map[string]int // base name -> times used
	scopes   []string
	err      error
	errNode  *Node
	building int      // >0 while Gradients builds nodes
	private  *varLock // the lock of the variables made with Variable
}

// New returns an empty graph.
func New() *Graph {
	return &Graph{names: map[string]int{}}
}

// Err returns the first error met while building the graph, or nil.
func (g *Graph) Err() error { return g.err }

// Nodes returns every node in creation (topological) order. The slice must
// not be modified.
func (g *Graph) Nodes() []*Node { return g.nodes }

// Variables returns the graph's variable nodes in creation order.
func (g *Graph) Variables() []*Node {
	var vs []*Node
	for _, n := range g.nodes {
		if _, ok := n.op.(variableOp); ok {
			vs = append(vs, n)
		}
	}
	return vs
}

// TrainableVariables returns the variables marked trainable.
func (g *Graph) TrainableVariables() []*Node {
	var vs []*Node
	for _, n := range g.Variables() {
		if n.trainable {
			vs = append(vs, n)
		}
	}
	return vs
}

// NameScope pushes name onto the scope used to name new nodes (nodes built
// until the returned function is called are named "name/…"). The scope is
// made unique like node names ("dense", then "dense_1"). Use it as
//
//	defer g.NameScope("dense")()
func (g *Graph) NameScope(name string) (pop func()) {
	unique := g.uniqueName(g.scoped(name))
	g.scopes = append(g.scopes, unique)
	depth := len(g.scopes)
	return func() { g.scopes = g.scopes[:depth-1] }
}

// scoped prefixes name with the current scope.
func (g *Graph) scoped(name string) string {
	if len(g.scopes) == 0 {
		return name
	}
	return g.scopes[len(g.scopes)-1] + "/" + name
}

// uniqueName returns name, or name_N if name is taken.
func (g *Graph) uniqueName(name string) string {
	k, taken := g.names[name]
	if !taken {
		g.names[name] = 1
		return name
	}
	for {
		cand := name + "_" + strconv.Itoa(k)
		k++
		if _, used := g.names[cand]; !used {
			g.names[name] = k
			g.names[cand] = 1
			return cand
		}
	}
}

// Errorf records a formatted error as the graph's error if it has none yet,
// followed by the place of the first caller outside this package:
// "graph: <message> (at l1l2.go:70)". Op constructors outside this package
// use it for argument mistakes.
func (g *Graph) Errorf(format string, args ...any) {
	g.fail("", "", fmt.Errorf(format, args...))
}

// errorNode returns the placeholder node that building calls return once
// the graph has an error.
func (g *Graph) errorNode() *Node {
	if g.errNode == nil {
		g.errNode = &Node{g: g, id: -1, name: "<error>", op: invalidOp{}, dtype: tensor.Float32, shape: tensor.Shape{}}
	}
	return g.errNode
}

// AddNode adds a node computing op on inputs and returns it. name is the
// node's base name (empty for the op's type); it is made unique and put in
// the current name scope. If the graph already has an error, or the inputs
// do not fit the op, AddNode records the error and returns a placeholder
// node. Op constructors call AddNode; users rarely need it.
func (g *Graph) AddNode(op Op, name string, inputs ...*Node) *Node {
	if op == nil {
		if g == nil {
			panic("graph: AddNode: op is nil and there is no graph")
		}
		g.fail("", "AddNode", errors.New("op is nil"))
		return g.errorNode()
	}
	if g == nil {
		panic("graph: " + op.Type() + ": every input node is nil, so there is no graph to add to")
	}
	if g.err != nil {
		return g.errorNode()
	}
	if name == "" {
		name = op.Type()
	}
	for i, in := range inputs {
		if in == nil {
			g.fail(g.scoped(name), op.Type(), fmt.Errorf("input %d is nil", i))
			return g.errorNode()
		}
		if in.g != g {
			g.fail(g.scoped(name), op.Type(), fmt.Errorf("input %d (%s) belongs to another graph", i, in.name))
			return g.errorNode()
		}
		if in.id < 0 {
			return g.errorNode()
		}
	}
	name = g.uniqueName(g.scoped(name))
	dt, sh, err := op.Infer(inputDTypes(inputs), inputShapes(inputs))
	if err == nil {
		err = checkStaticSize(dt, sh)
	}
	if err != nil {
		g.fail(name, op.Type(), withInputs(inputs, err))
		return g.errorNode()
	}
	n := &Node{g: g, id: len(g.nodes), name: name, op: op, inputs: append([]*Node(nil), inputs...),
		dtype: dt, shape: sh.Clone(), gradient: g.building > 0}
	g.nodes = append(g.nodes, n)
	return n
}

// withInputs appends the input shapes and dtypes to an Infer error:
// "… (inputs (None, 3) and (4,); float32, float32)".
func withInputs(inputs []*Node, err error) error {
	if len(inputs) == 0 {
		return err
	}
	dts := make([]string, len(inputs))
	for i, in := range inputs {
		dts[i] = in.dtype.String()
	}
	return fmt.Errorf("%w (inputs %s; %s)", err, formatShapes(inputShapes(inputs)), strings.Join(dts, ", "))
}

// graphOf returns the graph of the first non-nil node, or nil.
func graphOf(nodes ...*Node) *Graph {
	for _, n := range nodes {
		if n != nil {
			return n.g
		}
	}
	return nil
}

// invalidOp is the op of the placeholder node returned after an error.
type invalidOp struct{}

func (invalidOp) Type() string { return "Invalid" }
func (invalidOp) Infer([]tensor.DType, []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	return 0, nil, errors.New("invalid node")
}
func (invalidOp) Compute(*tensor.Tensor, []*tensor.Tensor) {}
func (invalidOp) Gradient(*Node, *Node) ([]*Node, error) {
	return nil, errors.New("invalid node")
}
