package datasets

import (
	"bytes"
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// bostonFeatures are the 13 feature columns of the Boston housing data, in
// file order; the 14th column is the target MEDV.
var bostonFeatures = []string{
	"CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT",
}

// BostonFeatureNames returns the names of the 13 Boston housing features,
// the columns of the x tensors of [LoadBostonHousing]: CRIM, ZN, INDUS,
// CHAS, NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT. The target is MEDV,
// the median home value in thousands of dollars. It returns a new slice on
// every call.
func BostonFeatureNames() []string {
	return append([]string(nil), bostonFeatures...)
}

// LoadBostonHousing returns the Boston housing regression data exactly as
// Keras's keras.datasets.boston_housing.load_data() does with its defaults
// (test_split=0.2, seed=113): 404 training and 102 test samples in Keras's
// order, so that results can be compared with Keras row for row.
//
// xTrain is float32 (404, 13) and xTest float32 (102, 13), with the
// features of [BostonFeatureNames]; yTrain (404,) and yTest (102,) are
// float32 targets (MEDV, 5 to 50, censored at 50), one-dimensional as in
// Keras. Keras returns float64 arrays; the values here are the same numbers
// rounded to float32. The features are not scaled; see [FitStandardizer].
//
// The data is embedded in the package and checked against its SHA-256 on
// every call; the only possible errors report a corrupted build.
func LoadBostonHousing() (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	xTrain, yTrain, err = loadBostonFile("boston_housing_train.csv", 404)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	xTest, yTest, err = loadBostonFile("boston_housing_test.csv", 102)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return xTrain, yTrain, xTest, yTest, nil
}

// loadBostonFile reads one embedded Boston CSV holding wantRows rows.
func loadBostonFile(name string, wantRows int) (x, y *tensor.Tensor, err error) {
	b, err := embeddedFile(name)
	if err != nil {
		return nil, nil, err
	}
	return parseBoston(name, b, wantRows)
}

// parseBoston splits a Boston CSV (header line, then rows of 13 features
// and MEDV) into x (rows, 13) and y (rows,), both float32.
func parseBoston(name string, b []byte, wantRows int) (x, y *tensor.Tensor, err error) {
	nf := len(bostonFeatures)
	rows, cols, vals, err := csvReadFloat64(bytes.NewReader(b), name, 1, true)
	if err != nil {
		return nil, nil, err
	}
	if cols != nf+1 || rows != wantRows {
		return nil, nil, fmt.Errorf("datasets: %s: got %d rows of %d columns, want %d rows of %d",
			name, rows, cols, wantRows, nf+1)
	}
	xs := make([]float32, rows*nf)
	ys := make([]float32, rows)
	for i := range rows {
		row := vals[i*cols : (i+1)*cols]
		for j := range nf {
			xs[i*nf+j] = float32(row[j])
		}
		ys[i] = float32(row[nf])
	}
	return tensor.FromSlice(xs, rows, nf), tensor.FromSlice(ys, rows), nil
}
