package metrics

import "testing"

// Keras's IoU and MeanIoU docstring examples: labels [0, 0, 1, 1],
// predictions [0, 1, 0, 1]; sample_weight [0.3, 0.3, 0.3, 0.1] is stood
// for by the proportional integer weights [3, 3, 3, 1] (IoU is a ratio of
// weighted counts).
func TestIoUKerasExamples(t *testing.T) {
	yt, yp := []float32{0, 0, 1, 1}, []float32{0, 1, 0, 1}
	near(t, "IoU class 0", evalAcc(t, IoU{NumClasses: 2, TargetClassIDs: []int{0}}, col(yt...), col(yp...)), 1.0/3)
	near(t, "MeanIoU", evalAcc(t, MeanIoU{NumClasses: 2}, col(yt...), col(yp...)), 1.0/3)
	w := []int{3, 3, 3, 1}
	near(t, "MeanIoU weighted", evalAcc(t, MeanIoU{NumClasses: 2}, col(repeat(yt, w)...), col(repeat(yp, w)...)), 0.23809525)
	near(t, "IoU weighted", evalAcc(t, IoU{NumClasses: 2, TargetClassIDs: []int{0}}, col(repeat(yt, w)...), col(repeat(yp, w)...)), 1.0/3)
}

// iouRef computes the per-class IoU from pairs of class ids.
func iouRef(yt, yp []int, classes int) []float64 {
	out := make([]float64, classes)
	for c := range classes {
		var tp, fp, fn float64
		for i := range yt {
			switch {
			case yt[i] == c && yp[i] == c:
				tp++
			case yp[i] == c:
				fp++
			case yt[i] == c:
				fn++
			}
		}
		out[c] = tp / (tp + fp + fn + 1e-7)
	}
	return out
}

func TestIoUFormula(t *testing.T) {
	// Probabilities over 3 classes: arg maxes 0, 2, 1, 2, 2.
	probs := f32([]float32{0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3, 0, 0.4, 0.6, 0.3, 0.3, 0.4}, 5, 3)
	labels := []int{0, 2, 2, 1, 2}
	per := iouRef(labels, []int{0, 2, 1, 2, 2}, 3)
	yt := col(0, 2, 2, 1, 2)
	near(t, "MeanIoU", evalAcc(t, MeanIoU{NumClasses: 3, DenseYPred: true}, yt, probs), (per[0]+per[1]+per[2])/3)
	near(t, "IoU 1, 2", evalAcc(t, IoU{NumClasses: 3, TargetClassIDs: []int{1, 2}, DenseYPred: true}, yt, probs), (per[1]+per[2])/2)
	oneHot := f32([]float32{1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1}, 5, 3)
	near(t, "one-hot labels", evalAcc(t, MeanIoU{NumClasses: 3, DenseYTrue: true, DenseYPred: true}, oneHot, probs), (per[0]+per[1]+per[2])/3)
	// Ignoring label 2 leaves the pairs (0, 0) and (1, 2): class 1 has
	// IoU 0, class 2 (predicted once, never a kept label) 0, class 0 1.
	two := 2
	near(t, "ignore class", evalAcc(t, MeanIoU{NumClasses: 3, IgnoreClass: &two, DenseYPred: true}, yt, probs), (1/(1+1e-7))/3)
	// Ids outside [0, NumClasses) are not counted; a class that never
	// occurs is left out of the mean.
	near(t, "out of range", evalAcc(t, MeanIoU{NumClasses: 3}, col(0, 5, 1, -1), col(0, 0, 1, 1)), 1/(1+1e-7))
	// Float predictions are truncated to class ids, as Keras casts them.
	near(t, "truncated", evalAcc(t, MeanIoU{NumClasses: 2}, col(0, 1), col(0.9, 1.2)), 1/(1+1e-7))
}

func TestIoUErrors(t *testing.T) {
	for _, m := range []Accumulator{MeanIoU{}, IoU{NumClasses: 2}, IoU{NumClasses: 2, TargetClassIDs: []int{2}}} {
		wantErrContains(t, buildErrAcc(t, m, []int{-1, 1}, []int{-1, 1}), m.Name())
	}
}
