package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/neurite/neurite/internal/parallel"
)

// bBudget is the most bytes of packed op(B) one column block may hold:
// Gemm packs every depth slice of a column block up front (shared by all
// tasks), so the column blocks of very deep products are narrowed to fit.
const bBudget = 8 << 20

// serialGemm is the size (m*n*k) below which a blocked Gemm runs on the
// calling goroutine only: for about 10 µs of work or less, handing half of
// it to another core (which then waits on shared packed panels) costs more
// than it saves.
const serialGemm = 1 << 20

// Cost-model weights of planGemm, in units of one micro-kernel tile call:
// packing one A micro-panel, and streaming one B micro-panel from the
// shared cache into a core for a task.
const (
	aPackCost   = 0.3
	bStreamCost = 0.1
)

// gemmCall is the state of one blocked Gemm call: its arguments and what
// the workers share while they multiply. Calls are cached per kernel
// (microKernel.calls) so that a call allocates nothing; the call itself is
// the Task the parallel loop runs.
type gemmCall[T scalar] struct {
	gemmArgs[T]
	sh gemmShared[T]
}

// blocked runs the BLIS-style algorithm with a single fork-join per block
// of columns (usually one per call). Depth is cut evenly into slices of at
// most kr.kc and columns into blocks of at most kr.nc (and bBudget). The
// block of C is split into tasks (row block × group of B micro-panels, see
// planGemm) that the workers claim dynamically; each task walks the depth
// slices, packs its rows of op(A) for the slice and sweeps the
// micro-kernel over its tiles, one B micro-panel at a time. The packed B
// block is shared: each micro-panel of each slice is packed once, by the
// first task that needs it, while other tasks that need it meanwhile wait.
// There is no barrier, so a worker that wakes up late just finds fewer
// tasks left. The epilogue, if any, is applied to each task's rows of a B
// micro-panel's columns as soon as the last depth slice has been added,
// or to the task's whole block when the task ends if that block is small
// enough to be still in cache (see epiPerTask).
// Where the kernel can read A in place (see useDirect), tasks skip
// packing A and the micro-kernel reads the caller's matrix.
func (g *gemmCall[T]) blocked(kr *microKernel[T]) {
	mr, nr := kr.mr, kr.nr
	kSteps := ceilDiv(g.k, kr.kc)
	kcMax := ceilDiv(g.k, kSteps)
	var z T
	ncCap := max(1, bBudget/(int(unsafe.Sizeof(z))*g.k*nr)) * nr
	nBlocks := ceilDiv(g.n, min(kr.nc, ncCap))
	ncMax := ceilDiv(ceilDiv(g.n, nBlocks), nr) * nr
	panelsMax := ceilDiv(min(ncMax, g.n), nr)
	w := parallel.Workers()
	if g.maxWorkers > 0 {
		w = min(w, g.maxWorkers)
	}
	if g.m*g.n*g.k < serialGemm {
		w = 1 // forking would cost more than it saves
	}
	pl := planGemm(ceilDiv(g.m, mr), panelsMax, aBlockPanels(kr, kcMax), w)

	sh := &g.sh
	sh.kr, sh.plan, sh.kSteps, sh.kcMax = kr, pl, kSteps, kcMax
	sh.stagger = max(1, min(pl.rowBlocks, w))
	sh.direct = g.useDirect(kr)
	sh.directB = sh.direct != nil && g.useDirectB(kr, pl)
	bbuf := kr.bpool.get(kSteps * kcMax * panelsMax * nr)
	defer kr.bpool.put(bbuf)
	flags := kr.fpool.get(kSteps * panelsMax)
	defer kr.fpool.put(flags)
	sh.bp, sh.ready = *bbuf, *flags
	sh.sizeABufs(w, pl.rowPanels*mr*kcMax+mr*nr)
	for jc := 0; jc < g.n; jc += ncMax {
		sh.jc, sh.nc = jc, min(ncMax, g.n-jc)
		sh.panels = ceilDiv(sh.nc, nr)
		for i := range sh.ready {
			sh.ready[i].Store(panelEmpty)
		}
		sh.resetClaims(w)
		parallel.ForTask(w, 1, g)
	}
	sh.bp, sh.ready = nil, nil
}

// aBlockPanels returns the most A micro-panels a task's block of op(A)
// may hold for depth slices of (at most) kcMax: as many as fit the
// kernel's budget of kr.mc×kr.kc elements, which sits in a core's L2
// cache. Products shallower than kr.kc thus get taller row blocks: the
// weight gradients of the MLP (k = 128, the batch) fit all their rows in
// one block and split their columns between the workers, which then
// share no B micro-panel (see planGemm). With blocks of kr.mc rows they
// ran as 13 and 14 row blocks sharing packed B panels; on a 2-core Zen 5
// (medians of 4-5 interleaved runs) the taller blocks took 512×128×256
// from 297 to 371 GFLOP/s and 784×128×512 from 340 to 379, the MLP step
// about 2.5% faster. Products of depth kr.kc or more are split as before.
func aBlockPanels[T scalar](kr *microKernel[T], kcMax int) int {
	return max(1, kr.mc*kr.kc/(kcMax*kr.mr))
}

// Run is the body of the parallel loop of blocked: every chunk claims and
// runs tasks until none are left.
func (g *gemmCall[T]) Run(lo, hi int) { g.work(&g.sh, lo) }

// gemmShared is the state the workers share while they multiply one
// column block of C.
type gemmShared[T scalar] struct {
	kr            *microKernel[T]
	plan          gemmPlan
	kSteps, kcMax int              // depth slices and their (largest) depth
	jc, nc        int              // first column and width of the block
	panels        int              // B micro-panels in the block
	stagger       int              // row blocks whose tasks run at the same time (see work)
	direct        *directKernel[T] // kernels reading A in place, or nil to pack A
	directB       bool             // the direct kernels read whole B micro-panels in place too (see useDirectB)

	bp     []T             // packed B: slice s, panel j at s*kcMax*panels*nr + j*nr*kc
	ready  []atomic.Uint32 // state of panel j of slice s at s*panels+j
	claims []paddedCounter // per group of B micro-panels, the next row block to claim
	chunks int             // the parallel loop's chunks (one per worker)
	abufs  [][]T           // per chunk, its packed A block and scratch tile
}

// sizeABufs makes sure that each of chunks chunks has a buffer of n
// elements for its packed A block and scratch tile. The buffers stay with
// the call state (which Gemm reuses), one per chunk, so that a worker
// takes its buffer without a lock: taking one from a pool shared by the
// cores cost a worker about 0.6 µs of a 128³ product's 14 µs on a 2-core
// Zen 5 whose cores sit about 500 ns apart (the pool's lock and list
// moved between the cores at every call); 128³ went from 278-283 to
// 290-294 GFLOP/s (3 interleaved runs each).
func (sh *gemmShared[T]) sizeABufs(chunks, n int) {
	for len(sh.abufs) < chunks {
		sh.abufs = append(sh.abufs, nil)
	}
	for c := range chunks {
		if cap(sh.abufs[c]) < n {
			sh.abufs[c] = make([]T, n)
		}
		sh.abufs[c] = sh.abufs[c][:n]
	}
}

// paddedCounter is a counter on a cache line of its own, so that workers
// claiming from different groups do not contend for one line.
type paddedCounter struct {
	atomic.Int64
	_ [56]byte
}

// resetClaims prepares the task counters for a loop of chunks chunks.
func (sh *gemmShared[T]) resetClaims(chunks int) {
	if cap(sh.claims) < sh.plan.groups {
		sh.claims = make([]paddedCounter, sh.plan.groups)
	}
	sh.claims = sh.claims[:sh.plan.groups]
	for i := range sh.claims {
		sh.claims[i].Store(0)
	}
	sh.chunks = chunks
}

// claim returns the next task of the worker running chunk c: a row block
// of its own group of B micro-panels (the groups are dealt out evenly
// over the chunks), or, once its own groups are done, of the next group
// with row blocks left. A worker thus keeps the B panels it packed in its
// own core's caches and reads none that another core packed, unless it
// runs out of its own work first (a descheduled or slower partner).
func (sh *gemmShared[T]) claim(c int) (rb, grp int, ok bool) {
	groups := sh.plan.groups
	first := c * groups / max(1, sh.chunks)
	for i := range groups {
		grp = (first + i) % groups
		if rb := int(sh.claims[grp].Add(1) - 1); rb < sh.plan.rowBlocks {
			return rb, grp, true
		}
	}
	return 0, 0, false
}

// States of a packed B micro-panel.
const (
	panelEmpty uint32 = iota
	panelPacking
	panelReady
)

// work claims (see gemmShared.claim) and runs tasks of sh until none are
// left; chunk is the parallel loop's chunk this worker runs.
//
// The row blocks of one column group all sweep the same B micro-panels;
// each starts at a different panel (and wraps around) so that, where
// several workers run row blocks of one group, they pack different
// panels at the same time in the first depth slice instead of waiting
// for each other's. A group's row blocks are claimed in order, so those
// running at the same time are consecutive ones: row block rb starts at
// the (rb mod sh.stagger)-th of sh.stagger evenly spaced panels.
// (Spreading the starts over all the row blocks instead made the first
// two of the 10 row blocks of a 128³ product start at the same panel, one
// waiting for the other's packing at every panel: 130 instead of 146
// GFLOP/s on 2 cores.)
func (g *gemmCall[T]) work(sh *gemmShared[T], chunk int) {
	kr, pl := sh.kr, sh.plan
	mr, nr := kr.mr, kr.nr
	mc := pl.rowPanels * mr
	abuf := sh.abufs[chunk]
	scratch := abuf[mc*sh.kcMax:]
	per := ceilDiv(sh.panels, pl.groups)
	for {
		rb, grp, ok := sh.claim(chunk)
		if !ok {
			return
		}
		ic := rb * mc
		jlo, jhi := grp*per, min(sh.panels, (grp+1)*per)
		if ic >= g.m || jlo >= jhi {
			continue
		}
		rows := min(mc, g.m-ic)
		np := jhi - jlo
		first := rb % sh.stagger * np / sh.stagger // this row block's first panel
		dk := sh.direct
		perTask := g.epiPerTask(sh)
		for s := 0; s < sh.kSteps; s++ {
			pc := s * sh.kcMax
			kc := min(sh.kcMax, g.k-pc)
			beta := g.beta
			if s > 0 {
				beta = 1 // later depth slices accumulate onto the first
			}
			last := s == sh.kSteps-1
			var ap []T
			if dk == nil {
				ap = abuf[:ceilDiv(rows, mr)*mr*kc]
				g.packA(kr, ap, ic, rows, pc, kc)
			}
			for q := 0; q < np; q++ {
				j := jlo + (first+q)%np
				col := sh.jc + j*nr
				cols := min(nr, sh.nc-j*nr)
				// B's panel: in place where the direct kernels read it
				// so (sh.directB), else packed.
				bpan, ldb := g.b, g.ldb
				if sh.directB && cols == nr {
					bpan = bpan[pc*g.ldb+col:]
				} else {
					bpan, ldb = g.sharedBPanel(sh, s, j, pc, kc), nr
				}
				g.macro(kr, dk, ap, bpan, ldb, scratch, kc, pc, ic, rows, col, cols, beta)
				if last && !perTask {
					g.applyEpilogue(ic, rows, col, col+cols)
				}
			}
		}
		if perTask {
			g.applyEpilogue(ic, rows, sh.jc+jlo*nr, sh.jc+min(sh.nc, jhi*nr))
		}
	}
}

// epilogueTaskBytes is the largest block of C, in bytes, to which the
// blocked product applies its epilogue once per task rather than once
// per B micro-panel (see epiPerTask).
const epilogueTaskBytes = 256 << 10

// epiPerTask reports whether the tasks of sh should apply the epilogue
// to their whole block of C once they are done, rather than to each B
// micro-panel's columns as soon as that is final: whether each task
// spans every column of the block of C (one group of B micro-panels) and
// its block fits epilogueTaskBytes, so that it is still in the core's L2
// cache when the task ends. When the epilogue's vector kernels still ran
// one call per row of a block (a micro-panel's rows are only nr elements
// wide), the ReLU gradient's mask of the MLP's 128×10·10×256 product took
// 7.5 of its 12 µs in 1,024 calls of 32 elements on a 2-core Zen 5, and
// one call over the task's contiguous block 6 µs in all (every block is
// one call now, see epilogue.apply). Where the
// columns are split between workers, whole-task epilogues made the MLP's
// 2-core products 10-15% slower: each core then streams through half of
// every row of C while the other core writes the other half, which the
// hardware prefetchers pull across (a column-split Adam update of a
// 784×512 matrix ran 5 times slower than a row-split one, 350 against
// 69 µs).
func (g *gemmCall[T]) epiPerTask(sh *gemmShared[T]) bool {
	if g.epi.none() || sh.plan.groups > 1 {
		return false
	}
	var z T
	return sh.plan.rowPanels*sh.kr.mr*sh.nc*int(unsafe.Sizeof(z)) <= epilogueTaskBytes
}

// applyEpilogue applies the epilogue to a finished block of C: rows
// [ic, ic+rows) and columns [c0, c1) of the product as computed, which
// are columns and rows of C when C is stored transposed.
func (g *gemmCall[T]) applyEpilogue(ic, rows, c0, c1 int) {
	if g.transC {
		g.epi.apply(g.c, g.ldc, c0, c1, ic, ic+rows)
		return
	}
	g.epi.apply(g.c, g.ldc, ic, ic+rows, c0, c1)
}

// sharedBPanel returns micro-panel j of depth slice s (starting at depth
// pc, kc deep) of the packed B block, packing it first if no task has, or
// waiting while another task packs it.
func (g *gemmCall[T]) sharedBPanel(sh *gemmShared[T], s, j, pc, kc int) []T {
	nr := sh.kr.nr
	slice := sh.bp[s*sh.kcMax*sh.panels*nr:]
	p := slice[j*nr*kc : (j+1)*nr*kc]
	f := &sh.ready[s*sh.panels+j]
	if f.Load() == panelReady {
		return p
	}
	if f.CompareAndSwap(panelEmpty, panelPacking) {
		g.packBPanel(sh.kr, slice, j, sh.jc, sh.nc, pc, kc)
		f.Store(panelReady)
		return p
	}
	// Another task is packing it right now: packing a panel takes about a
	// microsecond, so spin, yielding now and then in case it was preempted.
	for spin := 1; f.Load() != panelReady; spin++ {
		if spin%64 == 0 {
			runtime.Gosched()
		}
	}
	return p
}

// gemmPlan is the split of one block of C into tasks: rowBlocks row blocks
// of rowPanels A micro-panels each, times groups groups of B micro-panels.
// Every task packs its own copy of its A rows.
type gemmPlan struct {
	rowBlocks, rowPanels, groups int
}

// ownGroupPanels is the least number of B micro-panels per worker for
// which planGemm gives each worker a group of columns of its own even
// when op(A) takes several row blocks: every worker then packs all of
// op(A) for itself, which costs at most aPackCost/ownGroupPanels (4%) of
// its tiles, and reads no B panel another core packed.
const ownGroupPanels = 8

// planGemm splits mp A micro-panels (rows of tiles) and np B micro-panels
// (columns of tiles) into tasks for w workers, with at most maxRowPanels
// A micro-panels per row block so that a task's packed A fits in cache.
// When all of op(A) fits one row block and there are at least w B
// micro-panels, each worker gets one group of columns and packs all of A
// for itself: the workers then share nothing, and packing A twice costs
// less than sharing B panels between cores (measured on 2 cores, median of
// 9 interleaved runs: 128³ +13%, 256³ +5%, the MLP's 128-row products
// +3 to +14%, larger products unchanged). So does a product whose op(A)
// takes several row blocks when there are at least ownGroupPanels B
// micro-panels per worker: the tasks of a group are then its row blocks,
// which the owner runs one after another, re-reading the group's B
// panels from its own caches (with work claimed owner-first, see
// gemmShared.claim; 2-core Zen 5, medians of 5 interleaved runs: 512³
// 359 → 392 GFLOP/s, 1024³ 355 → 363 and 351 → 367 in another series,
// 2048³ 350 → 365; it had been split into 15 row blocks × 3 groups, 45
// tasks whose B panels moved between the cores). Otherwise it picks the
// split with the least estimated time under dynamic scheduling, total/w +
// (1-1/w)·largest task, where the work counts tiles plus the packing of A
// (repeated for every column group) and the streaming of B micro-panels
// into each task.
func planGemm(mp, np, maxRowPanels, w int) gemmPlan {
	maxRowPanels = max(1, min(mp, maxRowPanels))
	if w == 1 {
		return gemmPlan{rowBlocks: ceilDiv(mp, maxRowPanels), rowPanels: maxRowPanels, groups: 1}
	}
	if mp <= maxRowPanels && np >= w {
		// All of op(A) fits one row block: give each worker its own
		// columns (see the doc comment).
		return gemmPlan{rowBlocks: 1, rowPanels: mp, groups: ceilDiv(np, ceilDiv(np, w))}
	}
	if np >= ownGroupPanels*w {
		// Wide enough for every worker to own a wide group of columns
		// (see the doc comment).
		rb := ceilDiv(mp, maxRowPanels)
		return gemmPlan{rowBlocks: rb, rowPanels: ceilDiv(mp, rb), groups: w}
	}
	best, bestCost := gemmPlan{}, 0.0
	minBlocks := ceilDiv(mp, maxRowPanels)
	for rb := minBlocks; rb <= max(minBlocks, min(mp, 8*w)); rb++ {
		rp := ceilDiv(mp, rb)
		rb := ceilDiv(mp, rp) // drop empty row blocks
		for gr := 1; gr <= min(np, 4*w); gr++ {
			cp := ceilDiv(np, gr)
			gr := ceilDiv(np, cp) // drop empty groups
			total := float64(mp*np) + aPackCost*float64(gr*mp) + bStreamCost*float64(rb*np)
			largest := float64(rp*cp) + aPackCost*float64(rp) + bStreamCost*float64(cp)
			cost := total/float64(w) + largest*(1-1/float64(w))
			if best.rowBlocks == 0 || cost < bestCost {
				best, bestCost = gemmPlan{rowBlocks: rb, rowPanels: rp, groups: gr}, cost
			}
		}
	}
	return best
}

// directMinDepth is the least depth k of a product whose A Gemm reads
// unpacked (see useDirect).
const directMinDepth = 32

// useDirect returns the kernels that read the tasks' blocks of A
// straight from op(A), or nil if the tasks should pack them: nil if the
// kernel set has none for this layout of A, if the row stride of A is a
// multiple of 4 KiB, or if the product is less than directMinDepth deep.
//
// Reading A in place repeats its strided access for every B micro-panel
// the task sweeps, where packing pays once; but with 14-row tiles a
// packed panel saves little (a step of a transposed A is one cache line
// either way) and the rows of a row-major A are read as contiguous
// streams, so direct reads won at every size and layout measured on
// 2-core Zen 4 (medians of interleaved runs, AVX-512: 128³ +12 to +15%,
// 256³ +9%, 512³ +2%, the MLP's 128-row products +2 to +23%, 1024³ and
// 2048³ unchanged), whether or not the block fits L2 and however many
// panels the task sweeps. The exception is a stride that is a multiple of
// 4 KiB (lda = 1024 float32): the rows of a tile, or the depth steps of a
// transposed A, then all fall in the same set of the 8-way L1 cache and
// evict each other (1024³ and 128×1024×1024 -30% on AVX-512, transposed
// 1024³ -24% with 6-row AVX2 tiles), so such matrices are packed. So are
// very shallow products (such as 128×10×256), where each tile is a short
// call and the direct kernels' larger fixed cost per tile showed: 6 to 8%
// slower with AVX2 tiles, no difference with AVX-512.
func (g *gemmArgs[T]) useDirect(kr *microKernel[T]) *directKernel[T] {
	dk := kr.direct(g.transA)
	var z T
	if dk.fn == nil || g.lda*int(unsafe.Sizeof(z))%4096 == 0 || g.k < directMinDepth {
		return nil
	}
	return dk
}

// useDirectB reports whether the direct kernels of kr should read the
// micro-panels of op(B) in place instead of packing them, for a product
// split as pl: only where the kernel set allows it (kr.directB), op(B) is
// row-major (a depth step of a panel is then
// nr contiguous elements), its rows are less than 4 KiB apart (farther
// apart, every depth step would touch a new page, and strides of 4 KiB
// multiples put all the steps in the same L1 sets) and every panel is swept
// by a single row block of A, so that packing it would be paid for at
// most mc rows (this holds for every product of up to mc = 336 rows: the
// 128-row batches of dense layers, 64-row LSTM steps). Right-edge panels
// narrower than nr are still packed, zero-padded.
//
// Packing such a panel cost 6 to 8% of the MLP's 128-row forward
// products with the AVX-512 kernels on a 2-core Zen 5 (profiles of fwd2
// 128×512×256 and dx2), and those kernels stream B from L2 at full speed
// either way (a packed panel of 512 steps does not fit L1 either). The
// AVX2 kernels, with a third of the FMAs per B line, came out no faster
// or slower reading B in place (paired medians 0.93 to 1.03), so they
// pack.
func (g *gemmArgs[T]) useDirectB(kr *microKernel[T], pl gemmPlan) bool {
	var z T
	stride := g.ldb * int(unsafe.Sizeof(z))
	return kr.directB && !g.transB && pl.rowBlocks == 1 && stride < 4096
}

// macro multiplies the A block of rows [ic, ic+rows) and depth
// [pc, pc+kc) by one B micro-panel for columns [col, col+cols) (packed,
// step ldb = nr between depth steps, or read in place, see useDirectB),
// updating C with the micro-kernel. The A block is packed in ap, or, if
// dk is not nil, read by dk straight from op(A). Tiles cut by the bottom
// or right edge of C use the partial-row and masked kernels where the
// kernel set has them (see microKernel.colsFn); the others cut by an
// edge are computed into scratch and merged, and so are all tiles when C
// is stored transposed.
func (g *gemmArgs[T]) macro(kr *microKernel[T], dk *directKernel[T], ap, bpan []T, ldb int, scratch []T, kc, pc, ic, rows, col, cols int, beta T) {
	mr, nr := kr.mr, kr.nr
	whole, rest := rows/mr, rows%mr
	// A thin bottom tile runs far below the peak (see splitEdge): where
	// A is read in place, the last whole tile and the rest are computed
	// as two tiles of about equal height instead.
	split := dk != nil && splitEdge(whole, rest, mr)
	if split {
		whole--
	}
	done := 0 // rows computed
	if whole > 0 && kr.tilesFn != nil && !g.transC && (cols == nr || kr.colsFn != nil) {
		// The whole-height tiles in one call (see microKernel.tilesFn).
		a, c := g.aPanel(dk, ap, 0, mr, kc, pc, ic), g.c[ic*g.ldc+col:]
		if dk != nil {
			dk.tilesFn(whole, cols, kc, g.alpha, a, g.lda, bpan, ldb, beta, c, g.ldc)
		} else {
			kr.tilesFn(whole, cols, kc, g.alpha, a, bpan, beta, c, g.ldc)
		}
		done = whole * mr
	}
	for done < rows {
		r := min(mr, rows-done)
		if split && rows-done > mr && rows-done < 2*mr {
			r = (rows - done + 1) / 2 // the last whole tile and the rest, halved
		}
		row := ic + done
		apan := g.aPanel(dk, ap, done/mr, mr, kc, pc, row)
		done += r
		switch {
		case g.transC:
			g.tile(kr, dk, r, nr, kc, 1, apan, bpan, ldb, 0, scratch, nr)
			g.mergeTileT(scratch, nr, row, col, r, cols, beta)
		case cols == nr && (r == mr || kr.rowsFn != nil || dk != nil) || kr.colsFn != nil:
			g.tile(kr, dk, r, cols, kc, g.alpha, apan, bpan, ldb, beta, g.c[row*g.ldc+col:], g.ldc)
		default:
			g.tile(kr, dk, r, nr, kc, 1, apan, bpan, ldb, 0, scratch, nr)
			g.mergeTile(scratch, nr, row, col, r, cols, beta)
		}
	}
}

// splitEdge reports whether the bottom of a block of whole tiles of mr
// rows and rest more rows should be computed as two tiles of about
// (mr+rest)/2 rows each rather than a whole tile and one of rest rows:
// whether rest is below mr/2. A tile of few rows makes few multiply-adds
// per load of B, so it is bound by loads: with the AVX-512 kernels (mr =
// 14, B read in place, 128 deep, 2-core Zen 5) tiles of 1 to 5 rows ran at
// 24-93% of the peak, 6 rows or more at 97-100%; the 2 rows left by a
// 128-row block took as long as 5 rows at the peak.
func splitEdge(whole, rest, mr int) bool {
	return whole > 0 && rest > 0 && 2*rest < mr
}

// aPanel returns the A of tile i of a block (tiles of mr rows, the
// tile's first row being row of op(A)) at depth pc, kc deep: the packed
// panels in ap from the tile's on, or, for the direct kernels dk, op(A)
// from the tile's first element on.
func (g *gemmArgs[T]) aPanel(dk *directKernel[T], ap []T, i, mr, kc, pc, row int) []T {
	switch {
	case dk == nil:
		return ap[i*mr*kc:]
	case g.transA:
		return g.a[pc*g.lda+row:]
	default:
		return g.a[row*g.lda+pc:]
	}
}

// tile computes the first r rows and cols columns of one tile of C (c,
// row stride ldc) from the A panel a (packed, or op(A) at the tile's
// first element when dk is not nil) and the B panel b (packed, or in
// place with depth step ldb for the direct kernels). cols is less than
// nr only where the kernel set has masked kernels (microKernel.colsFn).
// Without a partial-row kernel it computes all mr rows (the packed panel
// is padded with zeros), so c must then have room for them.
func (g *gemmArgs[T]) tile(kr *microKernel[T], dk *directKernel[T], r, cols, kc int, alpha T, a, b []T, ldb int, beta T, c []T, ldc int) {
	switch {
	case cols < kr.nr && dk != nil:
		dk.colsFn(r, cols, kc, alpha, a, g.lda, b, ldb, beta, c, ldc)
	case cols < kr.nr:
		kr.colsFn(r, cols, kc, alpha, a, b, beta, c, ldc)
	case dk != nil && r == kr.mr:
		dk.fn(kc, alpha, a, g.lda, b, ldb, beta, c, ldc)
	case dk != nil:
		dk.rowsFn(r, kc, alpha, a, g.lda, b, ldb, beta, c, ldc)
	case r == kr.mr || kr.rowsFn == nil:
		kr.fn(kc, alpha, a, b, beta, c, ldc)
	default:
		kr.rowsFn(r, kc, alpha, a, b, beta, c, ldc)
	}
}

// mergeTile sets the rows×cols corner of C at (row, col) to alpha*tile +
// beta*C, where tile has row stride ld. With alpha 1 and beta 0 it copies
// (alpha·v is v exactly then).
func (g *gemmArgs[T]) mergeTile(tile []T, ld, row, col, rows, cols int, beta T) {
	alpha := g.alpha
	for i := 0; i < rows; i++ {
		crow := g.c[(row+i)*g.ldc+col : (row+i)*g.ldc+col+cols]
		trow := tile[i*ld : i*ld+cols]
		switch {
		case beta == 0 && alpha == 1:
			copy(crow, trow)
		case beta == 0:
			for j, v := range trow {
				crow[j] = alpha * v
			}
		default:
			for j, v := range trow {
				crow[j] = alpha*v + beta*crow[j]
			}
		}
	}
}

// bufCacheSize returns how many idle packing buffers a bufCache keeps:
// enough for every worker of two concurrent calls.
func bufCacheSize() int { return max(8, 2*parallel.Workers()) }

// A bufCache keeps packing buffers across Gemm calls. Unlike a sync.Pool
// it is not emptied by garbage collections, so a training loop that calls
// Gemm between collections does not allocate (and page-fault) fresh
// buffers of a few megabytes each time.
type bufCache[T any] struct {
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
	if len(c.free) < bufCacheSize() {
		c.free = append(c.free, p)
	}
	c.mu.Unlock()
}

// A callCache keeps the state objects of blocked Gemm calls for reuse.
// Like bufCache it is a plain free list, not emptied by garbage
// collections.
type callCache[T scalar] struct {
	mu   sync.Mutex
	free []*gemmCall[T]
}

// get returns an idle call state, or a new one.
func (c *callCache[T]) get() *gemmCall[T] {
	c.mu.Lock()
	var g *gemmCall[T]
	if k := len(c.free); k > 0 {
		g = c.free[k-1]
		c.free = c.free[:k-1]
	}
	c.mu.Unlock()
	if g == nil {
		g = new(gemmCall[T])
	}
	return g
}

// put returns a call state to the cache, dropping it if the cache is full.
func (c *callCache[T]) put(g *gemmCall[T]) {
	c.mu.Lock()
	if len(c.free) < bufCacheSize() {
		c.free = append(c.free, g)
	}
	c.mu.Unlock()
}

// mergeTileT is mergeTile for a C stored transposed (transC): element
// (i, j) of the tile goes to C[(col+j)*ldc + row+i]. Each column of the
// tile becomes a row of C; the branches on alpha and beta sit outside the
// loops (this merge was a fifth of the time of the MLP's 10-column
// products, which always take this path).
func (g *gemmArgs[T]) mergeTileT(tile []T, ld, row, col, rows, cols int, beta T) {
	alpha := g.alpha
	tile = tile[:(rows-1)*ld+cols]
	for j := 0; j < cols; j++ {
		crow := g.c[(col+j)*g.ldc+row : (col+j)*g.ldc+row+rows]
		t := tile[j:]
		switch {
		case beta == 0 && alpha == 1:
			for i := range crow {
				crow[i] = t[i*ld]
			}
		case beta == 0:
			for i := range crow {
				crow[i] = alpha * t[i*ld]
			}
		default:
			for i := range crow {
				crow[i] = alpha*t[i*ld] + beta*crow[i]
			}
		}
	}
}

// ceilDiv returns ceil(a/b) for a >= 0 and b > 0.
func ceilDiv(a, b int) int { return (a + b - 1) / b }
