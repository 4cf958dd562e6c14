package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// This file generates the elementwise kernels of package kernels
// (ew_amd64.s and ew_stub_amd64.go, selected with -family ew): arithmetic
// over rows with a broadcast row or scalar, Relu and the fused activation
// gradients, the float32 exponential and the functions built on it, the
// passes of a row softmax, row and column sums and the Adam update. Every
// kernel exists for AVX-512 (zmm registers, opmask tails) and AVX2 (ymm
// registers, VMASKMOV tails), and each has a pure-Go twin in package
// kernels that documents the loop it computes. Every product and sum is
// rounded on its own, in the order the Go twin writes it, and a
// multiply-add is fused only where the twin calls math.FMA (the float64
// exponential's polynomial), so that the assembly and the twins agree bit
// for bit.

// ewg generates kernels for one instruction set and element type.
type ewg struct {
	zmm bool // AVX-512 rather than AVX2
	f64 bool // float64 rather than float32 elements
}

// ewISAs are the instruction sets the kernels are generated for.
var ewISAs = []ewg{{zmm: true}, {zmm: false}}

func (g ewg) isa() string {
	if g.zmm {
		return "AVX512"
	}
	return "AVX2"
}

// fname is the kernel's function name: base, the instruction set and S
// (float32) or D (float64).
func (g ewg) fname(base string) string {
	if g.f64 {
		return base + g.isa() + "D"
	}
	return base + g.isa() + "S"
}

func (g ewg) goType() string {
	if g.f64 {
		return "float64"
	}
	return "float32"
}

func (g ewg) esz() int {
	if g.f64 {
		return 8
	}
	return 4
}

func (g ewg) shift() uint64 {
	if g.f64 {
		return 3
	}
	return 2
}

func (g ewg) vbytes() int {
	if g.zmm {
		return 64
	}
	return 32
}

// lanes is the number of elements of one vector.
func (g ewg) lanes() int { return g.vbytes() / g.esz() }

// vec allocates a vector register of the instruction set's width.
func (g ewg) vec() VecVirtual {
	if g.zmm {
		return ZMM()
	}
	return YMM()
}

// vecs allocates n vector registers.
func (g ewg) vecs(n int) []VecVirtual {
	r := make([]VecVirtual, n)
	for i := range r {
		r[i] = g.vec()
	}
	return r
}

// half returns the lower half of a vector register (ymm of a zmm, xmm of
// a ymm).
func (g ewg) half(r VecVirtual) Op {
	if g.zmm {
		return r.AsY()
	}
	return r.AsX()
}

// --- Constants -------------------------------------------------------------

// The constants the kernels use live in 32-byte read-only tables (eight
// float32 or four float64 copies): AVX2 instructions read them as 256-bit
// memory operands, AVX-512 ones broadcast their first element.
var ewConsts = map[string]Mem{}

// ewConstBits declares the constant name holding the 32-bit pattern bits.
func ewConstBits(name string, bits uint32) {
	m := GLOBL("ew"+name, RODATA|NOPTR)
	for i := 0; i < 8; i++ {
		DATA(4*i, U32(bits))
	}
	ewConsts[name] = m
}

// ewConstF64 declares the float64 constant name.
func ewConstF64(name string, v float64) {
	m := GLOBL("ew"+name, RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(math.Float64bits(v)))
	}
	ewConsts[name] = m
}

// The float32 constants of the exponential and of tanh; the Go twins in
// package kernels (ew_exp.go) hold the same values.
var (
	ewExpP   = []float32{1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1}
	ewTanhP  = []float32{-0.00069653307, 0.0030899264, -0.008684717, 0.021835782, -0.053965166, 0.13333322, -0.33333334}
	ewF32Tab = map[string]float32{
		"Hi": 89, "Lo": -104, "Log2e": 1.44269504088896341, "C1": 0.693359375, "NC2": 2.12194440e-4,
		"One": 1, "Two": 2, "Cross": 0.75, "TanhHi": 9.1, "NegInf": float32(math.Inf(-1)), "PosInf": float32(math.Inf(1)),
	}
)

// ewDeclareConsts emits every constant table, in a fixed order.
func ewDeclareConsts() {
	for _, k := range []string{"Hi", "Lo", "Log2e", "C1", "NC2", "One", "Two", "Cross", "TanhHi", "NegInf", "PosInf"} {
		ewConstBits(k+"S", math.Float32bits(ewF32Tab[k]))
	}
	for i, c := range ewExpP {
		ewConstBits(fmt.Sprintf("ExpP%dS", i), math.Float32bits(c))
	}
	for i, c := range ewTanhP {
		ewConstBits(fmt.Sprintf("TanhP%dS", i), math.Float32bits(c))
	}
	ewConstBits("SignS", 1<<31)
	ewConstBits("AbsS", 1<<31-1)
	ewConstBits("Bias", 127)
	ewConstF64("OneD", 1)
	ewConstF64("NegInfD", math.Inf(-1))
	ewConstF64("PosInfD", math.Inf(1))
	ewDeclareConsts64()
	// ewTailMask: eight all-ones words, then eight zero words. Loading a
	// vector at byte 32-k gives a VMASKMOV mask for the first k bytes.
	m := GLOBL("ewTailMask", RODATA|NOPTR)
	for i := 0; i < 16; i++ {
		v := uint32(0)
		if i < 8 {
			v = 0xffffffff
		}
		DATA(4*i, U32(v))
	}
	ewConsts["TailMask"] = m
}

// c returns the memory operand of a constant of the element type.
func (g ewg) c(name string) Mem {
	suffix := "S"
	if g.f64 {
		suffix = "D"
	}
	m, ok := ewConsts[name+suffix]
	if !ok {
		panic("no constant " + name + suffix)
	}
	return m
}

// creg loads a constant into a new register.
func (g ewg) creg(name string) VecVirtual {
	r := g.vec()
	g.bcast(g.c(name), r)
	return r
}

// bcast broadcasts the scalar at m into r.
func (g ewg) bcast(m Mem, r VecVirtual) {
	if g.f64 {
		VBROADCASTSD(m, r)
	} else {
		VBROADCASTSS(m, r)
	}
}

// zero returns a new register holding zeros.
func (g ewg) zero() VecVirtual {
	r := g.vec()
	if g.zmm {
		VPXORD(r, r, r)
	} else {
		VXORPS(r, r, r)
	}
	return r
}

// --- Instructions ----------------------------------------------------------

// ewIns is a packed floating-point instruction in its float32, float64
// and AVX-512 broadcast forms.
type ewIns struct {
	name         string
	s, d, sb, db func(...Op)
	commutes     bool
}

var (
	iAdd = ewIns{name: "Add", s: VADDPS, d: VADDPD, sb: VADDPS_BCST, db: VADDPD_BCST, commutes: true}
	iSub = ewIns{name: "Sub", s: VSUBPS, d: VSUBPD, sb: VSUBPS_BCST, db: VSUBPD_BCST}
	iMul = ewIns{name: "Mul", s: VMULPS, d: VMULPD, sb: VMULPS_BCST, db: VMULPD_BCST, commutes: true}
	iDiv = ewIns{name: "Div", s: VDIVPS, d: VDIVPD, sb: VDIVPS_BCST, db: VDIVPD_BCST}
)

// op emits dst = b ∘ a (Intel order: src1 b, src2 a), where a may be a
// vector memory operand.
func (g ewg) op(in ewIns, a, b, dst Op) {
	if g.f64 {
		in.d(a, b, dst)
	} else {
		in.s(a, b, dst)
	}
}

// opc emits dst = b ∘ constant.
func (g ewg) opc(in ewIns, name string, b, dst Op) {
	m := g.c(name)
	switch {
	case g.zmm && g.f64:
		in.db(m, b, dst)
	case g.zmm:
		in.sb(m, b, dst)
	default:
		g.op(in, m, b, dst)
	}
}

// bitsc emits dst = b & constant when and is set, else b | constant.
func (g ewg) bitsc(and bool, name string, b, dst Op) {
	m := g.c(name)
	switch {
	case g.zmm && and:
		VPANDD_BCST(m, b, dst)
	case g.zmm:
		VPORD_BCST(m, b, dst)
	case and:
		VANDPS(m, b, dst)
	default:
		VORPS(m, b, dst)
	}
}

// ewMask is the mask of a tail of fewer elements than a vector holds: an
// opmask register for AVX-512, a vector of all-ones lanes for AVX2.
type ewMask struct {
	k Op
	v VecVirtual
}

// mask returns the mask of the first n elements (0 < n < lanes).
func (g ewg) mask(n GPVirtual) *ewMask {
	if g.zmm {
		t := GP32()
		MOVL(U32(0xffffffff), t)
		BZHIL(n.As32(), t, t)
		k := K()
		KMOVW(t, k)
		return &ewMask{k: k}
	}
	return &ewMask{v: g.tailMask(n, g.esz(), false)}
}

// tailMask loads the VMASKMOV mask of the first n elements of size esz
// into a new ymm (or xmm when narrow) register.
func (g ewg) tailMask(n GPVirtual, esz int, narrow bool) VecVirtual {
	t, o := GP64(), GP64()
	LEAQ(ewConsts["TailMask"], t)
	MOVQ(n, o)
	if esz == 8 {
		SHLQ(Imm(3), o)
	} else {
		SHLQ(Imm(2), o)
	}
	NEGQ(o)
	m := YMM()
	if narrow {
		VMOVDQU(Mem{Base: t, Index: o, Scale: 1, Disp: 32}, m.AsX())
	} else {
		VMOVDQU(Mem{Base: t, Index: o, Scale: 1, Disp: 32}, m)
	}
	return m
}

// load loads a vector, or under mk only its first elements (the others
// become zero).
func (g ewg) load(m Mem, dst VecVirtual, mk *ewMask) {
	switch {
	case mk == nil && g.f64:
		VMOVUPD(m, dst)
	case mk == nil:
		VMOVUPS(m, dst)
	case g.zmm && g.f64:
		VMOVUPD_Z(m, mk.k, dst)
	case g.zmm:
		VMOVUPS_Z(m, mk.k, dst)
	case g.f64:
		VMASKMOVPD(m, mk.v, dst)
	default:
		VMASKMOVPS(m, mk.v, dst)
	}
}

// store stores a vector, or under mk only its first elements.
func (g ewg) store(src VecVirtual, m Mem, mk *ewMask) {
	switch {
	case mk == nil && g.f64:
		VMOVUPD(src, m)
	case mk == nil:
		VMOVUPS(src, m)
	case g.zmm && g.f64:
		VMOVUPD(src, mk.k, m)
	case g.zmm:
		VMOVUPS(src, mk.k, m)
	case g.f64:
		VMASKMOVPD(src, mk.v, m)
	default:
		VMASKMOVPS(src, mk.v, m)
	}
}

// src returns m as an instruction operand: the memory operand itself for
// a full vector, a masked load of it for a tail.
func (g ewg) src(m Mem, mk *ewMask) Op {
	if mk == nil {
		return m
	}
	r := g.vec()
	g.load(m, r, mk)
	return r
}

// vmem is the memory operand of vector v from pointer p.
func (g ewg) vmem(p GPVirtual, v int) Mem { return Mem{Base: p, Disp: v * g.vbytes()} }

// loop emits the loop of a kernel over n elements (n is consumed), with the
// pointers ps walking the operands: blocks of u vectors, then single
// vectors, then a masked tail. body(cnt, mk) emits the work for cnt
// vectors at the pointers (vector v at g.vmem(p, v)); mk is nil except for
// the tail, where cnt is 1.
func (g ewg) loop(lbl string, n GPVirtual, ps []GPVirtual, u int, body func(cnt int, mk *ewMask)) {
	step := func(cnt int, next string) {
		Label(lbl + fmt.Sprint("_by", cnt))
		CMPQ(n, U32(cnt*g.lanes()))
		JL(LabelRef(next))
		body(cnt, nil)
		for _, p := range ps {
			ADDQ(U32(cnt*g.vbytes()), p)
		}
		SUBQ(U32(cnt*g.lanes()), n)
		JMP(LabelRef(lbl + fmt.Sprint("_by", cnt)))
	}
	if u > 1 {
		step(u, lbl+"_by1")
	}
	step(1, lbl+"_tail")
	Label(lbl + "_tail")
	TESTQ(n, n)
	JE(LabelRef(lbl + "_done"))
	body(1, g.mask(n))
	Label(lbl + "_done")
}

// text starts a kernel with its signature and documentation.
func (g ewg) text(name, sig string, doc ...string) {
	TEXT(name, NOSPLIT, fmt.Sprintf(sig, g.goType()))
	Pragma("noescape")
	Doc(doc...)
}

// ret ends a kernel.
func ret() {
	VZEROUPPER()
	RET()
}

// loadPtrs loads the named pointer (or integer) parameters.
func loadPtrs(names ...string) []GPVirtual {
	r := make([]GPVirtual, len(names))
	for i, n := range names {
		r[i] = GP64()
		Load(Param(n), r[i])
	}
	return r
}

// --- Arithmetic ------------------------------------------------------------

// binRows emits <op>Rows: d[r*n+i] = x[r*xs+i] ∘ y[r*ys+i] for r < rows,
// i < n.
func (g ewg) binRows(in ewIns) {
	name := g.fname("ew" + in.name + "Rows")
	g.text(name, "func(d, x, y *%s, rows, n, xs, ys int)",
		fmt.Sprintf("%s is the %s kernel of ewRowsGo.", name, in.name))
	p := loadPtrs("d", "x", "y", "rows", "xs", "ys")
	d, x, y, rows, xs, ys := p[0], p[1], p[2], p[3], p[4], p[5]
	SHLQ(Imm(g.shift()), xs)
	SHLQ(Imm(g.shift()), ys)
	g.rowLoop(name, rows, []GPVirtual{d, x, y}, 4, func(k int, mk *ewMask, ps []GPVirtual) {
		pd, px, py := ps[0], ps[1], ps[2]
		a := g.vecs(k)
		for v := range a {
			g.load(g.vmem(px, v), a[v], mk)
		}
		for v := range a {
			g.op(in, g.src(g.vmem(py, v), mk), a[v], a[v])
		}
		for v := range a {
			g.store(a[v], g.vmem(pd, v), mk)
		}
	}, func() {
		nb := GP64()
		Load(Param("n"), nb)
		SHLQ(Imm(g.shift()), nb)
		ADDQ(nb, d)
		ADDQ(xs, x)
		ADDQ(ys, y)
	})
	ret()
}

// rowLoop emits a loop over the rows of a kernel's operands: while rows
// (consumed) is not zero, g.loop over n elements (the parameter "n")
// with walking copies of the row pointers bases, body emitting the work
// for cnt vectors at those copies as g.loop's body does, then next to
// move bases on to the next row.
func (g ewg) rowLoop(name string, rows GPVirtual, bases []GPVirtual, u int, body func(cnt int, mk *ewMask, ps []GPVirtual), next func()) {
	Label(name + "_row")
	TESTQ(rows, rows)
	JE(LabelRef(name + "_end"))
	ps := make([]GPVirtual, len(bases))
	for i := range ps {
		ps[i] = GP64()
	}
	for i, b := range bases {
		MOVQ(b, ps[i])
	}
	cnt := GP64()
	Load(Param("n"), cnt)
	g.loop(name, cnt, ps, u, func(k int, mk *ewMask) { body(k, mk, ps) })
	next()
	DECQ(rows)
	JMP(LabelRef(name + "_row"))
	Label(name + "_end")
}

// biasRows emits ewBiasRows, or with relu ewBiasReluRows: in place,
// d[r*ld+i] = d[r*ld+i] + b[i] for r < rows, i < n, then with relu
// max(0, that) as ewRelu computes it (NaN and -0 stay): a GEMM's bias and
// activation over a block of C whose rows are ld apart, in one call and
// one pass.
func (g ewg) biasRows(relu bool) {
	base := "ewBiasRows"
	if relu {
		base = "ewBiasReluRows"
	}
	name := g.fname(base)
	g.text(name, "func(d, b *%s, rows, n, ld int)",
		fmt.Sprintf("%s is the kernel of %sGo.", name, base))
	p := loadPtrs("d", "b", "rows", "ld")
	d, b, rows, ld := p[0], p[1], p[2], p[3]
	SHLQ(Imm(g.shift()), ld)
	var z VecVirtual
	if relu {
		z = g.zero()
	}
	g.rowLoop(name, rows, []GPVirtual{d, b}, 4, func(k int, mk *ewMask, ps []GPVirtual) {
		pd, pb := ps[0], ps[1]
		a := g.vecs(k)
		for v := range a {
			g.load(g.vmem(pd, v), a[v], mk)
		}
		for v := range a {
			g.op(iAdd, g.src(g.vmem(pb, v), mk), a[v], a[v])
		}
		if relu {
			for v := range a {
				if g.f64 {
					VMAXPD(a[v], z, a[v])
				} else {
					VMAXPS(a[v], z, a[v])
				}
			}
		}
		for v := range a {
			g.store(a[v], g.vmem(pd, v), mk)
		}
	}, func() { ADDQ(ld, d) })
	ret()
}

// binScalar emits d[i] = x[i] ∘ s, or with rev d[i] = s ∘ x[i].
func (g ewg) binScalar(in ewIns, rev bool) {
	base := "ewScalar"
	if rev {
		base = "ewRScalar"
	}
	name := g.fname(base + in.name)
	g.text(name, "func(d, x *%s, n int, s %[1]s)",
		fmt.Sprintf("%s is the %s kernel of %sGo.", name, in.name, base))
	p := loadPtrs("d", "x", "n")
	d, x, n := p[0], p[1], p[2]
	s := g.vec()
	g.bcast(paramAddr("s"), s)
	g.loop(name, n, []GPVirtual{d, x}, 4, func(k int, mk *ewMask) {
		a := g.vecs(k)
		for v := range a {
			if rev {
				g.op(in, g.src(g.vmem(x, v), mk), s, a[v])
			} else {
				g.load(g.vmem(x, v), a[v], mk)
				g.op(in, s, a[v], a[v])
			}
		}
		for v := range a {
			g.store(a[v], g.vmem(d, v), mk)
		}
	})
	ret()
}

// --- Activations and their gradients ---------------------------------------

// relu emits d[i] = max(x[i], 0) keeping NaN: VMAXPS returns its second
// source, x, unless 0 > x.
func (g ewg) relu() {
	name := g.fname("ewRelu")
	g.text(name, "func(d, x *%s, n int)", name+" is the kernel of ewReluGo.")
	p := loadPtrs("d", "x", "n")
	d, x, n := p[0], p[1], p[2]
	z := g.zero()
	g.loop(name, n, []GPVirtual{d, x}, 4, func(k int, mk *ewMask) {
		a := g.vecs(k)
		for v := range a {
			if g.f64 {
				VMAXPD(g.src(g.vmem(x, v), mk), z, a[v])
			} else {
				VMAXPS(g.src(g.vmem(x, v), mk), z, a[v])
			}
		}
		for v := range a {
			g.store(a[v], g.vmem(d, v), mk)
		}
	})
	ret()
}

// cmpLT emits the comparison b < a (predicate LT_OQ) of a vector memory
// or register operand a with the register b into a mask: an opmask
// register for AVX-512, a vector for AVX2.
func (g ewg) cmpLT(a Op, b VecVirtual) Op {
	const ltOQ = 0x11
	if g.zmm {
		k := K()
		if g.f64 {
			VCMPPD(U8(ltOQ), a, b, k)
		} else {
			VCMPPS(U8(ltOQ), a, b, k)
		}
		return k
	}
	m := g.vec()
	if g.f64 {
		VCMPPD(U8(ltOQ), a, b, m)
	} else {
		VCMPPS(U8(ltOQ), a, b, m)
	}
	return m
}

// blend emits dst = m ? a : b for a mask from cmpLT.
func (g ewg) blend(m Op, a, b, dst VecVirtual) {
	switch {
	case g.zmm && g.f64:
		VBLENDMPD(a, b, m, dst)
	case g.zmm:
		VBLENDMPS(a, b, m, dst)
	case g.f64:
		VBLENDVPD(m, a, b, dst)
	default:
		VBLENDVPS(m, a, b, dst)
	}
}

// reluGrad emits d[i] = x[i] > 0 ? dy[i] : alpha*dy[i].
func (g ewg) reluGrad() {
	name := g.fname("ewReluGrad")
	g.text(name, "func(d, x, dy *%s, n int, alpha %[1]s)", name+" is the kernel of ewReluGradGo.")
	p := loadPtrs("d", "x", "dy", "n")
	d, x, dy, n := p[0], p[1], p[2], p[3]
	alpha := g.vec()
	g.bcast(paramAddr("alpha"), alpha)
	z := g.zero()
	g.loop(name, n, []GPVirtual{d, x, dy}, 2, func(k int, mk *ewMask) {
		g.reluGradVecs(k, mk, d, x, dy, alpha, z)
	})
	ret()
}

// reluGradVecs emits the ReLU gradient of k vectors at the pointers:
// d = dy where 0 < x, alpha*dy elsewhere (NaN x included); z holds zeros.
func (g ewg) reluGradVecs(k int, mk *ewMask, d, x, dy GPVirtual, alpha, z VecVirtual) {
	for v := 0; v < k; v++ {
		dv, t := g.vec(), g.vec()
		g.load(g.vmem(dy, v), dv, mk)
		g.op(iMul, dv, alpha, t)
		m := g.cmpLT(g.src(g.vmem(x, v), mk), z) // 0 < x
		g.blend(m, dv, t, t)
		g.store(t, g.vmem(d, v), mk)
	}
}

// reluGradRows emits ewReluGradRows: in place, d[r*ld+i] stays where
// x[r*ldx+i] > 0 and becomes alpha*d[r*ld+i] elsewhere, for r < rows and
// i < n, as ewReluGrad computes it: a GEMM's ReLU-gradient mask over a
// block of C whose rows are ld apart, in one call.
func (g ewg) reluGradRows() {
	name := g.fname("ewReluGradRows")
	g.text(name, "func(d, x *%s, rows, n, ld, ldx int, alpha %[1]s)", name+" is the kernel of ewReluGradRowsGo.")
	p := loadPtrs("d", "x", "rows", "ld", "ldx")
	d, x, rows, ld, ldx := p[0], p[1], p[2], p[3], p[4]
	SHLQ(Imm(g.shift()), ld)
	SHLQ(Imm(g.shift()), ldx)
	alpha := g.vec()
	g.bcast(paramAddr("alpha"), alpha)
	z := g.zero()
	g.rowLoop(name, rows, []GPVirtual{d, x}, 2, func(k int, mk *ewMask, ps []GPVirtual) {
		g.reluGradVecs(k, mk, ps[0], ps[1], ps[0], alpha, z)
	}, func() {
		ADDQ(ld, d)
		ADDQ(ldx, x)
	})
	ret()
}

// sigmoidGrad emits d[i] = (dy[i]*y[i]) * (1-y[i]); tanhGrad emits
// d[i] = dy[i] * (1 - y[i]*y[i]).
func (g ewg) actGrad(tanh bool) {
	base := "ewSigmoidGrad"
	if tanh {
		base = "ewTanhGrad"
	}
	name := g.fname(base)
	g.text(name, "func(d, y, dy *%s, n int)", name+" is the kernel of "+base+"Go.")
	p := loadPtrs("d", "y", "dy", "n")
	d, y, dy, n := p[0], p[1], p[2], p[3]
	one := g.creg("One")
	g.loop(name, n, []GPVirtual{d, y, dy}, 2, func(k int, mk *ewMask) {
		for v := 0; v < k; v++ {
			yv, dv, t := g.vec(), g.vec(), g.vec()
			g.load(g.vmem(y, v), yv, mk)
			g.load(g.vmem(dy, v), dv, mk)
			if tanh {
				g.op(iMul, yv, yv, t) // y*y
				g.op(iSub, t, one, t) // 1 - y*y
				g.op(iMul, t, dv, t)  // dy * (1 - y*y)
			} else {
				g.op(iSub, yv, one, t) // 1 - y
				g.op(iMul, yv, dv, dv) // dy * y
				g.op(iMul, t, dv, t)   // (dy*y) * (1-y)
			}
			g.store(t, g.vmem(d, v), mk)
		}
	})
	ret()
}

// adam emits the one-pass Adam update of ewAdamGo; with stream, the
// variant that writes w's full vectors with non-temporal stores (w must
// then be aligned to a vector) and ends with SFENCE (see AdamStream).
func (g ewg) adam(stream bool) {
	name, doc := g.updateName("ewAdam", "Adam", "ewAdamGo", stream)
	g.text(name, "func(w, m, v, grad *%s, n int, alpha, c1, c2, eps %[1]s)", doc)
	p := loadPtrs("w", "m", "v", "grad", "n")
	w, m, v, gr, n := p[0], p[1], p[2], p[3], p[4]
	sc := g.vecs(4)
	for i, s := range []string{"alpha", "c1", "c2", "eps"} {
		g.bcast(paramAddr(s), sc[i])
	}
	alpha, c1, c2, eps := sc[0], sc[1], sc[2], sc[3]
	g.loop(name, n, []GPVirtual{w, m, v, gr}, 1, func(k int, mk *ewMask) {
		for i := 0; i < k; i++ {
			_, mv, vv, t := g.moments(gr, m, v, i, c1, c2, mk)
			if g.f64 {
				VSQRTPD(vv, t)
			} else {
				VSQRTPS(vv, t)
			}
			g.op(iAdd, eps, t, t)     // sqrt(v) + eps
			g.op(iMul, alpha, mv, mv) // m*alpha
			g.op(iDiv, t, mv, mv)     // (m*alpha) / (sqrt(v)+eps)
			wv := g.vec()
			g.load(g.vmem(w, i), wv, mk)
			g.op(iSub, mv, wv, wv) // w - ...
			g.storeWeights(wv, g.vmem(w, i), mk, stream)
		}
	})
	endUpdate(stream)
}

// moments emits the moment updates that Adam and Nadam share, for vector
// i: m = m + (g-m)*c1 and v = v + (g*g-v)*c2, stored back; it returns the
// gradient, the new m and v, and a free temporary.
func (g ewg) moments(gr, m, v GPVirtual, i int, c1, c2 VecVirtual, mk *ewMask) (gv, mv, vv, t VecVirtual) {
	gv, mv, vv, t = g.vec(), g.vec(), g.vec(), g.vec()
	g.load(g.vmem(gr, i), gv, mk)
	g.load(g.vmem(m, i), mv, mk)
	g.op(iSub, mv, gv, t) // g - m
	g.op(iMul, c1, t, t)  // (g-m)*c1
	g.op(iAdd, t, mv, mv) // m + (g-m)*c1
	g.store(mv, g.vmem(m, i), mk)
	g.load(g.vmem(v, i), vv, mk)
	g.op(iMul, gv, gv, t) // g*g
	g.op(iSub, vv, t, t)  // g*g - v
	g.op(iMul, c2, t, t)  // (g*g-v)*c2
	g.op(iAdd, t, vv, vv) // v + (g*g-v)*c2
	g.store(vv, g.vmem(v, i), mk)
	return gv, mv, vv, t
}

// --- The float32 exponential -----------------------------------------------

// expRegs holds the clamp bounds of exp, kept in registers because
// VMINPS/VMAXPS return their second source, x, only for NaN when the bound
// is the first.
type expRegs struct{ hi, lo VecVirtual }

func (g ewg) expConsts() expRegs { return expRegs{hi: g.creg("Hi"), lo: g.creg("Lo")} }

// each calls f for every index of xs.
func each(xs []VecVirtual, f func(i int)) {
	for i := range xs {
		f(i)
	}
}

// expParts emits the range reduction and polynomial of exp32Go for the
// registers xs (clobbered, already clamped): it returns kf (the power of
// two, as a float) and q ≈ e**r - 1 in new registers.
func (g ewg) expParts(xs []VecVirtual) (kf, q []VecVirtual) {
	kf, q = g.vecs(len(xs)), g.vecs(len(xs))
	rlo, r, p := g.vecs(len(xs)), g.vecs(len(xs)), g.vecs(len(xs))
	each(xs, func(i int) { g.opc(iMul, "Log2e", xs[i], kf[i]) })
	each(xs, func(i int) {
		if g.zmm {
			VRNDSCALEPS(U8(0), kf[i], kf[i])
		} else {
			VROUNDPS(U8(0), kf[i], kf[i])
		}
	})
	each(xs, func(i int) { g.opc(iMul, "C1", kf[i], p[i]) })    // kf*C1
	each(xs, func(i int) { g.op(iSub, p[i], xs[i], xs[i]) })    // rhi = x - kf*C1 (exact)
	each(xs, func(i int) { g.opc(iMul, "NC2", kf[i], rlo[i]) }) // rlo = kf*(-C2)
	each(xs, func(i int) { g.op(iAdd, rlo[i], xs[i], r[i]) })   // r = rhi + rlo
	each(xs, func(i int) { g.opc(iMul, "ExpP0", r[i], p[i]) })
	for j := 1; j < len(ewExpP); j++ {
		each(xs, func(i int) { g.opc(iAdd, fmt.Sprintf("ExpP%d", j), p[i], p[i]) })
		if j < len(ewExpP)-1 {
			each(xs, func(i int) { g.op(iMul, r[i], p[i], p[i]) })
		}
	}
	each(xs, func(i int) { g.op(iMul, r[i], r[i], r[i]) })   // z = r*r
	each(xs, func(i int) { g.op(iMul, r[i], p[i], p[i]) })   // z*P
	each(xs, func(i int) { g.op(iAdd, p[i], rlo[i], q[i]) }) // rlo + z*P
	each(xs, func(i int) { g.op(iAdd, q[i], xs[i], q[i]) })  // rhi + (rlo + z*P)
	return kf, q
}

// scale emits dst = p * 2**kf, rounded once (kf integral, |kf| ≤ 150).
func (g ewg) scale(p, kf, dst VecVirtual) {
	if g.zmm {
		VSCALEFPS(kf, p, dst)
		return
	}
	// 2**kf as 2**n1 * 2**n2 with n1 = kf>>1 and n2 = kf-n1, so that both
	// factors are normal; the first product is exact.
	n, n1, s := YMM(), YMM(), YMM()
	VCVTTPS2DQ(kf, n)
	VPSRAD(U8(1), n, n1)
	VPSUBD(n1, n, n)
	VPADDD(ewConsts["Bias"], n1, n1)
	VPSLLD(U8(23), n1, n1)
	VPADDD(ewConsts["Bias"], n, s)
	VPSLLD(U8(23), s, s)
	VMULPS(n1, p, dst)
	VMULPS(s, dst, dst)
}

// exp emits e**x for the registers xs (clobbered), results in new
// registers.
func (g ewg) exp(xs []VecVirtual, c expRegs) []VecVirtual {
	each(xs, func(i int) { VMINPS(xs[i], c.hi, xs[i]) }) // 89 < x ? 89 : x
	each(xs, func(i int) { VMAXPS(xs[i], c.lo, xs[i]) }) // -104 > x ? -104 : x
	kf, q := g.expParts(xs)
	res := g.vecs(len(xs))
	each(xs, func(i int) { g.opc(iAdd, "One", q[i], q[i]) })
	each(xs, func(i int) { g.scale(q[i], kf[i], res[i]) })
	return res
}

// unary32 emits a map kernel d[i] = f(x[i]) with body computing f for a
// group of registers (float32 ones, and the float64 ones of ew64.go).
func (g ewg) unary32(base string, u int, setup func() any, body func(xs []VecVirtual, c any) []VecVirtual) {
	name, twin := g.fname(base), base+"Go"
	if g.f64 {
		twin = base + "64Go"
	}
	g.text(name, "func(d, x *%s, n int)", name+" is the kernel of "+twin+".")
	p := loadPtrs("d", "x", "n")
	d, x, n := p[0], p[1], p[2]
	c := setup()
	g.loop(name, n, []GPVirtual{d, x}, u, func(k int, mk *ewMask) {
		xs := g.vecs(k)
		for v := range xs {
			g.load(g.vmem(x, v), xs[v], mk)
		}
		r := body(xs, c)
		for v := range r {
			g.store(r[v], g.vmem(d, v), mk)
		}
	})
	ret()
}

// exp32 emits ewExp: d[i] = e**x[i].
func (g ewg) exp32() {
	u := 4
	if !g.zmm {
		u = 2
	}
	g.unary32("ewExp", u, func() any { return g.expConsts() }, func(xs []VecVirtual, c any) []VecVirtual {
		return g.exp(xs, c.(expRegs))
	})
}

// sigmoid32 emits ewSigmoid: with e = e**-|x|, d = (x < 0 ? e : 1)/(1+e).
func (g ewg) sigmoid32() {
	type consts struct {
		e         expRegs
		one, zero VecVirtual
	}
	u := 2
	if !g.zmm {
		u = 1
	}
	g.unary32("ewSigmoid", u, func() any {
		return consts{e: g.expConsts(), one: g.creg("One"), zero: g.zero()}
	}, func(xs []VecVirtual, cc any) []VecVirtual {
		c := cc.(consts)
		a := g.vecs(len(xs))
		each(xs, func(i int) { g.bitsc(false, "Sign", xs[i], a[i]) }) // -|x|
		e := g.exp(a, c.e)
		den := g.vecs(len(xs))
		each(xs, func(i int) { g.opc(iAdd, "One", e[i], den[i]) })
		each(xs, func(i int) {
			if g.zmm {
				m := g.cmpLT(c.zero, xs[i]) // x < 0
				g.blend(m, e[i], c.one, e[i])
			} else {
				VBLENDVPS(xs[i], e[i], c.one, e[i]) // sign of x set: e
			}
		})
		each(xs, func(i int) { g.op(iDiv, den[i], e[i], e[i]) })
		return e
	})
}

// tanh32 emits ewTanh: for |x| < 0.75 an odd polynomial, else
// 1 - 2/(e**2|x| + 1), with the sign of x.
func (g ewg) tanh32() {
	type consts struct {
		e            expRegs
		hi, one, two VecVirtual
	}
	u := 2
	if !g.zmm {
		u = 1
	}
	g.unary32("ewTanh", u, func() any {
		return consts{e: g.expConsts(), hi: g.creg("TanhHi"), one: g.creg("One"), two: g.creg("Two")}
	}, func(xs []VecVirtual, cc any) []VecVirtual {
		c := cc.(consts)
		a, uu, ps := g.vecs(len(xs)), g.vecs(len(xs)), g.vecs(len(xs))
		each(xs, func(i int) { g.bitsc(true, "Abs", xs[i], a[i]) })
		// Polynomial: a + (a*u)*P(u), u = a*a.
		each(xs, func(i int) { g.op(iMul, a[i], a[i], uu[i]) })
		each(xs, func(i int) { g.opc(iMul, "TanhP0", uu[i], ps[i]) })
		for j := 1; j < len(ewTanhP); j++ {
			each(xs, func(i int) { g.opc(iAdd, fmt.Sprintf("TanhP%d", j), ps[i], ps[i]) })
			if j < len(ewTanhP)-1 {
				each(xs, func(i int) { g.op(iMul, uu[i], ps[i], ps[i]) })
			}
		}
		each(xs, func(i int) { g.op(iMul, a[i], uu[i], uu[i]) })  // a*u
		each(xs, func(i int) { g.op(iMul, ps[i], uu[i], ps[i]) }) // (a*u)*P
		each(xs, func(i int) { g.op(iAdd, ps[i], a[i], ps[i]) })  // a + (a*u)*P
		// Exponential: 1 - 2/(e**2b + 1), b = min(a, 9.1).
		b := g.vecs(len(xs))
		each(xs, func(i int) { VMINPS(a[i], c.hi, b[i]) })
		each(xs, func(i int) { g.op(iAdd, b[i], b[i], b[i]) })
		kf, q := g.expParts(b)
		each(xs, func(i int) { g.opc(iAdd, "One", q[i], q[i]) })
		each(xs, func(i int) { g.scale(q[i], kf[i], q[i]) })
		each(xs, func(i int) { g.opc(iAdd, "One", q[i], q[i]) }) // e + 1
		each(xs, func(i int) { g.op(iDiv, q[i], c.two, q[i]) })  // 2/(e+1)
		each(xs, func(i int) { g.op(iSub, q[i], c.one, q[i]) })  // 1 - 2/(e+1)
		// Select by a < 0.75 and restore the sign.
		each(xs, func(i int) {
			if g.zmm {
				k := K()
				VCMPPS_BCST(U8(0x11), g.c("Cross"), a[i], k)
				VBLENDMPS(ps[i], q[i], k, q[i])
			} else {
				m := g.vec()
				VCMPPS(U8(0x11), g.c("Cross"), a[i], m)
				VBLENDVPS(m, ps[i], q[i], q[i])
			}
		})
		each(xs, func(i int) { g.bitsc(true, "Sign", xs[i], xs[i]) })
		each(xs, func(i int) {
			if g.zmm {
				VPORD(xs[i], q[i], q[i])
			} else {
				VORPS(xs[i], q[i], q[i])
			}
		})
		return q
	})
}

// --- Softmax passes and sums -----------------------------------------------

// hsumPD emits the float64 sum tree of the 8 (AVX-512) or 4 (AVX2) lanes
// of acc: lanes j and j+half are added, halving until one lane is left,
// which is returned in an xmm register.
func (g ewg) hsumPD(acc VecVirtual) VecVirtual {
	x := acc
	if g.zmm {
		h := YMM()
		VEXTRACTF64X4(U8(1), acc, h)
		VADDPD(h, acc.AsY(), h)
		x = h
	}
	h2 := XMM()
	VEXTRACTF128(U8(1), x.AsY(), h2)
	VADDPD(h2, x.AsX(), h2)
	h1 := XMM()
	VPERMILPD(U8(1), h2, h1)
	VADDSD(h1, h2, h1)
	return h1
}

// expSum emits ewExpSum (store) or ewExpSumNoStore: e = e**(x[i]-m),
// stored in d[i] when store, and the sum of the e in float64 with 16
// partial sums (element i in lane i%16) combined as in ewSumGo.
func (g ewg) expSum(store bool) {
	base := "ewExpSum"
	sig := "func(d, x *float32, n int, m float32) float64"
	if !store {
		base = "ewExpSumNoStore"
		sig = "func(x *float32, n int, m float32) float64"
	}
	name := g.fname(base)
	TEXT(name, NOSPLIT, sig)
	Pragma("noescape")
	Doc(name + " is the kernel of " + base + "Go.")
	var d GPVirtual
	if store {
		d = loadPtrs("d")[0]
	}
	p := loadPtrs("x", "n")
	x, n := p[0], p[1]
	mreg := g.vec()
	VBROADCASTSS(paramAddr("m"), mreg)
	c := g.expConsts()
	// AVX-512: accumulators for lanes 0-7 and 8-15; AVX2: 0-3, 4-7, 8-11,
	// 12-15.
	acc := g.vecs(4)
	if g.zmm {
		acc = acc[:2]
	}
	for _, a := range acc {
		VXORPD(a, a, a)
	}
	ptrs := []GPVirtual{x}
	if store {
		ptrs = append(ptrs, d)
	}
	// block computes vector v at the pointers and adds it to the
	// accumulators from index ai.
	block := func(cnt int, mk *ewMask, ai int) {
		xs := g.vecs(cnt)
		for v := range xs {
			g.load(g.vmem(x, v), xs[v], mk)
			VSUBPS(mreg, xs[v], xs[v])
		}
		e := g.exp(xs, c)
		for v := range e {
			if mk != nil {
				if g.zmm {
					VMOVAPS_Z(e[v], mk.k, e[v])
				} else {
					VANDPS(mk.v, e[v], e[v])
				}
			}
			if store {
				g.store(e[v], g.vmem(d, v), mk)
			}
			lo, hi, h := g.vec(), g.vec(), g.vec()
			VCVTPS2PD(g.half(e[v]), lo)
			if g.zmm {
				VEXTRACTF64X4(U8(1), e[v], h.AsY())
				VCVTPS2PD(h.AsY(), hi)
			} else {
				VEXTRACTF128(U8(1), e[v], h.AsX())
				VCVTPS2PD(h.AsX(), hi)
			}
			a := ai + 2*v
			if g.zmm {
				a = 0
			}
			VADDPD(lo, acc[a], acc[a])
			VADDPD(hi, acc[a+1], acc[a+1])
		}
	}
	if g.zmm {
		g.loop(name, n, ptrs, 2, func(k int, mk *ewMask) { block(k, mk, 0) })
	} else {
		// Blocks of 16 elements (two vectors), then at most one full
		// vector into lanes 0-7 and a masked one.
		lbl := name + "_by2"
		Label(lbl)
		CMPQ(n, U32(16))
		JL(LabelRef(name + "_rest"))
		block(2, nil, 0)
		for _, p := range ptrs {
			ADDQ(U32(64), p)
		}
		SUBQ(U32(16), n)
		JMP(LabelRef(lbl))
		Label(name + "_rest")
		CMPQ(n, U32(8))
		JL(LabelRef(name + "_low"))
		block(1, nil, 0)
		for _, p := range ptrs {
			ADDQ(U32(32), p)
		}
		SUBQ(U32(8), n)
		TESTQ(n, n)
		JE(LabelRef(name + "_sum"))
		block(1, g.mask(n), 2)
		JMP(LabelRef(name + "_sum"))
		Label(name + "_low")
		TESTQ(n, n)
		JE(LabelRef(name + "_sum"))
		block(1, g.mask(n), 0)
		Label(name + "_sum")
	}
	if !g.zmm {
		VADDPD(acc[2], acc[0], acc[0])
		VADDPD(acc[3], acc[1], acc[1])
	}
	VADDPD(acc[1], acc[0], acc[0])
	Store(g.hsumPD(acc[0]), ReturnIndex(0))
	ret()
}

// sum32 emits ewSum: the float64 sum of the float32 x with 32 partial
// sums (element i in lane i%32) combined as in ewSumGo.
func (g ewg) sum32() {
	name := g.fname("ewSum")
	TEXT(name, NOSPLIT, "func(x *float32, n int) float64")
	Pragma("noescape")
	Doc(name + " is the kernel of ewSumGo.")
	p := loadPtrs("x", "n")
	x, n := p[0], p[1]
	// Accumulator k holds lanes k*w .. k*w+w-1, w = 8 (AVX-512) or 4.
	na, w := 4, 8
	if !g.zmm {
		na, w = 8, 4
	}
	acc := g.vecs(na)
	for _, a := range acc {
		VXORPD(a, a, a)
	}
	// Blocks of 64 elements (two rounds over the accumulators), then 32.
	for _, rounds := range []int{2, 1} {
		lbl := fmt.Sprintf("%s_by%d", name, rounds*32)
		Label(lbl)
		CMPQ(n, U32(rounds*32))
		JL(LabelRef(fmt.Sprintf("%s_next%d", name, rounds)))
		for r := 0; r < rounds; r++ {
			for k := range acc {
				t := g.vec()
				VCVTPS2PD(Mem{Base: x, Disp: (r*32 + k*w) * 4}, t)
				VADDPD(t, acc[k], acc[k])
			}
		}
		ADDQ(U32(rounds*128), x)
		SUBQ(U32(rounds*32), n)
		JMP(LabelRef(lbl))
		Label(fmt.Sprintf("%s_next%d", name, rounds))
	}
	// The tail: groups of w elements into successive accumulators, the
	// last one masked.
	for k := range acc {
		CMPQ(n, U32(w))
		JL(LabelRef(fmt.Sprintf("%s_mask%d", name, k)))
		t := g.vec()
		VCVTPS2PD(Mem{Base: x, Disp: k * w * 4}, t)
		VADDPD(t, acc[k], acc[k])
		SUBQ(U32(w), n)
	}
	JMP(LabelRef(name + "_sum"))
	for k := range acc {
		Label(fmt.Sprintf("%s_mask%d", name, k))
		TESTQ(n, n)
		JE(LabelRef(name + "_sum"))
		t := g.vec()
		m := Mem{Base: x, Disp: k * w * 4}
		if g.zmm {
			mk := g.mask(n)
			VCVTPS2PD_Z(m, mk.k, t)
		} else {
			mv := g.tailMask(n, 4, true)
			l := XMM()
			VMASKMOVPS(m, mv.AsX(), l)
			VCVTPS2PD(l, t)
		}
		VADDPD(t, acc[k], acc[k])
		JMP(LabelRef(name + "_sum"))
	}
	Label(name + "_sum")
	// Halve the lanes (j += j+half) down to one accumulator, then within
	// it.
	for len(acc) > 1 {
		h := len(acc) / 2
		for k := 0; k < h; k++ {
			VADDPD(acc[k+h], acc[k], acc[k])
		}
		acc = acc[:h]
	}
	Store(g.hsumPD(acc[0]), ReturnIndex(0))
	ret()
}

// colSum emits ewColSum: acc[j] += x[r*stride+j] for r < rows, j < w, in
// row order for every column, in float64.
func (g ewg) colSum() {
	name := g.fname("ewColSum")
	g.text(name, "func(acc *float64, x *%s, rows, stride, w int)", name+" is the kernel of ewColSumGo.")
	p := loadPtrs("acc", "x", "rows", "stride", "w")
	acc, x, rows, stride, w := p[0], p[1], p[2], p[3], p[4]
	SHLQ(Imm(g.shift()), stride)
	// An accumulator covers the float64 lanes of one vector: 8 (AVX-512)
	// or 4 (AVX2) columns.
	cols := g.vbytes() / 8
	xstep := cols * g.esz() // bytes of x per accumulator
	dg := ewg{zmm: g.zmm, f64: true}
	addCol := func(m Mem, a VecVirtual, mk *ewMask) {
		if g.f64 && mk == nil {
			VADDPD(m, a, a)
			return
		}
		t := g.vec()
		g.cvtLoad(m, t, mk)
		VADDPD(t, a, a)
	}
	// strip emits the pass over all rows for na accumulators (na*cols
	// columns), masked when mk is set.
	strip := func(na int, mk, xmk *ewMask) {
		a := g.vecs(na)
		for k := range a {
			dg.load(Mem{Base: acc, Disp: k * g.vbytes()}, a[k], mk)
		}
		px, r, lbl := rowWalk(name, na, mk != nil, x, rows)
		TESTQ(r, r)
		JE(LabelRef(lbl + "_end"))
		for k := range a {
			addCol(Mem{Base: px, Disp: k * xstep}, a[k], xmk)
		}
		ADDQ(stride, px)
		DECQ(r)
		JMP(LabelRef(lbl))
		Label(lbl + "_end")
		for k := range a {
			dg.store(a[k], Mem{Base: acc, Disp: k * g.vbytes()}, mk)
		}
	}
	wide := 16
	if !g.zmm {
		wide = 8
	}
	g.colStrips(name, w, wide, []GPVirtual{acc}, x, strip)
	ret()
}

// colStrips emits the column loop of a kernel that keeps float64 results
// per column of x (w columns, consumed): strips of wide vectors of
// float64 lanes, then single vectors, then a masked tail, calling
// strip(na, mk, xmk) for each (mk masks the float64 lanes, xmk the
// elements of x; both nil for whole vectors) and moving the float64
// pointers outs and x on past each strip.
func (g ewg) colStrips(name string, w GPVirtual, wide int, outs []GPVirtual, x GPVirtual, strip func(na int, mk, xmk *ewMask)) {
	cols := g.vbytes() / 8
	xstep := cols * g.esz()
	for _, na := range []int{wide, 1} {
		lbl := fmt.Sprintf("%s_strip%d", name, na)
		Label(lbl)
		CMPQ(w, U32(na*cols))
		JL(LabelRef(lbl + "_end"))
		strip(na, nil, nil)
		for _, q := range outs {
			ADDQ(U32(na*g.vbytes()), q)
		}
		ADDQ(U32(na*xstep), x)
		SUBQ(U32(na*cols), w)
		JMP(LabelRef(lbl))
		Label(lbl + "_end")
	}
	TESTQ(w, w)
	JE(LabelRef(name + "_done"))
	var mk, xmk *ewMask
	if g.zmm {
		mk = ewg{zmm: true, f64: true}.mask(w)
		xmk = mk
	} else {
		mk = &ewMask{v: g.tailMask(w, 8, false)}
		xmk = mk
		if !g.f64 {
			xmk = &ewMask{v: g.tailMask(w, 4, true)}
		}
	}
	strip(1, mk, xmk)
	Label(name + "_done")
}

// rowWalk starts the loop of a column strip of na vectors over the rows
// of x: it returns a copy of x to walk the rows with, a copy of rows to
// count them down, and the loop's label, which it places.
func rowWalk(name string, na int, masked bool, x, rows GPVirtual) (px, r GPVirtual, lbl string) {
	px, r = GP64(), GP64()
	MOVQ(x, px)
	MOVQ(rows, r)
	lbl = fmt.Sprintf("%s_rows%d", name, na)
	if masked {
		lbl += "m"
	}
	Label(lbl)
	return px, r, lbl
}

// generateEW emits every elementwise kernel.
func generateEW() {
	ewDeclareConsts()
	for _, isa := range ewISAs {
		for _, f64 := range []bool{false, true} {
			g := ewg{zmm: isa.zmm, f64: f64}
			for _, in := range []ewIns{iAdd, iSub, iMul, iDiv} {
				g.binRows(in)
				g.binScalar(in, false)
				if !in.commutes {
					g.binScalar(in, true)
				}
			}
			g.biasRows(false)
			g.biasRows(true)
			g.relu()
			g.reluGrad()
			g.reluGradRows()
			g.actGrad(false)
			g.actGrad(true)
			for _, stream := range []bool{false, true} {
				g.adam(stream)
				g.sgd(stream)
				g.momentum(false, stream)
				g.momentum(true, stream)
				for _, centered := range []bool{false, true} {
					g.rmsprop(centered, false, stream)
					g.rmsprop(centered, true, stream)
				}
				g.weightDecay(stream)
				g.nadam(stream)
				g.adagrad(stream)
			}
			g.colSum()
			g.extremum(false)
			g.extremum(true)
			g.colExtremum(false)
			g.colExtremum(true)
			g.devBlock()
			g.colDev()
		}
		g := ewg{zmm: isa.zmm}
		g.exp32()
		g.sigmoid32()
		g.tanh32()
		g.expSum(true)
		g.expSum(false)
		g.sum32()
		gd := ewg{zmm: isa.zmm, f64: true}
		gd.genExp64()
		gd.genSigmoid64()
		gd.genTanh64()
		gd.sumBlock64()
		g.streamCopy(true)
		g.streamCopy(false)
	}
	streamFence()
}
