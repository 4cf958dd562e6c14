package datasets

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestToCategoricalValues(t *testing.T) {
	for _, c := range []struct {
		name       string
		y          *tensor.Tensor
		numClasses int
		wantShape  tensor.Shape
		want       []float32
	}{
		{"int64 vector, inferred classes", tensor.FromSlice([]int64{0, 2, 1}), 0,
			tensor.Shape{3, 3}, []float32{1, 0, 0, 0, 0, 1, 0, 1, 0}},
		{"float32 column from CSV", tensor.FromSlice([]float32{1, 0}, 2, 1), 3,
			tensor.Shape{2, 3}, []float32{0, 1, 0, 1, 0, 0}},
		{"float64 vector, more classes than seen", tensor.FromSlice([]float64{3, 0}), 5,
			tensor.Shape{2, 5}, []float32{0, 0, 0, 1, 0, 1, 0, 0, 0, 0}},
		{"empty with numClasses", tensor.FromSlice([]int64{}), 2, tensor.Shape{0, 2}, []float32{}},
	} {
		got, err := ToCategorical(c.y, c.numClasses)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.DType() != tensor.Float32 || !got.Shape().Equal(c.wantShape) {
			t.Errorf("%s: got %v %v, want float32 %v", c.name, got.DType(), got.Shape(), c.wantShape)
			continue
		}
		for i, v := range got.Float32s() {
			if v != c.want[i] {
				t.Errorf("%s: got %v, want %v", c.name, got.Float32s(), c.want)
				break
			}
		}
	}
}

func TestToCategoricalErrors(t *testing.T) {
	for _, c := range []struct {
		y          *tensor.Tensor
		numClasses int
		want       string
	}{
		{nil, 0, "datasets: ToCategorical: y is nil"},
		{tensor.FromSlice([]float32{0, 1, 0, 1, 0, 0}, 2, 3), 0,
			"datasets: ToCategorical: y must be class indices of shape (N,) or (N, 1), got shape (2, 3)"},
		{tensor.Scalar[int64](1), 0,
			"datasets: ToCategorical: y must be class indices of shape (N,) or (N, 1), got shape ()"},
		{tensor.FromSlice([]int64{0, 1, -2}), 3, "datasets: ToCategorical: y[2] is -2, a negative class index"},
		{tensor.FromSlice([]float32{0, -1}), 0, "datasets: ToCategorical: y[1] is -1, a negative class index"},
		{tensor.FromSlice([]float32{0, 1, 0.1}, 3, 1), 0, "datasets: ToCategorical: y[2] is 0.1, not a whole number"},
		{tensor.FromSlice([]float64{math.NaN(), 1}), 0, "datasets: ToCategorical: y[0] is NaN, not a class index"},
		{tensor.FromSlice([]float32{2, float32(math.NaN())}), 3, "datasets: ToCategorical: y[1] is NaN, not a class index"},
		{tensor.FromSlice([]float64{0, math.Inf(1)}), 0,
			"datasets: ToCategorical: y[1] is +Inf, too large to be an exact class index"},
		{tensor.FromSlice([]int64{0, 3, 1}), 3, "datasets: ToCategorical: y[1] is 3, not a class index below numClasses 3"},
		{tensor.FromSlice([]float64{0, 1, 2, 7}), 4, "datasets: ToCategorical: y[3] is 7, not a class index below numClasses 4"},
		{tensor.FromSlice([]int64{0}), -1, "datasets: ToCategorical: numClasses -1 is negative (0 means max(y)+1)"},
		{tensor.FromSlice([]float32{}), 0, "datasets: ToCategorical: y is empty, so numClasses cannot be inferred: pass it"},
		{tensor.FromSlice([]int64{1, math.MaxInt64}), 0,
			"datasets: ToCategorical: the largest label, 9223372036854775807, makes too many classes"},
		{tensor.FromSlice([]int64{1, 2}), math.MaxInt / 2,
			"datasets: ToCategorical: 2 samples of 4611686018427387903 classes make more than 2³¹ values"},
		{tensor.FromSlice([]int64{1, 2}), 1<<30 + 1,
			"datasets: ToCategorical: 2 samples of 1073741825 classes make more than 2³¹ values"},
		{tensor.FromSlice([]float64{1, 1 << 31}), 0,
			"datasets: ToCategorical: the largest label, 2147483648, makes too many classes"},
	} {
		got, err := ToCategorical(c.y, c.numClasses)
		if err == nil {
			t.Errorf("%q: no error, got %v", c.want, got)
		} else if err.Error() != c.want {
			t.Errorf("error\n  %q\nwant\n  %q", err, c.want)
		}
	}
}
