package losses

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestSparseCategoricalCrossentropyKerasExample(t *testing.T) {
	// Keras's documented example: y_true [1, 2],
	// y_pred [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] → 1.177:
	//   −log(p[label]) = (−log 0.95 − log 0.1)/2 = 1.1769392
	// (Keras takes log(clip(p)) as logits; rows summing to 1 make that
	// exactly −log p[label].) Labels may be (N,) or (N, 1), int64 or float.
	yp := f32([]float32{0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3)
	for _, yt := range []*tensor.Tensor{
		i64([]int64{1, 2}, 2),
		i64([]int64{1, 2}, 2, 1),
		f32([]float32{1, 2}, 2),
		f32([]float32{1, 2}, 2, 1),
	} {
		near(t, "scce", evalLoss(t, SparseCategoricalCrossentropy{}, yt, yp), 1.176939193690798)
	}
}

func TestSparseCategoricalCrossentropyClips(t *testing.T) {
	// p [1, 0, 0] with label 1: log(clip(p)) = log[1−2⁻²³, ε, ε], and
	//   −log_softmax(...)[1] = −log ε + log(1−2⁻²³ + 2ε) = 16.1180956 + 8e-8
	near(t, "scce clipped", evalLoss(t, SparseCategoricalCrossentropy{},
		i64([]int64{1}, 1), f32([]float32{1, 0, 0}, 1, 3)), 16.118095758481505)
}

func TestSparseCategoricalCrossentropyFromLogits(t *testing.T) {
	// As for the categorical case: labels [2, 0] with logits [1, 2, 3]
	// twice → (0.4076060 + 2.4076060)/2 = 1.4076060.
	x := f32([]float32{1, 2, 3, 1, 2, 3}, 2, 3)
	near(t, "scce logits", evalLoss(t, SparseCategoricalCrossentropy{FromLogits: true},
		i64([]int64{2, 0}, 2), x), 1.4076059644443801)
	// Predictions with a time axis, (1, 2, 3), and labels (1, 2): the two
	// time steps are averaged, giving the same value.
	near(t, "scce logits rank 3", evalLoss(t, SparseCategoricalCrossentropy{FromLogits: true},
		i64([]int64{2, 0}, 1, 2), x.Reshape(1, 2, 3)), 1.4076059644443801)
}

func TestSparseCategoricalCrossentropyLabelOutOfRange(t *testing.T) {
	for _, l := range []int64{3, -1} {
		_, err := tryLoss(SparseCategoricalCrossentropy{FromLogits: true},
			i64([]int64{0, l}, 2), f32([]float32{1, 2, 3, 1, 2, 3}, 2, 3))
		if err == nil {
			t.Errorf("label %d of 3 classes: no error", l)
		}
	}
}

func TestSparseCategoricalCrossentropyRejectsOneHot(t *testing.T) {
	err := buildErr(t, SparseCategoricalCrossentropy{}, tensor.Float32, []int{-1, 3}, []int{-1, 3})
	wantErrText(t, err, "losses: sparse_categorical_crossentropy: labels of shape (None, 3) look one-hot: "+
		"use categorical_crossentropy, or pass class indices of shape (None,) or (None, 1)")
	err = buildErr(t, SparseCategoricalCrossentropy{FromLogits: true}, tensor.Int64, []int{-1, 7, 5}, []int{-1, 7, 5})
	wantErrText(t, err, "losses: sparse_categorical_crossentropy: labels of shape (None, 7, 5) look one-hot: "+
		"use categorical_crossentropy, or pass class indices of shape (None, 7) or (None, 7, 1)")
	// Labels (N, 4) against 3 classes are not one-hot: the plain mismatch.
	err = buildErr(t, SparseCategoricalCrossentropy{}, tensor.Int64, []int{-1, 4}, []int{-1, 3})
	wantErrText(t, err, "losses: sparse_categorical_crossentropy: labels of shape (None, 4) do not match "+
		"predictions of shape (None, 3) (sparse labels are class indices of shape (None,) or (None, 1))")
	err = buildErr(t, SparseCategoricalCrossentropy{}, tensor.Int64, []int{-1}, []int{-1})
	wantErrContains(t, err, "(None,)", "class axis")
	err = buildErr(t, SparseCategoricalCrossentropy{}, tensor.Int64, []int{4}, []int{5, 3})
	wantErrContains(t, err, "(4,)", "(5, 3)")
}

// wantErrText checks that err's text is exactly want.
func wantErrText(t *testing.T, err error, want string) {
	t.Helper()
	if err.Error() != want {
		t.Errorf("error\n  %q\nwant\n  %q", err, want)
	}
}
