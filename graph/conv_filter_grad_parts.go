package graph

import (
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// convFilterGradParts is the most runs of blocks a convolution's filter
// gradient is split into, each summed into its own partial gradient in
// parallel. It is a constant, not the number of cores, so that the
// result is the same on every machine.
const convFilterGradParts = 4

// filterGradTask computes the partial filter gradients of parts runs of
// the blocks 0..blocks, run p into partials[p·len(dk):].
type filterGradTask[T tensor.Float] struct {
	g             convGeom
	partials      []T
	x, dy         []T
	blocks, parts int
}

var filterGradTasks parallel.TaskCache

func (t *filterGradTask[T]) Run(lo, hi int) {
	n := len(t.partials) / t.parts
	for p := lo; p < hi; p++ {
		b0, b1 := p*t.blocks/t.parts, (p+1)*t.blocks/t.parts
		conv2DFilterGradBlocks(&t.g, t.partials[p*n:(p+1)*n], t.x, t.dy, b0, b1)
	}
}
