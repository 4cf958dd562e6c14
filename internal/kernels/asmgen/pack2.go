package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The AVX2 packing routines mirror the AVX-512 ones for the panels of the
// AVX2 kernels (A: 6 lanes, B: 16 float32 or 8 float64 lanes), without
// masks: they handle whole multiples of the vector length in depth and
// leave the remaining depth steps to the Go caller.

var yregs = []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}

// vl2 returns the lanes of one ymm register.
func (p packer) vl2() int { return 32 / p.elem }

// storeBytes stores the low n bytes (8, 16, 24 or 32) of y at m, using
// tmp for the upper half when needed.
func storeBytes(y, tmp VecPhysical, n int, m Mem) {
	switch n {
	case 32:
		VMOVUPS(y.AsY(), m)
	case 24:
		VMOVUPS(y.AsX(), m)
		VEXTRACTF128(U8(1), y.AsY(), tmp.AsX())
		VMOVQ(tmp.AsX(), m.Offset(16))
	case 16:
		VMOVUPS(y.AsX(), m)
	case 8:
		VMOVQ(y.AsX(), m)
	default:
		panic(fmt.Sprint("storeBytes: ", n))
	}
}

// generateTrans2 emits packTransAVX2<suffix>(dst, src, ls, kc) for kc a
// multiple of the ymm lane count: lane l (of w) is src[l*ls:l*ls+kc] and
// dst[q*w+l] = src[l*ls+q].
func (p packer) generateTrans2() {
	name := "packTransAVX2" + p.suffix()
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, src *%[1]s, ls, kc int)", p.goType()))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s packs a full %d-lane panel whose lanes are contiguous along the", name, p.w),
		fmt.Sprintf("depth: dst[q*w+l] = src[l*ls+q] for l < w and q < kc (w = %d); kc must be", p.w),
		fmt.Sprintf("a multiple of %d.", p.vl2()))
	dst0, src0, ls, ls3, kc := p.transArgs()
	vl := p.vl2()
	for g := 0; g*vl < p.w; g++ {
		nl := min(vl, p.w-g*vl)
		lbl := fmt.Sprintf("%s_g%d", name, g)
		Comment(fmt.Sprintf("Lanes %d..%d.", g*vl, g*vl+nl-1))
		bases, d, cnt := p.laneGroup(dst0, src0, ls, kc, g*vl, nl)
		rowMem := func(r int) Mem {
			m := Mem{Base: bases[r/4]}
			switch r % 4 {
			case 1:
				m.Index, m.Scale = ls, 1
			case 2:
				m.Index, m.Scale = ls, 2
			case 3:
				m.Index, m.Scale = ls3, 1
			}
			return m
		}
		Label(lbl + "_loop")
		CMPQ(cnt, U32(vl))
		JL(LabelRef(lbl + "_done"))
		for r := 0; r < vl; r++ {
			if r < nl {
				VMOVUPS(rowMem(r), yregs[r].AsY())
			} else {
				VXORPS(yregs[r].AsY(), yregs[r].AsY(), yregs[r].AsY())
			}
		}
		outs := p.transpose2()
		for c := 0; c < vl; c++ {
			storeBytes(outs[c], Y15, nl*p.elem, Mem{Base: d, Disp: c * p.w * p.elem})
		}
		for _, b := range bases {
			ADDQ(U32(32), b)
		}
		ADDQ(U32(vl*p.w*p.elem), d)
		SUBQ(U32(vl), cnt)
		JMP(LabelRef(lbl + "_loop"))
		Label(lbl + "_done")
	}
	VZEROUPPER()
	RET()
}

// transpose2 transposes the vl×vl block in yregs[0:vl] (row r in register
// r) and returns the registers holding columns 0..vl-1. Y15 stays free.
func (p packer) transpose2() []VecPhysical {
	y := yregs
	if p.elem == 4 {
		for i := 0; i < 4; i++ { // t in Y8..Y14 and Y15 is avoided: use Y8+i pairs
			VUNPCKLPS(y[2*i+1].AsY(), y[2*i].AsY(), y[8+2*i].AsY())
		}
		// Y15 is the scratch of storeBytes, so finish the high halves in
		// the freed input registers: row pair i goes to y[2*i+1].
		for i := 0; i < 4; i++ {
			VUNPCKHPS(y[2*i+1].AsY(), y[2*i].AsY(), y[2*i+1].AsY())
		}
		// lo[i] = y[8+2i]: r(2i)[0] r(2i+1)[0] r(2i)[1] r(2i+1)[1] | [4],[5]
		// hi[i] = y[2i+1]: elements 2,3 | 6,7.
		lo := func(i int) VecPhysical { return y[8+2*i] }
		hi := func(i int) VecPhysical { return y[2*i+1] }
		// s registers: rows 0-3 (pairs 0,1) and rows 4-7 (pairs 2,3).
		// s[q] (q = 0..3) for the first four rows, s[4+q] for the last.
		s := []VecPhysical{y[0], y[2], y[4], y[6], y[9], y[11], y[13], y[14]}
		for h := 0; h < 2; h++ {
			a, b := 2*h, 2*h+1 // pairs
			VSHUFPS(U8(0x44), lo(b).AsY(), lo(a).AsY(), s[4*h].AsY())
			VSHUFPS(U8(0xEE), lo(b).AsY(), lo(a).AsY(), s[4*h+1].AsY())
			VSHUFPS(U8(0x44), hi(b).AsY(), hi(a).AsY(), s[4*h+2].AsY())
			VSHUFPS(U8(0xEE), hi(b).AsY(), hi(a).AsY(), s[4*h+3].AsY())
		}
		// Column q and 4+q come from the halves of s[q] and s[4+q].
		outs := make([]VecPhysical, 8)
		free := []VecPhysical{y[1], y[3], y[5], y[7], y[8], y[10], y[12]}
		for q := 0; q < 4; q++ {
			c0 := free[q]
			VPERM2F128(U8(0x20), s[4+q].AsY(), s[q].AsY(), c0.AsY())
			VPERM2F128(U8(0x31), s[4+q].AsY(), s[q].AsY(), s[q].AsY())
			outs[q], outs[4+q] = c0, s[q]
		}
		return outs
	}
	// float64, 4 lanes.
	VUNPCKLPD(y[1].AsY(), y[0].AsY(), y[4].AsY())
	VUNPCKHPD(y[1].AsY(), y[0].AsY(), y[5].AsY())
	VUNPCKLPD(y[3].AsY(), y[2].AsY(), y[6].AsY())
	VUNPCKHPD(y[3].AsY(), y[2].AsY(), y[7].AsY())
	VPERM2F128(U8(0x20), y[6].AsY(), y[4].AsY(), y[0].AsY())
	VPERM2F128(U8(0x20), y[7].AsY(), y[5].AsY(), y[1].AsY())
	VPERM2F128(U8(0x31), y[6].AsY(), y[4].AsY(), y[2].AsY())
	VPERM2F128(U8(0x31), y[7].AsY(), y[5].AsY(), y[3].AsY())
	return []VecPhysical{y[0], y[1], y[2], y[3]}
}

// generateCopy2 emits packCopyAVX2<suffix>(dst, src, ds, kc): the w lanes
// of depth step q are contiguous at src[q*ds:], and dst[q*w+l] =
// src[q*ds+l].
func (p packer) generateCopy2() {
	name := "packCopyAVX2" + p.suffix()
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, src *%[1]s, ds, kc int)", p.goType()))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s packs a full %d-lane panel whose lanes are contiguous within each", name, p.w),
		fmt.Sprintf("depth step: dst[q*w+l] = src[q*ds+l] for l < w and q < kc (w = %d).", p.w))
	d, s, ds, kc := GP64(), GP64(), GP64(), GP64()
	Load(Param("dst"), d)
	Load(Param("src"), s)
	Load(Param("ds"), ds)
	Load(Param("kc"), kc)
	shift := uint64(2)
	if p.elem == 8 {
		shift = 3
	}
	SHLQ(Imm(shift), ds)
	ahead := GP64()
	LEAQ(Mem{Base: ds, Index: ds, Scale: 2}, ahead)
	SHLQ(Imm(1), ahead) // 6*ds
	ADDQ(s, ahead)
	bytes := p.w * p.elem
	Label(name + "_loop")
	TESTQ(kc, kc)
	JE(LabelRef(name + "_done"))
	for off := 0; off < bytes; off += 64 {
		PREFETCHT0(Mem{Base: ahead, Disp: off})
	}
	var parts [][2]int // offset, size
	for off := 0; off < bytes; {
		n := 8
		switch {
		case bytes-off >= 32:
			n = 32
		case bytes-off >= 16:
			n = 16
		}
		parts = append(parts, [2]int{off, n})
		off += n
	}
	for i, pt := range parts {
		m := Mem{Base: s, Disp: pt[0]}
		switch pt[1] {
		case 32:
			VMOVUPS(m, yregs[i].AsY())
		case 16:
			VMOVUPS(m, yregs[i].AsX())
		default:
			VMOVQ(m, yregs[i].AsX())
		}
	}
	for i, pt := range parts {
		m := Mem{Base: d, Disp: pt[0]}
		switch pt[1] {
		case 32:
			VMOVUPS(yregs[i].AsY(), m)
		case 16:
			VMOVUPS(yregs[i].AsX(), m)
		default:
			VMOVQ(yregs[i].AsX(), m)
		}
	}
	ADDQ(ds, s)
	ADDQ(ds, ahead)
	ADDQ(U32(bytes), d)
	DECQ(kc)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
