package datasets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// referenceCSV reads numeric CSV the way ReadCSV did before it streamed:
// through encoding/csv, which keeps every field of a record. It is the
// reference the streaming reader must agree with.
func referenceCSV(data []byte, skip int, fit32 bool) (rows, cols int, vals []float64, err error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	for rec := 0; ; rec++ {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, nil, err
		}
		if rec < skip {
			continue
		}
		if rows == 0 {
			cols = len(fields)
		} else if len(fields) != cols {
			return 0, 0, nil, errors.New("ragged")
		}
		for _, f := range fields {
			v, err := csvParseField([]byte(f), fit32)
			if err != nil {
				return 0, 0, nil, err
			}
			vals = append(vals, v)
		}
		rows++
	}
	if rows == 0 {
		return 0, 0, nil, errors.New("no rows")
	}
	return rows, cols, vals, nil
}

// FuzzReadCSVMatchesEncodingCSV checks that the streaming reader accepts
// exactly what encoding/csv accepts (fields up to 64 KiB) and reads the
// same numbers.
func FuzzReadCSVMatchesEncodingCSV(f *testing.F) {
	for _, s := range []string{
		"1,2\n3,4\n", "a,b\n1,2\n", "1,2\n3\n", " 1 , \"2\"\n3,  4 \n", "\"1\n\",2\r\n", "\"1\"\"\",2\n",
		"\"1\" ,2\n", "1,2\"\n", "\"1", "1\r", "1\r\r\n2\r", "\u00a0\"3\"\u2028,4\n", "\n\r\n 1\n", "1,\n",
		"\"a,b\",c\n1,2\n", "1e39,0\n", "0x1p3,1_0\n", ",\n", "\"\"\n", "  \n1\n",
	} {
		f.Add([]byte(s), uint8(0), false)
		f.Add([]byte(s), uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, skip uint8, fit32 bool) {
		k := int(skip % 3)
		rows, cols, vals, err := csvRead[float64](bytes.NewReader(data), "fuzz", k, 0, fit32)
		wr, wc, wv, werr := referenceCSV(data, k, fit32)
		if (err == nil) != (werr == nil) {
			t.Fatalf("streaming error %v, encoding/csv error %v", err, werr)
		}
		if err != nil {
			return
		}
		if rows != wr || cols != wc || len(vals) != len(wv) {
			t.Fatalf("got %dx%d (%d values), encoding/csv %dx%d (%d)", rows, cols, len(vals), wr, wc, len(wv))
		}
		for i := range vals {
			if math.Float64bits(vals[i]) != math.Float64bits(wv[i]) {
				t.Fatalf("value %d = %v, encoding/csv %v", i, vals[i], wv[i])
			}
		}
	})
}

// TestReadCSVQuoting checks RFC 4180 quoting as encoding/csv reads it.
func TestReadCSVQuoting(t *testing.T) {
	tests := []struct {
		in   string
		skip int
		want []float64
		cols int
	}{
		{"\"1\",\" 2 \"\n", 0, []float64{1, 2}, 2},
		{"\"a,\"\"b\"\"\nc\",d\n5,6\n", 1, []float64{5, 6}, 2}, // a quoted header with a comma, quotes and a line break
		{"\"7\n\",8\r\n", 0, []float64{7, 8}, 2},               // a line break inside a number's quotes
		{"\t\u00a0\"9\"\n", 0, []float64{9}, 1},                // Unicode space before the quote
		{"1\r", 0, []float64{1}, 1},                            // a final "\r" is dropped
	}
	for _, tc := range tests {
		x, err := ReadCSV(strings.NewReader(tc.in), CSVOptions{SkipRows: tc.skip, DType: tensor.Float64})
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if x.Dim(1) != tc.cols || !slicesEqual(x.Values(), tc.want) {
			t.Errorf("%q: got %v %v, want %v", tc.in, x.Shape(), x.Values(), tc.want)
		}
	}
}

// slicesEqual compares two float slices exactly.
func slicesEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReadCSVPositions checks that errors name the line and column.
func TestReadCSVPositions(t *testing.T) {
	tests := []struct {
		in, want string
		opts     CSVOptions
	}{
		{"1,2\n3, x\n", "line 2: field 2 (column 4): cannot parse", CSVOptions{}},
		{"1,2\n3,4\"\n", `line 2, column 4: bare "`, CSVOptions{}},
		{"1,\"2\" \n", `line 1, column 6: extraneous "`, CSVOptions{}},
		{"1\n\"2\n3\n", "line 2, column 1: quoted field has no closing quote", CSVOptions{}},
		{"h\n1,2\n\n\"3\n\",4,5\n", "line 4: got 3 fields, want 2 (as on line 2)", CSVOptions{SkipRows: 1}},
		{"1,2,3\n4,5,6\n", "line 2: more than 4 values", CSVOptions{MaxValues: 4}},
		{"1\n", "MaxValues must not be negative", CSVOptions{MaxValues: -1}},
		{"1,2" + strings.Repeat(" ", csvMaxFieldBytes) + "\n", "field longer than 65536 bytes", CSVOptions{}},
	}
	for _, tc := range tests {
		tc.opts.Name = "p.csv"
		_, err := ReadCSV(strings.NewReader(tc.in), tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "datasets: p.csv: ") {
			t.Errorf("%.20q: error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}

// failingReader returns its data, then an error.
type failingReader struct{ data []byte }

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestReadCSVReadError checks that a read error is reported, not taken for
// the end of the input.
func TestReadCSVReadError(t *testing.T) {
	for _, in := range []string{"1,2\n3,4\n", "1,2\n3,4", "1,\"2", "1\r"} {
		_, err := ReadCSV(&failingReader{[]byte(in)}, CSVOptions{Name: "r.csv"})
		if err == nil || !strings.Contains(err.Error(), "disk on fire") {
			t.Errorf("%q: got %v", in, err)
		}
	}
}

// wideCSV returns one record of n fields "1".
func wideCSV(n int) []byte {
	b := bytes.Repeat([]byte("1,"), n)
	b[len(b)-1] = '\n'
	return b
}

// TestReadCSVMemory reads one record of 2M fields (4 MB of text, 8 MB of
// float32) and checks that ReadCSV allocates about twice the result (the
// chunks, then the tensor), not encoding/csv's tens of bytes per field.
func TestReadCSVMemory(t *testing.T) {
	const n = 2 << 20
	data := wideCSV(n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x, err := ReadCSV(bytes.NewReader(data), CSVOptions{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if x.Dim(0) != 1 || x.Dim(1) != n {
		t.Fatalf("shape %v", x.Shape())
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	out := uint64(4 * n)
	t.Logf("%d bytes of CSV, %d of float32: allocated %d bytes (%.2f per output byte, %d mallocs)",
		len(data), out, alloc, float64(alloc)/float64(out), after.Mallocs-before.Mallocs)
	if alloc > out*5/2 {
		t.Errorf("allocated %d bytes for %d bytes of output, want at most 2.5x", alloc, out)
	}
}

// BenchmarkReadCSVWide reads one record of 1M fields and reports the
// bytes allocated per byte of float32 output.
func BenchmarkReadCSVWide(b *testing.B) {
	const n = 1 << 20
	data := wideCSV(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range b.N {
		if _, err := ReadCSV(bytes.NewReader(data), CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(4*n), "alloc/outbyte")
}
