package datasets

import (
	"bytes"
	"compress/gzip"
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Digits data layout: 1,797 rows of 8×8 = 64 pixels, each a count 0 to 16,
// and a label 0 to 9.
const (
	digitsRows    = 1797
	digitsSide    = 8
	digitsPixels  = digitsSide * digitsSide
	digitsClasses = 10
	digitsMaxInk  = 16
)

// digitsClassRows are the rows per class (digit 0 … 9) of the data set.
var digitsClassRows = [digitsClasses]int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}

// LoadDigitsAll returns all 1,797 samples of scikit-learn's 8×8 handwritten
// digits (sklearn.datasets.load_digits) in file order: x float32
// (1797, 8, 8, 1), channels-last like [LoadMNIST], and y int64 (1797,)
// with labels 0 to 9. The pixels, counts 0 to 16 in the file (and in
// scikit-learn), are divided by 16 so that they lie in [0, 1] as MNIST's
// do; use [FlattenImages] for (1797, 64) rows.
//
// The data (the test set of UCI's "Optical Recognition of Handwritten
// Digits", 178 ± 5 samples per digit) is scikit-learn's digits.csv.gz,
// embedded in the package and checked against its SHA-256 on every call
// (see the data folder's README); the only possible errors report a
// corrupted build.
func LoadDigitsAll() (x, y *tensor.Tensor, err error) {
	b, err := embeddedFile("digits.csv.gz")
	if err != nil {
		return nil, nil, err
	}
	return parseDigits("digits.csv.gz", b)
}

// LoadDigits returns a stratified, shuffled split of the 8×8 digits of
// [LoadDigitsAll]: 1,438 training and 359 test samples, with x float32
// (N, 8, 8, 1) in [0, 1] and y int64 (N,). Keras has no digits loader; the
// split is Neurite's own, the one [LoadIris] uses, and depends only on
// seed:
//
//  1. r := tensor.NewRNG(seed).
//  2. For each digit c = 0 … 9 in turn, take the n_c row indices of digit c
//     in file order, draw p := r.Perm(n_c), send rows p[0:k] to the test
//     list, where k is n_c/5 rounded to the nearest whole number (35 to 37),
//     and rows p[k:] to the training list, appending in the order of p.
//  3. Shuffle the training list: q := r.Perm(1438), and training sample i
//     is the row train[q[i]].
//  4. Shuffle the test list the same way with r.Perm(359).
//
// The same seed gives the same split on every platform.
func LoadDigits(seed uint64) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	x, y, err := LoadDigitsAll()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	train, test := stratifiedSplit(y.Int64s(), digitsClasses, seed)
	return tensor.GatherRows(x, train), tensor.GatherRows(y, train),
		tensor.GatherRows(x, test), tensor.GatherRows(y, test), nil
}

// parseDigits reads the gzip-compressed digits CSV (no header, 1,797 rows
// of 64 pixel counts 0..16 and a label 0..9) and checks its class counts.
func parseDigits(name string, gz []byte) (x, y *tensor.Tensor, err error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %s: %w", name, err)
	}
	rows, cols, vals, err := csvReadFloat64(zr, name, 0, true)
	if err != nil {
		return nil, nil, err
	}
	if cols != digitsPixels+1 {
		return nil, nil, fmt.Errorf("datasets: %s: got %d columns, want %d", name, cols, digitsPixels+1)
	}
	xs := make([]float32, rows*digitsPixels)
	ys := make([]int64, rows)
	var counts [digitsClasses]int
	for i := range rows {
		row := vals[i*cols : (i+1)*cols]
		for j, v := range row[:digitsPixels] {
			if v != float64(int(v)) || v < 0 || v > digitsMaxInk {
				return nil, nil, fmt.Errorf("datasets: %s: line %d: pixel %d is %v, not a count 0 to 16", name, i+1, j+1, v)
			}
			xs[i*digitsPixels+j] = float32(v) / digitsMaxInk
		}
		l := row[digitsPixels]
		if l != float64(int(l)) || l < 0 || l >= digitsClasses {
			return nil, nil, fmt.Errorf("datasets: %s: line %d: label %v is not a digit 0-9", name, i+1, l)
		}
		ys[i] = int64(l)
		counts[ys[i]]++
	}
	if rows != digitsRows {
		return nil, nil, fmt.Errorf("datasets: %s: got %d rows, want %d", name, rows, digitsRows)
	}
	if counts != digitsClassRows {
		return nil, nil, fmt.Errorf("datasets: %s: rows per digit %v, want %v", name, counts, digitsClassRows)
	}
	return tensor.FromSlice(xs, rows, digitsSide, digitsSide, 1), tensor.FromSlice(ys, rows), nil
}
