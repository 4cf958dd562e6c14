// Command asmgen generates the amd64 assembly micro-kernels of the GEMM in
// package kernels (gemm_amd64.s and its Go declarations) with avo.
//
// It lives in its own module so that the main module does not depend on
// avo. Run it through go generate in internal/kernels:
//
//	go generate ./internal/kernels/
//
// which runs, from this directory,
//
//	go run . -out ../gemm_amd64.s -stubs ../gemm_stub_amd64.go -pkg kernels
//
// A second go:generate line runs it with -family ew to write the
// elementwise kernels (ew_amd64.s and ew_stub_amd64.go; see ew.go).
// check.sh regenerates into a temporary directory and compares the results
// with the committed files byte for byte.
package main

import (
	"flag"
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// kernel describes one generated micro-kernel: an mr×(nv vectors) tile of
// C held in vector registers, updated by broadcasting elements of A (a
// packed panel, or the caller's matrix, see aMode) and multiplying them
// with vectors of the packed B panel.
type kernel struct {
	name   string
	elem   int  // element size in bytes: 4 (float32) or 8 (float64)
	vec    int  // vector size in bytes: 32 (AVX2) or 64 (AVX-512)
	mr     int  // rows of a full tile: elements of A per depth step
	rows   int  // rows this variant computes and stores (at most mr)
	nv     int  // vectors per row of the tile
	unroll int  // depth steps per iteration of the main loop
	avx512 bool // use zmm registers
	embed  bool // fold the broadcast of A into the FMAs (AVX-512 only; measured no faster on Zen 4, so unused)
	amode  aMode
}

// aMode is where a kernel finds element (i, p) of A (row i of the tile,
// depth step p). The direct modes read the caller's matrix, saving Gemm
// the packing of A; their functions take the row stride lda of A (in
// elements) as an extra argument before ldc, and also the step ldb (in
// elements) between the depth steps of B: nr for a packed B panel, the
// row stride of B when Gemm has them read B's rows in place too.
type aMode int

const (
	// aPacked reads a packed micro-panel: a[p*mr + i]. The mr elements of
	// a step are contiguous and the steps follow each other.
	aPacked aMode = iota
	// aTrans reads a transposed A (stored k×m): a[p*lda + i]. The
	// elements of a step are contiguous as in a packed panel; only the
	// step between depth steps is lda instead of mr. Steps u = 0..3 of an
	// unrolled iteration are addressed as a, a+L, a+2L and a+L3 (L = lda
	// in bytes, L3 = 3L in a register), then a advances by 4L with one
	// LEAQ.
	aTrans
	// aRows reads a plain A (stored m×k): a[i*lda + p]. Row i of the tile
	// starts at a + i*L; x86 addressing (base + index*{1,2,4,8}) reaches
	// rows 0..6 from one base a0 with index registers L, L3 = 3L and
	// L5 = 5L: a0 + {0, L, 2L, L3, 4L, L5, 2·L3}, and rows 7..13 the same
	// way from a second base a7 = a0 + 7L. Step u of an iteration is the
	// displacement u*elem, and both bases advance by one element per step.
	aRows
)

// suffix returns the name suffix of the mode's kernels.
func (m aMode) suffix() string {
	return [...]string{aPacked: "", aTrans: "DirT", aRows: "DirN"}[m]
}

// nr returns the columns of the tile.
func (k kernel) nr() int { return k.nv * k.vec / k.elem }

// goType returns the Go element type.
func (k kernel) goType() string {
	if k.elem == 4 {
		return "float32"
	}
	return "float64"
}

// family selects the kernels to generate: the GEMM micro-kernels and
// packing routines (gemm_amd64.s) or the elementwise kernels (ew_amd64.s,
// see ew.go).
var family = flag.String("family", "gemm", "kernel family to generate: gemm or ew")

func main() {
	flag.Parse()
	ConstraintExpr("amd64,!purego")
	if *family == "ew" {
		generateEW()
		Generate()
		return
	}
	// Besides the kernels reading packed A panels, the float32 ones come
	// in variants reading A unpacked (see aMode): both layouts for
	// AVX-512; for AVX2 only the row-major one, as reading a transposed A
	// 6 elements (a quarter of a cache line) per step measured no faster
	// than packing it. Gemm packs A where a kernel set has no variant.
	kernels := []struct {
		kernel
		direct []aMode
	}{
		{kernel{name: "sgemmAVX512", elem: 4, vec: 64, mr: 14, nv: 2, unroll: 4, avx512: true}, []aMode{aTrans, aRows}},
		{kernel{name: "dgemmAVX512", elem: 8, vec: 64, mr: 14, nv: 2, unroll: 4, avx512: true}, nil},
		{kernel{name: "sgemmAVX2", elem: 4, vec: 32, mr: 6, nv: 2, unroll: 4}, []aMode{aRows}},
		{kernel{name: "dgemmAVX2", elem: 8, vec: 32, mr: 6, nv: 2, unroll: 4}, nil},
	}
	for _, k := range kernels {
		modes := append([]aMode{aPacked}, k.direct...)
		for _, mode := range modes {
			// The full tile, then one variant per smaller row count for
			// the bottom edge of C.
			for rows := k.mr; rows >= 1; rows-- {
				v := k.kernel
				v.amode = mode
				v.rows = rows
				v.name = k.name + mode.suffix()
				if rows < k.mr {
					v.name = fmt.Sprintf("%sRows%d", v.name, rows)
				}
				v.generate()
			}
		}
	}
	// Packing routines for the panels of the AVX-512 kernels: A panels
	// are 14 lanes wide, B panels 32 (float32) or 16 (float64).
	for _, p := range []packer{{elem: 4, w: 14}, {elem: 4, w: 32}, {elem: 8, w: 14}, {elem: 8, w: 16}} {
		p.generateTrans()
		p.generateCopy()
	}
	// The same for the AVX2 kernels: A panels 6 lanes wide, B panels 16
	// (float32) or 8 (float64).
	for _, p := range []packer{{elem: 4, w: 6}, {elem: 4, w: 16}, {elem: 8, w: 6}, {elem: 8, w: 8}} {
		p.generateTrans2()
		p.generateCopy2()
	}
	generatePeaks()
	Generate()
}

// vreg returns vector register i of the kernel's width.
func (k kernel) vreg(i int) VecPhysical {
	if k.vec == 64 {
		return []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
			Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31}[i]
	}
	return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}[i]
}

// generate emits the kernel's function.
//
// Register use: accumulators take vector registers 0 .. rows*nv-1 (row i,
// vector v is register i*nv+v), the B vectors of a step the next nv, and
// two more hold broadcast A elements.
//
// A tile of fewer than 8 accumulators (the 1- to 3-row variants) would be
// bound by the FMA latency rather than its throughput: with 2 FMA pipes
// and a latency of 4 cycles, each accumulator can take a new FMA only
// every 4 cycles. Those variants keep enough sets of accumulators for 8
// (the registers after the broadcast ones; 4 sets for one row, 2 for two
// or three), step u of an unrolled iteration adding into set u mod sets,
// and add the sets into the first, in order, before the store. The
// 2-row tile that a 128-row product leaves at its bottom edge
// (128 = 9·14 + 2) then runs at the FMA throughput. Their sums round
// differently from the wider tiles' (each set sums its own steps) but the
// same on every call.
func (k kernel) generate() {
	strides := "ldc"
	if k.amode != aPacked {
		strides = "lda, ldb, ldc"
	}
	if k.avx512 {
		strides += ", cols"
	}
	strides += ", tiles"
	params := "kc int, a, b, c *%[1]s, " + strides + " int, alpha, beta %[1]s"
	sig := fmt.Sprintf("func("+params+")", k.goType())
	TEXT(k.name, NOSPLIT, sig)
	Pragma("noescape")
	switch {
	case k.rows < k.mr:
		Doc(fmt.Sprintf("%s is %s for the first %d rows of the tile only.", k.name, k.name[:len(k.name)-len(fmt.Sprint("Rows", k.rows))], k.rows))
	case k.amode == aTrans:
		Doc(fmt.Sprintf("%s is %s reading A unpacked from a transposed matrix:", k.name, k.name[:len(k.name)-4]),
			"element (i, p) of the tile's A at a[p*lda+i]; depth step p of B",
			"starts at b[p*ldb].")
	case k.amode == aRows:
		Doc(fmt.Sprintf("%s is %s reading A unpacked from a row-major matrix:", k.name, k.name[:len(k.name)-4]),
			"element (i, p) of the tile's A at a[i*lda+p]; depth step p of B",
			"starts at b[p*ldb].")
	default:
		Doc(fmt.Sprintf("%s computes the %d×%d tile c = alpha*a*b + beta*c from packed panels", k.name, k.mr, k.nr()),
			fmt.Sprintf("(a: kc steps of %d elements, b: kc steps of %d) for a row stride ldc of c;", k.mr, k.nr()),
			"c is not read when beta is zero. kc must be at least 1.")
	}
	if k.avx512 {
		Doc(fmt.Sprintf("Only the first cols columns of the tile (1 ≤ cols ≤ %d) are read and", k.nr()),
			"written, through masks when cols is less: the right edge of C.")
	}
	Doc(fmt.Sprintf("It computes tiles ≥ 1 such tiles, %d rows of C (and of A) apart, with", k.mr),
		"the same B panel, as one call per tile would.")

	kc, a0, b, c, ldc := GP64(), GP64(), GP64(), GP64(), GP64()
	Load(Param("kc"), kc)
	Load(Param("a"), a0)
	Load(Param("b"), b)
	Load(Param("c"), c)
	Load(Param("ldc"), ldc)
	k.toBytes(ldc)
	a := k.loadA(a0)
	bs := k.loadB(b)

	acc := func(i, v int) VecPhysical { return k.vreg(i*k.nv + v) }
	bv := func(v int) VecPhysical { return k.vreg(k.rows*k.nv + v) }
	nacc := k.rows * k.nv
	sets := []func(i, v int) VecPhysical{acc}
	for s := 1; s < min(k.unroll, (8+nacc-1)/nacc); s++ {
		base := nacc + k.nv + 2 + (s-1)*nacc
		sets = append(sets, func(i, v int) VecPhysical { return k.vreg(base + i*k.nv + v) })
	}

	Label(k.name + "_tile")
	Comment("Prefetch the rows of C and clear the accumulators.")
	row := GP64()
	MOVQ(c, row)
	for i := 0; i < k.rows; i++ {
		for off := 0; off < k.nr()*k.elem; off += 64 {
			PREFETCHT0(Mem{Base: row, Disp: off})
		}
		if i+1 < k.rows {
			ADDQ(ldc, row)
		}
	}
	for _, set := range sets {
		for i := 0; i < k.rows; i++ {
			for v := 0; v < k.nv; v++ {
				r := set(i, v)
				if k.avx512 {
					VPXORD(r, r, r)
				} else {
					VXORPS(r.AsY(), r.AsY(), r.AsY())
				}
			}
		}
	}

	Comment("Main loop: unrolled depth steps.")
	Label(k.name + "_loop")
	CMPQ(kc, Imm(uint64(k.unroll)))
	JL(LabelRef(k.name + "_tail"))
	for u := 0; u < k.unroll; u++ {
		k.step(a, bs, u, sets[u%len(sets)], bv)
	}
	k.advanceA(a, k.unroll)
	k.advanceB(bs, k.unroll)
	SUBQ(Imm(uint64(k.unroll)), kc)
	JMP(LabelRef(k.name + "_loop"))

	Comment("Remaining depth steps one at a time.")
	Label(k.name + "_tail")
	TESTQ(kc, kc)
	JE(LabelRef(k.name + "_store"))
	k.step(a, bs, 0, acc, bv)
	k.advanceA(a, 1)
	k.advanceB(bs, 1)
	DECQ(kc)
	JMP(LabelRef(k.name + "_tail"))

	Label(k.name + "_store")
	if len(sets) > 1 {
		Comment("Add the other sets of accumulators to the first.")
		for _, set := range sets[1:] {
			for i := 0; i < k.rows; i++ {
				for v := 0; v < k.nv; v++ {
					k.add(set(i, v), acc(i, v))
				}
			}
		}
	}
	Comment("Scale by alpha.")
	alpha := bv(0)
	k.broadcast(paramAddr("alpha"), alpha)
	for i := 0; i < k.rows; i++ {
		for v := 0; v < k.nv; v++ {
			k.mul(alpha, acc(i, v))
		}
	}
	if k.avx512 {
		cols := GP64()
		Load(Param("cols"), cols)
		CMPQ(cols, U32(k.nr()))
		JL(LabelRef(k.name + "_masked"))
	}
	Comment("beta == 0 (either sign): overwrite C without reading it.")
	k.betaBranch(k.name + "_beta")
	k.storeRows(c, ldc, func(i, v int, m Mem) { k.movStore(acc(i, v), m) })
	k.endTile()

	Label(k.name + "_beta")
	Comment("Otherwise c = alpha*acc + beta*c.")
	beta := bv(1 % k.nv)
	if k.nv == 1 {
		panic("nv must be at least 2")
	}
	k.broadcast(paramAddr("beta"), beta)
	k.storeRows(c, ldc, func(i, v int, m Mem) {
		k.fmaMem(m, beta, acc(i, v))
		k.movStore(acc(i, v), m)
	})
	k.endTile()
	if k.avx512 {
		k.maskedStores(c, ldc, acc, beta)
	}
	k.nextTile(kc, a, bs, c, ldc)
}

// endTile ends the stores of a tile: the kernel goes on to the next tile
// (see nextTile).
func (k kernel) endTile() {
	JMP(LabelRef(k.name + "_next"))
}

// nextTile emits the step from one tile of a kernel to the next, mr rows
// down (label <name>_next): it counts the parameter tiles
// down and returns when it reaches zero; otherwise it moves the
// parameter a to the next tile's A (mr packed rows, mr rows of a
// row-major A, or mr columns of a transposed one), reloads kc and the B
// panel, moves c down mr rows and starts the tile again. The parameters
// tiles and a hold the loop's state, so that it needs no more registers
// than one tile.
func (k kernel) nextTile(kc GPVirtual, a aRegs, bs bRegs, c, ldc GPVirtual) {
	Label(k.name + "_next")
	n := GP64()
	Load(Param("tiles"), n)
	DECQ(n)
	JE(LabelRef(k.name + "_done"))
	MOVQ(n, paramAddr("tiles"))
	Load(Param("a"), a.a0)
	switch k.amode {
	case aRows:
		t := GP64()
		IMUL3Q(U32(uint64(k.mr)), a.l, t)
		ADDQ(t, a.a0)
	case aTrans:
		ADDQ(U32(uint64(k.mr*k.elem)), a.a0)
	default:
		t := GP64()
		Load(Param("kc"), t)
		IMUL3Q(U32(uint64(k.mr*k.elem)), t, t)
		ADDQ(t, a.a0)
	}
	MOVQ(a.a0, paramAddr("a"))
	if k.amode == aRows && k.rows > 7 {
		LEAQ(Mem{Base: a.a0, Index: a.l3, Scale: 2}, a.a7) // a0 + 6L
		ADDQ(a.l, a.a7)
	}
	Load(Param("kc"), kc)
	Load(Param("b"), bs.b)
	t := GP64()
	IMUL3Q(U32(uint64(k.mr)), ldc, t)
	ADDQ(t, c)
	JMP(LabelRef(k.name + "_tile"))

	Label(k.name + "_done")
	VZEROUPPER()
	RET()
}

// betaBranch jumps to label if the parameter beta is not zero (of either
// sign).
func (k kernel) betaBranch(label string) {
	bits := GP64()
	if k.elem == 4 {
		MOVL(paramAddr("beta"), bits.As32())
		SHLL(Imm(1), bits.As32())
	} else {
		MOVQ(paramAddr("beta"), bits)
		SHLQ(Imm(1), bits)
	}
	JNE(LabelRef(label))
}

// maskedStores emits the stores of an AVX-512 tile cut by the right edge
// of C (label <name>_masked, reached with alpha already applied): vector
// v of a row stores the lanes of columns v·L .. v·L+L-1 below cols (L
// lanes a vector) through mask register K1+v, and, when beta is not
// zero, reads C through the same mask first (zeroing the other lanes),
// so that no column from cols on is touched.
func (k kernel) maskedStores(c, ldc GPVirtual, acc func(i, v int) VecPhysical, beta VecPhysical) {
	Label(k.name + "_masked")
	Comment("Masks of the first cols columns, vector by vector.")
	cols, bits := GP64(), GP64()
	Load(Param("cols"), cols)
	MOVQ(I32(-1), bits)
	BZHIQ(cols, bits, bits)
	lanes := k.vec / k.elem
	masks := []Register{K1, K2, K3, K4}[:k.nv]
	for v, m := range masks {
		KMOVW(bits.As32(), m)
		if v+1 < k.nv {
			SHRQ(U8(lanes), bits)
		}
	}
	store := func(r VecPhysical, kr Register, m Mem) {
		if k.elem == 4 {
			VMOVUPS(r, kr, m)
		} else {
			VMOVUPD(r, kr, m)
		}
	}
	k.betaBranch(k.name + "_masked_beta")
	k.storeRows(c, ldc, func(i, v int, m Mem) { store(acc(i, v), masks[v], m) })
	k.endTile()

	Label(k.name + "_masked_beta")
	k.broadcast(paramAddr("beta"), beta)
	tmp := k.vreg(k.rows*k.nv + k.nv) // a broadcast register of the loop, free now
	k.storeRows(c, ldc, func(i, v int, m Mem) {
		if k.elem == 4 {
			VMOVUPS_Z(m, masks[v], tmp)
		} else {
			VMOVUPD_Z(m, masks[v], tmp)
		}
		k.fma(tmp, beta, acc(i, v))
		store(acc(i, v), masks[v], m)
	})
	k.endTile()
}

// toBytes converts a count of elements in r to bytes.
func (k kernel) toBytes(r GPVirtual) {
	if k.elem == 4 {
		SHLQ(Imm(2), r)
	} else {
		SHLQ(Imm(3), r)
	}
}

// aRegs are the registers through which a kernel reads A (see aMode).
type aRegs struct {
	a0, a7    GPVirtual // bases: the tile's A; for aRows also row 7's
	l, l3, l5 GPVirtual // lda, 3·lda and 5·lda in bytes (direct modes; l5 for aRows only)
}

// loadA returns the A registers with base a0 (holding the A pointer),
// loading for the direct modes the registers derived from lda that their
// addressing needs. Registers the tile's rows do not use are not
// allocated.
func (k kernel) loadA(a0 GPVirtual) aRegs {
	r := aRegs{a0: a0}
	if k.amode == aPacked {
		return r
	}
	r.l = GP64()
	Load(Param("lda"), r.l)
	k.toBytes(r.l)
	if k.amode == aTrans || k.rows > 3 {
		r.l3 = GP64()
		LEAQ(Mem{Base: r.l, Index: r.l, Scale: 2}, r.l3)
	}
	if k.amode == aRows && k.rows > 5 {
		r.l5 = GP64()
		LEAQ(Mem{Base: r.l, Index: r.l, Scale: 4}, r.l5)
	}
	if k.amode == aRows && k.rows > 7 {
		r.a7 = GP64()
		LEAQ(Mem{Base: r.a0, Index: r.l3, Scale: 2}, r.a7) // a0 + 6L
		ADDQ(r.l, r.a7)
	}
	return r
}

// aElem returns the memory operand of element i of depth step u (counted
// from the current position of the A registers).
func (k kernel) aElem(r aRegs, u, i int) Mem {
	switch k.amode {
	case aTrans:
		// Step u at a0 + u·L, for u < 4 with one index register.
		m := []Mem{{Base: r.a0}, {Base: r.a0, Index: r.l, Scale: 1},
			{Base: r.a0, Index: r.l, Scale: 2}, {Base: r.a0, Index: r.l3, Scale: 1}}[u]
		m.Disp = i * k.elem
		return m
	case aRows:
		// Row i at base + {0, L, 2L, L3, 4L, L5, 2·L3}[i mod 7], the base
		// being a0 for rows 0..6 and a7 for rows 7..13.
		m := Mem{Base: r.a0, Disp: u * k.elem}
		if i >= 7 {
			m.Base = r.a7
		}
		switch i % 7 {
		case 1:
			m.Index, m.Scale = r.l, 1
		case 2:
			m.Index, m.Scale = r.l, 2
		case 3:
			m.Index, m.Scale = r.l3, 1
		case 4:
			m.Index, m.Scale = r.l, 4
		case 5:
			m.Index, m.Scale = r.l5, 1
		case 6:
			m.Index, m.Scale = r.l3, 2
		}
		return m
	}
	return Mem{Base: r.a0, Disp: (u*k.mr + i) * k.elem}
}

// bRegs are the registers through which a kernel reads B: its base b
// and, for the direct modes, the step lb between depth steps and 3·lb, in
// bytes.
type bRegs struct {
	b, lb, lb3 GPVirtual
}

// loadB returns the B registers with base b, loading for the direct modes
// the step ldb and 3·ldb in bytes.
func (k kernel) loadB(b GPVirtual) bRegs {
	r := bRegs{b: b}
	if k.amode == aPacked {
		return r
	}
	r.lb, r.lb3 = GP64(), GP64()
	Load(Param("ldb"), r.lb)
	k.toBytes(r.lb)
	LEAQ(Mem{Base: r.lb, Index: r.lb, Scale: 2}, r.lb3)
	return r
}

// bVec returns the memory operand of vector v of depth step u (counted
// from the current position of b): packed panels at u*nr elements, the
// direct modes' B at b + u·lb, for u < 4 with one index register.
func (k kernel) bVec(r bRegs, u, v int) Mem {
	if k.amode == aPacked {
		return Mem{Base: r.b, Disp: (u*k.nr() + v*k.vec/k.elem) * k.elem}
	}
	m := []Mem{{Base: r.b}, {Base: r.b, Index: r.lb, Scale: 1},
		{Base: r.b, Index: r.lb, Scale: 2}, {Base: r.b, Index: r.lb3, Scale: 1}}[u]
	m.Disp = v * k.vec
	return m
}

// advanceB moves b on by n depth steps (n is 1 or the unrolling, 4).
func (k kernel) advanceB(r bRegs, n int) {
	switch {
	case k.amode == aPacked:
		ADDQ(U32(n*k.nr()*k.elem), r.b)
	case n == 1:
		ADDQ(r.lb, r.b)
	case n == 4:
		LEAQ(Mem{Base: r.b, Index: r.lb, Scale: 4}, r.b)
	default:
		panic("direct kernels unroll by 4")
	}
}

// advanceA moves the A registers on by n depth steps (n is 1 or the
// unrolling, 4).
func (k kernel) advanceA(r aRegs, n int) {
	switch k.amode {
	case aTrans:
		if n == 1 {
			ADDQ(r.l, r.a0)
		} else if n == 4 {
			LEAQ(Mem{Base: r.a0, Index: r.l, Scale: 4}, r.a0)
		} else {
			panic("aTrans kernels unroll by 4")
		}
	case aRows:
		ADDQ(U32(n*k.elem), r.a0)
		if k.rows > 7 {
			ADDQ(U32(n*k.elem), r.a7)
		}
	default:
		ADDQ(U32(n*k.mr*k.elem), r.a0)
	}
}

// step emits depth step u (relative to the a and b pointers): load the nv
// B vectors, then for each row broadcast A's element and FMA it into the
// row's accumulators.
func (k kernel) step(a aRegs, b bRegs, u int, acc func(i, v int) VecPhysical, bv func(v int) VecPhysical) {
	for v := 0; v < k.nv; v++ {
		k.movLoad(k.bVec(b, u, v), bv(v))
	}
	for i := 0; i < k.rows; i++ {
		m := k.aElem(a, u, i)
		if k.embed {
			for v := 0; v < k.nv; v++ {
				if k.elem == 4 {
					VFMADD231PS_BCST(m, bv(v), acc(i, v))
				} else {
					VFMADD231PD_BCST(m, bv(v), acc(i, v))
				}
			}
			continue
		}
		t := k.vreg(k.rows*k.nv + k.nv + i%2)
		k.broadcast(m, t)
		for v := 0; v < k.nv; v++ {
			k.fma(bv(v), t, acc(i, v))
		}
	}
}

// storeRows calls emit for every vector of every row of the C tile with
// its memory operand, walking the rows with a pointer register.
func (k kernel) storeRows(c, ldc GPVirtual, emit func(i, v int, m Mem)) {
	row := GP64()
	MOVQ(c, row)
	for i := 0; i < k.rows; i++ {
		for v := 0; v < k.nv; v++ {
			emit(i, v, Mem{Base: row, Disp: v * k.vec})
		}
		if i+1 < k.rows {
			ADDQ(ldc, row)
		}
	}
}

func (k kernel) reg(r VecPhysical) Op {
	if k.vec == 32 {
		return r.AsY()
	}
	return r
}

func (k kernel) broadcast(m Mem, r VecPhysical) {
	if k.elem == 4 {
		VBROADCASTSS(m, k.reg(r))
	} else {
		VBROADCASTSD(m, k.reg(r))
	}
}

func (k kernel) movLoad(m Mem, r VecPhysical) {
	if k.elem == 4 {
		VMOVUPS(m, k.reg(r))
	} else {
		VMOVUPD(m, k.reg(r))
	}
}

func (k kernel) movStore(r VecPhysical, m Mem) {
	if k.elem == 4 {
		VMOVUPS(k.reg(r), m)
	} else {
		VMOVUPD(k.reg(r), m)
	}
}

// add emits r += s.
func (k kernel) add(s, r VecPhysical) {
	if k.elem == 4 {
		VADDPS(k.reg(s), k.reg(r), k.reg(r))
	} else {
		VADDPD(k.reg(s), k.reg(r), k.reg(r))
	}
}

func (k kernel) mul(s, r VecPhysical) {
	if k.elem == 4 {
		VMULPS(k.reg(s), k.reg(r), k.reg(r))
	} else {
		VMULPD(k.reg(s), k.reg(r), k.reg(r))
	}
}

// fma emits r += x*y.
func (k kernel) fma(x, y, r VecPhysical) {
	if k.elem == 4 {
		VFMADD231PS(k.reg(x), k.reg(y), k.reg(r))
	} else {
		VFMADD231PD(k.reg(x), k.reg(y), k.reg(r))
	}
}

// fmaMem emits r += m*s.
func (k kernel) fmaMem(m Mem, s, r VecPhysical) {
	if k.elem == 4 {
		VFMADD231PS(m, k.reg(s), k.reg(r))
	} else {
		VFMADD231PD(m, k.reg(s), k.reg(r))
	}
}

// paramAddr returns the memory operand of a scalar parameter.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}
