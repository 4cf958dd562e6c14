package losses

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

func TestSparseCategoricalCrossentropyIgnoreClass(t *testing.T) {
	// Labels [1, 0, 2, 0] against probabilities; with class 0 ignored the
	// default reduction averages −log p[label] over the two other rows.
	p := tensor.FromSlice([]float64{
		0.2, 0.5, 0.3,
		0.6, 0.1, 0.3,
		0.1, 0.1, 0.8,
		0.3, 0.3, 0.4}, 4, 3)
	y := tensor.FromSlice([]int64{1, 0, 2, 0}, 4)
	a, b := -math.Log(0.5), -math.Log(0.8)
	ignore0 := func(r Reduction) Loss { return SparseCategoricalCrossentropy{IgnoreClass: new(0), Reduction: r} }
	near(t, "ignore 0", evalLoss(t, ignore0(""), y, p), (a+b)/2)
	near(t, "ignore 0 sum", evalLoss(t, ignore0(ReductionSum), y, p), a+b)
	got, _ := evalValues(t, ignore0(ReductionNone), y, p)
	for i, w := range []float64{a, 0, b, 0} {
		near(t, "ignore 0 none", got.Float64s()[i], w)
	}
	// Without IgnoreClass every row counts.
	near(t, "ignore nothing", evalLoss(t, SparseCategoricalCrossentropy{}, y, p),
		(a+b-math.Log(0.6)-math.Log(0.3))/4)

	// A void class outside [0, C), such as −1 or 255, is no run error
	// when ignored; with logits too.
	for _, void := range []int64{-1, 255} {
		yv := tensor.FromSlice([]int64{1, void, 2, void}, 4)
		near(t, "ignore void", evalLoss(t, SparseCategoricalCrossentropy{IgnoreClass: new(int(void))}, yv, p), (a+b)/2)
		if _, err := tryLoss(SparseCategoricalCrossentropy{}, yv, p); err == nil {
			t.Errorf("label %d of 3 classes, not ignored: no error", void)
		}
	}
	x := tensor.FromSlice([]float64{1, 2, 3, 1, 2, 3}, 2, 3)
	lse := math.Log(math.Exp(1) + math.Exp(2) + math.Exp(3))
	near(t, "ignore logits", evalLoss(t, SparseCategoricalCrossentropy{FromLogits: true, IgnoreClass: new(-1)},
		tensor.FromSlice([]int64{-1, 0}, 2), x), lse-1)

	// Every label ignored: the mean is 0, not NaN.
	near(t, "all ignored", evalLoss(t, ignore0(""), tensor.FromSlice([]int64{0, 0}, 2), x), 0)
}

func TestReductionNoneKeepsTheOuterAxes(t *testing.T) {
	// Predictions (1, 2, 3) give per-sample values (1, 2), as in Keras.
	y := tensor.FromSlice([]float64{1, 0, 2, 0, 1, 1}, 1, 2, 3)
	p := tensor.FromSlice([]float64{1.5, 0, 2, 1, 1, 0}, 1, 2, 3)
	got, shape := evalValues(t, MeanSquaredError{Reduction: ReductionNone}, y, p)
	if !shapeIs(got.Shape(), 1, 2) || !shapeIs(shape, graph.Unknown, 2) {
		t.Fatalf("mse none: shape %v, static %v, want (1, 2)", got.Shape(), shape)
	}
	near(t, "mse none [0]", got.Float64s()[0], 0.25/3)
	near(t, "mse none [1]", got.Float64s()[1], 2.0/3)
	near(t, "mse sum", evalLoss(t, MeanSquaredError{Reduction: ReductionSum}, y, p), 0.25/3+2.0/3)

	probs := tensor.FromSlice([]float64{0.2, 0.5, 0.3, 0.6, 0.1, 0.3}, 1, 2, 3)
	got, _ = evalValues(t, SparseCategoricalCrossentropy{Reduction: ReductionNone},
		tensor.FromSlice([]int64{1, 2}, 1, 2), probs)
	if !shapeIs(got.Shape(), 1, 2) {
		t.Fatalf("scce none: shape %v, want (1, 2)", got.Shape())
	}
	near(t, "scce none [1]", got.Float64s()[1], -math.Log(0.3))

	// Predictions (N,) count each element as a sample.
	got, _ = evalValues(t, MeanAbsoluteError{Reduction: ReductionNone},
		tensor.FromSlice([]float64{1, 2, 3}, 3), tensor.FromSlice([]float64{1.5, 2, 2}, 3))
	if !shapeIs(got.Shape(), 3) || got.Float64s()[0] != 0.5 || got.Float64s()[2] != 1 {
		t.Errorf("mae none on (3,): %v", got)
	}
}

// shapeIs reports whether s is the shape dims.
func shapeIs(s tensor.Shape, dims ...int) bool {
	if len(s) != len(dims) {
		return false
	}
	for i := range s {
		if s[i] != dims[i] {
			return false
		}
	}
	return true
}

func TestCategoricalCrossentropyAxis(t *testing.T) {
	// The class axis 1 of predictions (N, C, T) gives what the last axis
	// of the transposed (N, T, C) gives.
	p := tensor.FromSlice([]float64{
		0.2, 0.6,
		0.5, 0.1,
		0.3, 0.3}, 1, 3, 2)
	y := tensor.FromSlice([]float64{
		0, 0,
		1, 0,
		0, 1}, 1, 3, 2)
	pt := tensor.FromSlice([]float64{0.2, 0.5, 0.3, 0.6, 0.1, 0.3}, 1, 2, 3)
	yt := tensor.FromSlice([]float64{0, 1, 0, 0, 0, 1}, 1, 2, 3)
	want := (-math.Log(0.5) - math.Log(0.3)) / 2
	for _, axis := range []int{1, -2} {
		l := CategoricalCrossentropy{Axis: axis, LabelSmoothing: 0.1}
		near(t, "cce axis", evalLoss(t, l, y, p), evalLoss(t, CategoricalCrossentropy{LabelSmoothing: 0.1}, yt, pt))
		near(t, "cce axis unsmoothed", evalLoss(t, CategoricalCrossentropy{Axis: axis}, y, p), want)
		near(t, "cce axis logits", evalLoss(t, CategoricalCrossentropy{Axis: axis, FromLogits: true}, y, p),
			evalLoss(t, CategoricalCrossentropy{FromLogits: true}, yt, pt))
		near(t, "focal axis", evalLoss(t, CategoricalFocalCrossentropy{Axis: axis}, y, p),
			evalLoss(t, CategoricalFocalCrossentropy{}, yt, pt))
		near(t, "cosine axis", evalLoss(t, CosineSimilarity{Axis: axis}, y, p), evalLoss(t, CosineSimilarity{}, yt, pt))
	}
	got, _ := evalValues(t, CategoricalCrossentropy{Axis: 1, Reduction: ReductionNone}, y, p)
	if !shapeIs(got.Shape(), 1, 2) {
		t.Errorf("cce axis 1 none: shape %v, want (1, 2)", got.Shape())
	}
}

func TestOptionErrors(t *testing.T) {
	const u = graph.Unknown
	for _, c := range []struct {
		loss          Loss
		tShape, shape []int
		parts         []string
	}{
		{MeanSquaredError{Reduction: "mean"}, []int{u, 2}, []int{u, 2}, []string{"mean_squared_error", `"mean"`, "sum_over_batch_size"}},
		{SparseCategoricalCrossentropy{Reduction: "avg"}, []int{u}, []int{u, 2}, []string{"sparse_categorical_crossentropy", `"avg"`}},
		{CategoricalCrossentropy{Axis: -2}, []int{u, 3}, []int{u, 3}, []string{"axis -2", "(None, 3)", "batch"}},
		{CategoricalCrossentropy{Axis: 2}, []int{u, 3}, []int{u, 3}, []string{"axis 2", "(None, 3)"}},
		{CategoricalCrossentropy{LabelSmoothing: -0.1}, []int{u, 3}, []int{u, 3}, []string{"label smoothing", "-0.1"}},
		{CategoricalCrossentropy{LabelSmoothing: 0.1}, []int{u, u}, []int{u, u}, []string{"known number of classes", "(None, None)"}},
		{CosineSimilarity{}, []int{u}, []int{u}, []string{"cosine_similarity", "(None,)", "class axis"}},
		{Huber{Delta: -1}, []int{u, 2}, []int{u, 2}, []string{"huber_loss", "delta", "-1"}},
		{BinaryFocalCrossentropy{Gamma: new(-1.0)}, []int{u, 2}, []int{u, 2}, []string{"binary_focal_crossentropy", "gamma", "-1"}},
		{BinaryFocalCrossentropy{Alpha: new(2.0)}, []int{u, 2}, []int{u, 2}, []string{"alpha", "2"}},
		{CategoricalFocalCrossentropy{Alpha: new(math.NaN())}, []int{u, 2}, []int{u, 2}, []string{"alpha", "NaN"}},
		{CategoricalFocalCrossentropy{}, []int{u}, []int{u, 3}, []string{"categorical_focal_crossentropy", "(None,)", "one-hot"}},
		{KLDivergence{}, []int{u, 2}, []int{u, 3}, []string{"kl_divergence", "(None, 2)", "(None, 3)"}},
	} {
		err := buildErr(t, c.loss, tensor.Float32, c.tShape, c.shape)
		wantErrContains(t, err, c.parts...)
	}
	// ReductionNone on sparse predictions with an unknown inner axis.
	err := buildErr(t, SparseCategoricalCrossentropy{Reduction: ReductionNone}, tensor.Int64, []int{u, u}, []int{u, u, 3})
	wantErrContains(t, err, "(None, None, 3)", `"none"`)
}

func TestHingeConvertsOnlyAllBinaryBatches(t *testing.T) {
	// Labels 0 and 1 become −1 and 1 only when the whole batch is binary:
	// labels [1, 0] give margins max(1 − (±1)·p, 0); [1, 0, −1] keep 0.
	p := tensor.FromSlice([]float64{0.5, 0.5, 0.5}, 3, 1)
	near(t, "binary", evalLoss(t, Hinge{}, tensor.FromSlice([]float64{1, 0, 0}, 3), p), (0.5+1.5+1.5)/3)
	near(t, "signed", evalLoss(t, Hinge{}, tensor.FromSlice([]float64{1, 0, -1}, 3), p), (0.5+1+1.5)/3)
}
