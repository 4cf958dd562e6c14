package losses

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestCategoricalCrossentropyKerasExample(t *testing.T) {
	// Keras's documented example: y_true [[0, 1, 0], [0, 0, 1]],
	// y_pred [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177.
	//   (−log 0.95 − log 0.1)/2 = (0.0512933 + 2.3025851)/2 = 1.1769392
	yt := f32([]float32{0, 1, 0, 0, 0, 1}, 2, 3)
	yp := f32([]float32{0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3)
	near(t, "cce", evalLoss(t, CategoricalCrossentropy{}, yt, yp), 1.176939193690798)
	// One-hot labels may be int64.
	near(t, "cce int labels", evalLoss(t, CategoricalCrossentropy{},
		i64([]int64{0, 1, 0, 0, 0, 1}, 2, 3), yp), 1.176939193690798)
}

func TestCategoricalCrossentropyRescalesAndClips(t *testing.T) {
	// Rows [1, 3, 0] are rescaled to [0.25, 0.75, 0], then clipped to
	// [0.25, 0.75, ε]:
	//   label class 1: −log 0.75 = 0.2876821
	//   label class 2: −log ε    = −log 1.0000000117e-7 = 16.1180956
	//   mean 8.2028889
	yt := f32([]float32{0, 1, 0, 0, 0, 1}, 2, 3)
	yp := f32([]float32{1, 3, 0, 1, 3, 0}, 2, 3)
	near(t, "cce rescaled", evalLoss(t, CategoricalCrossentropy{}, yt, yp), 8.202888855862001)
}

func TestCategoricalCrossentropyFromLogits(t *testing.T) {
	// −log_softmax([1, 2, 3]) = log(e + e² + e³) − [1, 2, 3]
	//   = [2.4076060, 1.4076060, 0.4076060]
	//   labels class 2 and class 0 → (0.4076060 + 2.4076060)/2 = 1.4076060
	yt := f32([]float32{0, 0, 1, 1, 0, 0}, 2, 3)
	x := f32([]float32{1, 2, 3, 1, 2, 3}, 2, 3)
	near(t, "cce logits", evalLoss(t, CategoricalCrossentropy{FromLogits: true}, yt, x), 1.4076059644443801)
}

func TestCategoricalCrossentropyRejectsClassIndices(t *testing.T) {
	for _, shape := range [][]int{{-1}, {-1, 1}} {
		err := buildErr(t, CategoricalCrossentropy{}, tensor.Int64, shape, []int{-1, 3})
		wantErrContains(t, err, "categorical_crossentropy", "(None, 3)", "sparse_categorical_crossentropy")
	}
	err := buildErr(t, CategoricalCrossentropy{}, tensor.Int64, []int{-1}, []int{-1, 3})
	wantErrContains(t, err, "(None,)")
	err = buildErr(t, CategoricalCrossentropy{}, tensor.Float32, []int{-1, 4}, []int{-1, 3})
	wantErrContains(t, err, "(None, 4)", "(None, 3)")
}
