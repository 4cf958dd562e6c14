package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// This file generates the float64 exponential and the functions built on
// it (ewExp, ewSigmoid and ewTanh with the D suffix), the float64 twins
// of which are in package kernels' ew_exp64.go. They round every
// operation in the order the Go twins write it, and fuse the multiply-adds
// of the polynomial's Horner steps where the twins call math.FMA.

// The float64 constants of the exponential and of tanh; ew_exp64.go holds
// the same values.
var (
	ewExp64P = func() []float64 {
		p := make([]float64, 12)
		f := 1.0
		for j := range p {
			f *= float64(j + 2) // (j+2)! is exact in float64 up to 13!
			p[j] = 1 / f
		}
		return p
	}()
	ewF64Tab = map[string]float64{
		"Hi": 709.8, "Lo": -746, "Log2e": 1.4426950408889634, "C1": 6.93147180369123816490e-01,
		"NC2": -1.9082149292705877e-10, "Two": 2, "Half": 0.5, "TanhHi": 20,
		"Magic": 0x1.8p52 + 1023, // n + Magic holds n + 1023 in its low bits
	}
)

// ewConstU64 declares the constant name holding the 64-bit pattern bits.
func ewConstU64(name string, bits uint64) {
	m := GLOBL("ew"+name, RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(bits))
	}
	ewConsts[name] = m
}

// ewDeclareConsts64 emits the float64 constant tables, in a fixed order.
func ewDeclareConsts64() {
	for _, k := range []string{"Hi", "Lo", "Log2e", "C1", "NC2", "Two", "Half", "TanhHi", "Magic"} {
		ewConstF64(k+"D", ewF64Tab[k])
	}
	for i, c := range ewExp64P {
		ewConstF64(fmt.Sprintf("ExpP%dD", i), c)
	}
	ewConstU64("SignD", 1<<63)
	ewConstU64("AbsD", 1<<63-1)
}

// round64 emits dst = src rounded to an integer: to nearest even (mode
// 0) or down (mode 1).
func (g ewg) round64(mode uint64, src, dst VecVirtual) {
	if g.zmm {
		VRNDSCALEPD(U8(mode), src, dst)
	} else {
		VROUNDPD(U8(mode), src, dst)
	}
}

// expParts64 emits the range reduction and polynomial of exp64Parts for
// the registers xs (clobbered, already clamped): it returns kf (k as a
// float) and q ≈ e**r - 1 in new registers.
func (g ewg) expParts64(xs []VecVirtual) (kf, q []VecVirtual) {
	kf, q = g.vecs(len(xs)), g.vecs(len(xs))
	rlo, r, p := g.vecs(len(xs)), g.vecs(len(xs)), g.vecs(len(xs))
	each(xs, func(i int) { g.opc(iMul, "Log2e", xs[i], kf[i]) })
	each(xs, func(i int) { g.round64(0, kf[i], kf[i]) })
	each(xs, func(i int) { g.opc(iMul, "C1", kf[i], p[i]) })    // kf*C1
	each(xs, func(i int) { g.op(iSub, p[i], xs[i], xs[i]) })    // rhi = x - kf*C1 (exact)
	each(xs, func(i int) { g.opc(iMul, "NC2", kf[i], rlo[i]) }) // rlo = kf*NC2
	each(xs, func(i int) { g.op(iAdd, rlo[i], xs[i], r[i]) })   // r = rhi + rlo
	last := len(ewExp64P) - 1
	each(xs, func(i int) { g.bcast(g.c(fmt.Sprintf("ExpP%d", last)), p[i]) })
	for j := last - 1; j >= 0; j-- {
		each(xs, func(i int) { g.fmac(fmt.Sprintf("ExpP%d", j), r[i], p[i]) }) // p = p*r + P[j]
	}
	each(xs, func(i int) { g.op(iMul, r[i], r[i], r[i]) })   // z = r*r
	each(xs, func(i int) { g.op(iMul, r[i], p[i], p[i]) })   // z*P
	each(xs, func(i int) { g.op(iAdd, p[i], rlo[i], q[i]) }) // rlo + z*P
	each(xs, func(i int) { g.op(iAdd, q[i], xs[i], q[i]) })  // rhi + (rlo + z*P)
	return kf, q
}

// fmac emits p = p*r + constant, fused (rounded once), as the Go twins'
// math.FMA computes it.
func (g ewg) fmac(name string, r, p VecVirtual) {
	if g.zmm {
		VFMADD213PD_BCST(g.c(name), r, p)
	} else {
		VFMADD213PD(g.c(name), r, p)
	}
}

// pow2 emits dst = 2**n for an integral float64 n in [-1022, 1023]: the
// bits (n + 1023) << 52, taken from the low bits of n + Magic.
func (g ewg) pow2(n, dst VecVirtual) {
	g.opc(iAdd, "Magic", n, dst)
	VPSLLQ(U8(52), dst, dst)
}

// scale64 emits dst = p * 2**kf, rounded once (kf integral, |kf| ≤ 1076),
// as (p * 2**n1) * 2**(kf-n1) with n1 = floor(kf/2), the first product
// exact; AVX-512's VSCALEFPD computes the same in one instruction.
func (g ewg) scale64(p, kf, dst VecVirtual) {
	if g.zmm {
		VSCALEFPD(kf, p, dst)
		return
	}
	n1, s := g.vec(), g.vec()
	g.opc(iMul, "Half", kf, n1)
	g.round64(1, n1, n1)
	g.op(iSub, n1, kf, s) // kf - n1
	g.pow2(n1, n1)
	g.pow2(s, s)
	VMULPD(n1, p, dst)
	VMULPD(s, dst, dst)
}

// exp64 emits e**x for the registers xs (clobbered), results in new
// registers. VMINPD and VMAXPD return their second source, x, when it is
// NaN, so NaN passes the clamps.
func (g ewg) exp64(xs []VecVirtual, c expRegs) []VecVirtual {
	each(xs, func(i int) { VMINPD(xs[i], c.hi, xs[i]) }) // 709.8 < x ? 709.8 : x
	each(xs, func(i int) { VMAXPD(xs[i], c.lo, xs[i]) }) // -746 > x ? -746 : x
	kf, q := g.expParts64(xs)
	res := g.vecs(len(xs))
	each(xs, func(i int) { g.opc(iAdd, "One", q[i], q[i]) })
	each(xs, func(i int) { g.scale64(q[i], kf[i], res[i]) })
	return res
}

// bits64 emits dst = b & constant when and is set, else b | constant, on
// 64-bit lanes.
func (g ewg) bits64(and bool, name string, b, dst Op) {
	m := g.c(name)
	switch {
	case g.zmm && and:
		VPANDQ_BCST(m, b, dst)
	case g.zmm:
		VPORQ_BCST(m, b, dst)
	case and:
		VANDPD(m, b, dst)
	default:
		VORPD(m, b, dst)
	}
}

// genExp64 emits ewExpD: d[i] = e**x[i].
func (g ewg) genExp64() {
	g.unary32("ewExp", 2, func() any { return expRegs{hi: g.creg("Hi"), lo: g.creg("Lo")} },
		func(xs []VecVirtual, c any) []VecVirtual { return g.exp64(xs, c.(expRegs)) })
}

// genSigmoid64 emits ewSigmoidD: with e = e**-|x|, d = (x < 0 ? e : 1)/(1+e).
func (g ewg) genSigmoid64() {
	type consts struct {
		e         expRegs
		one, zero VecVirtual
	}
	g.unary32("ewSigmoid", 2, func() any {
		return consts{e: expRegs{hi: g.creg("Hi"), lo: g.creg("Lo")}, one: g.creg("One"), zero: g.zero()}
	}, func(xs []VecVirtual, cc any) []VecVirtual {
		c := cc.(consts)
		a := g.vecs(len(xs))
		each(xs, func(i int) { g.bits64(false, "Sign", xs[i], a[i]) }) // -|x|
		e := g.exp64(a, c.e)
		den := g.vecs(len(xs))
		each(xs, func(i int) { g.opc(iAdd, "One", e[i], den[i]) })
		each(xs, func(i int) {
			m := g.cmpLT(c.zero, xs[i]) // x < 0
			g.blend(m, e[i], c.one, e[i])
		})
		each(xs, func(i int) { g.op(iDiv, den[i], e[i], e[i]) })
		return e
	})
}

// genTanh64 emits ewTanhD: with b = min(|x|, 20) and E = e**2b - 1 =
// q*2**k + (2**k - 1), d = E/(E+2) with the sign of x.
func (g ewg) genTanh64() {
	type consts struct{ hi, one VecVirtual }
	g.unary32("ewTanh", 2, func() any {
		c := consts{hi: g.creg("TanhHi")}
		if g.zmm {
			c.one = g.creg("One")
		}
		return c
	}, func(xs []VecVirtual, cc any) []VecVirtual {
		c := cc.(consts)
		b := g.vecs(len(xs))
		each(xs, func(i int) { g.bits64(true, "Abs", xs[i], b[i]) })
		each(xs, func(i int) { VMINPD(b[i], c.hi, b[i]) }) // 20 < b ? 20 : b, keeping NaN
		each(xs, func(i int) { g.op(iAdd, b[i], b[i], b[i]) })
		kf, q := g.expParts64(b)
		s := g.vecs(len(xs))
		each(xs, func(i int) {
			if g.zmm {
				VSCALEFPD(kf[i], c.one, s[i]) // 2**kf
			} else {
				g.pow2(kf[i], s[i])
			}
		})
		each(xs, func(i int) { g.op(iMul, s[i], q[i], q[i]) })         // q*s
		each(xs, func(i int) { g.opc(iSub, "One", s[i], s[i]) })       // s - 1
		each(xs, func(i int) { g.op(iAdd, s[i], q[i], q[i]) })         // E = q*s + (s-1)
		each(xs, func(i int) { g.opc(iAdd, "Two", q[i], s[i]) })       // E + 2
		each(xs, func(i int) { g.op(iDiv, s[i], q[i], q[i]) })         // E/(E+2)
		each(xs, func(i int) { g.bits64(true, "Sign", xs[i], xs[i]) }) // sign of x
		each(xs, func(i int) {
			if g.zmm {
				VPORQ(xs[i], q[i], q[i])
			} else {
				VORPD(xs[i], q[i], q[i])
			}
		})
		return q
	})
}

// hsum4PD emits the sum ((v0 + v1) + (v2 + v3)) of the four lanes of the
// ymm register v, returned in the low lane of a new xmm register.
func hsum4PD(v VecVirtual) VecVirtual {
	sw, hi := YMM(), XMM()
	VPERMILPD(U8(0b0101), v.AsY(), sw) // swap the lanes of each pair
	VADDPD(sw, v.AsY(), sw)            // lanes 0 and 2: v0+v1, v2+v3
	VEXTRACTF128(U8(1), sw, hi)
	VADDSD(hi, sw.AsX(), hi) // (v0+v1) + (v2+v3)
	return hi
}

// sum8PD emits the sum ((r0+r1)+(r2+r3)) + ((r4+r5)+(r6+r7)) of eight
// float64 partial sums r held in acc: one zmm, or two ymm (lanes 0-3 and
// 4-7). It returns it in an xmm register.
func (g ewg) sum8PD(acc []VecVirtual) VecVirtual {
	lo, hi := acc[0], acc[0]
	if g.zmm {
		hi = YMM()
		VEXTRACTF64X4(U8(1), acc[0], hi)
	} else {
		hi = acc[1]
	}
	s, t := hsum4PD(lo), hsum4PD(hi)
	VADDSD(t, s, s)
	return s
}

// sumBlock64 emits ewSumBlockD: the sum of x[0..n) (n ≥ 8) with eight
// partial sums r[j] of x[i] for i%8 == j, combined as ((r0+r1)+(r2+r3)) +
// ((r4+r5)+(r6+r7)), then the last n%8 elements added in order.
func (g ewg) sumBlock64() {
	name := g.fname("ewSumBlock")
	TEXT(name, NOSPLIT, "func(x *float64, n int) float64")
	Pragma("noescape")
	Doc(name + " is the kernel of ewSumBlock64Go.")
	p := loadPtrs("x", "n")
	x, n := p[0], p[1]
	// AVX-512: one accumulator of the eight lanes; AVX2: lanes 0-3 and 4-7.
	acc := g.vecs(2)
	if g.zmm {
		acc = acc[:1]
	}
	for k, a := range acc {
		VMOVUPD(Mem{Base: x, Disp: k * 32}, a)
	}
	ADDQ(U32(64), x)
	SUBQ(U32(8), n)
	lbl := name + "_by8"
	Label(lbl)
	CMPQ(n, U32(8))
	JL(LabelRef(name + "_sum"))
	for k, a := range acc {
		VADDPD(Mem{Base: x, Disp: k * 32}, a, a)
	}
	ADDQ(U32(64), x)
	SUBQ(U32(8), n)
	JMP(LabelRef(lbl))
	Label(name + "_sum")
	s := g.sum8PD(acc)
	Label(name + "_tail")
	TESTQ(n, n)
	JE(LabelRef(name + "_done"))
	VADDSD(Mem{Base: x}, s, s)
	ADDQ(U32(8), x)
	DECQ(n)
	JMP(LabelRef(name + "_tail"))
	Label(name + "_done")
	Store(s, ReturnIndex(0))
	ret()
}
