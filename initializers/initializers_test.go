package initializers

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestComputeFans(t *testing.T) {
	cases := []struct {
		shape       tensor.Shape
		fanIn, fanO int
	}{
		{tensor.Shape{}, 1, 1},
		{tensor.Shape{5}, 5, 5},
		{tensor.Shape{4, 6}, 4, 6},
		// A 3×3 convolution from 2 to 8 channels: receptive field 9, so
		// fan_in = 2·9 = 18 and fan_out = 8·9 = 72.
		{tensor.Shape{3, 3, 2, 8}, 18, 72},
	}
	for _, c := range cases {
		in, out := computeFans(c.shape)
		if in != c.fanIn || out != c.fanO {
			t.Errorf("fans of %v = %d, %d; want %d, %d", c.shape, in, out, c.fanIn, c.fanO)
		}
	}
}

// moments returns the sample mean and variance and the largest |v|.
func moments(x *tensor.Tensor) (mean, variance, maxAbs float64) {
	v := x.Values()
	for _, e := range v {
		mean += e
		maxAbs = math.Max(maxAbs, math.Abs(e))
	}
	mean /= float64(len(v))
	for _, e := range v {
		variance += (e - mean) * (e - mean)
	}
	return mean, variance / float64(len(v)), maxAbs
}

func mustInit(t *testing.T, init Initializer, dtype tensor.DType, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := init.Init(tensor.NewRNG(1), dtype, shape)
	if err != nil {
		t.Fatal(err)
	}
	if x.DType() != dtype || !x.Shape().Equal(shape) {
		t.Fatalf("got %v %v, want %v %v", x.DType(), x.Shape(), dtype, shape)
	}
	return x
}

// TestGlorotUniformSmallKernel: for a (4, 6) kernel fan_in+fan_out = 10,
// so limit = sqrt(6/10) = 0.7745966692414834 and every value lies in
// [−limit, limit).
func TestGlorotUniformSmallKernel(t *testing.T) {
	limit := math.Sqrt(6.0 / 10)
	x := mustInit(t, GlorotUniform{}, tensor.Float64, 4, 6)
	for _, v := range x.Float64s() {
		if v < -limit || v >= limit {
			t.Fatalf("value %v outside [−%v, %v)", v, limit, limit)
		}
	}
	if _, _, m := moments(x); m < limit/2 {
		t.Errorf("largest |value| %v is implausibly small for limit %v", m, limit)
	}
}

// TestVarianceScalingMoments checks every variance-scaling initializer on
// a (400, 600) kernel (fan_in 400, fan_out 600, fan_avg 500): the sample
// variance must be scale/fan (uniform: limit²/3 = scale/fan; truncated
// normal: (sqrt(scale/fan)/0.8796…)²·0.8796…² = scale/fan), and the values
// must stay within the uniform limit or two truncated-normal stddevs.
func TestVarianceScalingMoments(t *testing.T) {
	cases := []struct {
		init     Initializer
		variance float64
		bound    float64
	}{
		{GlorotUniform{}, 1.0 / 500, math.Sqrt(3.0 / 500)},
		{GlorotNormal{}, 1.0 / 500, 2 * math.Sqrt(1.0/500) / truncatedNormalStddev},
		{HeUniform{}, 2.0 / 400, math.Sqrt(6.0 / 400)},
		{HeNormal{}, 2.0 / 400, 2 * math.Sqrt(2.0/400) / truncatedNormalStddev},
		{LecunUniform{}, 1.0 / 400, math.Sqrt(3.0 / 400)},
		{LecunNormal{}, 1.0 / 400, 2 * math.Sqrt(1.0/400) / truncatedNormalStddev},
		{VarianceScaling{}, 1.0 / 400, 2 * math.Sqrt(1.0/400) / truncatedNormalStddev},
		{VarianceScaling{Scale: 3, Mode: "fan_out", Distribution: "uniform"}, 3.0 / 600, math.Sqrt(9.0 / 600)},
		{VarianceScaling{Distribution: "untruncated_normal"}, 1.0 / 400, math.Inf(1)},
	}
	for _, c := range cases {
		x := mustInit(t, c.init, tensor.Float32, 400, 600)
		mean, variance, m := moments(x)
		// With 240000 draws the relative standard error of the variance is
		// below 0.3%, and that of the mean below 0.01 of a stddev.
		if math.Abs(variance/c.variance-1) > 0.02 {
			t.Errorf("%T%+v: variance %.6g, want %.6g", c.init, c.init, variance, c.variance)
		}
		if math.Abs(mean) > 0.01*math.Sqrt(c.variance) {
			t.Errorf("%T%+v: mean %.3g, want about 0", c.init, c.init, mean)
		}
		if m > c.bound*(1+1e-6) {
			t.Errorf("%T%+v: |value| %.6g exceeds the bound %.6g", c.init, c.init, m, c.bound)
		}
	}
}

// TestVarianceScalingFanAtLeastOne: Keras divides by max(1, fan), so a
// zero-size fan does not blow up the scale.
func TestVarianceScalingFanAtLeastOne(t *testing.T) {
	x := mustInit(t, HeUniform{}, tensor.Float64, 0, 5)
	if x.Size() != 0 {
		t.Fatalf("size %d", x.Size())
	}
}

func TestRandomDefaults(t *testing.T) {
	x := mustInit(t, RandomUniform{}, tensor.Float64, 100000)
	for _, v := range x.Float64s() {
		if v < -0.05 || v >= 0.05 {
			t.Fatalf("RandomUniform{} drew %v outside [−0.05, 0.05)", v)
		}
	}
	if _, variance, _ := moments(x); math.Abs(variance/(0.01/12)-1) > 0.02 { // width²/12
		t.Errorf("RandomUniform{} variance %v, want %v", variance, 0.01/12)
	}
	x = mustInit(t, RandomUniform{Minval: 2, Maxval: 3}, tensor.Float32, 1000)
	for _, v := range x.Float32s() {
		if v < 2 || v >= 3 {
			t.Fatalf("RandomUniform{2, 3} drew %v", v)
		}
	}
	x = mustInit(t, RandomNormal{Mean: 1}, tensor.Float64, 100000)
	if mean, variance, _ := moments(x); math.Abs(mean-1) > 0.001 || math.Abs(math.Sqrt(variance)/0.05-1) > 0.02 {
		t.Errorf("RandomNormal{Mean: 1}: mean %v, stddev %v; want 1, 0.05", mean, math.Sqrt(variance))
	}
	// A normal truncated at two stddevs has stddev 0.05·0.8796 = 0.04398.
	x = mustInit(t, TruncatedNormal{}, tensor.Float64, 100000)
	mean, variance, m := moments(x)
	if math.Abs(mean) > 0.001 || math.Abs(math.Sqrt(variance)/(0.05*truncatedNormalStddev)-1) > 0.02 || m > 0.1 {
		t.Errorf("TruncatedNormal{}: mean %v, stddev %v, max %v; want 0, 0.04398, <= 0.1", mean, math.Sqrt(variance), m)
	}
}

func TestConstants(t *testing.T) {
	for _, c := range []struct {
		init Initializer
		want float64
	}{{Zeros{}, 0}, {Ones{}, 1}, {Constant{}, 0}, {Constant{Value: 2.5}, 2.5}} {
		for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64, tensor.Int64} {
			x, err := c.init.Init(nil, dt, tensor.Shape{2, 3})
			if err != nil {
				t.Fatal(err)
			}
			want := c.want
			if dt == tensor.Int64 {
				want = math.Trunc(want)
			}
			for _, v := range x.Values() {
				if v != want {
					t.Fatalf("%T%+v %v: value %v, want %v", c.init, c.init, dt, v, want)
				}
			}
		}
	}
}

func TestOrthogonal(t *testing.T) {
	// gram returns the r×r products of the rows (byRows) or columns of the
	// (rows, cols) matrix x.
	gram := func(x []float64, rows, cols int, byRows bool) [][]float64 {
		r, k := cols, rows
		at := func(i, j int) float64 { return x[j*cols+i] } // element j of column i
		if byRows {
			r, k = rows, cols
			at = func(i, j int) float64 { return x[i*cols+j] }
		}
		g := make([][]float64, r)
		for i := range g {
			g[i] = make([]float64, r)
			for j := range g[i] {
				for l := 0; l < k; l++ {
					g[i][j] += at(i, l) * at(j, l)
				}
			}
		}
		return g
	}
	cases := []struct {
		init       Orthogonal
		shape      []int
		rows, cols int
		byRows     bool
		diag       float64
	}{
		{Orthogonal{}, []int{6, 4}, 6, 4, false, 1},
		{Orthogonal{}, []int{4, 6}, 4, 6, true, 1},
		{Orthogonal{Gain: 2}, []int{5, 5}, 5, 5, false, 4},
		{Orthogonal{}, []int{3, 2, 4}, 6, 4, false, 1},
	}
	for _, c := range cases {
		x := mustInit(t, c.init, tensor.Float64, c.shape...)
		g := gram(x.Float64s(), c.rows, c.cols, c.byRows)
		for i := range g {
			for j := range g[i] {
				want := 0.0
				if i == j {
					want = c.diag
				}
				if math.Abs(g[i][j]-want) > 1e-12 {
					t.Fatalf("%+v %v: Gram[%d][%d] = %v, want %v", c.init, c.shape, i, j, g[i][j], want)
				}
			}
		}
	}
}

func TestReproducible(t *testing.T) {
	inits := []Initializer{GlorotUniform{}, GlorotNormal{}, HeNormal{}, RandomNormal{}, RandomUniform{}, TruncatedNormal{}, Orthogonal{}}
	for _, init := range inits {
		a, _ := init.Init(tensor.NewRNG(5), tensor.Float32, tensor.Shape{8, 3})
		b, _ := init.Init(tensor.NewRNG(5), tensor.Float32, tensor.Shape{8, 3})
		c, _ := init.Init(tensor.NewRNG(6), tensor.Float32, tensor.Shape{8, 3})
		if !tensor.AllClose(a, b, 0, 0) {
			t.Errorf("%T: same seed, different values", init)
		}
		if tensor.AllClose(a, c, 0, 0) {
			t.Errorf("%T: different seeds, same values", init)
		}
	}
}

func TestErrors(t *testing.T) {
	rng := tensor.NewRNG(1)
	cases := []struct {
		init  Initializer
		rng   *tensor.RNG
		dtype tensor.DType
		shape tensor.Shape
		want  string
	}{
		{RandomNormal{Stddev: -1}, rng, tensor.Float32, tensor.Shape{2}, "RandomNormal"},
		{TruncatedNormal{Stddev: -0.1}, rng, tensor.Float32, tensor.Shape{2}, "stddev"},
		{RandomNormal{Mean: math.NaN()}, rng, tensor.Float32, tensor.Shape{2}, "mean"},
		{RandomUniform{Minval: 1, Maxval: 0}, rng, tensor.Float32, tensor.Shape{2}, "minval <= maxval"},
		{RandomUniform{Maxval: math.Inf(1)}, rng, tensor.Float32, tensor.Shape{2}, "RandomUniform"},
		{VarianceScaling{Scale: -1}, rng, tensor.Float32, tensor.Shape{2}, "scale must be positive"},
		{VarianceScaling{Mode: "fan_sum"}, rng, tensor.Float32, tensor.Shape{2}, `mode "fan_sum"`},
		{VarianceScaling{Distribution: "cauchy"}, rng, tensor.Float32, tensor.Shape{2}, `distribution "cauchy"`},
		{GlorotUniform{}, rng, tensor.Int64, tensor.Shape{2, 2}, "GlorotUniform: dtype"},
		{HeNormal{}, nil, tensor.Float32, tensor.Shape{2, 2}, "HeNormal: the random generator is nil"},
		{LecunNormal{}, rng, tensor.Float32, tensor.Shape{2, -1}, "negative dimension"},
		{Zeros{}, nil, tensor.Float32, tensor.Shape{-2}, "Zeros"},
		{Constant{Value: math.Inf(-1)}, nil, tensor.Float32, tensor.Shape{2}, "Constant: value must be finite"},
		{Orthogonal{}, rng, tensor.Float32, tensor.Shape{4}, "rank 2"},
	}
	for _, c := range cases {
		x, err := c.init.Init(c.rng, c.dtype, c.shape)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T%+v: got %v, %v; want an error containing %q", c.init, c.init, x, err, c.want)
		}
	}
}

func TestGet(t *testing.T) {
	cases := map[string]Initializer{
		"glorot_uniform": GlorotUniform{}, "GlorotUniform": GlorotUniform{}, "glorot_normal": GlorotNormal{},
		"he_uniform": HeUniform{}, "he_normal": HeNormal{}, "lecun_uniform": LecunUniform{},
		"lecun_normal": LecunNormal{}, "zeros": Zeros{}, "ones": Ones{}, "constant": Constant{},
		"random_uniform": RandomUniform{}, "uniform": RandomUniform{}, "random_normal": RandomNormal{},
		"truncated_normal": TruncatedNormal{}, "orthogonal": Orthogonal{}, "variance_scaling": VarianceScaling{},
	}
	for name, want := range cases {
		got, err := Get(name)
		if err != nil || got != want {
			t.Errorf("Get(%q) = %#v, %v; want %#v", name, got, err, want)
		}
	}
	if _, err := Get("xavier"); err == nil || !strings.Contains(err.Error(), `"xavier"`) || !strings.Contains(err.Error(), "glorot_uniform") {
		t.Errorf("Get(xavier): got %v", err)
	}
	if _, err := Get(""); err == nil {
		t.Error("Get(\"\"): no error")
	}
}
