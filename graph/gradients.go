package graph

import (
	"errors"
	"fmt"
)

// Gradients adds to y's graph the nodes that compute the gradient of the
// sum of y's elements with respect to each of xs (TensorFlow's
// tf.gradients), and returns them in the order of xs. Each gradient has the
// shape of its x. Because gradients are ordinary nodes, Gradients can be
// applied to them again for higher derivatives.
//
// An x that y does not depend on, or depends on only through
// piecewise-constant ops or integer values, gets nil (see the package
// documentation). If an op on the way from y to an x cannot be
// differentiated, the graph records an error naming it (see [Graph.Err])
// and the results are placeholder nodes.
func Gradients(y *Node, xs ...*Node) []*Node {
	return GradientsSeeded(y, nil, xs...)
}

// GradientsSeeded is [Gradients] with dy, the gradient flowing into y, given
// explicitly (it must have y's shape and dtype); a nil dy means ones, which
// differentiates the sum of y.
func GradientsSeeded(y, dy *Node, xs ...*Node) []*Node {
	out := make([]*Node, len(xs))
	g := graphOf(y)
	if g == nil {
		panic("graph: Gradients: y is nil")
	}
	if fail := g.checkGradientArgs(y, dy, xs); fail {
		for i := range out {
			out[i] = g.errorNode()
		}
		return out
	}
	g.building++
	pop := g.NameScope("gradients")
	defer func() { pop(); g.building-- }()

	onPath := g.pathsTo(y, xs)
	if dy == nil {
		dy = OnesLike(y)
	}
	grads := g.backprop(y, dy, onPath)
	if g.err != nil {
		for i := range out {
			out[i] = g.errorNode()
		}
		return out
	}
	for i, x := range xs {
		out[i] = grads[x.id]
	}
	return out
}

// checkGradientArgs records an error and returns true if the arguments of
// Gradients are unusable.
func (g *Graph) checkGradientArgs(y, dy *Node, xs []*Node) bool {
	if g.err != nil {
		return true
	}
	if y.id < 0 {
		return true
	}
	if !y.dtype.IsFloat() {
		g.fail("", "Gradients", fmt.Errorf("y %s is %v; only float tensors can be differentiated", y.name, y.dtype))
		return true
	}
	if dy != nil && (dy.g != g || dy.dtype != y.dtype || !sameStatic(dy.shape, y.shape)) {
		g.fail("", "Gradients", fmt.Errorf("seed %v does not fit y %v", dy, y))
		return true
	}
	for i, x := range xs {
		if x == nil || x.g != g {
			g.fail("", "Gradients", fmt.Errorf("x %d is nil or belongs to another graph", i))
			return true
		}
		if x.id < 0 {
			return true
		}
	}
	return false
}

// sameStatic reports whether two static shapes can describe the same tensor.
func sameStatic(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && a[i] != Unknown && b[i] != Unknown {
			return false
		}
	}
	return true
}

// pathsTo marks the nodes that lie on a path from one of xs to y.
func (g *Graph) pathsTo(y *Node, xs []*Node) []bool {
	ancestor := make([]bool, y.id+1)
	ancestor[y.id] = true
	for id := y.id; id >= 0; id-- {
		if !ancestor[id] {
			continue
		}
		for _, in := range g.nodes[id].inputs {
			ancestor[in.id] = true
		}
	}
	onPath := make([]bool, y.id+1)
	for _, x := range xs {
		if x.id <= y.id && ancestor[x.id] {
			onPath[x.id] = true
		}
	}
	for id := 0; id <= y.id; id++ {
		if !ancestor[id] || onPath[id] {
			continue
		}
		for _, in := range g.nodes[id].inputs {
			if onPath[in.id] {
				onPath[id] = true
				break
			}
		}
	}
	return onPath
}

// backprop walks from y back to the sources in reverse topological order,
// summing the gradients that reach each node and asking its op for the
// gradients of its inputs. It returns the total gradient of every node on
// the path, indexed by node id.
func (g *Graph) backprop(y, dy *Node, onPath []bool) []*Node {
	pending := make([][]*Node, y.id+1)
	total := make([]*Node, y.id+1)
	if !onPath[y.id] {
		return total
	}
	pending[y.id] = []*Node{dy}
	for id := y.id; id >= 0 && g.err == nil; id-- {
		n := g.nodes[id]
		if !onPath[id] || len(pending[id]) == 0 || !n.dtype.IsFloat() {
			continue
		}
		total[id] = sumGradients(pending[id])
		pending[id] = nil
		if _, src := n.op.(sourceOp); src {
			continue
		}
		ins, err := n.op.Gradient(n, total[id])
		if err != nil {
			if errors.Is(err, ErrNoGradient) {
				err = fmt.Errorf("%s (%s) has no gradient: %w", n.name, n.op.Type(), err)
			} else {
				err = fmt.Errorf("%s (%s): %w", n.name, n.op.Type(), err)
			}
			g.fail("", "Gradients", err)
			return total
		}
		for i, in := range n.inputs {
			if i < len(ins) && ins[i] != nil && onPath[in.id] {
				pending[in.id] = append(pending[in.id], ins[i])
			}
		}
	}
	return total
}

// sumGradients adds the gradients that reach one node along several paths
// (joining the gradients of slices of one node, see joinSliceGrads, and
// adding the gradient of a slice into another one, see sliceAddOp).
func sumGradients(gs []*Node) *Node {
	if len(gs) == 1 {
		return gs[0]
	}
	if j := joinSliceGrads(gs); j != nil {
		return j
	}
	if j := joinMatMulGrads(gs); j != nil {
		return j
	}
	if len(gs) == 2 {
		for i, g := range gs {
			if o, ok := g.op.(sliceGradOp); ok && g.inputs[1].dtype == gs[1-i].dtype &&
				sameStatic(g.inputs[1].shape, gs[1-i].shape) {
				return sliceAdd(sliceOp(o), gs[1-i], g.inputs[0])
			}
		}
	}
	return AddN(gs...)
}
