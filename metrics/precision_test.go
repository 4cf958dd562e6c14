package metrics

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Keras's documented examples of Precision and Recall.
func TestPrecisionRecallKerasExamples(t *testing.T) {
	yt, yp := col(0, 1, 1, 1), col(1, 0, 1, 1)
	near(t, "precision", evalAcc(t, Precision{}, yt, yp), 2.0/3)
	near(t, "recall", evalAcc(t, Recall{}, yt, yp), 2.0/3)
	// sample_weight=[0, 0, 1, 0] keeps the third sample alone.
	near(t, "weighted precision", evalAcc(t, Precision{}, col(1), col(1)), 1)
	near(t, "weighted recall", evalAcc(t, Recall{}, col(1), col(1)), 1)
	// top_k over the row [1, 1, 1, 1] keeps its first k entries.
	row := f32([]float32{0, 0, 1, 1}, 1, 4)
	ones := f32([]float32{1, 1, 1, 1}, 1, 4)
	near(t, "precision top 2", evalAcc(t, Precision{TopK: 2}, row, ones), 0)
	near(t, "precision top 4", evalAcc(t, Precision{TopK: 4}, row, ones), 0.5)
}

// Precision and recall follow their formulas at a threshold, on labels
// of any non-zero value, and with a class id.
func TestPrecisionRecallFormula(t *testing.T) {
	labels := []float32{1, 0, 2, 0, 1, 1, 0, 0, 1}
	preds := []float32{0.9, 0.35, 0.2, 0.1, 0.31, 0.3, 0.8, 0.3, 0.6}
	for _, th := range []float64{0, 0.3, 0.5, 0.85, 1} {
		tp, fp, _, fn := confusionRef(labels, preds, th)
		wantP, wantR := divNoNaN(tp, tp+fp), divNoNaN(tp, tp+fn)
		near(t, "precision", evalAcc(t, Precision{Thresholds: []float64{th}}, col(labels...), col(preds...)), wantP)
		near(t, "recall", evalAcc(t, Recall{Thresholds: []float64{th}}, col(labels...), col(preds...)), wantR)
	}
	// Three samples of three classes; ClassID 1 is the middle column.
	yt := f32([]float32{0, 1, 0, 0, 0, 1, 1, 1, 0}, 3, 3)
	yp := f32([]float32{0.2, 0.7, 0.1, 0.3, 0.6, 0.4, 0.5, 0.2, 0.3}, 3, 3)
	one := 1
	tp, fp, _, fn := confusionRef([]float32{1, 0, 1}, []float32{0.7, 0.6, 0.2}, 0.5)
	near(t, "precision class 1", evalAcc(t, Precision{ClassID: &one}, yt, yp), tp/(tp+fp))
	near(t, "recall class 1", evalAcc(t, Recall{ClassID: &one}, yt, yp), tp/(tp+fn))
	// Top 1 per row: predictions 0.7 (label 1), 0.6 (label 0), 0.5 (label 1).
	near(t, "precision top 1", evalAcc(t, Precision{TopK: 1}, yt, yp), 2.0/3)
	// Of the 4 positive labels, 2 are top-1 predictions.
	near(t, "recall top 1", evalAcc(t, Recall{TopK: 1}, yt, yp), 2.0/4)
	// Top 2 of class 1: rows 0 and 1 have it in their top 2, row 2 not.
	near(t, "precision top 2 class 1", evalAcc(t, Precision{TopK: 2, ClassID: &one}, yt, yp), 0.5)
	// Nothing predicted positive gives 0, not NaN.
	near(t, "no positives", evalAcc(t, Precision{}, col(1, 0), col(0.1, 0.2)), 0)
}

// TopK breaks ties by index, as top_k does.
func TestPrecisionTopKTies(t *testing.T) {
	yt := f32([]float32{0, 1, 1}, 1, 3)
	yp := f32([]float32{0.5, 0.5, 0.5}, 1, 3)
	near(t, "top 1 of ties", evalAcc(t, Precision{TopK: 1}, yt, yp), 0)
	near(t, "top 2 of ties", evalAcc(t, Precision{TopK: 2}, yt, yp), 0.5)
}

// Configuration mistakes are errors naming the metric.
func TestPrecisionRecallErrors(t *testing.T) {
	two := 2
	five := 5
	for _, m := range []Accumulator{
		Precision{Thresholds: []float64{0.2, 0.5}},
		Recall{Thresholds: []float64{1.5}},
		Precision{TopK: -1},
		Recall{ClassID: &five},
		Precision{ClassID: &two, Thresholds: []float64{-0.1}},
	} {
		err := buildErrAcc(t, m, []int{-1, 3}, []int{-1, 3})
		wantErrContains(t, err, m.Name())
	}
	err := buildErrAcc(t, Precision{ClassID: &two}, []int{-1}, []int{-1})
	wantErrContains(t, err, "ClassID", "(None,)")
}

// buildErrAcc builds m's Statistics on placeholders of the given shapes and
// returns its error, failing if there is none.
func buildErrAcc(t *testing.T, m Accumulator, tShape, pShape []int) error {
	t.Helper()
	g, yt, yp := placeholders(tensor.Zeros(tensor.Float32, fixed(tShape)...), tensor.Zeros(tensor.Float32, fixed(pShape)...))
	_ = g
	if _, err := m.Statistics(yt, yp); err == nil {
		t.Fatalf("%T %+v: no error", m, m)
	} else {
		if _, err2 := m.Call(yt, yp); err2 == nil {
			t.Errorf("%T %+v: Statistics fails but Call does not", m, m)
		}
		return err
	}
	return nil
}

// fixed replaces unknown dimensions by 2.
func fixed(s []int) []int {
	out := append([]int(nil), s...)
	for i, d := range out {
		if d < 0 {
			out[i] = 2
		}
	}
	return out
}
