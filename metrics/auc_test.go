package metrics

import (
	"math"
	"testing"
)

// aucNear checks an AUC within 1e-6.
func aucNear(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s = %.9g, want %.9g", what, got, want)
	}
}

// The examples of Keras's AUC docstring and tests: labels [0, 0, 1, 1],
// predictions [0, 0.5, 0.3, 0.9], 3 thresholds. Integer sample weights
// are stood for by repeated samples.
func TestAUCKerasExamples(t *testing.T) {
	yt, yp := []float32{0, 0, 1, 1}, []float32{0, 0.5, 0.3, 0.9}
	three := AUC{NumThresholds: 3}
	aucNear(t, "ROC", evalAcc(t, three, col(yt...), col(yp...)), 0.75)
	// sample_weight=[1, 0, 0, 1].
	w := []int{1, 0, 0, 1}
	aucNear(t, "ROC weighted", evalAcc(t, three, col(repeat(yt, w)...), col(repeat(yp, w)...)), 1)
	aucNear(t, "manual thresholds", evalAcc(t, AUC{NumThresholds: 2, Thresholds: []float64{0.5}}, col(yt...), col(yp...)), 0.75)
	logits := make([]float32, len(yp))
	for i, p := range yp {
		logits[i] = float32(-math.Log(1/(float64(p)+1e-12) - 1))
	}
	aucNear(t, "from logits", evalAcc(t, AUC{NumThresholds: 3, FromLogits: true}, col(yt...), col(logits...)), 0.75)

	// sample_weight=[1, 2, 3, 4]: tp = [7, 4, 0], fp = [3, 0, 0],
	// fn = [0, 3, 7], tn = [0, 3, 3].
	w = []int{1, 2, 3, 4}
	wt, wp := col(repeat(yt, w)...), col(repeat(yp, w)...)
	cases := []struct {
		m    AUC
		want float64
	}{
		{AUC{NumThresholds: 3}, (1 + 4.0/7) / 2},
		{AUC{NumThresholds: 3, SummationMethod: "majoring"}, 1},
		{AUC{NumThresholds: 3, SummationMethod: "minoring"}, 4.0 / 7},
		{AUC{NumThresholds: 3, Curve: "PR", SummationMethod: "majoring"}, 3.0/7 + 4.0/7},
		{AUC{NumThresholds: 3, Curve: "PR", SummationMethod: "minoring"}, 0.7 * 3 / 7},
		// P = [10, 4, 0], dTP = [3, 4], slope = [0.5, 1], intercept = [2, 0].
		{AUC{NumThresholds: 3, Curve: "PR"}, 0.5*(3+2*math.Log(2.5))/7 + 4.0/7},
	}
	for _, c := range cases {
		aucNear(t, c.m.Curve+" "+c.m.SummationMethod, evalAcc(t, c.m, wt, wp), c.want)
	}
	aucNear(t, "all correct", evalAcc(t, AUC{}, col(yt...), col(yt...)), 1)
}

// With the default 200 thresholds, the area follows Keras's bucketing and
// the trapezoid rule, coded plainly here.
func TestAUCDefaultThresholds(t *testing.T) {
	yt := []float32{0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0}
	yp := []float32{0.1, 0.8, 0.35, 0.4, 0.9, 0.05, 0.6, 0.55, 0.3, 0.2, 1, 0.7}
	const n = 200
	tp, fp, tn, fn := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		for k, y := range yt {
			// Bucket ceil(p·199) − 1 (at least 0) reaches threshold i.
			bucket := math.Max(math.Ceil(float64(yp[k]*float32(n-1)))-1, 0)
			pos := bucket >= float64(i)
			switch {
			case pos && y != 0:
				tp[i]++
			case pos:
				fp[i]++
			case y != 0:
				fn[i]++
			default:
				tn[i]++
			}
		}
	}
	roc, pr := 0.0, 0.0
	for i := range n - 1 {
		r0, r1 := tp[i]/(tp[i]+fn[i]), tp[i+1]/(tp[i+1]+fn[i+1])
		f0, f1 := fp[i]/(fp[i]+tn[i]), fp[i+1]/(fp[i+1]+tn[i+1])
		roc += (f0 - f1) * (r0 + r1) / 2
		prec := func(j int) float64 {
			if tp[j]+fp[j] == 0 {
				return 0
			}
			return tp[j] / (tp[j] + fp[j])
		}
		pr += (r0 - r1) * math.Min(prec(i), prec(i+1))
	}
	aucNear(t, "ROC", evalAcc(t, AUC{}, col(yt...), col(yp...)), roc)
	aucNear(t, "PR minoring", evalAcc(t, AUC{Curve: "pr", SummationMethod: "minoring"}, col(yt...), col(yp...)), pr)
	// The exact ROC AUC here (every positive above every negative but
	// 0.35 < 0.4, 0.3 < 0.4, 0.55 < 0.6, 0.35 < 0.6, 0.3 < 0.6, 0.55 < 0.7,
	// 0.35 < 0.7, 0.3 < 0.7) is 1 − 8/36; 200 buckets separate every pair.
	aucNear(t, "ROC exact", roc, 1-8.0/36)
}

// Thresholds that are not evenly spaced compare each prediction with each
// threshold.
func TestAUCUnevenThresholds(t *testing.T) {
	yt := []float32{0, 1, 1, 0, 1, 0}
	yp := []float32{0.1, 0.8, 0.35, 0.4, 0.9, 0.65}
	ths := []float64{-1e-7, 0.3, 0.7, 1 + 1e-7}
	var tpr, fpr []float64
	for _, th := range ths {
		tp, fp, tn, fn := confusionRef(yt, yp, th)
		tpr, fpr = append(tpr, tp/(tp+fn)), append(fpr, fp/(fp+tn))
	}
	want := 0.0
	for i := range len(ths) - 1 {
		want += (fpr[i] - fpr[i+1]) * (tpr[i] + tpr[i+1]) / 2
	}
	aucNear(t, "ROC", evalAcc(t, AUC{Thresholds: []float64{0.7, 0.3}}, col(yt...), col(yp...)), want)
}

// Configuration mistakes are errors naming the metric.
func TestAUCErrors(t *testing.T) {
	for _, m := range []AUC{{NumThresholds: 1}, {Curve: "PRGAIN"}, {SummationMethod: "trapezoid"}, {Thresholds: []float64{1.5}}} {
		wantErrContains(t, buildErrAcc(t, m, []int{-1, 1}, []int{-1, 1}), "auc")
	}
}
