package datasets_test

import (
	"fmt"

	"github.com/neurite/neurite/datasets"
)

func ExampleLoadBostonHousing() {
	xTrain, yTrain, xTest, yTest, err := datasets.LoadBostonHousing()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("train:", xTrain.Shape(), yTrain.Shape())
	fmt.Println("test: ", xTest.Shape(), yTest.Shape())
	fmt.Println("first target:", yTrain.At(0))
	// Output:
	// train: (404, 13) (404,)
	// test:  (102, 13) (102,)
	// first target: 15.199999809265137
}

func ExampleLoadIris() {
	xTrain, yTrain, xTest, yTest, err := datasets.LoadIris(42)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(xTrain.Shape(), yTrain.Shape(), xTest.Shape(), yTest.Shape())
	fmt.Println(datasets.IrisClassNames())
	// Output:
	// (120, 4) (120,) (30, 4) (30,)
	// [setosa versicolor virginica]
}

func ExampleFitStandardizer() {
	xTrain, _, xTest, _, err := datasets.LoadBostonHousing()
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := datasets.FitStandardizer(xTrain) // statistics of the training data only
	if err != nil {
		fmt.Println(err)
		return
	}
	xTrain, _ = s.Transform(xTrain)
	xTest, err = s.Transform(xTest)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("CRIM mean %.5f std %.5f\n", s.Mean.At(0), s.Std.At(0))
	fmt.Println(xTrain.Shape(), xTest.Shape())
	// Output:
	// CRIM mean 3.74511 std 9.22929
	// (404, 13) (102, 13)
}
