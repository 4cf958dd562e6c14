package datasets_test

import (
	"fmt"

	"github.com/neurite/neurite/datasets"
)

// LoadWords reads Debian's word lists at run time (apt-get install
// wamerican wngerman wfrench); with them it prints
//
//	7200 (7200,) 1800 (1800,)
//	[english german french]
func ExampleLoadWords() {
	trainWords, yTrain, testWords, yTest, err := datasets.LoadWords(1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(trainWords), yTrain.Shape(), len(testWords), yTest.Shape())
	fmt.Println(datasets.WordLanguages())
}

func ExampleLoadSunspots() {
	years, activity, err := datasets.LoadSunspots()
	if err != nil {
		panic(err)
	}
	fmt.Println(years[0], years[len(years)-1], activity.Shape(), activity.Float32s()[:4])
	// Output:
	// 1700 2008 (309,) [5 11 16 23]
}
