package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// packer describes one generated AVX-512 packing routine for full panels
// w lanes wide (w is mr for A panels, nr for B panels).
type packer struct {
	elem int // 4 (float32) or 8 (float64)
	w    int
}

// vl returns the lanes of one zmm register.
func (p packer) vl() int { return 64 / p.elem }

func (p packer) goType() string {
	if p.elem == 4 {
		return "float32"
	}
	return "float64"
}

func (p packer) suffix() string {
	if p.elem == 4 {
		return fmt.Sprintf("S%d", p.w)
	}
	return fmt.Sprintf("D%d", p.w)
}

var zregs = []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
	Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31}

// loadMask sets k to the lowest n bits, n a constant.
func loadMask(k Register, n int) {
	t := GP32()
	MOVL(U32((1<<n)-1), t)
	KMOVW(t, k)
}

// generateTrans emits packTrans<suffix>(dst, src, ls, kc): lane l (of w)
// is the contiguous row src[l*ls:l*ls+kc], and dst[p*w+l] = src[l*ls+p].
// It transposes vl×vl blocks in registers: for each group of vl lanes it
// walks the depth in chunks of vl, the last chunk with masked loads.
func (p packer) generateTrans() {
	name := "packTransAVX512" + p.suffix()
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, src *%[1]s, ls, kc int)", p.goType()))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s packs a full %d-lane panel whose lanes are contiguous along the", name, p.w),
		"depth: dst[q*w+l] = src[l*ls+q] for l < w and q < kc (w = "+fmt.Sprint(p.w)+").")
	dst0, src0, ls, ls3, kc := p.transArgs()
	vl := p.vl()
	for g := 0; g*vl < p.w; g++ {
		nl := min(vl, p.w-g*vl)
		lbl := fmt.Sprintf("%s_g%d", name, g)
		Comment(fmt.Sprintf("Lanes %d..%d.", g*vl, g*vl+nl-1))
		bases, d, cnt := p.laneGroup(dst0, src0, ls, kc, g*vl, nl)
		if nl < vl {
			loadMask(K1, nl)
		}
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
		store := func(c int, z VecPhysical) {
			m := Mem{Base: d, Disp: c * p.w * p.elem}
			switch {
			case nl < vl && p.elem == 4:
				VMOVUPS(z, K1, m)
			case nl < vl:
				VMOVUPD(z, K1, m)
			default:
				VMOVUPS(z, m)
			}
		}
		Label(lbl + "_loop")
		CMPQ(cnt, U32(vl))
		JL(LabelRef(lbl + "_tail"))
		for r := 0; r < vl; r++ {
			if r < nl {
				VMOVUPS(rowMem(r), zregs[r])
			} else {
				VPXORD(zregs[r], zregs[r], zregs[r])
			}
		}
		p.transpose(func(c int, z VecPhysical) { store(c, z) })
		for _, b := range bases {
			ADDQ(U32(64), b)
		}
		ADDQ(U32(vl*p.w*p.elem), d)
		SUBQ(U32(vl), cnt)
		JMP(LabelRef(lbl + "_loop"))

		Label(lbl + "_tail")
		TESTQ(cnt, cnt)
		JE(LabelRef(lbl + "_done"))
		t := GP32()
		MOVL(U32(1), t)
		SHLXL(cnt.As32(), t, t)
		DECL(t)
		KMOVW(t, K2)
		for r := 0; r < vl; r++ {
			if r < nl {
				if p.elem == 4 {
					VMOVUPS_Z(rowMem(r), K2, zregs[r])
				} else {
					VMOVUPD_Z(rowMem(r), K2, zregs[r])
				}
			} else {
				VPXORD(zregs[r], zregs[r], zregs[r])
			}
		}
		// Store only the first cnt depth steps, in order.
		var outs [16]VecPhysical
		p.transposeInto(&outs)
		for c := 0; c < vl; c++ {
			if c > 0 {
				CMPQ(cnt, U32(c))
				JLE(LabelRef(lbl + "_done"))
			}
			store(c, outs[c])
		}
		Label(lbl + "_done")
	}
	VZEROUPPER()
	RET()
}

// transpose transposes the vl×vl block in zregs[0:vl] (row r in register
// r), calling store(c, z) as soon as column c is ready in z.
func (p packer) transpose(store func(c int, z VecPhysical)) {
	var outs [16]VecPhysical
	p.transposeInto(&outs)
	for c := 0; c < p.vl(); c++ {
		store(c, outs[c])
	}
}

// transposeInto transposes the vl×vl block in zregs[0:vl] and records in
// outs[c] the register that holds column c.
func (p packer) transposeInto(outs *[16]VecPhysical) {
	z := zregs
	if p.elem == 4 {
		// Interleave 32-bit elements of row pairs, then 64-bit pairs: in
		// z[4j+q], 128-bit lane L holds column 4L+q of rows 4j..4j+3.
		for i := 0; i < 8; i++ {
			VUNPCKLPS(z[2*i+1], z[2*i], z[16+2*i])
			VUNPCKHPS(z[2*i+1], z[2*i], z[16+2*i+1])
		}
		for j := 0; j < 4; j++ {
			t := z[16+4*j:]
			VUNPCKLPD(t[2], t[0], z[4*j])
			VUNPCKHPD(t[2], t[0], z[4*j+1])
			VUNPCKLPD(t[3], t[1], z[4*j+2])
			VUNPCKHPD(t[3], t[1], z[4*j+3])
		}
		for q := 0; q < 4; q++ {
			o := gather4(z[q], z[4+q], z[8+q], z[12+q], z[16:20], p.elem)
			for l := 0; l < 4; l++ {
				outs[4*l+q] = o[l]
			}
		}
		return
	}
	// float64: interleave row pairs; in z[16+2j+q], lane L holds column
	// 2L+q of rows 2j, 2j+1.
	for i := 0; i < 4; i++ {
		VUNPCKLPD(z[2*i+1], z[2*i], z[16+2*i])
		VUNPCKHPD(z[2*i+1], z[2*i], z[16+2*i+1])
	}
	for q := 0; q < 2; q++ {
		o := gather4(z[16+q], z[18+q], z[20+q], z[22+q], z[24:28], p.elem)
		for l := 0; l < 4; l++ {
			outs[2*l+q] = o[l]
		}
	}
}

// gather4 overwrites a, b, c and d so that the l-th of them holds the
// 128-bit lanes l of the original a, b, c and d in that order, using the
// four registers of tmp; it returns them in order.
func gather4(a, b, c, d VecPhysical, tmp []VecPhysical, elem int) [4]VecPhysical {
	shuf := func(imm uint8, x, y, dst VecPhysical) {
		// dst = [x.lane(imm&3), x.lane(imm>>2&3), y.lane(imm>>4&3), y.lane(imm>>6)]
		if elem == 4 {
			VSHUFF32X4(U8(imm), y, x, dst)
		} else {
			VSHUFF64X2(U8(imm), y, x, dst)
		}
	}
	s1, s2, s3, s4 := tmp[0], tmp[1], tmp[2], tmp[3]
	shuf(0x44, a, b, s1) // a0 a1 b0 b1
	shuf(0x44, c, d, s2) // c0 c1 d0 d1
	shuf(0xEE, a, b, s3) // a2 a3 b2 b3
	shuf(0xEE, c, d, s4) // c2 c3 d2 d3
	o := [4]VecPhysical{a, b, c, d}
	shuf(0x88, s1, s2, o[0])
	shuf(0xDD, s1, s2, o[1])
	shuf(0x88, s3, s4, o[2])
	shuf(0xDD, s3, s4, o[3])
	return o
}

// generateCopy emits packCopy<suffix>(dst, src, ds, kc): the w lanes of
// depth step q are contiguous at src[q*ds:], and dst[q*w+l] = src[q*ds+l].
func (p packer) generateCopy() {
	name := "packCopyAVX512" + p.suffix()
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, src *%[1]s, ds, kc int)", p.goType()))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s packs a full %d-lane panel whose lanes are contiguous within each", name, p.w),
		"depth step: dst[q*w+l] = src[q*ds+l] for l < w and q < kc (w = "+fmt.Sprint(p.w)+").")
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
	vl := p.vl()
	full, rest := p.w/vl, p.w%vl
	if rest > 0 {
		loadMask(K1, rest)
	}
	// The depth steps are usually whole rows of a matrix apart, each on
	// its own page, which the hardware prefetcher does not follow: fetch
	// the lanes of the step prefetchAhead steps ahead explicitly.
	ahead := GP64()
	LEAQ(Mem{Base: ds, Index: ds, Scale: 2}, ahead)
	SHLQ(Imm(1), ahead) // 6*ds
	ADDQ(s, ahead)
	Label(name + "_loop")
	TESTQ(kc, kc)
	JE(LabelRef(name + "_done"))
	for off := 0; off < p.w*p.elem; off += 64 {
		PREFETCHT0(Mem{Base: ahead, Disp: off})
	}
	for v := 0; v < full; v++ {
		VMOVUPS(Mem{Base: s, Disp: v * 64}, zregs[v])
	}
	if rest > 0 {
		if p.elem == 4 {
			VMOVUPS_Z(Mem{Base: s, Disp: full * 64}, K1, zregs[full])
		} else {
			VMOVUPD_Z(Mem{Base: s, Disp: full * 64}, K1, zregs[full])
		}
	}
	for v := 0; v < full; v++ {
		VMOVUPS(zregs[v], Mem{Base: d, Disp: v * 64})
	}
	if rest > 0 {
		if p.elem == 4 {
			VMOVUPS(zregs[full], K1, Mem{Base: d, Disp: full * 64})
		} else {
			VMOVUPD(zregs[full], K1, Mem{Base: d, Disp: full * 64})
		}
	}
	ADDQ(ds, s)
	ADDQ(ds, ahead)
	ADDQ(U32(p.w*p.elem), d)
	DECQ(kc)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// transArgs loads the arguments (dst, src *T, ls, kc int) of a
// transposing packer, with the lane stride ls converted to bytes, and
// returns them with ls3 = 3·ls for the addressing of rows.
func (p packer) transArgs() (dst0, src0, ls, ls3, kc GPVirtual) {
	dst0, src0, ls, kc = GP64(), GP64(), GP64(), GP64()
	Load(Param("dst"), dst0)
	Load(Param("src"), src0)
	Load(Param("ls"), ls)
	Load(Param("kc"), kc)
	shift := uint64(2)
	if p.elem == 8 {
		shift = 3
	}
	SHLQ(Imm(shift), ls)
	ls3 = GP64()
	LEAQ(Mem{Base: ls, Index: ls, Scale: 2}, ls3)
	return dst0, src0, ls, ls3, kc
}

// laneGroup sets up the registers of a transposing packer for the group of
// nl lanes starting at lane first: row r of the group is at
// bases[r/4] + (r%4)*ls, d points at the group's first lane in dst and cnt
// counts the depth steps left.
func (p packer) laneGroup(dst0, src0, ls, kc GPVirtual, first, nl int) (bases []GPVirtual, d, cnt GPVirtual) {
	bases = make([]GPVirtual, ceilDiv(nl, 4))
	for i := range bases {
		bases[i] = GP64()
		MOVQ(src0, bases[i])
		for r := 0; r < first+4*i; r++ {
			ADDQ(ls, bases[i])
		}
	}
	d, cnt = GP64(), GP64()
	MOVQ(dst0, d)
	if first > 0 {
		ADDQ(U32(first*p.elem), d)
	}
	MOVQ(kc, cnt)
	return bases, d, cnt
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
