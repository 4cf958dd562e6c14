package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// getArena takes a free arena of p or builds a new one.
func (p *plan) getArena() *arena {
	p.mu.Lock()
	if n := len(p.arenas); n > 0 {
		a := p.arenas[n-1]
		p.arenas = p.arenas[:n-1]
		p.mu.Unlock()
		return a
	}
	p.mu.Unlock()
	return p.newArena()
}

// putArena returns a to p's free list.
func (p *plan) putArena(a *arena) {
	p.mu.Lock()
	p.arenas = append(p.arenas, a)
	p.mu.Unlock()
}

// newArena allocates the buffers of p and a tensor view for every computed
// slot.
func (p *plan) newArena() *arena {
	backing := make([]*tensor.Tensor, len(p.buffers))
	for i, b := range p.buffers {
		backing[i] = tensor.New(b.dtype, b.size)
	}
	a := &arena{slots: make([]*tensor.Tensor, len(p.slots)), args: make([][]*tensor.Tensor, len(p.steps))}
	for i, s := range p.slots {
		if s.buffer >= 0 {
			a.slots[i] = prefixView(backing[s.buffer], s.shape)
		}
	}
	for i, st := range p.steps {
		a.args[i] = make([]*tensor.Tensor, len(st.in))
	}
	return a
}

// prefixView returns a tensor of the given shape over the first elements of
// buf's storage.
func prefixView(buf *tensor.Tensor, shape tensor.Shape) *tensor.Tensor {
	n := shape.Size()
	var flat *tensor.Tensor
	switch d := buf.Raw().(type) {
	case []float32:
		flat = tensor.FromSlice(d[:n:n])
	case []float64:
		flat = tensor.FromSlice(d[:n:n])
	case []int64:
		flat = tensor.FromSlice(d[:n:n])
	}
	return tensor.Reshape(flat, shape...)
}

// execute runs the plan's steps in arena a and copies the fetched values
// into outs. A panic with a *tensor.Error inside a kernel (such as an index
// out of range in a gather) becomes an error naming the node.
func (p *plan) execute(a *arena, feeds Feeds, outs []*tensor.Tensor) (err error) {
	current := -1
	defer func() {
		if r := recover(); r != nil {
			te, ok := r.(*tensor.Error)
			if !ok {
				panic(r)
			}
			if current >= 0 {
				n := p.steps[current].node
				err = fmt.Errorf("graph: Run: %s (%s): %w", n.name, n.op.Type(), te)
			} else {
				err = fmt.Errorf("graph: Run: %w", te)
			}
		}
	}()
	for _, i := range p.external {
		s := &p.slots[i]
		if s.fed {
			a.slots[i] = feeds[s.node]
		} else {
			a.slots[i] = s.node.value
		}
	}
	if err := p.copyFetches(a, 0, outs); err != nil {
		return err
	}
	for i := range p.steps {
		current = i
		st := &p.steps[i]
		args := a.args[i]
		for j, in := range st.in {
			args[j] = a.slots[in]
		}
		st.op.Compute(a.slots[st.out], args)
		if len(p.fetchAt[i+1]) > 0 {
			if err := p.copyFetches(a, i+1, outs); err != nil {
				return err
			}
		}
	}
	for _, i := range p.external { // drop references to the caller's feeds
		a.slots[i] = nil
	}
	return nil
}

// copyFetches copies the fetches ready at position at into outs.
func (p *plan) copyFetches(a *arena, at int, outs []*tensor.Tensor) error {
	for _, k := range p.fetchAt[at] {
		src := a.slots[p.fetchOf[k]]
		if outs[k] == nil {
			outs[k] = src.Clone()
			continue
		}
		if outs[k].DType() != src.DType() || !outs[k].Shape().Equal(src.Shape()) {
			return fmt.Errorf("graph: RunInto: output %d for %s is %v %s, the value is %v %s", k,
				p.fetches[k].name, outs[k].DType(), formatShape(outs[k].Shape()), src.DType(), formatShape(src.Shape()))
		}
		outs[k].CopyFrom(src)
	}
	return nil
}
