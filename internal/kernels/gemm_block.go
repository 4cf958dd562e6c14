package kernels

import (
	"sync"

	"github.com/neurite/neurite/internal/parallel"
)

const (
	// packGrain is the least number of elements one parallel chunk of B
	// packing should copy.
	packGrain = 16 * 1024
	// minGroupPanels is the least number of B micro-panels a task covers,
	// which bounds the cost of packing the task's A block.
	minGroupPanels = 8
	// tasksPerWorker is how many tasks Gemm aims for per worker, for balance.
	tasksPerWorker = 4
)

// blocked runs the BLIS-style algorithm: for each nc-wide column block and
// kc-deep slice of the shared dimension it packs the kc×nc block of op(B)
// once (in parallel), then splits C's block into tasks of (mc row block ×
// group of B micro-panels) that run in parallel, each packing its rows of
// op(A) and sweeping the micro-kernel over its tiles.
func (g *gemmCall[T]) blocked(kr *microKernel[T]) {
	mr, nr := kr.mr, kr.nr
	// Split the rows into blocks of at most kr.mc rows, evenly (rounded up
	// to whole micro-panels) so that no task is left with a thin remainder.
	rowBlocks := ceilDiv(g.m, kr.mc)
	mc := ceilDiv(ceilDiv(g.m, rowBlocks), mr) * mr
	bbuf := getBuf[T](&kr.bpool, kr.kc*ceilDiv(min(kr.nc, g.n), nr)*nr)
	defer kr.bpool.Put(bbuf)
	for jc := 0; jc < g.n; jc += kr.nc {
		nc := min(kr.nc, g.n-jc)
		panels := ceilDiv(nc, nr)
		for pc := 0; pc < g.k; pc += kr.kc {
			kc := min(kr.kc, g.k-pc)
			bp := (*bbuf)[:panels*nr*kc]
			parallel.For(panels, ceilDiv(packGrain, nr*kc), func(lo, hi int) {
				for j := lo; j < hi; j++ {
					g.packBPanel(bp, j, jc, nc, pc, kc, nr)
				}
			})
			beta := g.beta
			if pc > 0 {
				beta = 1 // later depth slices accumulate onto the first
			}
			groups := columnGroups(rowBlocks, panels)
			per := ceilDiv(panels, groups)
			parallel.For(rowBlocks*groups, 1, func(lo, hi int) {
				abuf := getBuf[T](&kr.apool, kr.mc*kr.kc+mr*nr)
				defer kr.apool.Put(abuf)
				ap, scratch := (*abuf)[:kr.mc*kr.kc], (*abuf)[kr.mc*kr.kc:]
				packed := -1
				for t := lo; t < hi; t++ {
					ib, grp := t/groups, t%groups
					ic := ib * mc
					rows := min(mc, g.m-ic)
					if ib != packed { // consecutive tasks share their row block
						g.packA(ap, ic, rows, pc, kc, mr)
						packed = ib
					}
					g.macro(kr, ap, bp, scratch, kc, ic, rows, jc, nc, grp*per, min(panels, (grp+1)*per), beta)
				}
			})
		}
	}
}

// columnGroups returns into how many groups of B micro-panels each row
// block is split so that there are enough tasks for all workers, without
// making groups narrower than minGroupPanels.
func columnGroups(rowBlocks, panels int) int {
	want := ceilDiv(tasksPerWorker*parallel.Workers(), rowBlocks)
	return max(1, min(want, panels/minGroupPanels))
}

// macro multiplies the packed A block (rows [ic, ic+rows)) by B micro-panels
// [jlo, jhi) of the packed B block starting at column jc, updating C with
// the micro-kernel. Tiles cut by the edge of C are computed into scratch
// and merged.
func (g *gemmCall[T]) macro(kr *microKernel[T], ap, bp, scratch []T, kc, ic, rows, jc, nc, jlo, jhi int, beta T) {
	mr, nr, fn := kr.mr, kr.nr, kr.fn
	for j := jlo; j < jhi; j++ {
		col := jc + j*nr
		cols := min(nr, nc-j*nr)
		bpan := bp[j*nr*kc : (j+1)*nr*kc]
		for i := 0; i*mr < rows; i++ {
			row := ic + i*mr
			apan := ap[i*mr*kc : (i+1)*mr*kc]
			if cols == nr && rows-i*mr >= mr {
				fn(kc, g.alpha, apan, bpan, beta, g.c[row*g.ldc+col:], g.ldc)
				continue
			}
			fn(kc, 1, apan, bpan, 0, scratch, nr)
			g.mergeTile(scratch, nr, row, col, min(mr, rows-i*mr), cols, beta)
		}
	}
}

// mergeTile sets the rows×cols corner of C at (row, col) to alpha*tile +
// beta*C, where tile has row stride ld.
func (g *gemmCall[T]) mergeTile(tile []T, ld, row, col, rows, cols int, beta T) {
	for i := 0; i < rows; i++ {
		crow := g.c[(row+i)*g.ldc+col : (row+i)*g.ldc+col+cols]
		trow := tile[i*ld : i*ld+cols]
		for j, v := range trow {
			if beta == 0 {
				crow[j] = g.alpha * v
			} else {
				crow[j] = g.alpha*v + beta*crow[j]
			}
		}
	}
}

// getBuf returns a pooled buffer of at least n elements.
func getBuf[T scalar](pool *sync.Pool, n int) *[]T {
	if p, ok := pool.Get().(*[]T); ok && cap(*p) >= n {
		*p = (*p)[:n]
		return p
	}
	s := make([]T, n)
	return &s
}

// ceilDiv returns ceil(a/b) for a >= 0 and b > 0.
func ceilDiv(a, b int) int { return (a + b - 1) / b }
