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

// sqrtOf is math.Sqrt in T (correctly rounded for float32 too).
func sqrtOf[T tensor.Float](x T) T { return T(math.Sqrt(float64(x))) }
