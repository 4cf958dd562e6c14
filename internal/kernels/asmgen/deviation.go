package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// This file generates the kernels of the variance (DevBlock and
// ColDevSums in package kernels): sums of the deviations d = x - m and of
// their squares, in float64 whatever the element type. They use no FMA,
// so that each d*d is rounded before it is added, as the Go twins compute
// it.

// cvtLoad loads the elements of x at m as float64 into dst: a float64
// vector as it is, or half as many float32 elements converted (under mk,
// a mask of the float64 lanes for float64 x or of the float32 elements
// for float32 x, when it is set).
func (g ewg) cvtLoad(m Mem, dst VecVirtual, mk *ewMask) {
	dg := ewg{zmm: g.zmm, f64: true}
	switch {
	case g.f64:
		dg.load(m, dst, mk)
	case mk == nil:
		VCVTPS2PD(m, dst)
	case g.zmm:
		VCVTPS2PD_Z(m, mk.k, dst)
	default:
		l := XMM()
		VMASKMOVPS(m, mk.v.AsX(), l)
		VCVTPS2PD(l, dst)
	}
}

// devStep adds the deviations of the float64 vector t from mv to s1 and
// their squares to s2 (t is overwritten).
func devStep(t, mv, s1, s2 VecVirtual) {
	VSUBPD(mv, t, t)
	VADDPD(t, s1, s1)
	VMULPD(t, t, t)
	VADDPD(t, s2, s2)
}

// devBlock emits ewDevBlock: the sums of d = x[i] - m and of d*d over
// x[0..n) (n >= 8) in float64, each with eight partial sums (element i in
// lane i%8) combined as ((r0+r1)+(r2+r3)) + ((r4+r5)+(r6+r7)), then the
// last n%8 elements added in order.
func (g ewg) devBlock() {
	name := g.fname("ewDevBlock")
	g.text(name, "func(x *%s, n int, m float64) (s1, s2 float64)", name+" is the kernel of ewDevBlockGo.")
	p := loadPtrs("x", "n")
	x, n := p[0], p[1]
	mv := g.vec()
	VBROADCASTSD(paramAddr("m"), mv)
	// AVX-512: one vector of the eight lanes per sum; AVX2: lanes 0-3 and
	// 4-7.
	nv := 2
	if g.zmm {
		nv = 1
	}
	lanes := 8 / nv         // float64 lanes per vector
	step := lanes * g.esz() // bytes of x per vector
	s1, s2 := g.vecs(nv), g.vecs(nv)
	for k := 0; k < nv; k++ {
		g.cvtLoad(Mem{Base: x, Disp: k * step}, s1[k], nil)
		VSUBPD(mv, s1[k], s1[k])
		VMULPD(s1[k], s1[k], s2[k])
	}
	ADDQ(U32(8*g.esz()), x)
	SUBQ(U32(8), n)
	lbl := name + "_by8"
	Label(lbl)
	CMPQ(n, U32(8))
	JL(LabelRef(name + "_sum"))
	for k := 0; k < nv; k++ {
		t := g.vec()
		g.cvtLoad(Mem{Base: x, Disp: k * step}, t, nil)
		devStep(t, mv, s1[k], s2[k])
	}
	ADDQ(U32(8*g.esz()), x)
	SUBQ(U32(8), n)
	JMP(LabelRef(lbl))
	Label(name + "_sum")
	r1, r2 := g.sum8PD(s1), g.sum8PD(s2)
	Label(name + "_tail")
	TESTQ(n, n)
	JE(LabelRef(name + "_done"))
	d := XMM()
	if g.f64 {
		VMOVSD(Mem{Base: x}, d)
	} else {
		VCVTSS2SD(Mem{Base: x}, d, d)
	}
	VSUBSD(mv.AsX(), d, d)
	VADDSD(d, r1, r1)
	VMULSD(d, d, d)
	VADDSD(d, r2, r2)
	ADDQ(U32(g.esz()), x)
	DECQ(n)
	JMP(LabelRef(name + "_tail"))
	Label(name + "_done")
	Store(r1, ReturnIndex(0))
	Store(r2, ReturnIndex(1))
	ret()
}

// colDev emits ewColDev: for r < rows and j < w, with d = x[r*stride+j] -
// m[j] in float64, s1[j] += d and s2[j] += d*d, in row order for every
// column.
func (g ewg) colDev() {
	name := g.fname("ewColDev")
	g.text(name, "func(s1, s2, m *float64, x *%s, rows, stride, w int)", name+" is the kernel of ewColDevGo.")
	p := loadPtrs("s1", "s2", "m", "x", "rows", "stride", "w")
	s1, s2, m, x, rows, stride, w := p[0], p[1], p[2], p[3], p[4], p[5], p[6]
	SHLQ(Imm(g.shift()), stride)
	cols := g.vbytes() / 8 // float64 lanes of one vector
	xstep := cols * g.esz()
	dg := ewg{zmm: g.zmm, f64: true}
	// strip emits the pass over all rows for na vectors of columns, under
	// mk (float64 lanes) and xmk (elements of x) when they are set.
	strip := func(na int, mk, xmk *ewMask) {
		a1, a2, mv := g.vecs(na), g.vecs(na), g.vecs(na)
		for k := 0; k < na; k++ {
			dg.load(Mem{Base: s1, Disp: k * g.vbytes()}, a1[k], mk)
			dg.load(Mem{Base: s2, Disp: k * g.vbytes()}, a2[k], mk)
			dg.load(Mem{Base: m, Disp: k * g.vbytes()}, mv[k], mk)
		}
		px, r, lbl := rowWalk(name, na, mk != nil, x, rows)
		TESTQ(r, r)
		JE(LabelRef(lbl + "_end"))
		for k := 0; k < na; k++ {
			t := g.vec()
			g.cvtLoad(Mem{Base: px, Disp: k * xstep}, t, xmk)
			devStep(t, mv[k], a1[k], a2[k])
		}
		ADDQ(stride, px)
		DECQ(r)
		JMP(LabelRef(lbl))
		Label(lbl + "_end")
		for k := 0; k < na; k++ {
			dg.store(a1[k], Mem{Base: s1, Disp: k * g.vbytes()}, mk)
			dg.store(a2[k], Mem{Base: s2, Disp: k * g.vbytes()}, mk)
		}
	}
	wide := 8
	if !g.zmm {
		wide = 4
	}
	g.colStrips(name, w, wide, []GPVirtual{s1, s2, m}, x, strip)
	ret()
}
