package layers_test

import (
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// TestBatchNormalizationInModel trains a model of one BatchNormalization
// (momentum 0.5) and checks the moving statistics against Keras's update,
// momentum·moving + (1 − momentum)·batch statistic with the biased batch
// variance, step by step; then that Evaluate and Predict leave them alone
// and Predict normalizes with them.
func TestBatchNormalizationInModel(t *testing.T) {
	bn := &layers.BatchNormalization{Momentum: 0.5, InputShape: []int{2}}
	m := models.MustSequential(bn)
	m.DType, m.Seed = tensor.Float64, 1
	if err := m.Compile(&optimizers.SGD{LearningRate: 0.1}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	x := tensor.FromSlice([]float64{1, 2, 3, 2, 5, 2, 7, 10}, 4, 2)
	y := tensor.FromSlice([]float64{0, 1, 0, 1, 1, 0, 1, 0}, 4, 2)
	// Batches of 2 without shuffling: rows 0–1 have mean (2, 2) and biased
	// variance (1, 0); rows 2–3 mean (6, 6) and variance (1, 16). Then one
	// batch of all 4 rows: mean (4, 4), variance (5, 12).
	batches := []struct{ mean, variance [2]float64 }{{[2]float64{2, 2}, [2]float64{1, 0}}, {[2]float64{6, 6}, [2]float64{1, 16}}, {[2]float64{4, 4}, [2]float64{5, 12}}}
	mean, variance := [2]float64{0, 0}, [2]float64{1, 1}
	step := func(k int) {
		for f := range 2 {
			mean[f] = 0.5*mean[f] + 0.5*batches[k].mean[f]
			variance[f] = 0.5*variance[f] + 0.5*batches[k].variance[f]
		}
	}
	if _, err := m.Fit(x, y, models.FitOptions{Epochs: 1, BatchSize: 2, NoShuffle: true, Verbose: models.Silent}); err != nil {
		t.Fatal(err)
	}
	step(0)
	step(1)
	checkMoving(t, "after Fit", bn, mean, variance)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	step(2)
	checkMoving(t, "after TrainOnBatch", bn, mean, variance)
	if _, err := m.Evaluate(x, y, models.EvaluateOptions{Verbose: models.Silent}); err != nil {
		t.Fatal(err)
	}
	pred, err := m.Predict(x, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		t.Fatal(err)
	}
	checkMoving(t, "after Evaluate and Predict", bn, mean, variance)
	gamma, beta := bn.Gamma().Value().Float64s(), bn.Beta().Value().Float64s()
	if gamma[0] == 1 && beta[0] == 0 {
		t.Errorf("gamma %v and beta %v were not trained", gamma, beta)
	}
	for i, v := range x.Float64s() {
		f := i % 2
		want := gamma[f]*(v-mean[f])/math.Sqrt(variance[f]+1e-3) + beta[f]
		if got := pred.Float64s()[i]; math.Abs(got-want) > 1e-12 {
			t.Errorf("Predict[%d] = %v, want %v", i, got, want)
		}
	}
}

// checkMoving compares bn's moving statistics with the expected ones.
func checkMoving(t *testing.T, when string, bn *layers.BatchNormalization, mean, variance [2]float64) {
	t.Helper()
	gotM, gotV := bn.MovingMean().Value().Float64s(), bn.MovingVariance().Value().Float64s()
	for f := range 2 {
		if math.Abs(gotM[f]-mean[f]) > 1e-12 || math.Abs(gotV[f]-variance[f]) > 1e-12 {
			t.Errorf("%s: moving mean %v variance %v, want %v %v", when, gotM, gotV, mean, variance)
			return
		}
	}
}

// mnistConvnet returns Keras's MNIST convnet example (layers named as
// Keras names them).
func mnistConvnet() []layers.Layer {
	return []layers.Layer{
		&layers.Conv2D{Filters: 32, KernelSize: [2]int{3, 3}, Activation: "relu", InputShape: []int{28, 28, 1}, Name: "conv2d"},
		&layers.MaxPooling2D{PoolSize: [2]int{2, 2}, Name: "max_pooling2d"},
		&layers.Conv2D{Filters: 64, KernelSize: [2]int{3, 3}, Activation: "relu", Name: "conv2d_1"},
		&layers.MaxPooling2D{PoolSize: [2]int{2, 2}, Name: "max_pooling2d_1"},
		&layers.Flatten{Name: "flatten"},
		&layers.Dropout{Rate: 0.5, Name: "dropout"},
		&layers.Dense{Units: 10, Activation: "softmax", Name: "dense"},
	}
}

// TestMNISTConvnetSummary pins the summary of Keras's MNIST convnet: 3·3·1·32
// + 32 = 320, 3·3·32·64 + 64 = 18496 and 1600·10 + 10 = 16010 parameters,
// 34,826 in all, and Keras's output shapes.
func TestMNISTConvnetSummary(t *testing.T) {
	m, err := models.NewSequential(mnistConvnet()...)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := m.Summary(&b); err != nil {
		t.Fatal(err)
	}
	// The table's layout belongs to models; each row must start with the
	// layer's name and hold its output shape and parameter count.
	var rows []string
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, "(None") {
			rows = append(rows, line)
		}
	}
	want := []struct{ name, shape, params string }{
		{"conv2d", "(None, 26, 26, 32)", "320"},
		{"max_pooling2d", "(None, 13, 13, 32)", "0"},
		{"conv2d_1", "(None, 11, 11, 64)", "18496"},
		{"max_pooling2d_1", "(None, 5, 5, 64)", "0"},
		{"flatten", "(None, 1600)", "0"},
		{"dropout", "(None, 1600)", "0"},
		{"dense", "(None, 10)", "16010"},
	}
	ok := len(rows) == len(want) && strings.Contains(b.String(), "Total params: 34,826")
	for i := 0; ok && i < len(want); i++ {
		f := strings.Fields(rows[i])
		ok = f[0] == want[i].name && strings.Contains(rows[i], want[i].shape) &&
			strings.ReplaceAll(f[len(f)-1], ",", "") == want[i].params
	}
	if !ok {
		t.Errorf("summary:\n%s\nwant rows %v and Total params: 34,826", b.String(), want)
	}
	if total, trainable := m.CountParams(); total != 34826 || trainable != 34826 {
		t.Errorf("CountParams = %d, %d; want 34826", total, trainable)
	}
}

// barImages returns n 8×8 one-channel images, each holding a bright bar of
// length 4 at a random place, vertical (class 0) or horizontal (class 1),
// over uniform noise in [0, 0.3), with their sparse labels.
func barImages(n int, rng *tensor.RNG) (x, y *tensor.Tensor) {
	pix := make([]float32, n*64)
	labels := make([]float32, n)
	for i := range n {
		img := pix[i*64 : (i+1)*64]
		for j := range img {
			img[j] = 0.3 * float32(rng.Float64())
		}
		class := int(rng.Uint64() % 2)
		r, c := int(rng.Uint64()%5), int(rng.Uint64()%8)
		if class == 1 {
			r, c = c, r
		}
		for k := range 4 {
			if class == 0 {
				img[(r+k)*8+c] = 1
			} else {
				img[r*8+c+k] = 1
			}
		}
		labels[i] = float32(class)
	}
	return tensor.FromSlice(pix, n, 8, 8, 1), tensor.FromSlice(labels, n)
}

// TestConvnetLearnsBars trains a tiny convnet (Conv2D 4 3×3 relu,
// MaxPooling2D, Flatten, Dense softmax) to tell vertical bars from
// horizontal ones with Adam (learning rate 0.01), 20 epochs of 256
// images; it must reach 95% accuracy on 200 fresh images, where chance is
// 50% (seeds 3 to 8 all give 99.5% or more).
func TestConvnetLearnsBars(t *testing.T) {
	rng := tensor.NewRNG(7)
	x, y := barImages(256, rng)
	xTest, yTest := barImages(200, rng)
	m := models.MustSequential(
		&layers.Conv2D{Filters: 4, KernelSize: [2]int{3, 3}, Activation: "relu", InputShape: []int{8, 8, 1}},
		&layers.MaxPooling2D{},
		&layers.Flatten{},
		&layers.Dense{Units: 2, Activation: "softmax"},
	)
	m.Seed = 3
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.01}, losses.SparseCategoricalCrossentropy{}, metrics.SparseCategoricalAccuracy{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, models.FitOptions{Epochs: 20, BatchSize: 16, Verbose: models.Silent}); err != nil {
		t.Fatal(err)
	}
	res, err := m.Evaluate(xTest, yTest, models.EvaluateOptions{Verbose: models.Silent})
	if err != nil {
		t.Fatal(err)
	}
	if res[1] < 0.95 {
		t.Errorf("test accuracy %.3f (loss %.3f), want at least 0.95", res[1], res[0])
	}
	t.Logf("test loss %.4f accuracy %.3f", res[0], res[1])
}
