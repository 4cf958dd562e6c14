package graph

import (
	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// convForwardMinBlocks is how many blocks of output rows a convolution's
// forward pass is cut into at least, so that the blocks, run in
// parallel, keep every core busy to the end. It is a constant, not a
// multiple of the number of cores: the GEMM may round a row differently
// in blocks of other sizes, and the result must be the same on every
// machine.
const convForwardMinBlocks = 8

// parallelBlockRows is the number of output rows per block of the
// forward pass: blockRows, or fewer so that there are at least
// convForwardMinBlocks blocks.
func (g *convGeom) parallelBlockRows() int {
	total := g.n * g.oh
	per := (total + convForwardMinBlocks - 1) / convForwardMinBlocks
	return max(1, min(g.blockRows(), per))
}

// convForwardTask runs blocks of rows rows of the forward pass of a
// convolution: per block and group, im2col into the task's own scratch
// matrix and one GEMM with the bias and activation.
type convForwardTask[T tensor.Float] struct {
	g             convGeom
	y, x, k, bias []T
	act           kernels.Act
	rows          int
}

var convForwardTasks parallel.TaskCache

func (t *convForwardTask[T]) Run(lo, hi int) {
	g := &t.g
	og, kk, total := g.coutG(), g.colK(), g.n*g.oh
	buf := scratchFor[T]().get(min(t.rows, total) * g.ow * kk)
	col := *buf
	for b := lo; b < hi; b++ {
		r0 := b * t.rows
		r1 := min(r0+t.rows, total)
		p0, np := r0*g.ow, (r1-r0)*g.ow
		for grp := range g.groups {
			im2col(g, col, t.x, p0, np, grp)
			convGemm(np, og, kk, col, kk, t.k[grp*og:], g.cout, groupBias(t.bias, grp*og), t.act, t.y[p0*g.cout+grp*og:], g.cout)
		}
	}
	scratchFor[T]().put(buf)
}
