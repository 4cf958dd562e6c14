// Command boston is the lecture's regression example, step by step: an
// ordinary linear regression (one Dense unit, linear activation) on the
// Boston housing data, compiled with Adam, mean squared error and mean
// absolute error, fitted with a 20% validation split and evaluated on the
// test set.
//
//	go run ./examples/boston            # standardised features, 2000 epochs
//	go run ./examples/boston -raw       # the lecture's raw features
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/models"
)

func main() {
	epochs := flag.Int("epochs", 2000, "training epochs")
	raw := flag.Bool("raw", false, "train on raw features as the lecture does")
	verbose := flag.Int("verbose", 2, "0 silent, 1 progress bar, 2 one line per epoch")
	flag.Parse()
	v, err := models.VerbosityOf(*verbose)
	if err == nil {
		err = run(os.Stdout, *epochs, *raw, v)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "boston:", err)
		os.Exit(1)
	}
}

// run trains and evaluates the model, printing the summary, the progress and
// the test scores to w.
func run(w io.Writer, epochs int, raw bool, verbose models.Verbosity) error {
	// Load the data: Keras's 404/102 train/test split.
	xTrain, yTrain, xTest, yTest, err := datasets.LoadBostonHousing()
	if err != nil {
		return err
	}
	if !raw {
		// Standardise each feature with the training set's mean and std.
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
	}

	// Define our first model: a simple ordinary linear regression.
	model, err := models.NewSequential(&layers.Dense{Units: 1, Activation: "linear", InputShape: []int{13}})
	if err != nil {
		return err
	}
	if err := model.Summary(w); err != nil {
		return err
	}

	// Compile the model, specifying optimizer and loss.
	if err := model.CompileNamed("adam", "mse", "mae"); err != nil {
		return err
	}

	// Fit the model parameters.
	if _, err := model.Fit(xTrain, yTrain, models.FitOptions{ValidationSplit: 0.2, Epochs: epochs, Verbose: verbose, Output: w}); err != nil {
		return err
	}

	// Evaluate on the test set: [loss, mae].
	scores, err := model.Evaluate(xTest, yTest, models.EvaluateOptions{Verbose: models.Silent})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "test loss (mse): %.4f, test mae: %.4f\n", scores[0], scores[1])
	return nil
}
