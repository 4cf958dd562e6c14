package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// This file generates the peak-throughput loops of package kernels
// (peakAVX512 and peakAVX2 in gemm_amd64.s): float32 fused multiply-adds
// on independent accumulators and nothing else, so that their speed is
// the CPU's FMA issue rate, the ceiling of any GEMM kernel. They are the
// same measurement as the peer harness's peak.c.

// peakSteps is the number of FMA rounds (one FMA per accumulator) in one
// iteration of a peak loop.
const peakSteps = 8

// peak describes one peak loop.
type peak struct {
	name string
	zmm  bool // 512-bit vectors; else 256-bit
	accs int  // independent accumulators: enough to cover the FMA latency times the FMA pipes
}

// peaks are the generated loops: 16 zmm accumulators (as peak.c uses),
// 12 ymm ones (AVX2 has 16 registers, two of which hold the constants).
var peaks = []peak{{name: "peakAVX512", zmm: true, accs: 16}, {name: "peakAVX2", accs: 12}}

// generatePeaks emits every peak loop.
func generatePeaks() {
	for _, p := range peaks {
		p.generate()
	}
}

// generate emits the loop: every accumulator starts at 1 and each step
// computes a = a·0.5 + 1 (exact in float32 for the first 23 steps; from
// then on a stays at 2, never subnormal), n iterations of peakSteps steps
// on all accumulators. It returns the sum of lane 0 of the accumulators,
// which the tests compare with the known value.
func (p peak) generate() {
	TEXT(p.name, NOSPLIT, "func(n int) float32")
	Pragma("noescape")
	width := 256
	if p.zmm {
		width = 512
	}
	Doc(fmt.Sprintf("%s runs n iterations of %d rounds of %d independent %d-bit float32", p.name, peakSteps, p.accs, width),
		"fused multiply-adds a = a·0.5 + 1, every accumulator starting at 1,",
		"and returns the sum of lane 0 of the accumulators.")
	reg := func(i int) Op {
		if p.zmm {
			return []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
				Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31}[i]
		}
		return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}[i]
	}
	n := GP64()
	Load(Param("n"), n)
	t := GP32()
	half, one := reg(p.accs), reg(p.accs+1)
	MOVL(U32(0x3f000000), t) // 0.5
	VMOVD(t, half.(VecPhysical).AsX())
	VBROADCASTSS(half.(VecPhysical).AsX(), half)
	MOVL(U32(0x3f800000), t) // 1
	VMOVD(t, one.(VecPhysical).AsX())
	VBROADCASTSS(one.(VecPhysical).AsX(), one)
	for i := 0; i < p.accs; i++ {
		VMOVAPS(one, reg(i))
	}
	Label(p.name + "_loop")
	TESTQ(n, n)
	JE(LabelRef(p.name + "_done"))
	for s := 0; s < peakSteps; s++ {
		for i := 0; i < p.accs; i++ {
			VFMADD213PS(one, half, reg(i)) // a = half·a + one
		}
	}
	DECQ(n)
	JMP(LabelRef(p.name + "_loop"))
	Label(p.name + "_done")
	sum := reg(0).(VecPhysical).AsX()
	for i := 1; i < p.accs; i++ {
		VADDSS(reg(i).(VecPhysical).AsX(), sum, sum)
	}
	VZEROUPPER()
	Store(sum, ReturnIndex(0))
	RET()
}
