package parallel

import (
	"sync/atomic"
	"testing"
	"time"
)

// A ticket goes only to a mailbox whose worker polls, one ticket per
// mailbox, and retract hands back a ticket that came while the worker
// stopped polling.
func TestMailboxHandOff(t *testing.T) {
	bs := make([]mailbox, 2)
	j1, j2, j3 := new(job), new(job), new(job)
	if handOff(bs, j1) {
		t.Fatal("handed a ticket to workers that do not poll")
	}
	bs[1].ticket.Store(idleBox)
	if !handOff(bs, j1) || bs[1].ticket.Load() != j1 {
		t.Fatal("the polling worker did not get the ticket")
	}
	if handOff(bs, j2) {
		t.Fatal("handed a second ticket to a mailbox that holds one")
	}
	bs[0].ticket.Store(idleBox)
	if !handOff(bs, j2) || bs[0].ticket.Load() != j2 {
		t.Fatal("the other polling worker did not get the ticket")
	}
	if got := bs[0].retract(); got != j2 {
		t.Fatalf("retract = %p, want the handed ticket %p", got, j2)
	}
	bs[0].ticket.Store(idleBox)
	if got := bs[0].retract(); got != nil {
		t.Fatalf("retract of an empty mailbox = %p, want nil", got)
	}
	if handOff(bs[:1], j3) {
		t.Fatal("handed a ticket to a mailbox retracted from polling")
	}
}

// A caller that parks while its loop's last chunk still runs (longer than
// any spin budget) is woken when the chunk ends, every time.
func TestForWakesParkedCaller(t *testing.T) {
	if Workers() < 2 {
		t.Skip("needs two workers")
	}
	var ran atomic.Int64
	for range 5 {
		ForTask(2, 1, funcTask(func(lo, hi int) {
			if lo == 1 {
				time.Sleep(2 * spinTime)
			}
			ran.Add(int64(hi - lo))
		}))
	}
	if got := ran.Load(); got != 10 {
		t.Fatalf("%d chunks ran, want 10", got)
	}
}
