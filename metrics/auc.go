package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
	"github.com/neurite/neurite/tensor"
)

// AUC is Keras's AUC metric: the area under the ROC curve (true positive
// rate against false positive rate) or the precision-recall curve,
// approximated by a Riemann sum over thresholds, from the confusion counts
// of every value seen (an [Accumulator], so exact over an epoch). Labels
// count as positive where non-zero; labels and predictions of any shape
// are flattened into one binary problem (Keras's multi_label=False, the
// only mode here).
//
// The thresholds are -1e-7, NumThresholds − 2 evenly spaced values in
// (0, 1), and 1 + 1e-7, or -1e-7, the sorted Thresholds and 1 + 1e-7. As
// in Keras, with evenly spaced thresholds a prediction p is bucketed by
// ceil(clip(p, 0, 1)·(T − 1)) − 1 (so every prediction is positive at the
// first threshold), otherwise compared strictly with each threshold. The
// statistics take 4·T numbers and a batch of M values costs M·T
// comparisons.
//
// SummationMethod "interpolation" averages neighbouring heights for ROC
// and, for PR, integrates the precision with true and false positives
// interpolated linearly between thresholds (Davis & Goadrich), as Keras
// does; "minoring" and "majoring" take the lower and upper of the two
// heights.
type AUC struct {
	// NumThresholds is the number of thresholds when Thresholds is empty;
	// 0 means Keras's default, 200. It must be > 1.
	NumThresholds int
	// Curve is "ROC" (the zero value, Keras's default) or "PR".
	Curve string
	// SummationMethod is "interpolation" (the zero value, Keras's
	// default), "minoring" or "majoring".
	SummationMethod string
	// Thresholds, when not empty, are the inner thresholds, in [0, 1], used
	// instead of NumThresholds.
	Thresholds []float64
	// FromLogits applies a sigmoid to the predictions first.
	FromLogits bool
}

// Name returns "auc".
func (AUC) Name() string { return "auc" }

// Keras's AUC defaults.
const defaultAUCThresholds = 200

// aucSetup is an AUC's configuration resolved: its thresholds, whether
// they are evenly spaced, its curve and summation method.
type aucSetup struct {
	thresholds []float64
	even       bool
	pr         bool
	method     string
}

// setup validates the configuration and resolves the defaults.
func (m AUC) setup() (aucSetup, error) {
	var s aucSetup
	switch strings.ToLower(m.Curve) {
	case "", "roc":
	case "pr":
		s.pr = true
	default:
		return s, fmt.Errorf("metrics: auc: unknown Curve %q (want \"ROC\" or \"PR\")", m.Curve)
	}
	switch s.method = strings.ToLower(m.SummationMethod); s.method {
	case "":
		s.method = "interpolation"
	case "interpolation", "minoring", "majoring":
	default:
		return s, fmt.Errorf("metrics: auc: unknown SummationMethod %q (want \"interpolation\", \"minoring\" or \"majoring\")", m.SummationMethod)
	}
	inner, err := m.innerThresholds()
	if err != nil {
		return s, err
	}
	s.thresholds = append(append([]float64{-kerasEpsilon}, inner...), 1+kerasEpsilon)
	s.even = evenlySpaced(append(append([]float64{0}, inner...), 1))
	return s, nil
}

// innerThresholds returns the thresholds between the two end points.
func (m AUC) innerThresholds() ([]float64, error) {
	if len(m.Thresholds) > 0 {
		for _, t := range m.Thresholds {
			if !(t >= 0 && t <= 1) {
				return nil, fmt.Errorf("metrics: auc: Thresholds must lie in [0, 1], got %v", t)
			}
		}
		inner := slices.Clone(m.Thresholds)
		slices.Sort(inner)
		return inner, nil
	}
	n := m.NumThresholds
	if n == 0 {
		n = defaultAUCThresholds
	}
	if n <= 1 {
		return nil, fmt.Errorf("metrics: auc: NumThresholds must be > 1, got %d", n)
	}
	inner := make([]float64, n-2)
	for i := range inner {
		inner[i] = float64(i+1) / float64(n-1)
	}
	return inner, nil
}

// evenlySpaced reports whether ts (from 0 to 1) are i/(n−1), as Keras's
// is_evenly_distributed_thresholds decides (numpy.allclose with atol
// 1e-7).
func evenlySpaced(ts []float64) bool {
	n := len(ts)
	if n < 3 {
		return false
	}
	for i, t := range ts {
		even := float64(float32(i) / float32(n-1))
		if math.Abs(t-even) > kerasEpsilon+1e-5*math.Abs(even) {
			return false
		}
	}
	return true
}

// counts returns the confusion counts of one batch at every threshold.
func (m AUC) counts(s aucSetup, yTrue, yPred *graph.Node) (tp, fp, tn, fn *graph.Node, err error) {
	yt, yp, err := labels.Align(what(m.Name()), yTrue, yPred)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if m.FromLogits {
		yp = graph.Sigmoid(yp)
	}
	pos := isPositive(yt)
	if !s.even {
		tp, fp, tn, fn = thresholdCounts(pos, yp, s.thresholds)
		return tp, fp, tn, fn, nil
	}
	// Bucket ceil(p·(T−1)) − 1 ≥ i exactly when p·(T−1) > i; the first
	// threshold takes every prediction (Keras's relu of the bucket).
	n := len(s.thresholds)
	g := yp.Graph()
	ids := tensor.New(yp.DType(), 1, n)
	ids.Set(-1, 0, 0)
	for i := 1; i < n; i++ {
		ids.Set(float64(i), 0, i)
	}
	scaled := graph.Mul(graph.Clip(yp, 0, 1), g.Scalar(float64(n-1)))
	tp, fp, tn, fn = countAbove(graph.Reshape(scaled, -1, 1), graph.Reshape(pos, -1, 1), g.Const(ids))
	return tp, fp, tn, fn, nil
}

// Statistics returns [tp, fp, tn, fn], each with one count per threshold.
func (m AUC) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	s, err := m.setup()
	if err != nil {
		return nil, err
	}
	tp, fp, tn, fn, err := m.counts(s, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), graph.Concat(0, tp, fp, tn, fn))
}

// Result returns the area from the summed counts.
func (m AUC) Result(sums []float64) float64 {
	s, err := m.setup()
	if err != nil {
		return math.NaN()
	}
	n := len(s.thresholds)
	return aucArea(s, sums[:n], sums[n:2*n], sums[2*n:3*n], sums[3*n:4*n])
}

// Call returns the AUC of one batch.
func (m AUC) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	s, err := m.setup()
	if err != nil {
		return nil, err
	}
	tp, fp, tn, fn, err := m.counts(s, yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(m.Name(), aucAreaNode(s, tp, fp, tn, fn))
}
