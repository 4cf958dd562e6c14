package datasets

import (
	"math"
	"slices"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestTrainTestSplitSizesAndPairing(t *testing.T) {
	for _, c := range []struct {
		n           int
		frac        float64
		nTrain, nTe int
	}{
		{10, 0.25, 7, 3}, // ceil(2.5) = 3, as scikit-learn rounds the test set up
		{10, 0.3, 7, 3},  // 0.3·10 is exactly 3.0 in float64
		{150, 0.2, 120, 30},
		{2, 0.5, 1, 1},
		{5, 0.01, 4, 1},
	} {
		// Row i of x is (i, 100+i) and y[i] is 1000+i, so a pairing or a
		// row can be traced after the shuffle.
		xs := make([]float32, 2*c.n)
		ys := make([]int64, c.n)
		for i := range c.n {
			xs[2*i], xs[2*i+1], ys[i] = float32(i), float32(100+i), int64(1000+i)
		}
		xTr, xTe, yTr, yTe, err := TrainTestSplit(tensor.FromSlice(xs, c.n, 2), tensor.FromSlice(ys), c.frac, 7)
		if err != nil {
			t.Fatalf("n=%d frac=%v: %v", c.n, c.frac, err)
		}
		if !xTr.Shape().Equal(tensor.Shape{c.nTrain, 2}) || !xTe.Shape().Equal(tensor.Shape{c.nTe, 2}) ||
			!yTr.Shape().Equal(tensor.Shape{c.nTrain}) || !yTe.Shape().Equal(tensor.Shape{c.nTe}) {
			t.Fatalf("n=%d frac=%v: shapes %v %v %v %v", c.n, c.frac, xTr.Shape(), xTe.Shape(), yTr.Shape(), yTe.Shape())
		}
		var seen []int
		for _, part := range [][2]*tensor.Tensor{{xTr, yTr}, {xTe, yTe}} {
			x, y := part[0].Float32s(), part[1].Int64s()
			for r := range y {
				i := int(x[2*r])
				if x[2*r+1] != float32(100+i) || y[r] != int64(1000+i) {
					t.Fatalf("n=%d: row %d is (%v, %v) with label %d: pairing broken", c.n, r, x[2*r], x[2*r+1], y[r])
				}
				seen = append(seen, i)
			}
		}
		slices.Sort(seen)
		for i, v := range seen {
			if v != i {
				t.Fatalf("n=%d: samples %v are not each of 0..%d once", c.n, seen, c.n-1)
			}
		}
	}
}

func TestTrainTestSplitIsSeededShuffle(t *testing.T) {
	x := tensor.Arange[float64](0, 20, 1)
	y := tensor.Arange[float64](0, 20, 1)
	a, _, _, _, err := TrainTestSplit(x, y, 0.25, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _, _, _ := TrainTestSplit(x, y, 0.25, 1)
	c, _, _, _, _ := TrainTestSplit(x, y, 0.25, 2)
	if !slices.Equal(a.Float64s(), b.Float64s()) {
		t.Errorf("same seed, different splits: %v and %v", a.Float64s(), b.Float64s())
	}
	if slices.Equal(a.Float64s(), c.Float64s()) {
		t.Errorf("seeds 1 and 2 give the same split %v", a.Float64s())
	}
	if slices.IsSorted(a.Float64s()) {
		t.Errorf("training set %v is not shuffled", a.Float64s())
	}
	// The split is the seeded permutation: the test set is its first 5
	// entries, the training set the other 15, in that order.
	perm := tensor.NewRNG(1).Perm(20)
	for r, i := range perm[5:] {
		if a.Float64s()[r] != float64(i) {
			t.Fatalf("training set %v, want the permutation %v after its first 5", a.Float64s(), perm)
		}
	}
}

func TestTrainTestSplitErrors(t *testing.T) {
	x4 := tensor.New(tensor.Float32, 4, 3)
	y4 := tensor.New(tensor.Int64, 4)
	for _, c := range []struct {
		x, y *tensor.Tensor
		frac float64
		want string
	}{
		{nil, y4, 0.5, "datasets: TrainTestSplit: x or y is nil"},
		{x4, nil, 0.5, "datasets: TrainTestSplit: x or y is nil"},
		{x4, tensor.Scalar[int64](1), 0.5, "datasets: TrainTestSplit: x and y need a sample axis, got shapes (4, 3) and ()"},
		{x4, tensor.New(tensor.Int64, 5, 1), 0.5,
			"datasets: TrainTestSplit: x has 4 samples (shape (4, 3)) but y has 5 (shape (5, 1))"},
		{tensor.New(tensor.Float32, 0, 3), tensor.New(tensor.Int64, 0), 0.5, "datasets: TrainTestSplit: x and y have no samples"},
		{x4, y4, 0, "datasets: TrainTestSplit: testFraction must lie in (0, 1), got 0"},
		{x4, y4, 1, "datasets: TrainTestSplit: testFraction must lie in (0, 1), got 1"},
		{x4, y4, -0.2, "datasets: TrainTestSplit: testFraction must lie in (0, 1), got -0.2"},
		{x4, y4, math.NaN(), "datasets: TrainTestSplit: testFraction must lie in (0, 1), got NaN"},
		{x4, y4, 0.8, "datasets: TrainTestSplit: testFraction 0.8 of 4 samples rounds up to a test set of 4, " +
			"leaving the training set empty"},
		{tensor.New(tensor.Float32, 1, 3), tensor.New(tensor.Int64, 1), 0.1, "datasets: TrainTestSplit: " +
			"testFraction 0.1 of 1 sample rounds up to a test set of 1, leaving the training set empty"},
	} {
		_, _, _, _, err := TrainTestSplit(c.x, c.y, c.frac, 0)
		if err == nil {
			t.Errorf("%q: no error", c.want)
		} else if err.Error() != c.want {
			t.Errorf("error\n  %q\nwant\n  %q", err, c.want)
		}
	}
}
