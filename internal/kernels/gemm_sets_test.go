package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// forEachKernelSet runs f as a subtest once per kernel set this machine
// supports (AVX-512, AVX2 and the portable one on a recent amd64), with
// Gemm switched to that set, and restores the default afterwards.
func forEachKernelSet(t *testing.T, f func(t *testing.T, ks kernelSet)) {
	t.Helper()
	def := kernelSetName()
	defer useKernelSet(def)
	for _, ks := range kernelSets {
		if !useKernelSet(ks.name) {
			t.Fatalf("kernel set %q listed but not selectable", ks.name)
		}
		t.Run(ks.name, func(t *testing.T) { f(t, ks) })
	}
}

func TestKernelSetsListed(t *testing.T) {
	if n := len(kernelSets); n == 0 || kernelSets[n-1].name != "go" {
		t.Fatalf("kernel sets %v: the portable set must come last", kernelSets)
	}
	if kernelSetName() != kernelSets[0].name {
		t.Errorf("default kernel set is %q, want the best one, %q", kernelSetName(), kernelSets[0].name)
	}
	if useKernelSet("no-such-set") {
		t.Error("useKernelSet accepted an unknown name")
	}
	for _, ks := range kernelSets {
		t.Logf("kernel set %s: float32 %d×%d mc=%d kc=%d nc=%d, float64 %d×%d mc=%d kc=%d nc=%d", ks.name,
			ks.s.mr, ks.s.nr, ks.s.mc, ks.s.kc, ks.s.nc, ks.d.mr, ks.d.nr, ks.d.mc, ks.d.kc, ks.d.nc)
		checkBlocking(t, ks.name+"/float32", ks.s.mr, ks.s.nr, ks.s.mc, ks.s.nc)
		checkBlocking(t, ks.name+"/float64", ks.d.mr, ks.d.nr, ks.d.mc, ks.d.nc)
	}
}

func checkBlocking(t *testing.T, name string, mr, nr, mc, nc int) {
	if mc%mr != 0 || nc%nr != 0 {
		t.Errorf("%s: mc=%d must be a multiple of mr=%d and nc=%d of nr=%d", name, mc, mr, nc, nr)
	}
}

// boundaryCases returns shapes that cross the tile and blocking sizes of
// kernel kr by one on either side, with all transposes and scalars.
func boundaryCases[T scalar](kr *microKernel[T]) []gemmCase {
	mr, nr := kr.mr, kr.nr
	shapes := [][3]int{
		{mr - 1, nr + 1, kr.kc + 1},
		{mr + 1, nr - 1, kr.kc - 1},
		{2*mr + 1, 3*nr - 1, 2*kr.kc + 3},
		{kr.mc + 1, nr + 3, 40},
		{kr.mc - 1, 2*nr + 1, kr.kc + 5},
		{2*kr.mc + mr + 1, 17, 9},
		{3, kr.nc + 1, 20},
		{mr, kr.nc - 1, 11},
		{17*kr.mc + 1, 5, 3}, // more row blocks than planGemm tries on two cores
	}
	var cs []gemmCase
	for s, sh := range shapes {
		for tr := 0; tr < 4; tr++ {
			switch (s + tr) % 3 {
			case 0:
				cs = append(cs, gemmCase{sh[0], sh[1], sh[2], tr&1 != 0, tr&2 != 0, 1, 0, 1, true})
			case 1:
				cs = append(cs, gemmCase{sh[0], sh[1], sh[2], tr&1 != 0, tr&2 != 0, -0.5, 2, 0, false})
			default:
				cs = append(cs, gemmCase{sh[0], sh[1], sh[2], tr&1 != 0, tr&2 != 0, 1.5, 1, 3, false})
			}
		}
	}
	return cs
}

// TestGemmKernelSets runs the cases of TestGemmMatchesNaive, plus shapes
// that cross the tile and blocking sizes of every kernel set, through
// every kernel set this machine supports and compares each result with
// the naive float64 reference (computed once per case).
func TestGemmKernelSets(t *testing.T) {
	t.Run("float32", func(t *testing.T) {
		cases := gemmCases()
		for _, ks := range kernelSets {
			cases = append(cases, boundaryCases(ks.s)...)
		}
		checkCasesAllSets[float32](t, cases, 0x1p-23, rand.New(rand.NewPCG(5, 6)))
	})
	t.Run("float64", func(t *testing.T) {
		cases := gemmCases()
		for _, ks := range kernelSets {
			cases = append(cases, boundaryCases(ks.d)...)
		}
		checkCasesAllSets[float64](t, cases, 0x1p-52, rand.New(rand.NewPCG(7, 8)))
	})
}

func checkCasesAllSets[T scalar](t *testing.T, cases []gemmCase, eps float64, rng *rand.Rand) {
	def := kernelSetName()
	defer useKernelSet(def)
	for _, c := range cases {
		a, lda, b, ldb, cm, ldc := gemmOperands[T](c, rng)
		want, mag := refGemm(c, a, lda, b, ldb, cm, ldc)
		for _, ks := range kernelSets {
			useKernelSet(ks.name)
			got := append([]T(nil), cm...)
			Gemm(c.transA, c.transB, c.m, c.n, c.k, T(c.alpha), a, lda, b, ldb, T(c.beta), got, ldc)
			if msg := compareGemm(c, got, ldc, want, mag, eps); msg != "" {
				t.Fatalf("kernel set %s: %s", ks.name, msg)
			}
		}
	}
}

// TestGemmKernelSetsAgree checks that every kernel set gives the portable
// kernel's result up to rounding on a product that uses the blocked path
// with edge tiles in both directions.
func TestGemmKernelSetsAgree(t *testing.T) {
	const m, n, k = 203, 171, 300
	rng := rand.New(rand.NewPCG(11, 12))
	a := make([]float32, m*k)
	b := make([]float32, k*n)
	for i := range a {
		a[i] = float32(rng.Float64()*2 - 1)
	}
	for i := range b {
		b[i] = float32(rng.Float64()*2 - 1)
	}
	def := kernelSetName()
	defer useKernelSet(def)
	useKernelSet("go")
	want := make([]float32, m*n)
	Gemm(false, false, m, n, k, 1, a, k, b, n, 0, want, n)
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		got := make([]float32, m*n)
		Gemm(false, false, m, n, k, 1, a, k, b, n, 0, got, n)
		for i := range got {
			if d := math.Abs(float64(got[i] - want[i])); d > 1e-4 {
				t.Fatalf("C[%d] = %v, portable kernel gives %v", i, got[i], want[i])
			}
		}
	})
}

// TestMicroKernels calls each micro-kernel directly for depths around its
// unrolling, with beta 0 (and -0) on a NaN-filled C, beta 1 and a general
// beta, and checks the tile against a naive sum and the padding around it.
// Partial-row kernels (rowsFn) are checked for every row count, and masked
// kernels (colsFn) for every row and column count.
func TestMicroKernels(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		t.Run("float32", func(t *testing.T) { checkMicro(t, ks.s, 0x1p-23) })
		t.Run("float64", func(t *testing.T) { checkMicro(t, ks.d, 0x1p-52) })
	})
}

func checkMicro[T scalar](t *testing.T, kr *microKernel[T], eps float64) {
	rng := rand.New(rand.NewPCG(13, 14))
	mr := kr.mr
	rowCounts := []int{mr}
	if kr.rowsFn != nil {
		for r := 1; r < mr; r++ {
			rowCounts = append(rowCounts, r)
		}
	}
	for _, rows := range rowCounts {
		for _, kc := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 255, 256, 257} {
			checkMicroTile(t, kr, rows, kr.nr, kc, eps, rng)
		}
	}
	colCounts := []int{kr.nr}
	if kr.colsFn != nil {
		for rows := 1; rows <= mr; rows++ {
			for cols := 1; cols <= kr.nr; cols++ {
				for _, kc := range []int{1, 6, 33} {
					checkMicroTile(t, kr, rows, cols, kc, eps, rng)
				}
			}
		}
		colCounts = append(colCounts, 1, kr.nr-1)
	}
	if kr.tilesFn == nil {
		return
	}
	for _, tiles := range []int{1, 2, 3, 5} {
		for _, cols := range colCounts {
			for _, kc := range []int{1, 6, 33} {
				checkMicroTiles(t, kr, tiles, cols, kc, eps, rng)
			}
		}
	}
}

// checkMicroTiles runs kr.tilesFn on a column of tiles whole tiles
// (tiles·mr rows, their A panels one after another) of cols columns, kc
// deep, and checks it as checkMicroTile does.
func checkMicroTiles[T scalar](t *testing.T, kr *microKernel[T], tiles, cols, kc int, eps float64, rng *rand.Rand) {
	mr, nr := kr.mr, kr.nr
	for _, sc := range []struct{ alpha, beta float64 }{{1, 0}, {-0.75, 1}, {2, -1.5}} {
		a := randomSlice[T](rng, tiles*mr*kc)
		b := randomSlice[T](rng, nr*kc)
		name := fmt.Sprintf("tiles=%d kc=%d cols=%d", tiles, kc, cols)
		aAt := func(i, p int) T { return a[i/mr*mr*kc+p*mr+i%mr] }
		checkGuardedTile(t, name, tiles*mr, cols, nr, kc, sc.alpha, sc.beta, aAt, b, eps, rng,
			func(alpha, beta T, c []T, ldc int) { kr.tilesFn(tiles, cols, kc, alpha, a, b, beta, c, ldc) })
	}
}

// checkMicroTile runs kr on one rows×cols tile kc deep (through colsFn
// if cols < nr) for several alpha and beta values and checks it against
// a naive sum; the elements around the tile hold a sentinel that must
// survive.
func checkMicroTile[T scalar](t *testing.T, kr *microKernel[T], rows, cols, kc int, eps float64, rng *rand.Rand) {
	mr, nr := kr.mr, kr.nr
	for _, sc := range []struct{ alpha, beta float64 }{{1, 0}, {-0.75, 1}, {2, -1.5}, {0.5, math.Copysign(0, -1)}} {
		a := randomSlice[T](rng, mr*kc)
		b := randomSlice[T](rng, nr*kc)
		name := fmt.Sprintf("kc=%d rows=%d cols=%d", kc, rows, cols)
		checkGuardedTile(t, name, rows, cols, nr, kc, sc.alpha, sc.beta, func(i, p int) T { return a[p*mr+i] }, b, eps, rng,
			func(alpha, beta T, c []T, ldc int) {
				switch {
				case cols < nr:
					kr.colsFn(rows, cols, kc, alpha, a, b, beta, c, ldc)
				case rows == mr:
					kr.fn(kc, alpha, a, b, beta, c, ldc)
				default:
					kr.rowsFn(rows, kc, alpha, a, b, beta, c, ldc)
				}
			})
	}
}

// randomSlice returns n values uniform in [-1, 1).
func randomSlice[T scalar](rng *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(rng.Float64()*2 - 1)
	}
	return s
}

// checkGuardedTile runs a kernel call on a rows×cols tile of C, kc deep,
// and checks the result against a naive sum of aAt(i, p)·b[p*nr+j]
// scaled by alpha, plus beta times the old C. C sits inside a guard row
// above and below and guard columns on the right (from column cols on,
// within the kernel's nr columns too), holding a sentinel that must
// survive; with beta zero the tile starts as NaN, which must not survive
// either.
func checkGuardedTile[T scalar](t *testing.T, name string, rows, cols, nr, kc int, alpha, beta float64, aAt func(i, p int) T, b []T,
	eps float64, rng *rand.Rand, call func(alpha, beta T, c []T, ldc int)) {
	t.Helper()
	ldc := nr + 5
	c := make([]T, (rows+2)*ldc)
	for i := range c {
		switch {
		case i < ldc || i >= (rows+1)*ldc || i%ldc >= cols:
			c[i] = sentinel
		case beta == 0:
			c[i] = T(math.NaN())
		default:
			c[i] = T(rng.Float64()*2 - 1)
		}
	}
	old := append([]T(nil), c...)
	call(T(alpha), T(beta), c[ldc:], ldc)
	for i := range c {
		r, j := i/ldc-1, i%ldc
		if r < 0 || r >= rows || j >= cols {
			if c[i] != sentinel {
				t.Fatalf("%s: element %d outside the tile overwritten", name, i)
			}
			continue
		}
		var s, mag float64
		for p := 0; p < kc; p++ {
			x := float64(aAt(r, p)) * float64(b[p*nr+j])
			s += x
			mag += math.Abs(x)
		}
		want := alpha * s
		mag *= math.Abs(alpha)
		if beta != 0 {
			want += beta * float64(old[i])
			mag += math.Abs(beta * float64(old[i]))
		}
		if got := float64(c[i]); math.IsNaN(got) || math.Abs(got-want) > eps*float64(kc+2)*mag+1e-30 {
			t.Fatalf("%s alpha=%v beta=%v: C[%d,%d] = %v, want %v", name, alpha, beta, r, j, got, want)
		}
	}
}

// TestPackPanels compares each kernel set's fast panel packing with the
// generic loop of packPanel for both layouts (lanes contiguous along the
// depth, as in A and transposed B, or within a depth step, as in B and
// transposed A), panel widths mr and nr, depths around the vector length
// and strides with padding.
func TestPackPanels(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		t.Run("float32", func(t *testing.T) { checkPack(t, ks.s) })
		t.Run("float64", func(t *testing.T) { checkPack(t, ks.d) })
	})
}

func checkPack[T scalar](t *testing.T, kr *microKernel[T]) {
	if kr.pack == nil {
		t.Skip("no fast packing")
	}
	rng := rand.New(rand.NewPCG(15, 16))
	for _, w := range []int{kr.mr, kr.nr} {
		for _, kc := range []int{1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 255, 256, 257} {
			for _, depthContig := range []bool{true, false} {
				const pad, off = 3, 5
				ls, ds := kc+pad, 1
				if !depthContig {
					ls, ds = 1, w+pad
				}
				src := make([]T, off+(w-1)*ls+(kc-1)*ds+1)
				for i := range src {
					src[i] = T(rng.Float64())
				}
				want := make([]T, w*kc+8)
				got := make([]T, w*kc+8)
				for i := range want {
					want[i], got[i] = sentinel, sentinel
				}
				packPanel(nil, want, src, off, ls, ds, w, w, kc)
				if !kr.pack(got, src, off, ls, ds, w, kc) {
					t.Logf("w=%d: no fast routine", w)
					continue
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("w=%d kc=%d depth-contiguous=%v: dst[%d] = %v, want %v", w, kc, depthContig, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestPlanGemm checks the invariants of the task split: row blocks cover
// the row panels without empty blocks and respect the cache limit, and
// there is at least one column group, none of them empty.
func TestPlanGemm(t *testing.T) {
	for _, mp := range []int{1, 2, 3, 7, 10, 37, 74, 147, 342, 1000} {
		for _, np := range []int{1, 2, 4, 16, 31, 64, 128} {
			for _, maxRP := range []int{1, 4, 16, 24, 48} {
				for _, w := range []int{1, 2, 3, 8, 64} {
					pl := planGemm(mp, np, maxRP, w)
					rb, rp, gr := pl.rowBlocks, pl.rowPanels, pl.groups
					switch {
					case rp < 1 || rp > maxRP || rb < 1 || gr < 1 || gr > np:
						t.Fatalf("planGemm(%d, %d, %d, %d) = %+v: out of range", mp, np, maxRP, w, pl)
					case rb*rp < mp || (rb-1)*rp >= mp:
						t.Fatalf("planGemm(%d, %d, %d, %d) = %+v: row blocks do not cover the panels exactly", mp, np, maxRP, w, pl)
					case (gr-1)*ceilDiv(np, gr) >= np:
						t.Fatalf("planGemm(%d, %d, %d, %d) = %+v: empty column group", mp, np, maxRP, w, pl)
					}
				}
			}
		}
	}
}

// TestSplitEdge pins when the bottom of a block is computed as two
// tiles of about equal height: only after a whole tile, and only when the
// rows left over are fewer than half a tile (the 2 rows of a 128-row
// block of 14-row tiles become 8 + 8; 8 rows stay as they are).
func TestSplitEdge(t *testing.T) {
	for _, c := range []struct {
		whole, rest, mr int
		want            bool
	}{
		{9, 2, 14, true}, {4, 8, 14, false}, {1, 6, 14, true}, {1, 7, 14, false},
		{0, 5, 14, false}, {3, 0, 14, false}, {21, 2, 6, true}, {21, 3, 6, false},
	} {
		if got := splitEdge(c.whole, c.rest, c.mr); got != c.want {
			t.Errorf("splitEdge(%d, %d, %d) = %v, want %v", c.whole, c.rest, c.mr, got, c.want)
		}
	}
}

// TestPlanGemmColumnSplit checks that a product whose op(A) fits one row
// block is split by columns only, one group per worker, and that larger
// ones still get several row blocks.
func TestPlanGemmColumnSplit(t *testing.T) {
	for _, c := range []struct {
		mp, np, maxRP, w int
		want             gemmPlan
	}{
		{10, 4, 24, 2, gemmPlan{rowBlocks: 1, rowPanels: 10, groups: 2}},  // 128³ with 14×32 tiles
		{10, 16, 24, 2, gemmPlan{rowBlocks: 1, rowPanels: 10, groups: 2}}, // 128×784×512
		{19, 5, 24, 2, gemmPlan{rowBlocks: 1, rowPanels: 19, groups: 2}},  // 3 + 2 panels
		{10, 9, 24, 4, gemmPlan{rowBlocks: 1, rowPanels: 10, groups: 3}},  // 3 panels each; no empty group
	} {
		if got := planGemm(c.mp, c.np, c.maxRP, c.w); got != c.want {
			t.Errorf("planGemm(%d, %d, %d, %d) = %+v, want %+v", c.mp, c.np, c.maxRP, c.w, got, c.want)
		}
	}
	// Several row blocks, but at least ownGroupPanels B panels per worker:
	// one group per worker all the same.
	for _, c := range []struct {
		mp, np, maxRP, w int
		want             gemmPlan
	}{
		{74, 32, 24, 2, gemmPlan{rowBlocks: 4, rowPanels: 19, groups: 2}}, // 1024³
		{37, 16, 24, 2, gemmPlan{rowBlocks: 2, rowPanels: 19, groups: 2}}, // 512³
		{147, 64, 24, 8, gemmPlan{rowBlocks: 7, rowPanels: 21, groups: 8}},
	} {
		if got := planGemm(c.mp, c.np, c.maxRP, c.w); got != c.want {
			t.Errorf("planGemm(%d, %d, %d, %d) = %+v, want %+v", c.mp, c.np, c.maxRP, c.w, got, c.want)
		}
	}
	// Fewer: the cost model's split, with row blocks for balance.
	if got := planGemm(74, 15, 24, 2); got.rowBlocks < 4 {
		t.Errorf("planGemm(74, 15, 24, 2) = %+v: want at least 4 row blocks of at most 24 panels", got)
	}
}

// TestClaimsCoverEveryTaskOnce checks that the workers of a loop, claiming
// owner-first in any interleaving, run every task of a plan exactly once,
// and that a worker that claims alone (its partners never start) runs
// them all.
func TestClaimsCoverEveryTaskOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, pl := range []gemmPlan{{1, 10, 2}, {4, 19, 2}, {15, 5, 3}, {3, 1, 1}, {2, 4, 7}, {5, 2, 8}} {
		for _, chunks := range []int{1, 2, 3, 8} {
			for _, alone := range []bool{false, true} {
				sh := &gemmShared[float32]{plan: pl}
				sh.resetClaims(chunks)
				seen := map[[2]int]int{}
				live := make([]int, 0, chunks)
				for c := range chunks {
					if !alone || c == chunks-1 {
						live = append(live, c)
					}
				}
				for len(live) > 0 {
					k := rng.IntN(len(live))
					rb, grp, ok := sh.claim(live[k])
					if !ok {
						live = append(live[:k], live[k+1:]...)
						continue
					}
					seen[[2]int{rb, grp}]++
				}
				if len(seen) != pl.rowBlocks*pl.groups {
					t.Fatalf("plan %+v, %d chunks (alone %v): %d distinct tasks run, want %d", pl, chunks, alone, len(seen), pl.rowBlocks*pl.groups)
				}
				for task, n := range seen {
					if n != 1 || task[0] >= pl.rowBlocks || task[1] >= pl.groups {
						t.Fatalf("plan %+v, %d chunks: task %v run %d times", pl, chunks, task, n)
					}
				}
			}
		}
	}
	// Each worker starts on a group of its own.
	sh := &gemmShared[float32]{plan: gemmPlan{rowBlocks: 4, rowPanels: 19, groups: 2}}
	sh.resetClaims(2)
	if _, g1, _ := sh.claim(1); g1 != 1 {
		t.Errorf("chunk 1 first claimed group %d, want 1", g1)
	}
	if _, g0, _ := sh.claim(0); g0 != 0 {
		t.Errorf("chunk 0 first claimed group %d, want 0", g0)
	}
}

// TestABlockPanels checks that a task's block of op(A) holds at most the
// kernel's budget of mc×kc elements, whatever the depth of the slices:
// taller blocks for shallower slices, never fewer than one micro-panel.
func TestABlockPanels(t *testing.T) {
	kr := &sgemmGo // mr 2, mc 192, kc 256: a budget of 96 panels of depth 256
	for _, c := range []struct{ kcMax, want int }{
		{256, 96}, {128, 192}, {100, 245}, {512, 48}, {1 << 20, 1},
	} {
		got := aBlockPanels(kr, c.kcMax)
		if got != c.want {
			t.Errorf("aBlockPanels(kcMax=%d) = %d, want %d", c.kcMax, got, c.want)
		}
		if got > 1 && got*kr.mr*c.kcMax > kr.mc*kr.kc {
			t.Errorf("aBlockPanels(kcMax=%d) = %d: %d elements exceed the budget", c.kcMax, got, got*kr.mr*c.kcMax)
		}
	}
}

// TestGemmSteadyStateAllocs checks that, once its packing buffers and
// call state are cached, a Gemm call allocates nothing, on the small path
// and on the blocked one, with and without an epilogue.
func TestGemmSteadyStateAllocs(t *testing.T) {
	if gemmRace {
		t.Skip("the race detector slows loops until callers park, and parking may allocate runtime structures")
	}
	for _, sh := range [][3]int{{300, 200, 600}, {32, 1, 13}, {128, 512, 784}} {
		m, n, k := sh[0], sh[1], sh[2]
		a := make([]float32, m*k)
		b := make([]float32, k*n)
		c := make([]float32, m*n)
		bias := make([]float32, n)
		y := make([]float32, m*n)
		for name, call := range map[string]func(){
			"Gemm":         func() { Gemm(false, true, m, n, k, 1, a, k, b, k, 0, c, n) },
			"GemmBiasAct":  func() { GemmBiasAct(false, false, m, n, k, a, k, b, n, bias, ActRelu, c, n) },
			"GemmReluGrad": func() { GemmReluGrad(false, false, m, n, k, a, k, b, n, y, n, 0, c, n) },
		} {
			call()
			if got := testing.AllocsPerRun(20, call); got != 0 {
				t.Errorf("%s %dx%dx%d allocates %v times per call in steady state, want 0", name, m, n, k, got)
			}
		}
	}
}

// TestDirectKernels calls each kernel that reads A unpacked (directN and
// directT), for the whole tile and every partial row count, on an A
// whose row stride exceeds its row length and whose slice ends at the
// last element the kernel may read, and checks the tile against a naive
// sum and the guard elements around it.
func TestDirectKernels(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		t.Run("float32", func(t *testing.T) { checkDirect(t, ks.s, 0x1p-23) })
		t.Run("float64", func(t *testing.T) { checkDirect(t, ks.d, 0x1p-52) })
	})
}

func checkDirect[T scalar](t *testing.T, kr *microKernel[T], eps float64) {
	if kr.directN.fn == nil && kr.directT.fn == nil {
		t.Skip("no direct kernels")
	}
	rng := rand.New(rand.NewPCG(17, 18))
	mr, nr := kr.mr, kr.nr
	for _, trans := range []bool{false, true} {
		dk := kr.direct(trans)
		if dk.fn == nil {
			continue
		}
		if dk.tilesFn != nil {
			checkDirectTiles(t, dk, mr, nr, trans, eps, rng)
		}
		for rows := 1; rows <= mr; rows++ {
			for _, kc := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 257} {
				lda, last, at := directLayout(rows, mr, kc, trans)
				a := randomSlice[T](rng, last)
				// B packed (step nr) and in place in a wider matrix
				// (step nr+7, the panel's last step ending the slice).
				for _, ldb := range []int{nr, nr + 7} {
					bm := randomSlice[T](rng, (kc-1)*ldb+nr)
					b := make([]T, nr*kc) // the panel as checkGuardedTile reads it
					for p := 0; p < kc; p++ {
						copy(b[p*nr:(p+1)*nr], bm[p*ldb:])
					}
					colCounts := []int{nr}
					if dk.colsFn != nil && kc <= 9 {
						colCounts = []int{nr, 1, 2, nr/2 - 1, nr / 2, nr/2 + 1, nr - 1}
					}
					for _, cols := range colCounts {
						name := fmt.Sprintf("trans=%v rows=%d cols=%d kc=%d ldb=%d", trans, rows, cols, kc, ldb)
						for _, sc := range []struct{ alpha, beta float64 }{{1, 0}, {-0.75, 1}, {2, -1.5}} {
							checkGuardedTile(t, name, rows, cols, nr, kc, sc.alpha, sc.beta, func(i, p int) T { return a[at(i, p)] }, b, eps, rng,
								func(alpha, beta T, c []T, ldc int) {
									switch {
									case cols < nr:
										dk.colsFn(rows, cols, kc, alpha, a, lda, bm, ldb, beta, c, ldc)
									case rows == mr:
										dk.fn(kc, alpha, a, lda, bm, ldb, beta, c, ldc)
									default:
										dk.rowsFn(rows, kc, alpha, a, lda, bm, ldb, beta, c, ldc)
									}
								})
						}
					}
				}
			}
		}
	}
}

// TestDirectKernelsCheckBounds checks that the adapters of the direct
// kernels panic, instead of letting the assembly read past the slice,
// when A or B is one element too short, or B's step is below the tile
// width.
// directLayout returns the layout of an A of rows rows, kc deep, padded
// in its stride, for the direct kernels: element (i, p) at at(i, p) =
// i*lda+p, or p*lda+i if trans (A stored transposed, width ≥ rows
// columns), and the number of elements the slice needs.
func directLayout(rows, width, kc int, trans bool) (lda, n int, at func(i, p int) int) {
	if trans {
		lda = width + 5
		return lda, (kc-1)*lda + rows, func(i, p int) int { return p*lda + i }
	}
	lda = kc + 3
	return lda, (rows-1)*lda + kc, func(i, p int) int { return i*lda + p }
}

// checkDirectTiles checks the direct kernels' tilesFn (A transposed if
// trans) on columns of 2 and 3 tiles, as checkDirect checks one tile.
func checkDirectTiles[T scalar](t *testing.T, dk *directKernel[T], mr, nr int, trans bool, eps float64, rng *rand.Rand) {
	for _, tiles := range []int{2, 3} {
		rows := tiles * mr
		for _, kc := range []int{1, 5, 33} {
			lda, last, at := directLayout(rows, rows, kc, trans)
			a := randomSlice[T](rng, last)
			b := randomSlice[T](rng, nr*kc)
			colCounts := []int{nr}
			if dk.colsFn != nil {
				colCounts = append(colCounts, 3)
			}
			for _, cols := range colCounts {
				name := fmt.Sprintf("trans=%v tiles=%d cols=%d kc=%d", trans, tiles, cols, kc)
				for _, sc := range []struct{ alpha, beta float64 }{{1, 0}, {2, -1.5}} {
					checkGuardedTile(t, name, rows, cols, nr, kc, sc.alpha, sc.beta, func(i, p int) T { return a[at(i, p)] }, b, eps, rng,
						func(alpha, beta T, c []T, ldc int) { dk.tilesFn(tiles, cols, kc, alpha, a, lda, b, nr, beta, c, ldc) })
				}
			}
		}
	}
}

func TestDirectKernelsCheckBounds(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		kr := ks.s
		for _, trans := range []bool{false, true} {
			dk := kr.direct(trans)
			if dk.fn == nil {
				continue
			}
			const kc, lda = 9, 40
			for _, rows := range []int{1, kr.mr - 1, kr.mr} {
				n := (rows-1)*lda + kc
				if trans {
					n = (kc-1)*lda + rows
				}
				const ldb = 50
				nb := (kc-1)*ldb + kr.nr
				c := make([]float32, rows*kr.nr)
				for _, bad := range []struct {
					what   string
					na, nb int
					ldb    int
				}{{"a short A", n - 1, nb, ldb}, {"a short B", n, nb - 1, ldb}, {"ldb below nr", n, nb, kr.nr - 1}} {
					a, b := make([]float32, bad.na), make([]float32, bad.nb)
					func() {
						defer func() {
							if recover() == nil {
								t.Errorf("trans=%v rows=%d: no panic on %s", trans, rows, bad.what)
							}
						}()
						if rows == kr.mr {
							dk.fn(kc, 1, a, lda, b, bad.ldb, 0, c, kr.nr)
						} else {
							dk.rowsFn(rows, kc, 1, a, lda, b, bad.ldb, 0, c, kr.nr)
						}
					}()
				}
			}
		}
	})
}

// TestUseDirect checks which products read A unpacked: those whose kernel
// set has a direct kernel for the layout of A, unless the row stride of
// A is a multiple of 4 KiB or the product is shallower than
// directMinDepth.
func TestUseDirect(t *testing.T) {
	for _, ks := range kernelSets {
		kr := ks.s
		for _, c := range []struct {
			transA bool
			lda, k int
		}{{false, 1000, 512}, {true, 1000, 512}, {false, 1024, 512}, {true, 2048, 64}, {false, 1025, 300},
			{true, 7, 32}, {false, 40, 31}, {true, 40, 10}} {
			g := gemmArgs[float32]{transA: c.transA, lda: c.lda, k: c.k}
			avail := kr.directN.fn != nil
			if c.transA {
				avail = kr.directT.fn != nil
			}
			want := avail && c.lda%1024 != 0 && c.k >= directMinDepth
			if got := g.useDirect(kr) != nil; got != want {
				t.Errorf("%s: useDirect(transA=%v, lda=%d, k=%d) = %v, want %v", ks.name, c.transA, c.lda, c.k, got, want)
			}
		}
		if ks.name == "avx512" && (kr.directN.fn == nil || kr.directT.fn == nil) {
			t.Errorf("avx512: float32 kernels reading A unpacked missing")
		}
		if ks.name == "avx2" && kr.directN.fn == nil {
			t.Errorf("avx2: float32 kernel reading a row-major A unpacked missing")
		}
	}
}

// TestUseDirectB checks which products have the direct kernels read B's
// panels in place: with a kernel set that allows it, a row-major op(B)
// with rows less than 4 KiB apart, swept by a single row block.
func TestUseDirectB(t *testing.T) {
	kr := &microKernel[float32]{directB: true}
	one, two := gemmPlan{rowBlocks: 1, rowPanels: 10, groups: 2}, gemmPlan{rowBlocks: 2, rowPanels: 12, groups: 1}
	for _, c := range []struct {
		transB bool
		ldb    int
		pl     gemmPlan
		want   bool
	}{
		{false, 512, one, true}, {false, 1023, one, true}, {true, 512, one, false}, {false, 512, two, false},
		{false, 1024, one, false}, {false, 1500, one, false}, {false, 10, one, true},
	} {
		g := gemmArgs[float32]{transB: c.transB, ldb: c.ldb}
		if got := g.useDirectB(kr, c.pl); got != c.want {
			t.Errorf("useDirectB(transB=%v, ldb=%d, %d row blocks) = %v, want %v", c.transB, c.ldb, c.pl.rowBlocks, got, c.want)
		}
		if g.useDirectB(&microKernel[float32]{}, c.pl) {
			t.Errorf("useDirectB(transB=%v, ldb=%d, %d row blocks) with a kernel set that reads no B in place", c.transB, c.ldb, c.pl.rowBlocks)
		}
	}
	for _, ks := range kernelSets {
		if want := ks.name == "avx512"; ks.s.directB != want || ks.d.directB {
			t.Errorf("%s: reads B in place for float32 %v, float64 %v; want %v, false", ks.name, ks.s.directB, ks.d.directB, want)
		}
	}
}

// TestMaskedKernelsCheckBounds checks that the masked kernels (colsFn)
// accept a C that ends at the last column of their tile, and panic, before
// touching memory, on a column count outside 1..nr or a C one element
// short; and that tilesFn panics on a tile count below 1, or an A or a C
// one element short of its tiles.
func TestMaskedKernelsCheckBounds(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		kr := ks.s
		if kr.colsFn == nil {
			t.Skip("no masked kernels")
		}
		const kc, ldc = 5, 70
		a, b := make([]float32, kr.mr*kc), make([]float32, kr.nr*kc)
		for _, rows := range []int{1, kr.mr} {
			for _, cols := range []int{1, kr.nr - 1} {
				c := make([]float32, (rows-1)*ldc+cols)
				kr.colsFn(rows, cols, kc, 1, a, b, 1, c, ldc) // must not panic
				dn := kr.direct(false)
				dn.colsFn(rows, cols, kc, 1, a, kc, b, kr.nr, 1, c, ldc)
				for _, bad := range []struct {
					what       string
					cols, lenC int
				}{{"a short C", cols, len(c) - 1}, {"cols 0", 0, len(c)}, {"cols above nr", kr.nr + 1, len(c) + kr.nr}} {
					mustPanic(t, fmt.Sprintf("rows=%d cols=%d: %s", rows, cols, bad.what), func() {
						kr.colsFn(rows, bad.cols, kc, 1, a, b, 0, make([]float32, bad.lenC), ldc)
					})
					mustPanic(t, fmt.Sprintf("direct rows=%d cols=%d: %s", rows, cols, bad.what), func() {
						dn.colsFn(rows, bad.cols, kc, 1, a, kc, b, kr.nr, 0, make([]float32, bad.lenC), ldc)
					})
				}
			}
		}
	})
}

func TestTilesKernelsCheckBounds(t *testing.T) {
	forEachKernelSet(t, func(t *testing.T, ks kernelSet) {
		kr := ks.s
		if kr.tilesFn == nil {
			t.Skip("no multi-tile kernels")
		}
		const kc, ldc, tiles = 5, 70, 3
		mr, nr := kr.mr, kr.nr
		a, b := make([]float32, tiles*mr*kc), make([]float32, nr*kc)
		c := make([]float32, (tiles*mr-1)*ldc+nr)
		kr.tilesFn(tiles, nr, kc, 1, a, b, 0, c, ldc) // must not panic
		mustPanic(t, "tiles 0", func() { kr.tilesFn(0, nr, kc, 1, a, b, 0, c, ldc) })
		if kr.colsFn == nil {
			mustPanic(t, "cols below nr without masks", func() { kr.tilesFn(tiles, nr-1, kc, 1, a, b, 0, c, ldc) })
		}
		mustPanic(t, "a short A", func() { kr.tilesFn(tiles, nr, kc, 1, a[:len(a)-1], b, 0, c, ldc) })
		mustPanic(t, "a short C", func() { kr.tilesFn(tiles, nr, kc, 1, a, b, 0, c[:len(c)-1], ldc) })
		for _, trans := range []bool{false, true} {
			dk := kr.direct(trans)
			if dk.tilesFn == nil {
				continue
			}
			lda, n := kc, (tiles*mr-1)*kc+kc
			if trans {
				lda, n = tiles*mr, (kc-1)*tiles*mr+tiles*mr
			}
			ad := make([]float32, n)
			dk.tilesFn(tiles, nr, kc, 1, ad, lda, b, nr, 0, c, ldc) // must not panic
			mustPanic(t, "direct: a short A", func() { dk.tilesFn(tiles, nr, kc, 1, ad[:n-1], lda, b, nr, 0, c, ldc) })
			mustPanic(t, "direct: a short C", func() { dk.tilesFn(tiles, nr, kc, 1, ad, lda, b, nr, 0, c[:len(c)-1], ldc) })
		}
	})
}

// mustPanic reports an error if f returns without panicking.
func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}
