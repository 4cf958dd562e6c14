package graph

import (
	"fmt"
	"sort"
	"sync"

	"github.com/neurite/neurite/tensor"
)

// plan is the compiled form of one Run: the steps to execute in order, the
// concrete shape of every value, and which buffer holds it.
type plan struct {
	fetches   []*Node
	feedShape map[*Node]tensor.Shape // the feeds the plan was compiled for
	mutating  bool
	locks     []heldLock // the variable locks a Run of the plan holds

	steps    []step
	slots    []slotInfo
	external []int // slots filled from feeds, variables and constants
	buffers  []bufferInfo
	fetchAt  [][]int // fetchAt[i+1]: fetch indices ready after step i; fetchAt[0]: before any step
	fetchOf  []int   // slot of each fetch
	fused    int     // fused chains (for tests)

	mu     sync.Mutex
	arenas []*arena
}

// step runs one node, or a chain of nodes fused into one (see fuse.go).
type step struct {
	node *Node
	op   Op    // what Compute runs: node.op, or a fused op for the chain ending at node
	in   []int // input slots
	out  int   // output slot
}

// slotInfo describes one value of the plan.
type slotInfo struct {
	node     *Node
	dtype    tensor.DType
	shape    tensor.Shape
	buffer   int  // index into buffers for computed values; -1 for external
	fed      bool // external value taken from the feeds
	computed bool // computed by a step (not a feed, variable or constant)
}

// bufferInfo is a block of memory shared by values whose lifetimes do not
// overlap.
type bufferInfo struct {
	dtype tensor.DType
	size  int
}

// arena holds the buffers of one execution of a plan, so concurrent runs of
// the same plan do not share memory.
type arena struct {
	slots []*tensor.Tensor
	args  [][]*tensor.Tensor
}

// matches reports whether p was compiled for these fetches and feed shapes.
func (p *plan) matches(feeds Feeds, fetches []*Node) bool {
	if len(fetches) != len(p.fetches) || len(feeds) != len(p.feedShape) {
		return false
	}
	for i, f := range fetches {
		if p.fetches[i] != f {
			return false
		}
	}
	for n, t := range feeds {
		sh, ok := p.feedShape[n]
		if !ok || !sh.Equal(t.Shape()) {
			return false
		}
	}
	return true
}

// compilePlan prunes the graph to what fetches need, orders the steps,
// infers concrete shapes, fuses chains of steps if fuse is set, and
// assigns buffers.
func compilePlan(g *Graph, feeds Feeds, fetches []*Node, reuse, fuse bool) (*plan, error) {
	p := &plan{fetches: append([]*Node(nil), fetches...), feedShape: map[*Node]tensor.Shape{}}
	for n, t := range feeds {
		p.feedShape[n] = t.Shape().Clone()
	}
	for i, f := range fetches {
		if f == nil || f.g != g {
			return nil, fmt.Errorf("graph: Run: fetch %d is nil or belongs to another graph", i)
		}
	}
	order, err := p.order(g, feeds)
	if err != nil {
		return nil, err
	}
	p.locks = planLocks(order, feeds)
	slotOf := map[*Node]int{}
	for _, n := range order {
		if err := p.addSlot(n, feeds, slotOf); err != nil {
			return nil, err
		}
	}
	p.fetchOf = make([]int, len(fetches))
	for k, f := range fetches {
		p.fetchOf[k] = slotOf[f]
	}
	if fuse {
		p.fuseSteps()
	}
	p.assignBuffers(reuse)
	if err := p.checkArenaSize(); err != nil {
		return nil, err
	}
	p.scheduleFetches()
	return p, nil
}

// order returns the nodes the fetches need, sources first, then computed
// nodes in topological order with mutating ops and everything that depends
// on them last.
func (p *plan) order(g *Graph, feeds Feeds) ([]*Node, error) {
	need := map[*Node]bool{}
	var visit func(n *Node)
	visit = func(n *Node) {
		if need[n] {
			return
		}
		need[n] = true
		if _, fed := feeds[n]; fed {
			return
		}
		for _, in := range n.inputs {
			visit(in)
		}
	}
	for _, f := range p.fetches {
		visit(f)
	}
	nodes := make([]*Node, 0, len(need))
	for n := range need {
		nodes = append(nodes, n)
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].id < nodes[j].id })

	late := map[*Node]bool{}
	for _, n := range nodes {
		if _, fed := feeds[n]; fed {
			continue
		}
		if m, ok := n.op.(Mutator); ok {
			late[n] = true
			p.mutating = true
			for _, i := range m.Mutates() {
				v := n.inputs[i]
				if !v.IsVariable() {
					return nil, fmt.Errorf("graph: %s (%s) must assign a variable, got %s", n.name, n.op.Type(), v.name)
				}
				if _, fed := feeds[v]; fed {
					return nil, fmt.Errorf("graph: %s (%s) assigns variable %s, which is fed in the same Run", n.name, n.op.Type(), v.name)
				}
			}
		}
		for _, in := range n.inputs {
			if late[in] {
				late[n] = true
			}
		}
	}
	sort.SliceStable(nodes, func(i, j int) bool { return !late[nodes[i]] && late[nodes[j]] })
	return nodes, nil
}

// addSlot gives node n a slot, computing its concrete shape.
func (p *plan) addSlot(n *Node, feeds Feeds, slotOf map[*Node]int) error {
	s := slotInfo{node: n, dtype: n.dtype, buffer: -1}
	t, fed := feeds[n]
	_, src := n.op.(sourceOp)
	switch {
	case fed:
		s.shape, s.fed = t.Shape().Clone(), true
	case n.IsVariable() || src && n.value != nil:
		s.shape = n.value.Shape().Clone()
	case src:
		return fmt.Errorf("graph: Run: placeholder %s %s must be fed", n.name, formatShape(n.shape))
	default:
		ins := make([]int, len(n.inputs))
		dts := make([]tensor.DType, len(n.inputs))
		shs := make([]tensor.Shape, len(n.inputs))
		for i, in := range n.inputs {
			ins[i] = slotOf[in]
			dts[i], shs[i] = p.slots[ins[i]].dtype, p.slots[ins[i]].shape
		}
		dt, sh, err := n.op.Infer(dts, shs)
		if err != nil {
			return fmt.Errorf("graph: Run: %s (%s) with input shapes %s: %v", n.name, n.op.Type(), formatShapes(shs), err)
		}
		if dt != n.dtype || !shapeMatches(n.shape, sh) || !isKnown(sh) {
			return fmt.Errorf("graph: Run: %s (%s) computes %v %s, but was built as %v %s",
				n.name, n.op.Type(), dt, formatShape(sh), n.dtype, formatShape(n.shape))
		}
		if _, ok := n.op.(sumLikeOp); ok && sh.Equal(shs[0]) && p.slots[ins[0]].computed {
			// Summing nothing away: n's value is its input's, so n just
			// names the input's slot and costs no step (and no copy).
			slotOf[n] = ins[0]
			return nil
		}
		if _, err := tensor.CheckSize(dt, sh); err != nil {
			return fmt.Errorf("graph: Run: %s (%s) with input shapes %s: output %v %s is too large: %s",
				n.name, n.op.Type(), formatShapes(shs), dt, formatShape(sh), sizeReason(err))
		}
		s.shape, s.computed = sh, true
		p.steps = append(p.steps, step{node: n, op: n.op, in: ins, out: len(p.slots)})
	}
	if s.buffer == -1 && (fed || src) {
		p.external = append(p.external, len(p.slots))
	}
	slotOf[n] = len(p.slots)
	p.slots = append(p.slots, s)
	return nil
}

// assignBuffers gives every computed slot a buffer. With reuse, a buffer
// returns to the free list after the last step that reads it, and later
// slots take the smallest free buffer of their dtype that fits (or grow the
// largest one).
func (p *plan) assignBuffers(reuse bool) {
	lastUse := make([]int, len(p.slots))
	for i := range lastUse {
		lastUse[i] = -1
	}
	for i, st := range p.steps {
		for _, in := range st.in {
			lastUse[in] = i
		}
	}
	var free []int
	for i, st := range p.steps {
		need := p.slots[st.out].shape.Size()
		b := -1
		if reuse {
			b = p.inPlaceBuffer(st, i, lastUse)
		}
		if reuse && b < 0 {
			b, free = takeBuffer(p.buffers, free, p.slots[st.out].dtype, need)
		}
		if b < 0 {
			b = len(p.buffers)
			p.buffers = append(p.buffers, bufferInfo{dtype: p.slots[st.out].dtype})
		}
		p.buffers[b].size = max(p.buffers[b].size, need)
		p.slots[st.out].buffer = b
		if !reuse {
			continue
		}
		for _, in := range st.in {
			if lastUse[in] == i && p.slots[in].buffer >= 0 && p.slots[in].buffer != b && !contains(free, p.slots[in].buffer) {
				free = append(free, p.slots[in].buffer)
			}
		}
		if lastUse[st.out] < 0 && !p.isFetched(st.out) { // computed but never read
			free = append(free, b)
		}
	}
}

// inPlaceBuffer returns the buffer of the input that step i, at index i
// of the steps, may write its result over (see InPlacer), or -1.
func (p *plan) inPlaceBuffer(st step, i int, lastUse []int) int {
	ip, ok := st.op.(InPlacer)
	if !ok {
		return -1
	}
	k := ip.InPlace()
	if k < 0 || k >= len(st.in) {
		return -1
	}
	in, out := st.in[k], p.slots[st.out]
	s := p.slots[in]
	if s.buffer < 0 || lastUse[in] != i || p.isFetched(in) || s.dtype != out.dtype || s.shape.Size() != out.shape.Size() {
		return -1
	}
	for j, other := range st.in {
		if j != k && other == in {
			return -1
		}
	}
	return s.buffer
}

// takeBuffer picks a free buffer of dtype for need elements, removing it
// from free. It returns -1 if none has the dtype.
func takeBuffer(bufs []bufferInfo, free []int, dtype tensor.DType, need int) (int, []int) {
	best, largest := -1, -1
	for k, b := range free {
		info := bufs[b]
		if info.dtype != dtype {
			continue
		}
		if info.size >= need && (best < 0 || info.size < bufs[free[best]].size) {
			best = k
		}
		if largest < 0 || info.size > bufs[free[largest]].size {
			largest = k
		}
	}
	if best < 0 {
		best = largest
	}
	if best < 0 {
		return -1, free
	}
	b := free[best]
	return b, append(free[:best], free[best+1:]...)
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// isFetched reports whether slot is one of the fetches.
func (p *plan) isFetched(slot int) bool { return contains(p.fetchOf, slot) }

// scheduleFetches records after which step each fetch can be copied out.
func (p *plan) scheduleFetches() {
	p.fetchAt = make([][]int, len(p.steps)+1)
	stepOf := map[int]int{}
	for i, st := range p.steps {
		stepOf[st.out] = i
	}
	for k, slot := range p.fetchOf {
		at := 0
		if i, ok := stepOf[slot]; ok {
			at = i + 1
		}
		p.fetchAt[at] = append(p.fetchAt[at], k)
	}
}
