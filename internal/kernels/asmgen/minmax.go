package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// This file generates the kernels of the row and column extrema (Max32,
// Max, Min, ColMax, ColMin in package kernels). They compare with
// VMAXP/VMINP, which return their second source when either operand is
// NaN, so a NaN in the data would be dropped or kept depending on where
// it sits. Instead every kernel also reports whether it loaded a NaN
// (an unordered compare of each loaded vector with itself, or-ed
// together), and the Go side handles the rare rows and blocks that hold
// one.

// mm is the packed maximum or minimum of the element type.
func (g ewg) mm(min bool, a, b, dst Op) {
	switch {
	case min && g.f64:
		VMINPD(a, b, dst)
	case min:
		VMINPS(a, b, dst)
	case g.f64:
		VMAXPD(a, b, dst)
	default:
		VMAXPS(a, b, dst)
	}
}

// nanTracker or-s together the NaN lanes of loaded vectors: an opmask
// register with AVX-512, a vector of all-ones lanes with AVX2.
type nanTracker struct {
	g ewg
	k Op
	v VecVirtual
}

// newNaNTracker returns a tracker that has seen no NaN.
func (g ewg) newNaNTracker() *nanTracker {
	t := &nanTracker{g: g}
	if g.zmm {
		t.k = K()
		KXORW(t.k, t.k, t.k)
	} else {
		t.v = g.zero()
	}
	return t
}

// see records the NaN lanes of x.
func (t *nanTracker) see(x VecVirtual) {
	const unord = 3
	g := t.g
	if g.zmm {
		k := K()
		if g.f64 {
			VCMPPD(U8(unord), x, x, k)
		} else {
			VCMPPS(U8(unord), x, x, k)
		}
		KORW(k, t.k, t.k)
		return
	}
	m := g.vec()
	if g.f64 {
		VCMPPD(U8(unord), x, x, m)
	} else {
		VCMPPS(U8(unord), x, x, m)
	}
	VORPS(m, t.v, t.v)
}

// flag stores whether a NaN was seen into the result at index i.
func (t *nanTracker) flag(i int) {
	if t.g.zmm {
		KORTESTW(t.k, t.k)
	} else {
		VPTEST(t.v, t.v)
	}
	b := GP8()
	SETNE(b)
	Store(b, ReturnIndex(i))
}

// extremum emits ewMax or ewMin: the largest (smallest) element of x
// that is not NaN, -Inf (+Inf) if none, and whether x holds a NaN.
func (g ewg) extremum(min bool) {
	base, fill := "ewMax", "NegInf"
	if min {
		base, fill = "ewMin", "PosInf"
	}
	name := g.fname(base)
	g.text(name, "func(x *%[1]s, n int) (m %[1]s, nan bool)", name+" is the kernel of "+base+"Go.")
	p := loadPtrs("x", "n")
	x, n := p[0], p[1]
	inf := g.creg(fill)
	acc := g.vecs(4)
	for _, a := range acc {
		VMOVAPS(inf, a)
	}
	nan := g.newNaNTracker()
	g.loop(name, n, []GPVirtual{x}, 4, func(k int, mk *ewMask) {
		for v := 0; v < k; v++ {
			t := g.vec()
			switch {
			case mk == nil:
				g.load(g.vmem(x, v), t, nil)
			case g.zmm && g.f64:
				VMOVAPS(inf, t)
				VMOVUPD(g.vmem(x, v), mk.k, t) // merge: ±Inf in the other lanes
			case g.zmm:
				VMOVAPS(inf, t)
				VMOVUPS(g.vmem(x, v), mk.k, t)
			case g.f64:
				VMASKMOVPD(g.vmem(x, v), mk.v, t)
				VBLENDVPD(mk.v, t, inf, t)
			default:
				VMASKMOVPS(g.vmem(x, v), mk.v, t)
				VBLENDVPS(mk.v, t, inf, t)
			}
			nan.see(t)
			g.mm(min, acc[v], t, acc[v]) // x ∘ acc, acc where x is NaN
		}
	})
	g.mm(min, acc[1], acc[0], acc[0])
	g.mm(min, acc[3], acc[2], acc[2])
	g.mm(min, acc[2], acc[0], acc[0])
	m := acc[0]
	if g.zmm {
		h := YMM()
		VEXTRACTF64X4(U8(1), m, h)
		g.mm(min, h, m.AsY(), h)
		m = h
	}
	h2 := XMM()
	VEXTRACTF128(U8(1), m.AsY(), h2)
	g.mm(min, h2, m.AsX(), h2)
	h1 := XMM()
	VMOVHLPS(h2, h2, h1)
	g.mm(min, h1, h2, h1)
	if !g.f64 {
		h0 := XMM()
		VMOVSHDUP(h1, h0)
		if min {
			VMINSS(h0, h1, h0)
		} else {
			VMAXSS(h0, h1, h0)
		}
		h1 = h0
	}
	Store(h1, ReturnIndex(0))
	nan.flag(1)
	ret()
}

// colExtremum emits ewColMax or ewColMin: o[j] = the largest (smallest)
// of x[r*stride+j] for r < rows (rows >= 1), j < w, and whether the
// block holds a NaN (o is then unspecified).
func (g ewg) colExtremum(min bool) {
	base := "ewColMax"
	if min {
		base = "ewColMin"
	}
	name := g.fname(base)
	g.text(name, "func(o, x *%s, rows, stride, w int) (nan bool)", name+" is the kernel of "+base+"Go.")
	p := loadPtrs("o", "x", "rows", "stride", "w")
	o, x, rows, stride, w := p[0], p[1], p[2], p[3], p[4]
	SHLQ(Imm(g.shift()), stride)
	nan := g.newNaNTracker()
	// strip emits the pass over all rows for na vectors of columns,
	// under mk when it is set.
	strip := func(na int, mk *ewMask) {
		a := g.vecs(na)
		for k := range a {
			g.load(g.vmem(x, k), a[k], mk)
			nan.see(a[k])
		}
		px, r, lbl := rowWalk(name, na, mk != nil, x, rows)
		DECQ(r)
		JE(LabelRef(lbl + "_end"))
		ADDQ(stride, px)
		for k := range a {
			t := g.vec()
			g.load(g.vmem(px, k), t, mk)
			nan.see(t)
			g.mm(min, t, a[k], a[k])
		}
		JMP(LabelRef(lbl))
		Label(lbl + "_end")
		for k := range a {
			g.store(a[k], g.vmem(o, k), mk)
		}
	}
	const wide = 8
	for _, na := range []int{wide, 1} {
		lbl := fmt.Sprintf("%s_strip%d", name, na)
		Label(lbl)
		CMPQ(w, U32(na*g.lanes()))
		JL(LabelRef(lbl + "_end"))
		strip(na, nil)
		ADDQ(U32(na*g.vbytes()), o)
		ADDQ(U32(na*g.vbytes()), x)
		SUBQ(U32(na*g.lanes()), w)
		JMP(LabelRef(lbl))
		Label(lbl + "_end")
	}
	TESTQ(w, w)
	JE(LabelRef(name + "_done"))
	strip(1, g.mask(w))
	Label(name + "_done")
	nan.flag(0)
	ret()
}
