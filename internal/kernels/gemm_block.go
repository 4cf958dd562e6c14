package kernels

import (
	"sync"

	"github.com/neurite/neurite/internal/parallel"
)

// packGrain is the least number of elements one parallel chunk of B
// packing should copy.
const packGrain = 16 * 1024

// blocked runs the BLIS-style algorithm: for each column block of at most
// nc columns and depth slice of at most kc it packs that block of op(B)
// once (in parallel), then splits C's block into a grid of tasks (row
// block × group of B micro-panels, see gemmPlan) that run in parallel,
// each packing its rows of op(A) and sweeping the micro-kernel over its
// tiles. Depth and column blocks are cut evenly so that no thin remainder
// is left.
func (g *gemmCall[T]) blocked(kr *microKernel[T]) {
	mr, nr := kr.mr, kr.nr
	kSteps := ceilDiv(g.k, kr.kc)
	kcMax := ceilDiv(g.k, kSteps)
	nBlocks := ceilDiv(g.n, kr.nc)
	ncMax := ceilDiv(ceilDiv(g.n, nBlocks), nr) * nr
	pl := planGemm(ceilDiv(g.m, mr), ceilDiv(min(ncMax, g.n), nr), ceilDiv(g.m, kr.mc), parallel.Workers())
	mc := pl.rowPanels * mr

	bbuf := kr.bpool.get(kcMax * ceilDiv(ncMax, nr) * nr)
	defer kr.bpool.put(bbuf)
	for jc := 0; jc < g.n; jc += ncMax {
		nc := min(ncMax, g.n-jc)
		panels := ceilDiv(nc, nr)
		per := ceilDiv(panels, pl.groups)
		for pc := 0; pc < g.k; pc += kcMax {
			kc := min(kcMax, g.k-pc)
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
			parallel.For(pl.rowBlocks*pl.groups, 1, func(lo, hi int) {
				abuf := kr.apool.get(mc*kcMax + mr*nr)
				defer kr.apool.put(abuf)
				ap, scratch := (*abuf)[:mc*kc], (*abuf)[mc*kcMax:]
				packed := -1
				for t := lo; t < hi; t++ {
					ib, grp := t/pl.groups, t%pl.groups
					ic := ib * mc
					if ic >= g.m || grp*per >= panels {
						continue
					}
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

// gemmPlan is the parallel split of one packed block of C: rowBlocks row
// blocks of rowPanels A micro-panels each, times groups groups of B
// micro-panels. Every task packs its own copy of its A rows.
type gemmPlan struct {
	rowBlocks, rowPanels, groups int
}

// planGemm splits mp A micro-panels (rows of tiles) and np B micro-panels
// (columns of tiles) into tasks for w workers. Row blocks hold at most
// ceil(mp/minRowBlocks) panels so that the packed A block fits in cache.
// Among the splits it picks the one with the least estimated time: rounds
// of w tasks times the tiles of the largest task, counting the packing of
// a task's A panels as one more column of tiles.
func planGemm(mp, np, minRowBlocks, w int) gemmPlan {
	best, bestCost := gemmPlan{}, -1
	for rb := max(1, minRowBlocks); rb <= min(mp, minRowBlocks+2*w); rb++ {
		rp := ceilDiv(mp, rb)
		rb := ceilDiv(mp, rp) // drop empty blocks
		for gr := 1; gr <= min(np, 2*w); gr++ {
			cp := ceilDiv(np, gr)
			gr := ceilDiv(np, cp)
			cost := ceilDiv(rb*gr, w) * rp * (cp + 1)
			if bestCost < 0 || cost < bestCost {
				best, bestCost = gemmPlan{rowBlocks: rb, rowPanels: rp, groups: gr}, cost
			}
		}
	}
	return best
}

// macro multiplies the packed A block (rows [ic, ic+rows)) by B micro-panels
// [jlo, jhi) of the packed B block starting at column jc, updating C with
// the micro-kernel. Tiles cut by the bottom edge of C use kr.rowsFn when
// the kernel has one; the others cut by an edge are computed into scratch
// and merged.
func (g *gemmCall[T]) macro(kr *microKernel[T], ap, bp, scratch []T, kc, ic, rows, jc, nc, jlo, jhi int, beta T) {
	mr, nr, fn, rowsFn := kr.mr, kr.nr, kr.fn, kr.rowsFn
	for j := jlo; j < jhi; j++ {
		col := jc + j*nr
		cols := min(nr, nc-j*nr)
		bpan := bp[j*nr*kc : (j+1)*nr*kc]
		for i := 0; i*mr < rows; i++ {
			row := ic + i*mr
			apan := ap[i*mr*kc : (i+1)*mr*kc]
			r := min(mr, rows-i*mr)
			switch {
			case cols == nr && r == mr:
				fn(kc, g.alpha, apan, bpan, beta, g.c[row*g.ldc+col:], g.ldc)
			case cols == nr && rowsFn != nil:
				rowsFn(r, kc, g.alpha, apan, bpan, beta, g.c[row*g.ldc+col:], g.ldc)
			default:
				if r < mr && rowsFn != nil {
					rowsFn(r, kc, 1, apan, bpan, 0, scratch, nr)
				} else {
					fn(kc, 1, apan, bpan, 0, scratch, nr)
				}
				g.mergeTile(scratch, nr, row, col, r, cols, beta)
			}
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

// bufCacheSize is how many idle packing buffers a bufCache keeps.
const bufCacheSize = 8

// A bufCache keeps packing buffers across Gemm calls. Unlike a sync.Pool
// it is not emptied by garbage collections, so a training loop that calls
// Gemm between collections does not allocate (and page-fault) fresh
// buffers of a few megabytes each time.
type bufCache[T scalar] struct {
	mu   sync.Mutex
	free []*[]T
}

// get returns a buffer of n elements, reusing an idle one when it is large
// enough.
func (c *bufCache[T]) get(n int) *[]T {
	c.mu.Lock()
	var p *[]T
	if k := len(c.free); k > 0 {
		p = c.free[k-1]
		c.free = c.free[:k-1]
	}
	c.mu.Unlock()
	if p != nil && cap(*p) >= n {
		*p = (*p)[:n]
		return p
	}
	s := make([]T, n)
	return &s
}

// put returns a buffer to the cache, dropping it if the cache is full.
func (c *bufCache[T]) put(p *[]T) {
	c.mu.Lock()
	if len(c.free) < bufCacheSize {
		c.free = append(c.free, p)
	}
	c.mu.Unlock()
}

// ceilDiv returns ceil(a/b) for a >= 0 and b > 0.
func ceilDiv(a, b int) int { return (a + b - 1) / b }
