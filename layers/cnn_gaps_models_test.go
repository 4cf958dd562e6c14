package layers_test

import (
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// TestConvTransposeAutoencoderChannelsFirst trains a channels-first
// autoencoder (Conv2D 4 3×3 stride 2 relu, Conv2DTranspose 1 3×3 stride 2
// back to 8×8) to reproduce bar images with Adam; the reconstruction loss
// must fall below a third of its starting value.
func TestConvTransposeAutoencoderChannelsFirst(t *testing.T) {
	x, _ := barImages(64, tensor.NewRNG(11))
	x = tensor.Transpose(x, 0, 3, 1, 2)
	m := models.MustSequential(
		&layers.Conv2D{Filters: 4, KernelSize: [2]int{3, 3}, Strides: [2]int{2, 2}, Padding: "same", Activation: "relu",
			DataFormat: "channels_first", InputShape: []int{1, 8, 8}},
		&layers.Conv2DTranspose{Filters: 1, KernelSize: [2]int{3, 3}, Strides: [2]int{2, 2}, Padding: "same", DataFormat: "channels_first"},
	)
	m.Seed = 2
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.01}, losses.MeanSquaredError{}); err != nil {
		t.Fatal(err)
	}
	before, err := m.Evaluate(x, x, models.EvaluateOptions{Verbose: models.Silent})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, x, models.FitOptions{Epochs: 30, BatchSize: 16, Verbose: models.Silent}); err != nil {
		t.Fatal(err)
	}
	after, err := m.Evaluate(x, x, models.EvaluateOptions{Verbose: models.Silent})
	if err != nil {
		t.Fatal(err)
	}
	if after[0] > before[0]/3 {
		t.Errorf("reconstruction loss %.4f after training, %.4f before; want below a third", after[0], before[0])
	}
	t.Logf("loss %.4f -> %.4f", before[0], after[0])
}

// TestAugmentedConvnetLearnsBars trains the bars convnet behind a
// RandomTranslation of up to a quarter of the image (nearest fill), which
// keeps the classes apart; it must still reach 95% on fresh images, which
// Evaluate sees untranslated.
func TestAugmentedConvnetLearnsBars(t *testing.T) {
	rng := tensor.NewRNG(7)
	x, y := barImages(256, rng)
	xTest, yTest := barImages(200, rng)
	m := models.MustSequential(
		&layers.RandomTranslation{HeightFactor: []float64{0.25}, WidthFactor: []float64{0.25}, FillMode: "nearest", InputShape: []int{8, 8, 1}},
		&layers.Conv2D{Filters: 4, KernelSize: [2]int{3, 3}, Activation: "relu"},
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
}
