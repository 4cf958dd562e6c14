//go:build !amd64 || purego

package kernels

// Without assembly the exported elementwise functions fall back to the
// pure-Go twins: every kernel reports that it did not run.

func ewRowsAsmS(Op, []float32, []float32, []float32, int, int, int, int) bool { return false }

func ewScalarAsmS(Op, []float32, []float32, float32) bool { return false }

func ewRScalarAsmS(Op, []float32, float32, []float32) bool { return false }

func ewBiasRowsAsmS([]float32, []float32, int, int, int, bool) bool { return false }

func ewReluAsmS([]float32, []float32) bool { return false }

func ewReluGradRowsAsmS([]float32, []float32, int, int, int, int, float32) bool { return false }

func ewReluGradAsmS([]float32, []float32, []float32, float32) bool { return false }

func ewSigmoidGradAsmS([]float32, []float32, []float32) bool { return false }

func ewTanhGradAsmS([]float32, []float32, []float32) bool { return false }

func ewAdamAsmS([]float32, []float32, []float32, []float32, float32, float32, float32, float32) bool {
	return false
}

func ewColSumAsmS([]float64, []float32, int, int) bool { return false }

func ewRowsAsmD(Op, []float64, []float64, []float64, int, int, int, int) bool { return false }

func ewScalarAsmD(Op, []float64, []float64, float64) bool { return false }

func ewRScalarAsmD(Op, []float64, float64, []float64) bool { return false }

func ewBiasRowsAsmD([]float64, []float64, int, int, int, bool) bool { return false }

func ewReluAsmD([]float64, []float64) bool { return false }

func ewReluGradRowsAsmD([]float64, []float64, int, int, int, int, float64) bool { return false }

func ewReluGradAsmD([]float64, []float64, []float64, float64) bool { return false }

func ewSigmoidGradAsmD([]float64, []float64, []float64) bool { return false }

func ewTanhGradAsmD([]float64, []float64, []float64) bool { return false }

func ewAdamAsmD([]float64, []float64, []float64, []float64, float64, float64, float64, float64) bool {
	return false
}

func ewColSumAsmD([]float64, []float64, int, int) bool { return false }

func ewExpAsm([]float32, []float32) bool { return false }

func ewSigmoidAsm([]float32, []float32) bool { return false }

func ewTanhAsm([]float32, []float32) bool { return false }

func ewMaxAsm([]float32) (float32, bool) { return 0, false }

func ewExtremumAsm[T scalar]([]T, bool) (m T, nan, ok bool) { return m, false, false }

func ewColExtremumAsm[T scalar]([]T, []T, int, int, bool) (nan, ok bool) { return false, false }

func ewExpSumAsm([]float32, []float32, float32) (float64, bool) { return 0, false }

func ewExpSumNoStoreAsm([]float32, float32) (float64, bool) { return 0, false }

func ewSumAsm([]float32) (float64, bool) { return 0, false }

func ewExp64Asm([]float64, []float64) bool { return false }

func ewSigmoid64Asm([]float64, []float64) bool { return false }

func ewTanh64Asm([]float64, []float64) bool { return false }

func ewSumBlock64Asm([]float64) (float64, bool) { return 0, false }

func ewStreamCopyAsm(*byte, *byte, int, bool) bool { return false }

func ewStreamFenceAsm() {}

func ewAdamStreamAsmS([]float32, []float32, []float32, []float32, float32, float32, float32, float32) bool {
	return false
}

func ewAdamStreamAsmD([]float64, []float64, []float64, []float64, float64, float64, float64, float64) bool {
	return false
}

func ewSGDAsmS([]float32, []float32, float32, bool) bool { return false }

func ewSGDAsmD([]float64, []float64, float64, bool) bool { return false }

func ewMomentumAsmS([]float32, []float32, []float32, float32, float32, bool, bool) bool { return false }

func ewMomentumAsmD([]float64, []float64, []float64, float64, float64, bool, bool) bool { return false }

func ewRMSpropAsmS([]float32, []float32, []float32, []float32, []float32, float32, float32, float32, float32, float32, bool) bool {
	return false
}

func ewRMSpropAsmD([]float64, []float64, []float64, []float64, []float64, float64, float64, float64, float64, float64, bool) bool {
	return false
}

func ewWeightDecayAsmS([]float32, float32, float32, bool) bool { return false }

func ewWeightDecayAsmD([]float64, float64, float64, bool) bool { return false }

func ewNadamAsmS([]float32, []float32, []float32, []float32, float32, float32, float32, float32, float32, float32, float32, bool) bool {
	return false
}

func ewNadamAsmD([]float64, []float64, []float64, []float64, float64, float64, float64, float64, float64, float64, float64, bool) bool {
	return false
}

func ewAdagradAsmS([]float32, []float32, []float32, float32, float32, bool) bool { return false }

func ewAdagradAsmD([]float64, []float64, []float64, float64, float64, bool) bool { return false }

func ewDevBlockAsm[T scalar]([]T, float64) (s1, s2 float64, ok bool) { return 0, 0, false }

func ewColDevAsm[T scalar]([]float64, []float64, []float64, []T, int, int) bool { return false }
