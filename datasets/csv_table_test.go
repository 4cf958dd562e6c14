package datasets

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

const tableCSV = `id,size,"rooms",price
a,1.5,3,100
b,2.5,4,200
c, 3,5,300
`

// TestCSVTableColumns: columns by name, by index, all, squeezed, and the
// columns left when the labels are taken out.
func TestCSVTableColumns(t *testing.T) {
	tb, err := ReadCSVTable(strings.NewReader(tableCSV), "houses.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows() != 3 || strings.Join(tb.Header, "|") != "id|size|rooms|price" {
		t.Fatalf("rows %d, header %q", tb.Rows(), tb.Header)
	}
	x, err := tb.Columns(tensor.Float64, false, "rooms", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !x.Shape().Equal(tensor.Shape{3, 2}) || x.At(0, 0) != 3 || x.At(2, 1) != 3 || x.At(1, 1) != 2.5 {
		t.Fatalf("columns %v %v", x.Shape(), x.Values())
	}
	y, err := tb.Columns(0, true, "price")
	if err != nil || y.DType() != tensor.Float32 || !y.Shape().Equal(tensor.Shape{3}) || y.At(2) != 300 {
		t.Fatalf("labels %v, %v", y, err)
	}
	rest, err := tb.Except("price", "id")
	if err != nil || strings.Join(rest, ",") != "size,rooms" {
		t.Fatalf("except: %q, %v", rest, err)
	}
}

// TestCSVTableErrors name the input, the line and the column.
func TestCSVTableErrors(t *testing.T) {
	tb, err := ReadCSVTable(strings.NewReader(tableCSV), "houses.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sel  []string
		want string
	}{
		{nil, `houses.csv: line 2, column 1 ("id"): cannot parse "a" as a number`},
		{[]string{"area"}, `no column "area" (columns: id, size, rooms, price)`},
		{[]string{"7"}, "column index 7 is out of range (4 columns)"},
		{[]string{"size", "1"}, `column "size" is selected twice`},
	} {
		if _, err := tb.Columns(tensor.Float32, false, tc.sel...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.sel, err, tc.want)
		}
	}
	for in, want := range map[string]string{
		"a,b\n1,2\n3\n":   "houses.csv: line 3: got 1 fields, the header has 2",
		"a,b\n":           "no data rows",
		"a,,c\n1,2,3\n":   "column 2 of the header has no name",
		"a,b,a\n1,2,3\n":  `columns 1 and 3 are both named "a"`,
		"a\n1\n2\n3\n4\n": "more than 3 fields",
		"a,b\n1,\"2\n":    "houses.csv",
		"x,y\n1,1e999\n":  `line 2, column 2 ("y"): "1e999" is out of range`,
		"x,y\n1,NaN\n":    "not a finite number",
	} {
		tb, err := ReadCSVTable(strings.NewReader(in), "houses.csv", 3)
		if err == nil {
			_, err = tb.Columns(tensor.Float32, false)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}
