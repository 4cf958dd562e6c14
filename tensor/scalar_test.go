package tensor

import (
	"math"
	"testing"
)

func TestScalarOps(t *testing.T) {
	for _, dt := range ewAllDTypes {
		x := ewT(dt, Shape{2, 2}, 1, -2, 3, 0)
		ewCheck(t, "AddScalar "+dt.String(), AddScalar(x, 10), dt, Shape{2, 2}, []float64{11, 8, 13, 10}, 0)
		ewCheck(t, "MulScalar "+dt.String(), MulScalar(x, -3), dt, Shape{2, 2}, []float64{-3, 6, -9, 0}, 0)
		dst := New(dt, 2, 2)
		AddScalarInto(dst, x, -1)
		ewCheck(t, "AddScalarInto "+dt.String(), dst, dt, Shape{2, 2}, []float64{0, -3, 2, -1}, 0)
		MulScalarInto(x, x, 2) // in place
		ewCheck(t, "MulScalarInto in place "+dt.String(), x, dt, Shape{2, 2}, []float64{2, -4, 6, 0}, 0)
	}
	// The scalar is converted to the tensor's dtype first.
	ewCheck(t, "AddScalar int64 truncates", AddScalar(ewT(Int64, Shape{2}, 1, 2), 2.9), Int64, Shape{2}, []float64{3, 4}, 0)
	ewCheck(t, "MulScalar int64 truncates", MulScalar(ewT(Int64, Shape{2}, 1, 2), -1.5), Int64, Shape{2}, []float64{-1, -2}, 0)
	ewCheck(t, "AddScalar float32 rounds", AddScalar(ewT(Float32, Shape{1}, 0), 0.1), Float32, Shape{1},
		[]float64{float64(float32(0.1))}, 0)
	ewCheck(t, "MulScalar NaN", MulScalar(ewT(Float64, Shape{2}, 1, 0), math.NaN()), Float64, Shape{2},
		[]float64{math.NaN(), math.NaN()}, 0)
	ewCheck(t, "AddScalar empty", AddScalar(New(Float32, 0), 1), Float32, Shape{0}, nil, 0)
}

func TestScalarLarge(t *testing.T) {
	const n = 100003 // parallel path
	in := ewSeq(n, 0)
	want := make([]float64, n)
	for i, v := range in {
		want[i] = v*0.5 + 0
	}
	ewCheck(t, "MulScalar large", MulScalar(ewT(Float64, Shape{n}, in...), 0.5), Float64, Shape{n}, want, 0)
}

func TestScalarErrors(t *testing.T) {
	ewWantErr(t, "AddScalarInto shape", func() { AddScalarInto(New(Float32, 3), New(Float32, 2), 1) },
		"AddScalarInto", "(3,)", "(2,)")
	ewWantErr(t, "MulScalarInto dtype", func() { MulScalarInto(New(Int64, 2), New(Float32, 2), 1) },
		"MulScalarInto", "int64", "float32")
	x := New(Float32, 100)
	if n := testing.AllocsPerRun(10, func() { AddScalarInto(x, x, 1) }); n != 0 {
		t.Errorf("AddScalarInto allocates %v times, want 0", n)
	}
}
