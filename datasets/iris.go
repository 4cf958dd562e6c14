package datasets

import (
	"bytes"
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Iris data layout: 150 rows of 4 features and a label, 50 rows per class.
const (
	irisRows         = 150
	irisFeatureCount = 4
	irisClassCount   = 3
)

// IrisClassNames returns the iris class names indexed by label: setosa (0),
// versicolor (1), virginica (2). It returns a new slice on every call.
func IrisClassNames() []string {
	return []string{"setosa", "versicolor", "virginica"}
}

// IrisFeatureNames returns the names of the four iris features, the columns
// of the x tensors, all in centimetres: sepal_length, sepal_width,
// petal_length, petal_width. It returns a new slice on every call.
func IrisFeatureNames() []string {
	return []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}
}

// LoadIrisAll returns all 150 iris samples in file order: x float32
// (150, 4) with the features of [IrisFeatureNames], and y int64 (150,)
// with labels 0, 1, 2 (see [IrisClassNames]). The file is grouped by class,
// 50 rows each, so shuffle before splitting it yourself.
//
// The data is scikit-learn's iris.csv, embedded in the package and checked
// against its SHA-256 on every call; the only possible errors report a
// corrupted build.
func LoadIrisAll() (x, y *tensor.Tensor, err error) {
	b, err := embeddedFile("iris.csv")
	if err != nil {
		return nil, nil, err
	}
	return parseIris("iris.csv", b)
}

// LoadIris returns a stratified, shuffled split of the iris data: 120
// training samples (40 per class) and 30 test samples (10 per class). x is
// float32 (N, 4) and y int64 (N,), as in [LoadIrisAll]. Keras has no iris
// loader; this split is Neurite's own and depends only on seed:
//
//  1. r := tensor.NewRNG(seed).
//  2. For each class c = 0, 1, 2 in turn, take the 50 row indices of class
//     c in file order (the rows of [LoadIrisAll]), draw p := r.Perm(50),
//     send rows p[0:10] to the test list and rows p[10:50] to the training
//     list, appending in the order of p.
//  3. Shuffle the training list: q := r.Perm(120), and training sample k is
//     the row train[q[k]].
//  4. Shuffle the test list the same way with r.Perm(30).
//
// The same seed gives the same split on every platform. (The project's
// reference scripts instead use numpy's RandomState(0).permutation(150),
// which is not stratified; to reproduce such a split, index the tensors of
// [LoadIrisAll] with that permutation.)
func LoadIris(seed uint64) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	x, y, err := LoadIrisAll()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	train, test := irisSplit(y.Int64s(), seed)
	xTrain, yTrain = irisRowsOf(x, y, train)
	xTest, yTest = irisRowsOf(x, y, test)
	return xTrain, yTrain, xTest, yTest, nil
}

// irisSplit returns the training and test row indices of the stratified
// split documented at LoadIris. labels must hold irisRows/irisClassCount
// rows of each class, as parseIris guarantees, so that each class gives
// 10 test rows (stratifiedTestCount(50)).
func irisSplit(labels []int64, seed uint64) (train, test []int) {
	return stratifiedSplit(labels, irisClassCount, seed)
}

// irisRowsOf gathers the given rows of x (N, 4) float32 and y (N,) int64.
func irisRowsOf(x, y *tensor.Tensor, rows []int) (xs, ys *tensor.Tensor) {
	xd, yd := x.Float32s(), y.Int64s()
	xo := make([]float32, 0, len(rows)*irisFeatureCount)
	yo := make([]int64, 0, len(rows))
	for _, i := range rows {
		xo = append(xo, xd[i*irisFeatureCount:(i+1)*irisFeatureCount]...)
		yo = append(yo, yd[i])
	}
	return tensor.FromSlice(xo, len(rows), irisFeatureCount), tensor.FromSlice(yo, len(rows))
}

// parseIris reads scikit-learn's iris.csv (a metadata line, then 150 rows
// of 4 features and an integer label) and checks that it holds 50 rows of
// each class.
func parseIris(name string, b []byte) (x, y *tensor.Tensor, err error) {
	rows, cols, vals, err := csvReadFloat64(bytes.NewReader(b), name, 1, true)
	if err != nil {
		return nil, nil, err
	}
	if cols != irisFeatureCount+1 || rows != irisRows {
		return nil, nil, fmt.Errorf("datasets: %s: got %d rows of %d columns, want %d rows of %d",
			name, rows, cols, irisRows, irisFeatureCount+1)
	}
	xs := make([]float32, rows*irisFeatureCount)
	ys := make([]int64, rows)
	var counts [irisClassCount]int
	for i := range rows {
		row := vals[i*cols : (i+1)*cols]
		for j := range irisFeatureCount {
			xs[i*irisFeatureCount+j] = float32(row[j])
		}
		l := row[irisFeatureCount]
		if l != 0 && l != 1 && l != 2 {
			return nil, nil, fmt.Errorf("datasets: %s: data row %d: label %v is not 0, 1 or 2", name, i+1, l)
		}
		ys[i] = int64(l)
		counts[ys[i]]++
	}
	for c, n := range counts {
		if n != irisRows/irisClassCount {
			return nil, nil, fmt.Errorf("datasets: %s: class %d has %d rows, want %d",
				name, c, n, irisRows/irisClassCount)
		}
	}
	return tensor.FromSlice(xs, rows, irisFeatureCount), tensor.FromSlice(ys, rows), nil
}
