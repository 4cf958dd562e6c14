// Command iris trains the lecture's iris classifiers: first the 4→6→4→3
// network of the slides (linear Dense layers and a final softmax), then a
// ReLU network that learns well, and reports the test accuracy of each on a
// stratified 120/30 split.
//
//	go run ./examples/iris
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

func main() {
	epochs := flag.Int("epochs", 200, "training epochs for each model")
	seed := flag.Uint64("seed", 1, "seed of the split, the weights and the shuffling")
	flag.Parse()
	if err := run(os.Stdout, *epochs, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "iris:", err)
		os.Exit(1)
	}
}

// run trains both models and prints their summaries and test accuracy.
func run(w io.Writer, epochs int, seed uint64) error {
	xTrain, yTrain, xTest, yTest, err := datasets.LoadIris(seed)
	if err != nil {
		return err
	}
	s, err := datasets.FitStandardizer(xTrain)
	if err != nil {
		return err
	}
	if xTrain, err = s.Transform(xTrain); err != nil {
		return err
	}
	if xTest, err = s.Transform(xTest); err != nil {
		return err
	}

	// The lecture's model: Dense(6, input_shape=(4,)), Dense(4), Dense(3),
	// Activation('softmax'). Without non-linear activations it is a linear
	// (softmax regression) model in disguise.
	lecture, err := models.NewSequential(
		&layers.Dense{Units: 6, InputShape: []int{4}},
		&layers.Dense{Units: 4},
		&layers.Dense{Units: 3},
		&layers.Activation{Fn: "softmax"},
	)
	if err != nil {
		return err
	}
	lecture.Seed = seed
	if _, err := trainAndReport(w, "lecture 4-6-4-3 softmax model", lecture, xTrain, yTrain, xTest, yTest, epochs); err != nil {
		return err
	}

	// A ReLU network that learns well.
	relu, err := models.NewSequential(
		&layers.Dense{Units: 16, Activation: "relu", InputShape: []int{4}},
		&layers.Dense{Units: 3, Activation: "softmax"},
	)
	if err != nil {
		return err
	}
	relu.Seed = seed
	_, err = trainAndReport(w, "ReLU 4-16-3 model", relu, xTrain, yTrain, xTest, yTest, epochs)
	return err
}

// trainAndReport compiles, fits and evaluates one model and returns its
// test accuracy.
func trainAndReport(w io.Writer, title string, m *models.Sequential, xTrain, yTrain, xTest, yTest *tensor.Tensor, epochs int) (float64, error) {
	fmt.Fprintf(w, "\n== %s\n", title)
	if err := m.Summary(w); err != nil {
		return 0, err
	}
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.01}, losses.SparseCategoricalCrossentropy{}, metrics.Accuracy{}); err != nil {
		return 0, err
	}
	hist, err := m.Fit(xTrain, yTrain, models.FitOptions{Epochs: epochs, ValidationSplit: 0.2, Verbose: models.Silent})
	if err != nil {
		return 0, err
	}
	scores, err := m.Evaluate(xTest, yTest, models.EvaluateOptions{Verbose: models.Silent})
	if err != nil {
		return 0, err
	}
	trainAcc, _ := hist.Last("accuracy")
	correct := int(scores[1]*float64(xTest.Dim(0)) + 0.5)
	fmt.Fprintf(w, "after %d epochs: train accuracy %.4f, test loss %.4f, test accuracy %.4f (%d of %d)\n",
		epochs, trainAcc, scores[0], scores[1], correct, xTest.Dim(0))
	return scores[1], nil
}
