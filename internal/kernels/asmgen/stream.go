package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// streamCopy emits ewStreamCopy<ISA>: it copies n bytes from x to d with
// non-temporal stores (VMOVNTPS), four vectors per step, then, with
// fence, waits with SFENCE until those stores are ordered before any
// later store (ewStreamCopyNoFence<ISA> leaves that to ewStreamFence). n is
// a positive multiple of four vectors and d is aligned to a vector; the Go
// wrapper (kernels.StreamCopy) copies the unaligned head and the tail.
func (g ewg) streamCopy(fence bool) {
	name := "ewStreamCopy" + g.isa()
	if !fence {
		name = "ewStreamCopyNoFence" + g.isa()
	}
	TEXT(name, NOSPLIT, "func(d, x *byte, n int)")
	Pragma("noescape")
	exported := "StreamCopy"
	if !fence {
		exported = "StreamCopyUnfenced"
	}
	Doc(name+" is the kernel of "+exported+": n bytes, a positive multiple",
		"of four vectors, to d aligned to a vector, with non-temporal stores.")
	p := loadPtrs("d", "x", "n")
	d, x, n := p[0], p[1], p[2]
	Label(name + "_loop")
	v := g.vecs(4)
	for i := range v {
		VMOVUPS(g.vmem(x, i), v[i])
	}
	for i := range v {
		VMOVNTPS(v[i], g.vmem(d, i))
	}
	ADDQ(U32(4*g.vbytes()), x)
	ADDQ(U32(4*g.vbytes()), d)
	SUBQ(U32(4*g.vbytes()), n)
	JNZ(LabelRef(name + "_loop"))
	if fence {
		SFENCE()
	}
	ret()
}

// streamFence emits ewStreamFence: SFENCE, which orders the non-temporal
// stores before it before any later store.
func streamFence() {
	TEXT("ewStreamFence", NOSPLIT, "func()")
	Doc("ewStreamFence orders the non-temporal stores before it before any later store (SFENCE).")
	SFENCE()
	RET()
}
