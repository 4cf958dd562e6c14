package datasets

import (
	"bytes"
	"compress/gzip"
	"slices"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestLoadDigitsAll(t *testing.T) {
	x, y, err := LoadDigitsAll()
	if err != nil {
		t.Fatal(err)
	}
	if x.DType() != tensor.Float32 || !x.Shape().Equal(tensor.Shape{1797, 8, 8, 1}) ||
		y.DType() != tensor.Int64 || !y.Shape().Equal(tensor.Shape{1797}) {
		t.Fatalf("got x %v %v, y %v %v", x.DType(), x.Shape(), y.DType(), y.Shape())
	}
	// The first row and the last row of digits.csv.gz, pixel counts / 16.
	first := []float32{0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0}
	last := []float32{0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0}
	for _, c := range []struct {
		row   int
		head  []float32
		label int64
	}{{0, first, 0}, {1796, last, 8}} {
		got := x.Float32s()[c.row*64 : c.row*64+16]
		for i, v := range c.head {
			if got[i] != v/16 {
				t.Fatalf("x[%d] starts %v, want %v / 16", c.row, got, c.head)
			}
		}
		if y.Int64s()[c.row] != c.label {
			t.Errorf("y[%d] = %d, want %d", c.row, y.Int64s()[c.row], c.label)
		}
	}
	lo, hi := slices.Min(x.Float32s()), slices.Max(x.Float32s())
	if lo != 0 || hi != 1 {
		t.Errorf("pixel range [%v, %v], want [0, 1]", lo, hi)
	}
	var n [10]int
	for _, l := range y.Int64s() {
		n[l]++
	}
	if n != [10]int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180} {
		t.Errorf("rows per digit %v", n)
	}
}

// TestLoadDigitsDocumented follows the procedure in LoadDigits's
// documentation step by step, on the tensors LoadDigitsAll returns.
func TestLoadDigitsDocumented(t *testing.T) {
	x, y, err := LoadDigitsAll()
	if err != nil {
		t.Fatal(err)
	}
	const seed = 11
	r := tensor.NewRNG(seed)
	var train, test []int
	wantTest := []int{36, 36, 35, 37, 36, 36, 36, 36, 35, 36} // n_c/5 rounded
	for c := range int64(10) {
		rows := []int{}
		for i, l := range y.Int64s() {
			if l == c {
				rows = append(rows, i)
			}
		}
		p := r.Perm(len(rows))
		k := wantTest[c]
		for _, j := range p[:k] {
			test = append(test, rows[j])
		}
		for _, j := range p[k:] {
			train = append(train, rows[j])
		}
	}
	q, s := r.Perm(1438), r.Perm(359)
	xTrain, yTrain, xTest, yTest, err := LoadDigits(seed)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, xs, ys *tensor.Tensor, list, perm []int) {
		if !xs.Shape().Equal(tensor.Shape{len(list), 8, 8, 1}) || !ys.Shape().Equal(tensor.Shape{len(list)}) ||
			xs.DType() != tensor.Float32 || ys.DType() != tensor.Int64 {
			t.Fatalf("%s: got %v %v and %v %v", name, xs.DType(), xs.Shape(), ys.DType(), ys.Shape())
		}
		for k, qk := range perm {
			row := list[qk]
			if ys.Int64s()[k] != y.Int64s()[row] ||
				!slices.Equal(xs.Float32s()[64*k:64*k+64], x.Float32s()[64*row:64*row+64]) {
				t.Fatalf("%s sample %d is not row %d", name, k, row)
			}
		}
	}
	check("train", xTrain, yTrain, train, q)
	check("test", xTest, yTest, test, s)
}

func TestLoadDigitsSplit(t *testing.T) {
	_, y, err := LoadDigitsAll()
	if err != nil {
		t.Fatal(err)
	}
	labels := y.Int64s()
	for _, seed := range []uint64{0, 1, 1 << 63} {
		train, test := stratifiedSplit(labels, 10, seed)
		if len(train) != 1438 || len(test) != 359 {
			t.Fatalf("seed %d: %d train and %d test rows", seed, len(train), len(test))
		}
		seen := make([]int, len(labels))
		var testN [10]int
		for _, i := range train {
			seen[i]++
		}
		for _, i := range test {
			seen[i]++
			testN[labels[i]]++
		}
		if testN != [10]int{36, 36, 35, 37, 36, 36, 36, 36, 35, 36} {
			t.Errorf("seed %d: test rows per digit %v", seed, testN)
		}
		for i, n := range seen {
			if n != 1 {
				t.Fatalf("seed %d: row %d used %d times", seed, i, n)
			}
		}
	}
	_, a, _, _, _ := LoadDigits(5)
	_, b, _, _, _ := LoadDigits(5)
	_, c, _, _, _ := LoadDigits(6)
	if !slices.Equal(a.Int64s(), b.Int64s()) || slices.Equal(a.Int64s(), c.Int64s()) {
		t.Error("the split does not follow the seed")
	}
}

func TestStratifiedTestCount(t *testing.T) {
	for n, want := range map[int]int{0: 0, 2: 0, 3: 1, 50: 10, 172: 34, 173: 35, 177: 35, 178: 36, 182: 36, 183: 37} {
		if got := stratifiedTestCount(n); got != want {
			t.Errorf("stratifiedTestCount(%d) = %d, want %d", n, got, want)
		}
	}
}

// digitsCSV returns the embedded digits CSV, decompressed.
func digitsCSV(t *testing.T) string {
	t.Helper()
	b, err := embeddedFile("digits.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func gzipString(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

func TestParseDigitsErrors(t *testing.T) {
	good := digitsCSV(t)
	lines := strings.SplitAfter(good, "\n")
	replaceLine := func(i int, line string) string {
		l := slices.Clone(lines)
		l[i] = line
		return strings.Join(l, "")
	}
	row := func(pixel, label string) string {
		return strings.Repeat("0,", 63) + pixel + "," + label + "\n"
	}
	// Bad values are reported before the row count, so short inputs
	// (cheap under the race detector) test them.
	head := func(i int, line string) []byte {
		l := slices.Clone(lines[:10])
		l[i] = line
		return gzipString(strings.Join(l, ""))
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not gzip", []byte(good), "gzip"},
		{"short", gzipString(strings.Join(lines[:100], "")), "got 100 rows, want 1797"},
		{"columns", gzipString("1,2,3\n"), "got 3 columns, want 65"},
		{"pixel 17", head(4, row("17", "4")), "line 5: pixel 64 is 17, not a count 0 to 16"},
		{"fraction", head(4, row("1.5", "4")), "line 5: pixel 64 is 1.5"},
		{"label 10", head(4, row("0", "10")), "line 5: label 10 is not a digit 0-9"},
		{"not a number", head(2, row("x", "2")), "line 3"},
		{"class counts", gzipString(replaceLine(0, row("0", "1"))), "rows per digit [177 183 177"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, y, err := parseDigits("d.csv.gz", tc.data)
			if err == nil || x != nil || y != nil {
				t.Fatalf("got %v, %v, %v", x, y, err)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || !strings.Contains(msg, "d.csv.gz") {
				t.Errorf("error %q lacks %q", msg, tc.want)
			}
		})
	}
	if _, _, err := parseDigits("ok", gzipString(good)); err != nil {
		t.Errorf("the unchanged data: %v", err)
	}
}
