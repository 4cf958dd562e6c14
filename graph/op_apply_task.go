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

// sqrtOf is math.Sqrt in T (correctly rounded for float32 too).
func sqrtOf[T tensor.Float](x T) T { return T(math.Sqrt(float64(x))) }

// pieceOf returns the weights w[lo:hi] for an update to work on: w itself,
// or with stream a copy of them in buf (at least hi-lo long), which
// flushPiece then writes back.
func pieceOf[T tensor.Float](buf, w []T, lo, hi int, stream bool) []T {
	if !stream {
		return w[lo:hi]
	}
	copy(buf, w[lo:hi])
	return buf[:hi-lo]
}

// flushPiece writes the updated copy of w[lo:hi] in buf back to w with
// non-temporal stores, if stream (see pieceOf).
func flushPiece[T tensor.Float](buf, w []T, lo, hi int, stream bool) {
	if stream {
		kernels.StreamCopy(w[lo:hi], buf[:hi-lo])
	}
}
