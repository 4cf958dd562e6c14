package datasets

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestStandardizerHand checks a hand-computed example:
// column 0 = 1, 2, 3, 4: mean 2.5, population variance 1.25, std √1.25;
// column 1 = 10, 10, 10, 10: constant, so std is replaced by 1;
// column 2 = -1, 1, -1, 1: mean 0, std 1.
func TestStandardizerHand(t *testing.T) {
	in := []float64{1, 10, -1, 2, 10, 1, 3, 10, -1, 4, 10, 1}
	s5 := math.Sqrt(1.25)
	wantMean := []float64{2.5, 10, 0}
	wantStd := []float64{s5, 1, 1}
	want := []float64{
		-1.5 / s5, 0, -1,
		-0.5 / s5, 0, 1,
		0.5 / s5, 0, -1,
		1.5 / s5, 0, 1,
	}
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		x := tensor.New(dt, 4, 3)
		for i, v := range in {
			x.Set(v, i/3, i%3)
		}
		before := x.Values()
		s, err := FitStandardizer(x)
		if err != nil {
			t.Fatal(err)
		}
		if s.Mean.DType() != tensor.Float64 || !s.Mean.Shape().Equal(tensor.Shape{3}) || !s.Std.Shape().Equal(tensor.Shape{3}) {
			t.Fatalf("%v: Mean %v %v, Std %v", dt, s.Mean.DType(), s.Mean.Shape(), s.Std.Shape())
		}
		assertClose(t, dt.String()+" mean", s.Mean.Values(), wantMean, 1e-15)
		assertClose(t, dt.String()+" std", s.Std.Values(), wantStd, 1e-15)
		out, err := s.Transform(x)
		if err != nil {
			t.Fatal(err)
		}
		if out.DType() != dt || !out.Shape().Equal(x.Shape()) {
			t.Fatalf("%v: Transform gave %v %v", dt, out.DType(), out.Shape())
		}
		tol := 1e-15
		if dt == tensor.Float32 {
			tol = 1e-7
		}
		assertClose(t, dt.String()+" transform", out.Values(), want, tol)
		assertClose(t, dt.String()+" input untouched", x.Values(), before, 0)
		// A single sample of shape (D,).
		one, err := s.Transform(tensor.FromSlice([]float64{3.5, 11, 2}))
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, "one sample", one.Values(), []float64{1 / s5, 1, 2}, 1e-15)
	}
}

func TestStandardizerBoston(t *testing.T) {
	xTrain, _, xTest, _, err := LoadBostonHousing()
	if err != nil {
		t.Fatal(err)
	}
	s, err := FitStandardizer(xTrain)
	if err != nil {
		t.Fatal(err)
	}
	// CRIM statistics of the training CSV, computed independently in float64
	// from the text values (Python: mean, sqrt(mean of squared deviations)).
	if m, sd := s.Mean.At(0), s.Std.At(0); math.Abs(m-3.7451105693069318) > 1e-6 || math.Abs(sd-9.229290727197059) > 1e-6 {
		t.Errorf("CRIM mean %v std %v", m, sd)
	}
	z, err := s.Transform(xTrain)
	if err != nil {
		t.Fatal(err)
	}
	zs, err := FitStandardizer(z)
	if err != nil {
		t.Fatal(err)
	}
	for j := range 13 {
		if m, sd := zs.Mean.At(j), zs.Std.At(j); math.Abs(m) > 1e-6 || math.Abs(sd-1) > 1e-6 {
			t.Errorf("standardized column %d: mean %v std %v", j, m, sd)
		}
	}
	if zt, err := s.Transform(xTest); err != nil || !zt.Shape().Equal(tensor.Shape{102, 13}) {
		t.Errorf("Transform(xTest): %v", err)
	}
}

func TestStandardizerErrors(t *testing.T) {
	good, _ := FitStandardizer(tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2))
	fitTests := []struct {
		name string
		x    *tensor.Tensor
		want string
	}{
		{"nil", nil, "x is nil"},
		{"rank 1", tensor.FromSlice([]float32{1, 2}), "shape (N, D), got float32 (2,)"},
		{"int64", tensor.FromSlice([]int64{1, 2}, 1, 2), "got int64 (1, 2)"},
		{"no rows", tensor.New(tensor.Float32, 0, 3), "(0, 3) has no values"},
		{"NaN", tensor.FromSlice([]float64{1, 2, 3, math.NaN()}, 2, 2), "x[1, 1] is NaN"},
		{"Inf", tensor.FromSlice([]float32{float32(math.Inf(1)), 2}, 1, 2), "x[0, 0] is +Inf"},
	}
	for _, tc := range fitTests {
		s, err := FitStandardizer(tc.x)
		if err == nil || s != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("FitStandardizer %s: %v, want error containing %q", tc.name, err, tc.want)
		}
	}
	trTests := []struct {
		name string
		s    *Standardizer
		x    *tensor.Tensor
		want string
	}{
		{"width", good, tensor.New(tensor.Float32, 5, 4), "x has 4 columns (shape (5, 4)), but the standardizer was fitted on 2"},
		{"nil x", good, nil, "x is nil"},
		{"int x", good, tensor.New(tensor.Int64, 1, 2), "float tensor of rank ≥ 1, got int64"},
		{"scalar x", good, tensor.Scalar[float32](1), "got float32 ()"},
		{"nil standardizer", nil, tensor.New(tensor.Float32, 1, 2), "no Mean or Std"},
		{"empty standardizer", &Standardizer{}, tensor.New(tensor.Float32, 1, 2), "no Mean or Std"},
		{"shape mismatch", &Standardizer{Mean: tensor.New(tensor.Float64, 2), Std: tensor.Ones(tensor.Float64, 3)},
			tensor.New(tensor.Float32, 1, 2), "same shape (D,), got float64 (2,) and float64 (3,)"},
		{"zero std", &Standardizer{Mean: tensor.New(tensor.Float64, 2), Std: tensor.FromSlice([]float64{1, 0})},
			tensor.New(tensor.Float32, 1, 2), "column 1 has Mean 0 and Std 0"},
		{"NaN mean", &Standardizer{Mean: tensor.FromSlice([]float32{float32(math.NaN())}), Std: tensor.Ones(tensor.Float32, 1)},
			tensor.New(tensor.Float32, 1, 1), "column 0 has Mean NaN"},
	}
	for _, tc := range trTests {
		out, err := tc.s.Transform(tc.x)
		if err == nil || out != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Transform %s: %v, want error containing %q", tc.name, err, tc.want)
		}
	}
}

func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}
