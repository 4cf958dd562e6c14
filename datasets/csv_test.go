package datasets

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		opts  CSVOptions
		shape tensor.Shape
		want  []float64
	}{
		{"plain", "1,2\n3,4\n", CSVOptions{}, tensor.Shape{2, 2}, []float64{1, 2, 3, 4}},
		{"header skipped", "a,b,c\n1,2\n-3.5,4e2\n", CSVOptions{SkipRows: 1}, tensor.Shape{2, 2}, []float64{1, 2, -3.5, 400}},
		{"two header rows", "x\ny,z\n7\n", CSVOptions{SkipRows: 2}, tensor.Shape{1, 1}, []float64{7}},
		{"no final newline", "1,2\n3,4", CSVOptions{}, tensor.Shape{2, 2}, []float64{1, 2, 3, 4}},
		{"crlf and blank lines", "1,2\r\n\r\n3,4\r\n", CSVOptions{}, tensor.Shape{2, 2}, []float64{1, 2, 3, 4}},
		{"spaces and quotes", " 1 , \"2\"\n3,  4 \n", CSVOptions{}, tensor.Shape{2, 2}, []float64{1, 2, 3, 4}},
		{"float64", "0.1,1e-300\n", CSVOptions{DType: tensor.Float64}, tensor.Shape{1, 2}, []float64{0.1, 1e-300}},
		{"float32 rounds", "0.1\n", CSVOptions{DType: tensor.Float32}, tensor.Shape{1, 1}, []float64{float64(float32(0.1))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, err := ReadCSV(strings.NewReader(tc.in), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			wantDT := tc.opts.DType
			if wantDT == 0 {
				wantDT = tensor.Float32
			}
			if x.DType() != wantDT || !x.Shape().Equal(tc.shape) {
				t.Fatalf("got %v %v, want %v %v", x.DType(), x.Shape(), wantDT, tc.shape)
			}
			for i, v := range x.Values() {
				if v != tc.want[i] {
					t.Errorf("element %d = %v, want %v", i, v, tc.want[i])
				}
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts CSVOptions
		want []string // substrings of the error message
	}{
		{"ragged row", "h\n1,2,3\n4,5,6\n7,8\n", CSVOptions{Name: "f.csv", SkipRows: 1},
			[]string{"f.csv", "line 4", "got 2 fields, want 3", "line 2"}},
		{"ragged after blank line", "1,2\n\n3\n", CSVOptions{Name: "f.csv"}, []string{"f.csv: line 3", "got 1 fields"}},
		{"not a number", "1,2\n3,abc\n", CSVOptions{Name: "g.csv"}, []string{"g.csv: line 2: field 2", `"abc"`}},
		{"NaN", "1,2\n3,4\nNaN,5\n", CSVOptions{Name: "n.csv"}, []string{"n.csv: line 3: field 1", "not a finite number"}},
		{"Inf", "-inf\n", CSVOptions{}, []string{"csv: line 1", "not a finite number"}},
		{"overflow float64", "1e400\n", CSVOptions{DType: tensor.Float64}, []string{"line 1", "out of range"}},
		{"overflow float32", "1,1e39\n", CSVOptions{}, []string{"line 1: field 2", "out of float32 range"}},
		{"empty field", "1,,3\n", CSVOptions{}, []string{"line 1: field 2", "empty field"}},
		{"bare quote", "1,2\n3,4\"\n", CSVOptions{Name: "q.csv"}, []string{"q.csv", "line 2"}},
		{"no data", "a,b\n", CSVOptions{Name: "h.csv", SkipRows: 1}, []string{"h.csv", "no data rows"}},
		{"empty input", "", CSVOptions{}, []string{"no data rows"}},
		{"negative skip", "1\n", CSVOptions{SkipRows: -1}, []string{"SkipRows must not be negative"}},
		{"int dtype", "1\n", CSVOptions{DType: tensor.Int64}, []string{"dtype must be float32 or float64, got int64"}},
	}
	if _, err := ReadCSV(nil, CSVOptions{Name: "n.csv"}); err == nil || !strings.Contains(err.Error(), "n.csv: nil reader") {
		t.Errorf("nil reader: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, err := ReadCSV(strings.NewReader(tc.in), tc.opts)
			if err == nil {
				t.Fatalf("no error; got tensor %v", x.Shape())
			}
			if x != nil {
				t.Errorf("got a tensor along with error %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"1,2\n3,4\n", "a,b\n1,2\n", "1,2\n3\n", "1,NaN\n", "\"1\",2\r\n", "", "\n\n",
		"1e39,0\n", "0x1p3,1_0\n", "1,\"2\n3\",4\n", ",\n", "1,2,\n",
		"150,4,a,b,c\n5.1,3.5,1.4,0.2,0\n4.9,3,1.4,0.2,1\n",
		"CRIM,ZN\n1.23247,0,8.14,0,0.538,6.142,91.7,3.9769,4,307,21,396.9,18.72,15.2\n",
	} {
		f.Add([]byte(s), uint8(0), false)
		f.Add([]byte(s), uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, skip uint8, f64 bool) {
		opts := CSVOptions{Name: "fuzz.csv", SkipRows: int(skip % 4)}
		if f64 {
			opts.DType = tensor.Float64
		}
		// The loaders' parsers share the reader and must not panic either.
		parseIris("fuzz.csv", data)
		parseBoston("fuzz.csv", data, 1)
		x, err := ReadCSV(bytes.NewReader(data), opts)
		if err != nil {
			if x != nil || !strings.HasPrefix(err.Error(), "datasets: fuzz.csv") {
				t.Fatalf("bad error result: %v, %v", x, err)
			}
			return
		}
		if x.Rank() != 2 || x.Dim(0) < 1 || x.Dim(1) < 1 {
			t.Fatalf("bad shape %v", x.Shape())
		}
		for _, v := range x.Values() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite value %v", v)
			}
		}
	})
}
