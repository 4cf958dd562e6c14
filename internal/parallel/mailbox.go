package parallel

import "sync/atomic"

// A mailbox is where a polling worker takes its next loop from. Handing
// a ticket through the worker's own cache line costs the caller one
// compare-and-swap, where a send on the shared ticket queue locks the
// channel and writes its buffer and count, lines that the polling
// workers read; parked and busy workers still get their tickets from
// the queue. On a 2-vCPU Zen 5 whose cores are ~480 ns apart (a cache
// line's round trip), a fork-join of two 10 µs chunks cost 1.7-1.95 µs
// over the 10 µs instead of 2.0-2.5 µs through the queue (5 interleaved
// runs), and the worker started its chunk about 0.5 µs sooner.
type mailbox struct {
	_      [64]byte
	ticket atomic.Pointer[job] // idleBox while the worker polls, then the ticket handed to it (kept until the next poll); nil after a retract
	_      [56]byte
}

// idleBox marks a mailbox whose worker polls and takes no ticket yet.
var idleBox = new(job)

// boxes are the workers' mailboxes, one per worker.
var boxes []mailbox

// handOff hands a ticket for j to the first polling worker of bs, if one
// is, and reports whether it did.
func handOff(bs []mailbox, j *job) bool {
	for i := range bs {
		if bs[i].ticket.CompareAndSwap(idleBox, j) {
			return true
		}
	}
	return false
}

// retract ends the worker's polling on its mailbox and returns a ticket
// that was handed to it meanwhile, or nil.
func (b *mailbox) retract() *job {
	if b.ticket.CompareAndSwap(idleBox, nil) {
		return nil
	}
	return b.ticket.Swap(nil)
}
