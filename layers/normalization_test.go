package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// closeAll reports whether got and want agree to tol, element by element.
func closeAll(got []float64, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			return false
		}
	}
	return true
}

// TestNormalizationAdaptKnownValues: data [[1 10] [3 10] [5 16]] has mean
// [3 12] and biased variance [8/3 8]; adapted before the build, the layer
// standardizes with them and keeps them in non-trainable weights.
func TestNormalizationAdaptKnownValues(t *testing.T) {
	n := &Normalization{}
	data := tensor.FromSlice([]float64{1, 10, 3, 10, 5, 16}, 3, 2)
	if err := n.Adapt(data); err != nil {
		t.Fatal(err)
	}
	c := buildAndCall(t, n, tensor.Float64, false, tensor.Shape{2})
	ws := n.Weights()
	if len(ws) != 2 || ws[0].Name != "normalization/mean" && !strings.HasSuffix(ws[0].Name, "/mean") || ws[0].Trainable || ws[1].Trainable {
		t.Fatalf("weights %v", ws)
	}
	mean, variance := n.Statistics()
	if !closeAll(mean, []float64{3, 12}, 1e-12) || !closeAll(variance, []float64{8.0 / 3, 8}, 1e-12) {
		t.Fatalf("mean %v, variance %v", mean, variance)
	}
	out := c.run(tensor.FromSlice([]float64{1, 10, 3, 12, 7, 20}, 3, 2))[0].Values()
	want := []float64{-2 / math.Sqrt(8.0/3), -2 / math.Sqrt(8), 0, 0, 4 / math.Sqrt(8.0/3), 8 / math.Sqrt(8)}
	if !closeAll(out, want, 1e-12) {
		t.Fatalf("output %v, want %v", out, want)
	}
	// Adapting again after the build sets the weights.
	if err := n.Adapt(tensor.FromSlice([]float64{0, 1, 2, 3}, 2, 2)); err != nil {
		t.Fatal(err)
	}
	if mean, variance := n.Statistics(); !closeAll(mean, []float64{1, 2}, 0) || !closeAll(variance, []float64{1, 1}, 0) {
		t.Fatalf("after a second Adapt: mean %v, variance %v", mean, variance)
	}
}

// TestNormalizationGivenStatisticsEpsilonAndInvert: a zero variance divides
// by Keras's epsilon 1e-7; one value serves every feature; Invert undoes
// the standardization.
func TestNormalizationGivenStatisticsEpsilonAndInvert(t *testing.T) {
	n := &Normalization{Mean: []float64{1, 0}, Variance: []float64{4, 0}}
	c := buildAndCall(t, n, tensor.Float64, false, tensor.Shape{2})
	if len(n.Weights()) != 0 {
		t.Fatalf("given statistics made weights %v", n.Weights())
	}
	out := c.run(tensor.FromSlice([]float64{5, 3e-7}, 1, 2))[0].Values()
	if !closeAll(out, []float64{2, 3}, 1e-9) {
		t.Fatalf("output %v, want [2 3]", out)
	}
	inv := &Normalization{Mean: []float64{10}, Variance: []float64{9}, Invert: true}
	c = buildAndCall(t, inv, tensor.Float32, false, tensor.Shape{3})
	out = c.run(tensor.FromSlice([]float32{0, 1, -2}, 1, 3))[0].Values()
	if !closeAll(out, []float64{10, 13, 4}, 1e-6) {
		t.Fatalf("inverted %v, want [10 13 4]", out)
	}
}

// TestNormalizationAxis: with Axis 1 on inputs (samples, 2, 3), each of
// the 2 rows is a feature pooled over the 3 columns and the samples.
func TestNormalizationAxis(t *testing.T) {
	n := &Normalization{Axis: 1}
	data := tensor.FromSlice([]float64{0, 1, 2, 10, 10, 10, 4, 5, 6, 30, 30, 30}, 2, 2, 3)
	if err := n.Adapt(data); err != nil {
		t.Fatal(err)
	}
	if mean, variance := n.Statistics(); !closeAll(mean, []float64{3, 20}, 1e-12) || !closeAll(variance, []float64{28.0 / 6, 100}, 1e-12) {
		t.Fatalf("mean %v, variance %v", mean, variance)
	}
	c := buildAndCall(t, n, tensor.Float64, false, tensor.Shape{2, 3})
	out := c.run(data)[0].Values()
	if !closeAll(out[3:6], []float64{-1, -1, -1}, 1e-12) || !closeAll(out[:1], []float64{-3 / math.Sqrt(28.0/6)}, 1e-12) {
		t.Fatalf("output %v", out)
	}
}

// TestNormalizationErrors: inconsistent statistics, bad data and data
// that does not fit are errors naming the layer.
func TestNormalizationErrors(t *testing.T) {
	for _, tc := range []struct {
		n    *Normalization
		want string
	}{
		{&Normalization{Mean: []float64{1}}, "mean and variance must be set together"},
		{&Normalization{Mean: []float64{1, 2}, Variance: []float64{1}}, "mean has 2 values and variance 1"},
		{&Normalization{Mean: []float64{1}, Variance: []float64{-1}}, "variance >= 0"},
		{&Normalization{Mean: []float64{math.NaN()}, Variance: []float64{1}}, "finite"},
		{&Normalization{Mean: []float64{1, 2, 3}, Variance: []float64{1, 1, 1}}, "3 values, but the feature axis has 2"},
		{&Normalization{Axis: 3}, "out of range"},
	} {
		if _, err := tc.n.OutputShapes([]tensor.Shape{{2}}); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "Normalization") {
			t.Errorf("%+v: %v, want %q", tc.n, err, tc.want)
		}
	}
	n := &Normalization{Mean: []float64{0}, Variance: []float64{1}}
	if err := n.Adapt(tensor.New(tensor.Float32, 2, 2)); err == nil || !strings.Contains(err.Error(), "fixed Mean") {
		t.Errorf("adapt with fixed statistics: %v", err)
	}
	n = &Normalization{}
	for data, want := range map[*tensor.Tensor]string{
		nil:                              "at least one sample",
		tensor.New(tensor.Float32, 0, 2): "at least one sample",
		tensor.New(tensor.Float32, 4):    "at least one sample",
		tensor.FromSlice([]float64{1, math.Inf(1)}, 1, 2): "+Inf at flat index 1",
	} {
		if err := n.Adapt(data); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("adapt on %v: %v, want %q", shapeOf(data), err, want)
		}
	}
	if err := n.Adapt(tensor.New(tensor.Float32, 3, 4)); err != nil {
		t.Fatal(err)
	}
	if _, err := n.OutputShapes([]tensor.Shape{{2}}); err == nil || !strings.Contains(err.Error(), "adapted on data with 4 features, but the input has 2") {
		t.Errorf("adapted then other input: %v", err)
	}
	buildAndCall(t, n, tensor.Float32, false, tensor.Shape{4})
	if err := n.Adapt(tensor.New(tensor.Float32, 3, 2)); err == nil || !strings.Contains(err.Error(), "built for 4 features, the data has 2") {
		t.Errorf("adapt after the build on other data: %v", err)
	}
}
