package losses

import (
	"math"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestCatalogValues pins every loss on its fixed case against its formula
// computed in float64, under each reduction: the mean of the per-sample
// values, their sum, and the values themselves, shape (batch,).
func TestCatalogValues(t *testing.T) {
	for _, c := range catalog() {
		want := perRow(c.y, c.p, c.ref)
		sum := 0.0
		for _, v := range want {
			sum += v
		}
		mean := sum / float64(len(want))
		for _, r := range []Reduction{"", ReductionSumOverBatchSize} {
			near(t, c.name+" "+string(r), evalLoss(t, c.loss(r), c.y, c.p), mean)
		}
		near(t, c.name+" sum", evalLoss(t, c.loss(ReductionSum), c.y, c.p), sum)
		got, shape := evalValues(t, c.loss(ReductionNone), c.y, c.p)
		if len(shape) != 1 || len(got.Shape()) != 1 || got.Shape()[0] != len(want) {
			t.Errorf("%s none: shape %v (static %v), want (%d,)", c.name, got.Shape(), shape, len(want))
			continue
		}
		for i, w := range want {
			near(t, c.name+" none", got.Float64s()[i], w)
		}
	}
}

// TestCatalogFloat32 runs every case in float32, where the losses keep
// their dtype and agree with the float64 formula to float32 rounding.
func TestCatalogFloat32(t *testing.T) {
	for _, c := range catalog() {
		want := perRow(c.y, c.p, c.ref)
		mean := 0.0
		for _, v := range want {
			mean += v / float64(len(want))
		}
		got := evalLoss(t, c.loss(""), toFloat32(c.y), toFloat32(c.p))
		if math.Abs(got-mean) > 2e-5*math.Max(1, math.Abs(mean)) {
			t.Errorf("%s float32 = %.9g, want %.9g", c.name, got, mean)
		}
	}
}

// toFloat32 converts a float64 tensor to float32.
func toFloat32(x *tensor.Tensor) *tensor.Tensor {
	data := make([]float32, x.Size())
	for i, v := range x.Float64s() {
		data[i] = float32(v)
	}
	return tensor.FromSlice(data, x.Shape()...)
}
