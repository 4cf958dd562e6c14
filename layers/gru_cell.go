package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
)

// gruCell is one step of GRU on a call's weight nodes; its state is [h].
type gruCell struct {
	units       int
	w, u        *graph.Node
	uZR, uH     *graph.Node // reset before: the z|r and h columns of u
	bIn, bRec   *graph.Node // input and recurrent bias (bRec: reset after only); nil without bias
	b           *graph.Node // the bias as Keras stores it, for the sequence op; nil without bias
	resetBefore bool
	act, recAct activations.Func
	fused       bool
}

// step computes the new h from x_t, hIn (for the projections) and the
// previous h.
func (c *gruCell) step(x, hIn *graph.Node, prev []*graph.Node) []*graph.Node {
	xp := graph.MatMul(x, c.w)
	if c.bIn != nil {
		xp = graph.Add(xp, c.bIn)
	}
	var hp *graph.Node
	if prev != nil {
		hp = prev[0]
	} else {
		hp = graph.ZerosLike(graph.Slice(xp, 1, 0, c.units))
	}
	if c.resetBefore {
		return []*graph.Node{c.stepResetBefore(xp, hIn, hp)}
	}
	return []*graph.Node{c.stepResetAfter(xp, hIn, hp)}
}

// stepResetAfter is the step of Keras's reset_after=True.
func (c *gruCell) stepResetAfter(xp, hIn, hp *graph.Node) *graph.Node {
	var rec *graph.Node
	switch {
	case hIn != nil:
		rec = graph.MatMul(hIn, c.u)
		if c.bRec != nil {
			rec = graph.Add(rec, c.bRec)
		}
	case c.bRec != nil:
		rec = graph.BroadcastLike(c.bRec, xp)
	default:
		rec = graph.ZerosLike(xp)
	}
	if c.fused {
		return graph.GRUCell(xp, rec, hp)
	}
	u := c.units
	z := c.recAct(graph.Add(graph.Slice(xp, 1, 0, u), graph.Slice(rec, 1, 0, u)))
	r := c.recAct(graph.Add(graph.Slice(xp, 1, u, 2*u), graph.Slice(rec, 1, u, 2*u)))
	hh := c.act(graph.Add(graph.Slice(xp, 1, 2*u, 3*u), graph.Mul(r, graph.Slice(rec, 1, 2*u, 3*u))))
	return gruMix(z, hp, hh)
}

// stepResetBefore is the step of Keras's reset_after=False.
func (c *gruCell) stepResetBefore(xp, hIn, hp *graph.Node) *graph.Node {
	u := c.units
	var recZR *graph.Node
	if hIn != nil {
		recZR = graph.MatMul(hIn, c.uZR)
	} else {
		recZR = graph.ZerosLike(graph.Slice(xp, 1, 0, 2*u))
	}
	if c.fused {
		recH := graph.ZerosLike(hp)
		if hIn != nil {
			recH = graph.MatMul(graph.GRUResetHidden(xp, recZR, hIn), c.uH)
		}
		return graph.GRUCellResetBefore(xp, recZR, recH, hp)
	}
	z := c.recAct(graph.Add(graph.Slice(xp, 1, 0, u), graph.Slice(recZR, 1, 0, u)))
	pre := graph.Slice(xp, 1, 2*u, 3*u)
	if hIn != nil {
		r := c.recAct(graph.Add(graph.Slice(xp, 1, u, 2*u), graph.Slice(recZR, 1, u, 2*u)))
		pre = graph.Add(pre, graph.MatMul(graph.Mul(r, hIn), c.uH))
	}
	return gruMix(z, hp, c.act(pre))
}

// gruMix returns z·hp + (1 − z)·hh, as hh + z·(hp − hh).
func gruMix(z, hp, hh *graph.Node) *graph.Node {
	return graph.Add(hh, graph.Mul(z, graph.Sub(hp, hh)))
}

// output returns h.
func (c *gruCell) output(s []*graph.Node) *graph.Node { return s[0] }

// initial returns [h0].
func (c *gruCell) initial(in []*graph.Node) []*graph.Node { return []*graph.Node{in[0]} }

// states returns [h].
func (c *gruCell) states(s []*graph.Node) []*graph.Node { return s }
