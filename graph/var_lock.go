package graph

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/neurite/neurite/tensor"
)

// varLock guards one variable storage. Every variable node bound to that
// storage, in any graph, shares it: a Run holds it for reading while it
// reads the variable and for writing while it assigns it, and SetValue
// holds it for writing. Runs take their locks in the order of id, so two
// Runs never wait for each other in a cycle.
type varLock struct {
	mu sync.RWMutex
	id uint64
}

// lockIDs numbers the locks in creation order.
var lockIDs atomic.Uint64

// storageLocks maps the storages given to VariableOf to their locks. An
// entry goes away when its storage is garbage.
var storageLocks sync.Map // weak.Pointer[tensor.Tensor] -> *varLock

// newVarLock returns a lock for a storage no other variable uses.
func newVarLock() *varLock { return &varLock{id: lockIDs.Add(1)} }

// privateLock returns the one lock of all the variables a graph made with
// Variable: their storage is the graph's own, so only runs of this graph
// reach them, and one lock for all of them guards them as well as one
// each would, at the cost of one lock per Run instead of one per variable
// (an optimizer's slots, counters and learning rates are many). Variables
// bound to a shared storage with VariableOf keep a lock per storage.
func (g *Graph) privateLock() *varLock {
	if g.private == nil {
		g.private = newVarLock()
	}
	return g.private
}

// lockOf returns the lock shared by every variable bound to storage.
func lockOf(storage *tensor.Tensor) *varLock {
	key := weak.Make(storage)
	if l, ok := storageLocks.Load(key); ok {
		return l.(*varLock)
	}
	l, loaded := storageLocks.LoadOrStore(key, newVarLock())
	if !loaded {
		runtime.AddCleanup(storage, func(k weak.Pointer[tensor.Tensor]) { storageLocks.Delete(k) }, key)
	}
	return l.(*varLock)
}

// heldLock is one lock a plan takes, for writing or for reading.
type heldLock struct {
	l     *varLock
	write bool
}

// planLocks returns the locks of the variables in order that a plan
// reads (write false) or assigns (write true), one entry per lock, sorted
// by id.
func planLocks(order []*Node, feeds Feeds) []heldLock {
	byLock := map[*varLock]bool{}
	for _, n := range order {
		if _, seen := byLock[n.lock]; n.IsVariable() && !seen {
			byLock[n.lock] = false // read, unless an assignment says otherwise
		}
		if m, ok := n.op.(Mutator); ok {
			for _, i := range m.Mutates() {
				byLock[n.inputs[i].lock] = true
			}
		}
	}
	locks := make([]heldLock, 0, len(byLock))
	for l, w := range byLock {
		locks = append(locks, heldLock{l, w})
	}
	sort.Slice(locks, func(i, j int) bool { return locks[i].l.id < locks[j].l.id })
	return locks
}

// lock takes the plan's variable locks.
func (p *plan) lock() {
	for _, h := range p.locks {
		if h.write {
			h.l.mu.Lock()
		} else {
			h.l.mu.RLock()
		}
	}
}

// unlock releases the plan's variable locks.
func (p *plan) unlock() {
	for i := len(p.locks) - 1; i >= 0; i-- {
		if h := p.locks[i]; h.write {
			h.l.mu.Unlock()
		} else {
			h.l.mu.RUnlock()
		}
	}
}
