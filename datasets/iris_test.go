package datasets

import (
	"slices"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestLoadIrisAll(t *testing.T) {
	x, y, err := LoadIrisAll()
	if err != nil {
		t.Fatal(err)
	}
	if x.DType() != tensor.Float32 || !x.Shape().Equal(tensor.Shape{150, 4}) ||
		y.DType() != tensor.Int64 || !y.Shape().Equal(tensor.Shape{150}) {
		t.Fatalf("got x %v %v, y %v %v", x.DType(), x.Shape(), y.DType(), y.Shape())
	}
	// Lines 2, 52 and 151 of iris.csv.
	for _, c := range []struct {
		row   int
		x     []float32
		label int64
	}{
		{0, []float32{5.1, 3.5, 1.4, 0.2}, 0},
		{50, []float32{7.0, 3.2, 4.7, 1.4}, 1},
		{149, []float32{5.9, 3.0, 5.1, 1.8}, 2},
	} {
		if got := x.Float32s()[c.row*4 : c.row*4+4]; !slices.Equal(got, c.x) {
			t.Errorf("x[%d] = %v, want %v", c.row, got, c.x)
		}
		if got := y.Int64s()[c.row]; got != c.label {
			t.Errorf("y[%d] = %d, want %d", c.row, got, c.label)
		}
	}
	if n := IrisClassNames(); !slices.Equal(n, []string{"setosa", "versicolor", "virginica"}) {
		t.Errorf("IrisClassNames() = %v", n)
	}
	if n := IrisFeatureNames(); len(n) != 4 || n[0] != "sepal_length" || n[3] != "petal_width" {
		t.Errorf("IrisFeatureNames() = %v", n)
	}
}

func TestIrisSplitStratified(t *testing.T) {
	_, y, err := LoadIrisAll()
	if err != nil {
		t.Fatal(err)
	}
	labels := y.Int64s()
	for _, seed := range []uint64{0, 1, 42, 1 << 63} {
		train, test := irisSplit(labels, seed)
		if len(train) != 120 || len(test) != 30 {
			t.Fatalf("seed %d: %d train and %d test rows", seed, len(train), len(test))
		}
		var trainN, testN [3]int
		seen := make([]int, 150)
		for _, i := range train {
			trainN[labels[i]]++
			seen[i]++
		}
		for _, i := range test {
			testN[labels[i]]++
			seen[i]++
		}
		if trainN != [3]int{40, 40, 40} || testN != [3]int{10, 10, 10} {
			t.Errorf("seed %d: per-class counts train %v, test %v", seed, trainN, testN)
		}
		for i, n := range seen { // disjoint, and the union is all 150 rows
			if n != 1 {
				t.Errorf("seed %d: row %d used %d times", seed, i, n)
			}
		}
	}
}

// TestIrisSplitDocumented follows the procedure in LoadIris's documentation
// step by step, on the tensors LoadIris returns.
func TestIrisSplitDocumented(t *testing.T) {
	x, y, err := LoadIrisAll()
	if err != nil {
		t.Fatal(err)
	}
	const seed = 7
	r := tensor.NewRNG(seed)
	var train, test []int
	for c := range int64(3) {
		rows := []int{}
		for i, l := range y.Int64s() {
			if l == c {
				rows = append(rows, i)
			}
		}
		p := r.Perm(50)
		for _, k := range p[:10] {
			test = append(test, rows[k])
		}
		for _, k := range p[10:] {
			train = append(train, rows[k])
		}
	}
	q, s := r.Perm(120), r.Perm(30)
	xTrain, yTrain, xTest, yTest, err := LoadIris(seed)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, xs, ys *tensor.Tensor, list, perm []int) {
		if !xs.Shape().Equal(tensor.Shape{len(list), 4}) || !ys.Shape().Equal(tensor.Shape{len(list)}) ||
			xs.DType() != tensor.Float32 || ys.DType() != tensor.Int64 {
			t.Fatalf("%s: got %v %v and %v %v", name, xs.DType(), xs.Shape(), ys.DType(), ys.Shape())
		}
		for k, qk := range perm {
			row := list[qk]
			if ys.Int64s()[k] != y.Int64s()[row] ||
				!slices.Equal(xs.Float32s()[4*k:4*k+4], x.Float32s()[4*row:4*row+4]) {
				t.Fatalf("%s sample %d is not row %d", name, k, row)
			}
		}
	}
	check("train", xTrain, yTrain, train, q)
	check("test", xTest, yTest, test, s)
}

func TestLoadIrisReproducible(t *testing.T) {
	_, yA, xA, _, err := LoadIris(3)
	if err != nil {
		t.Fatal(err)
	}
	_, yB, xB, _, _ := LoadIris(3)
	_, yC, xC, _, _ := LoadIris(4)
	if !slices.Equal(xA.Float32s(), xB.Float32s()) || !slices.Equal(yA.Int64s(), yB.Int64s()) {
		t.Error("the same seed gave different splits")
	}
	if slices.Equal(xA.Float32s(), xC.Float32s()) || slices.Equal(yA.Int64s(), yC.Int64s()) {
		t.Error("seeds 3 and 4 gave the same split")
	}
	// Pin the split of seed 0, so that a change of the procedure (or of
	// tensor.RNG) cannot go unnoticed.
	train, test := irisSplit(irisTestLabels(t), 0)
	if got, want := test[:5], irisSeed0Test; !slices.Equal(got, want) {
		t.Errorf("seed 0: first test rows %v, want %v", got, want)
	}
	if got, want := train[:5], irisSeed0Train; !slices.Equal(got, want) {
		t.Errorf("seed 0: first train rows %v, want %v", got, want)
	}
}

// First rows of the seed-0 split, recorded from this implementation.
var irisSeed0Test, irisSeed0Train = []int{121, 128, 141, 11, 136}, []int{134, 39, 84, 104, 149}

func irisTestLabels(t *testing.T) []int64 {
	_, y, err := LoadIrisAll()
	if err != nil {
		t.Fatal(err)
	}
	return y.Int64s()
}

func TestParseIrisErrors(t *testing.T) {
	good := "150,4,setosa,versicolor,virginica\n" + strings.Repeat("1,2,3,4,0\n", 50) +
		strings.Repeat("1,2,3,4,1\n", 50) + strings.Repeat("1,2,3,4,2\n", 50)
	if _, _, err := parseIris("i.csv", []byte(good)); err != nil {
		t.Fatalf("valid input: %v", err)
	}
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"label 3", strings.Replace(good, "4,2\n", "4,3\n", 1), []string{"i.csv: data row 101: label 3"}},
		{"label 0.5", strings.Replace(good, "4,1\n", "4,0.5\n", 1), []string{"data row 51: label 0.5"}},
		{"unbalanced", strings.Replace(good, "4,1\n", "4,0\n", 1), []string{"class 0 has 51 rows, want 50"}},
		{"ragged", strings.Replace(good, "1,2,3,4,1\n", "1,2,3,1\n", 1), []string{"i.csv: line 52", "got 4 fields, want 5"}},
		{"NaN", strings.Replace(good, "1,2,3,4,1\n", "1,NaN,3,4,1\n", 1), []string{"i.csv: line 52: field 2"}},
		{"short", good[:len(good)-10], []string{"got 149 rows of 5 columns"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parseIris("i.csv", []byte(tc.in))
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
}
