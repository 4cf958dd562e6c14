package graph

import (
	"math"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// updateGrain is the least number of elements a parallel chunk of an
// optimizer update (ApplyRMSprop, ApplyAdagrad, …) handles: smaller
// variables are updated by the calling goroutine alone.
const updateGrain = 32 << 10

// updateTasks keeps the idle task structs of the optimizer updates, so
// that an update allocates nothing once it has run.
var updateTasks parallel.TaskCache

// runUpdate runs the elementwise update t over n elements, on all cores
// when n is large, without allocating after its first call for S.
func runUpdate[S any, P interface {
	*S
	parallel.Task
}](n int, t S) {
	parallel.ForCached[S, P](&updateTasks, n, updateGrain, t)
}

// runBlockedUpdate runs the update t over n elements in one fixed block
// per worker (on the calling goroutine alone below 2·updateGrain), without
// allocating after its first call for S. A task whose range is one of
// several blocks writes its weights with non-temporal stores (see
// streams). The blocks are fixed so that an optimizer's slots (momentum,
// moments) stay in one core's cache from step to step; the stores skip
// the caches because the products that read the weights next split them
// by columns, so each core holds half of every row in the block another
// core rewrites, and an ordinary store would first take each of those
// lines back, one round trip between the cores per line. On a 2-vCPU Zen 5
// whose cores are far apart (a 475 ns round trip) that took the
// 784-512-256-10 MLP's Adam step from 106-111k to 115-118k samples/s
// (BenchmarkTrainOnBatchMLP, interleaved runs; fixed blocks alone, with
// ordinary stores, made no difference). On one worker the stores stay
// ordinary: the next product, on the same core, would read the weights
// back from memory (3.5% slower).
func runBlockedUpdate[S any, P interface {
	*S
	parallel.Task
}](n int, t S) {
	grain := n
	if n >= 2*updateGrain {
		w := parallel.Workers()
		grain = (n + w - 1) / w
	}
	parallel.ForCached[S, P](&updateTasks, n, grain, t)
}

// streams reports whether a task of runBlockedUpdate updating elements
// [lo, hi) of n writes its weights with non-temporal stores: when its
// range is one of several blocks.
func streams(lo, hi, n int) bool { return hi-lo < n }

// streamPiece is the number of weights an update written in Go computes
// at a time in a scratch copy on the stack when it streams its weights
// (see runBlockedUpdate): Go cannot store around the caches, so the task's
// Run updates each piece of the copy, which stays in L1, and writes it
// back with kernels.StreamCopy.
const streamPiece = 1024

// weightPieces walks elements [lo, hi) of the weights w for an update
// written in Go, a piece of at most streamPiece elements at a time, in a
// scratch copy when the update streams (see streams), which next writes
// back (and, after the last, waits once for all the non-temporal stores).
// A task's Run is
//
//	var buf [streamPiece]T
//	for p := piecesOf(buf[:], t.w, lo, hi); p.next(); {
//		t.update(p.ws, p.lo, p.hi)
//	}
//
// with update(ws, lo, hi) updating ws, which stands for w[lo:hi], from the
// other operands' elements [lo, hi). (A helper calling update itself
// would make buf escape to the heap.)
type weightPieces[T tensor.Float] struct {
	buf, w []T
	ws     []T // the current piece: w[lo:hi], or its copy in buf
	lo, hi int // the current piece's range
	end    int
	stream bool
}

// piecesOf starts a walk of elements [lo, hi) of w with scratch buf.
func piecesOf[T tensor.Float](buf, w []T, lo, hi int) weightPieces[T] {
	return weightPieces[T]{buf: buf, w: w, lo: lo, hi: lo, end: hi, stream: streams(lo, hi, len(w))}
}

// next writes the current piece back if it is a copy, then moves to the
// next piece and reports whether there is one.
func (p *weightPieces[T]) next() bool {
	if p.stream && p.hi > p.lo {
		kernels.StreamCopyUnfenced(p.w[p.lo:p.hi], p.ws)
	}
	if p.hi >= p.end {
		if p.stream {
			kernels.StreamFence() // one wait for all the pieces
		}
		return false
	}
	p.lo, p.hi = p.hi, min(p.end, p.hi+streamPiece)
	p.ws = p.w[p.lo:p.hi]
	if p.stream {
		p.ws = p.buf[:p.hi-p.lo]
		copy(p.ws, p.w[p.lo:p.hi])
	}
	return true
}

// sqrtOf is math.Sqrt in T (correctly rounded for float32 too).
func sqrtOf[T tensor.Float](x T) T { return T(math.Sqrt(float64(x))) }
