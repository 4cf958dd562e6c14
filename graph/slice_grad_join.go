package graph

import "sort"

// joinSliceGrads returns the sum of the gradients gs as one Concat when
// each of them is the SliceGrad of a Slice of the same node along the same
// axis and their ranges, put in order, follow one another with no gap and
// no overlap; otherwise nil. This is the case of a tensor sliced into
// pieces, one per time step of an unrolled recurrence for instance: the
// sum of the zero-padded pieces is their concatenation (padded once if
// the pieces do not cover the whole axis), so the backward pass copies
// each piece once instead of writing and adding a full-size tensor per
// piece. The result is exactly the sum: every element is one piece's
// value plus zeros.
func joinSliceGrads(gs []*Node) *Node {
	type piece struct {
		lo, hi int
		dy     *Node
	}
	var x *Node
	axis := 0
	ps := make([]piece, 0, len(gs))
	for _, g := range gs {
		o, ok := g.op.(sliceGradOp)
		if !ok {
			return nil
		}
		gx := g.inputs[1]
		a, err := normAxis(o.axis, len(gx.shape))
		if err != nil || gx.shape[a] == Unknown {
			return nil
		}
		if x == nil {
			x, axis = gx, a
		} else if gx != x || a != axis {
			return nil
		}
		lo, hi, err := sliceRange(x.shape[axis], o.start, o.end)
		if err != nil || lo == hi {
			return nil
		}
		ps = append(ps, piece{lo, hi, g.inputs[0]})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].lo < ps[j].lo })
	dys := make([]*Node, len(ps))
	for i, p := range ps {
		if i > 0 && p.lo != ps[i-1].hi {
			return nil
		}
		dys[i] = p.dy
	}
	joined := Concat(axis, dys...)
	lo, hi := ps[0].lo, ps[len(ps)-1].hi
	if lo == 0 && hi == x.shape[axis] {
		return joined
	}
	return graphOf(joined, x).AddNode(sliceGradOp{axis: axis, start: lo, end: hi}, "SliceGrad", joined, x)
}
