// Command mnist_cnn trains Keras's simple MNIST convnet on MNIST: Conv2D
// 32 3×3 ReLU, MaxPooling 2×2, Conv2D 64 3×3 ReLU, MaxPooling 2×2,
// Flatten, Dropout 0.5 and a Dense 10 softmax output, trained with Adam on
// batches of 128 with 10% of the training images held out for validation,
// as Keras's example does, and reports the time per epoch and the test
// loss and accuracy.
//
//	go run ./examples/mnist_cnn [-epochs 12] [-batch-size 128] [-seed 1]
//
// Keras's example runs 15 epochs and reports about 99.2% test accuracy;
// this one runs 12 by default.
//
// The MNIST files are read from $NEURITE_DATA/mnist (else mnist/ in the
// user's cache folder) and downloaded there when missing; see
// datasets.LoadMNIST. The images are 28×28×1, channels last, scaled to
// [0, 1].
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// config holds the command's settings.
type config struct {
	epochs    int
	batchSize int
	seed      uint64
	verbose   models.Verbosity
	// trainSamples and testSamples, when positive, keep only the first
	// trainSamples training and testSamples test images (for quick
	// tests).
	trainSamples, testSamples int
}

func main() {
	c := config{verbose: models.ProgressBar}
	flag.IntVar(&c.epochs, "epochs", 12, "training epochs (Keras's example runs 15)")
	flag.IntVar(&c.batchSize, "batch-size", 128, "samples per gradient step")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the weights, the dropout masks, the validation split and the shuffling")
	flag.Parse()
	if _, err := run(os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "mnist_cnn:", err)
		os.Exit(1)
	}
}

// validationSplit is the fraction of the training images Keras's example
// holds out for validation.
const validationSplit = 0.1

// newModel returns Keras's simple MNIST convnet, compiled: Conv2D 32 3×3
// ReLU, MaxPooling 2, Conv2D 64 3×3 ReLU, MaxPooling 2, Flatten, Dropout
// 0.5, Dense 10 softmax, sparse categorical crossentropy (Keras's
// categorical crossentropy on one-hot labels, without the one-hot copy),
// Adam, accuracy.
func newModel(seed uint64) (*models.Sequential, error) {
	m, err := models.NewSequential(
		&layers.Conv2D{Filters: 32, KernelSize: [2]int{3, 3}, Activation: "relu", InputShape: []int{28, 28, 1}},
		&layers.MaxPooling2D{PoolSize: [2]int{2, 2}},
		&layers.Conv2D{Filters: 64, KernelSize: [2]int{3, 3}, Activation: "relu"},
		&layers.MaxPooling2D{PoolSize: [2]int{2, 2}},
		&layers.Flatten{},
		&layers.Dropout{Rate: 0.5},
		&layers.Dense{Units: 10, Activation: "softmax"},
	)
	if err != nil {
		return nil, err
	}
	m.Seed = seed
	if err := m.Compile(&optimizers.Adam{}, losses.SparseCategoricalCrossentropy{}, metrics.Accuracy{}); err != nil {
		return nil, err
	}
	return m, nil
}

// loadData returns MNIST as (N, 28, 28, 1) images, keeping the first
// trainSamples training and testSamples test images when those are
// positive.
func loadData(trainSamples, testSamples int) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	xTrain, yTrain, xTest, yTest, err = datasets.LoadMNIST()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	xTrain, yTrain = firstRows(xTrain, yTrain, trainSamples)
	xTest, yTest = firstRows(xTest, yTest, testSamples)
	return xTrain, yTrain, xTest, yTest, nil
}

// firstRows returns the first n samples of x and y, or x and y themselves
// when n is not positive or not smaller than their length.
func firstRows(x, y *tensor.Tensor, n int) (*tensor.Tensor, *tensor.Tensor) {
	if n <= 0 || n >= x.Dim(0) {
		return x, y
	}
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return tensor.GatherRows(x, rows), tensor.GatherRows(y, rows)
}

// run trains the model as Keras's example does (holding out the last 10%
// of the training images for validation) and prints its summary, the time
// per epoch and the test scores. It returns the test accuracy.
func run(w io.Writer, c config) (float64, error) {
	xTrain, yTrain, xTest, yTest, err := loadData(c.trainSamples, c.testSamples)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(w, "x_train shape: %v\n%d train samples\n%d test samples\n", xTrain.Shape(), xTrain.Dim(0), xTest.Dim(0))
	m, err := newModel(c.seed)
	if err != nil {
		return 0, err
	}
	if err := m.Summary(w); err != nil {
		return 0, err
	}
	start := time.Now()
	_, err = m.Fit(xTrain, yTrain, models.FitOptions{
		Epochs: c.epochs, BatchSize: c.batchSize, Verbose: c.verbose, Output: w,
		ValidationSplit: validationSplit,
	})
	if err != nil {
		return 0, err
	}
	perEpoch := time.Since(start).Seconds() / float64(c.epochs)
	scores, err := m.Evaluate(xTest, yTest, models.EvaluateOptions{BatchSize: c.batchSize, Verbose: models.Silent})
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(w, "%.2f s per epoch\nTest loss: %.4f\nTest accuracy: %.4f\n", perEpoch, scores[0], scores[1])
	return scores[1], nil
}
