package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
)

// lstmCell is one step of LSTM on a call's weight nodes. The fused cell
// keeps its state packed as one (batch, 2·units) node [h | c], as
// graph.LSTMCell computes it; the plain cell keeps [h, c].
type lstmCell struct {
	units       int
	w, u, b     *graph.Node // b nil without bias
	act, recAct activations.Func
	fused       bool
}

// step computes z = x·W + b + hIn·U and the new state.
func (c *lstmCell) step(x, hIn *graph.Node, prev []*graph.Node) []*graph.Node {
	u := c.units
	z := graph.MatMul(x, c.w)
	if c.b != nil {
		z = graph.Add(z, c.b)
	}
	if hIn != nil {
		z = graph.Add(z, graph.MatMul(hIn, c.u))
	}
	if c.fused {
		var s *graph.Node
		if prev != nil {
			s = prev[0]
		} else {
			s = graph.ZerosLike(graph.Slice(z, 1, 0, 2*u))
		}
		return []*graph.Node{graph.LSTMCell(z, s)}
	}
	i, f := c.recAct(graph.Slice(z, 1, 0, u)), c.recAct(graph.Slice(z, 1, u, 2*u))
	g, o := c.act(graph.Slice(z, 1, 2*u, 3*u)), c.recAct(graph.Slice(z, 1, 3*u, 4*u))
	cell := graph.Mul(i, g)
	if prev != nil {
		cell = graph.Add(graph.Mul(f, prev[1]), cell)
	}
	return []*graph.Node{graph.Mul(o, c.act(cell)), cell}
}

// output returns h.
func (c *lstmCell) output(s []*graph.Node) *graph.Node {
	if c.fused {
		return graph.Slice(s[0], 1, 0, c.units)
	}
	return s[0]
}

// initial packs the initial h and c.
func (c *lstmCell) initial(in []*graph.Node) []*graph.Node {
	if c.fused {
		return []*graph.Node{graph.Concat(1, in[0], in[1])}
	}
	return []*graph.Node{in[0], in[1]}
}

// states returns [h, c].
func (c *lstmCell) states(s []*graph.Node) []*graph.Node {
	if c.fused {
		return []*graph.Node{c.output(s), graph.Slice(s[0], 1, c.units, 2*c.units)}
	}
	return s
}
