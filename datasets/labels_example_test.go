package datasets_test

import (
	"fmt"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/tensor"
)

func ExampleToCategorical() {
	// Class labels as a CSV file gives them: a float32 column.
	y := tensor.FromSlice([]float32{0, 2, 1, 2}, 4, 1)
	oneHot, err := datasets.ToCategorical(y, 0) // 0: max(y)+1 = 3 classes
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(oneHot.DType(), oneHot.Shape())
	for i := range oneHot.Dim(0) {
		fmt.Println(oneHot.Float32s()[3*i : 3*i+3])
	}
	_, err = datasets.ToCategorical(tensor.FromSlice([]float32{0, 1.5}), 3)
	fmt.Println(err)
	// Output:
	// float32 (4, 3)
	// [1 0 0]
	// [0 0 1]
	// [0 1 0]
	// [0 0 1]
	// datasets: ToCategorical: y[1] is 1.5, not a whole number
}

func ExampleTrainTestSplit() {
	x, y, err := datasets.LoadIrisAll()
	if err != nil {
		fmt.Println(err)
		return
	}
	xTrain, xTest, yTrain, yTest, err := datasets.TrainTestSplit(x, y, 0.2, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(xTrain.Shape(), xTest.Shape(), yTrain.Shape(), yTest.Shape())
	fmt.Println("first test labels:", yTest.Int64s()[:5])
	// Output:
	// (120, 4) (30, 4) (120,) (30,)
	// first test labels: [2 1 1 2 2]
}
