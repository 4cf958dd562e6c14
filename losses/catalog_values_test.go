package losses

import (
	"testing"
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
