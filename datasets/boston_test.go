package datasets

import (
	"errors"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestLoadBostonHousing(t *testing.T) {
	xTrain, yTrain, xTest, yTest, err := LoadBostonHousing()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		x     *tensor.Tensor
		shape tensor.Shape
	}{
		{"xTrain", xTrain, tensor.Shape{404, 13}}, {"yTrain", yTrain, tensor.Shape{404}},
		{"xTest", xTest, tensor.Shape{102, 13}}, {"yTest", yTest, tensor.Shape{102}},
	} {
		if c.x.DType() != tensor.Float32 || !c.x.Shape().Equal(c.shape) {
			t.Errorf("%s: got %v %v, want float32 %v", c.name, c.x.DType(), c.x.Shape(), c.shape)
		}
	}
	// First rows of boston_housing_train.csv and boston_housing_test.csv, which
	// are Keras's x_train[0] and x_test[0].
	rows := []struct {
		name string
		x    *tensor.Tensor
		y    *tensor.Tensor
		want []float64
	}{
		{"train", xTrain, yTrain, []float64{1.23247, 0, 8.14, 0, 0.538, 6.142, 91.7, 3.9769, 4, 307, 21, 396.9, 18.72, 15.2}},
		{"test", xTest, yTest, []float64{18.0846, 0, 18.1, 0, 0.679, 6.434, 100, 1.8347, 24, 666, 20.2, 27.25, 29.05, 7.2}},
	}
	for _, r := range rows {
		for j := range 13 {
			if got, want := r.x.At(0, j), float64(float32(r.want[j])); got != want {
				t.Errorf("%s x[0, %d] = %v, want %v", r.name, j, got, want)
			}
		}
		if got, want := r.y.At(0), float64(float32(r.want[13])); got != want {
			t.Errorf("%s y[0] = %v, want %v", r.name, got, want)
		}
	}
	// Published Keras outputs: y_train starts 15.2, 42.3, 50.0, 21.1 and
	// y_test starts 7.2, 18.8, 19.0, 27.0.
	for i, want := range []float32{15.2, 42.3, 50, 21.1} {
		if got := yTrain.Float32s()[i]; got != want {
			t.Errorf("yTrain[%d] = %v, want %v", i, got, want)
		}
	}
	for i, want := range []float32{7.2, 18.8, 19, 27} {
		if got := yTest.Float32s()[i]; got != want {
			t.Errorf("yTest[%d] = %v, want %v", i, got, want)
		}
	}
	// Target means from shared/datasets/README.md: train 22.395, test 23.078.
	for _, c := range []struct {
		name string
		y    *tensor.Tensor
		want float64
	}{{"train", yTrain, 22.395}, {"test", yTest, 23.078}} {
		s := 0.0
		for _, v := range c.y.Values() {
			s += v
		}
		if m := s / float64(c.y.Size()); m < c.want-0.0005 || m > c.want+0.0005 {
			t.Errorf("%s target mean = %v, want %v", c.name, m, c.want)
		}
	}
}

func TestBostonFeatureNames(t *testing.T) {
	n := BostonFeatureNames()
	if len(n) != 13 || n[0] != "CRIM" || n[5] != "RM" || n[12] != "LSTAT" {
		t.Fatalf("BostonFeatureNames() = %v", n)
	}
	n[0] = "changed"
	if BostonFeatureNames()[0] != "CRIM" {
		t.Error("BostonFeatureNames returns shared storage")
	}
}

func TestParseBostonErrors(t *testing.T) {
	hdr := "CRIM,ZN,INDUS,CHAS,NOX,RM,AGE,DIS,RAD,TAX,PTRATIO,B,LSTAT,MEDV\n"
	row := "1,2,3,4,5,6,7,8,9,10,11,12,13,14\n"
	tests := []struct {
		name string
		in   string
		rows int
		want []string
	}{
		{"ragged", hdr + row + "1,2,3\n", 2, []string{"b.csv: line 3", "got 3 fields, want 14"}},
		{"not a number", hdr + row + strings.Replace(row, "7", "x7", 1), 2, []string{"b.csv: line 3: field 7", `"x7"`}},
		{"NaN", hdr + strings.Replace(row, "14", "nan", 1), 1, []string{"b.csv: line 2: field 14", "not a finite number"}},
		{"too few rows", hdr + row, 2, []string{"b.csv", "got 1 rows of 14 columns, want 2 rows of 14"}},
		{"too few columns", hdr + "1,2\n", 1, []string{"got 1 rows of 2 columns"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parseBoston("b.csv", []byte(tc.in), tc.rows)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	x, y, err := parseBoston("b.csv", []byte(hdr+row), 1)
	if err != nil || x.At(0, 12) != 13 || y.At(0) != 14 {
		t.Errorf("parseBoston of a valid row: %v %v %v", x, y, err)
	}
}

func TestEmbeddedChecksum(t *testing.T) {
	for name := range embeddedSums {
		b, err := embeddedFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// The check embeddedFile runs must catch a one-byte edit.
		c := append([]byte(nil), b...)
		c[len(c)/2] ^= 1
		err = checkSum("embedded "+name, c, embeddedSums[name])
		if !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), name) {
			t.Errorf("corrupted %s: error %v", name, err)
		}
	}
	if _, err := embeddedFile("nope.csv"); err == nil {
		t.Error("no error for an unknown embedded file")
	}
}
