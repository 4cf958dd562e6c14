package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// assignOp stores a value into a variable; with add set it adds instead.
type assignOp struct{ add bool }

// Assign stores value into variable v and returns the new value. The
// assignment runs after every other node of the Run (see the package doc).
func Assign(v, value *Node) *Node { return assign(v, value, false) }

// AssignAdd adds delta to variable v and returns the new value.
func AssignAdd(v, delta *Node) *Node { return assign(v, delta, true) }

func assign(v, value *Node, add bool) *Node {
	g := graphOf(v, value)
	name := "Assign"
	if add {
		name = "AssignAdd"
	}
	if v != nil && !v.IsVariable() && v.id >= 0 {
		g.fail("", name, fmt.Errorf("%s is not a variable", v.name))
		return g.errorNode()
	}
	v, value = matchDTypes(v, value)
	return g.AddNode(assignOp{add: add}, name, v, value)
}

func (a assignOp) Type() string {
	if a.add {
		return "AssignAdd"
	}
	return "Assign"
}

func (assignOp) Mutates() []int { return []int{0} }

func (assignOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 2); err != nil {
		return 0, nil, err
	}
	if d[0] != d[1] {
		return 0, nil, fmt.Errorf("variable is %v, value is %v", d[0], d[1])
	}
	if !sameStatic(s[0], s[1]) {
		return 0, nil, fmt.Errorf("variable has shape %s, value has %s", formatShape(s[0]), formatShape(s[1]))
	}
	return d[0], s[0], nil
}

func (a assignOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	if a.add {
		tensor.AddInto(in[0], in[0], in[1])
	} else {
		in[0].CopyFrom(in[1])
	}
	out.CopyFrom(in[0])
}

// Gradient: assignments are not differentiable.
func (a assignOp) Gradient(n, dy *Node) ([]*Node, error) {
	return nil, fmt.Errorf("%w: %s changes a variable", ErrNoGradient, a.Type())
}
