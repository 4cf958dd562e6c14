package datasets

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/tensor"
)

// TrainTestSplit is scikit-learn's train_test_split(x, y,
// test_size=testFraction): it shuffles the samples (the rows along axis 0
// of x and y) with a [tensor.RNG] seeded with seed, and puts the first
// ceil(n·testFraction) of the shuffled samples in the test set and the
// rest in the training set. x and y keep their pairing; the results are
// new tensors of x's and y's dtypes. The same seed always gives the same
// split.
//
// It returns an error for a nil x or y, a scalar, sample counts that
// differ, a testFraction outside (0, 1) or NaN, and for a split that
// would leave the training set empty (as scikit-learn does, e.g. one
// sample, or 3 samples with testFraction 0.9).
func TrainTestSplit(x, y *tensor.Tensor, testFraction float64, seed uint64) (xTrain, xTest, yTrain, yTest *tensor.Tensor, err error) {
	n, err := splitSamples(x, y)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if !(testFraction > 0 && testFraction < 1) {
		return nil, nil, nil, nil, fmt.Errorf("datasets: TrainTestSplit: testFraction must lie in (0, 1), got %v", testFraction)
	}
	nTest := int(math.Ceil(float64(n) * testFraction))
	if nTest >= n {
		return nil, nil, nil, nil, fmt.Errorf("datasets: TrainTestSplit: testFraction %v of %s rounds up to a test set "+
			"of %d, leaving the training set empty", testFraction, samples(n), nTest)
	}
	perm := tensor.NewRNG(seed).Perm(n)
	test, train := perm[:nTest], perm[nTest:]
	return tensor.GatherRows(x, train), tensor.GatherRows(x, test),
		tensor.GatherRows(y, train), tensor.GatherRows(y, test), nil
}

// splitSamples returns the number of samples that x and y share, or an
// error if they are missing, scalars or hold different numbers.
func splitSamples(x, y *tensor.Tensor) (int, error) {
	switch {
	case x == nil || y == nil:
		return 0, fmt.Errorf("datasets: TrainTestSplit: x or y is nil")
	case x.Rank() == 0 || y.Rank() == 0:
		return 0, fmt.Errorf("datasets: TrainTestSplit: x and y need a sample axis, got shapes %v and %v", x.Shape(), y.Shape())
	case x.Dim(0) != y.Dim(0):
		return 0, fmt.Errorf("datasets: TrainTestSplit: x has %d samples (shape %v) but y has %d (shape %v)",
			x.Dim(0), x.Shape(), y.Dim(0), y.Shape())
	case x.Dim(0) == 0:
		return 0, fmt.Errorf("datasets: TrainTestSplit: x and y have no samples")
	}
	return x.Dim(0), nil
}

// samples returns "1 sample" or "n samples".
func samples(n int) string {
	if n == 1 {
		return "1 sample"
	}
	return fmt.Sprintf("%d samples", n)
}
