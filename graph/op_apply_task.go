package graph

import (
	"math"

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

// updateBlocks returns the grain that runs an update of n parameters in
// one fixed block per worker (on the calling goroutine alone below
// 2·updateGrain), and whether those blocks should write the weights with
// non-temporal stores: yes when more than one worker runs. The blocks are
// fixed so that an optimizer's slots (momentum, moments) stay in one
// core's cache from step to step; the stores skip the caches because the
// products that read the weights next split them by columns, so each core
// holds half of every row in the block another core rewrites, and an
// ordinary store would first take each of those lines back, one round
// trip between the cores per line. On a 2-vCPU Zen 5 whose cores are far
// apart (a 475 ns round trip) that took the 784-512-256-10 MLP's Adam step
// from 106-111k to 115-118k samples/s (BenchmarkTrainOnBatchMLP,
// interleaved runs; fixed blocks alone, with ordinary stores, made no
// difference). On one worker the stores stay ordinary: the next product,
// on the same core, would read the weights back from memory (3.5% slower).
func updateBlocks(n int) (grain int, stream bool) {
	if n < 2*updateGrain {
		return n, false
	}
	w := parallel.Workers()
	return (n + w - 1) / w, w > 1
}

// runBlockedUpdate runs the update t over n elements in chunks of grain
// (see updateBlocks), without allocating after its first call for S.
func runBlockedUpdate[S any, P interface {
	*S
	parallel.Task
}](n, grain int, t S) {
	parallel.ForCached[S, P](&updateTasks, n, grain, t)
}

// sqrtOf is math.Sqrt in T (correctly rounded for float32 too).
func sqrtOf[T tensor.Float](x T) T { return T(math.Sqrt(float64(x))) }
