package datasets

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// CSVOptions configures [ReadCSV].
type CSVOptions struct {
	// Name identifies the input in error messages, typically its file name.
	// Empty means "csv".
	Name string
	// SkipRows is the number of leading records to skip unread, such as a
	// header line. Skipped records may have any number of fields.
	SkipRows int
	// DType is the element type of the result: tensor.Float32 or
	// tensor.Float64. The zero value means tensor.Float32.
	DType tensor.DType
}

// ReadCSV reads comma-separated numbers into a (rows, columns) tensor of
// opts.DType, one row per record after the first opts.SkipRows records.
//
// The input follows RFC 4180 as read by encoding/csv: fields may be quoted,
// empty lines are ignored, CRLF line ends are accepted and leading spaces
// of a field are dropped (so a quote may follow them). Every field must
// parse as a number with strconv.ParseFloat after trimming spaces. ReadCSV
// returns an error, naming opts.Name and the line, if a row has a different
// number of fields than the first data row, if a field is not a number, is
// NaN or infinite, or does not fit in the result's dtype, or if there are no
// data rows at all. Values are parsed in float64 and then rounded to
// float32 when opts.DType is Float32 (as numpy's astype(float32) does).
func ReadCSV(r io.Reader, opts CSVOptions) (*tensor.Tensor, error) {
	dt := opts.DType
	if dt == 0 {
		dt = tensor.Float32
	}
	name := opts.Name
	if name == "" {
		name = "csv"
	}
	if r == nil {
		return nil, fmt.Errorf("datasets: ReadCSV %s: nil reader", name)
	}
	if dt != tensor.Float32 && dt != tensor.Float64 {
		return nil, fmt.Errorf("datasets: ReadCSV %s: dtype must be float32 or float64, got %v", name, dt)
	}
	rows, cols, vals, err := csvReadFloat64(r, name, opts.SkipRows, dt == tensor.Float32)
	if err != nil {
		return nil, err
	}
	if dt == tensor.Float64 {
		return tensor.FromSlice(vals, rows, cols), nil
	}
	return tensor.FromSlice(csvToFloat32(vals), rows, cols), nil
}

// csvReadFloat64 parses the numeric records of r after skipping skip
// records. It returns the row and column counts and the values in row-major
// order. With fit32 set, values beyond float32's range are rejected.
func csvReadFloat64(r io.Reader, name string, skip int, fit32 bool) (rows, cols int, vals []float64, err error) {
	if skip < 0 {
		return 0, 0, nil, fmt.Errorf("datasets: %s: SkipRows must not be negative, got %d", name, skip)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // widths are checked here, with better messages
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	firstLine := 0
	for rec := 0; ; rec++ {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, 0, nil, fmt.Errorf("datasets: %s: %w", name, err)
		}
		if rec < skip {
			continue
		}
		line, _ := cr.FieldPos(0)
		if rows == 0 {
			cols, firstLine = len(fields), line
		} else if len(fields) != cols {
			return 0, 0, nil, fmt.Errorf("datasets: %s: line %d: got %d fields, want %d (as on line %d)",
				name, line, len(fields), cols, firstLine)
		}
		for i, f := range fields {
			v, err := csvParseField(f, fit32)
			if err != nil {
				l, _ := cr.FieldPos(i)
				return 0, 0, nil, fmt.Errorf("datasets: %s: line %d: field %d: %v", name, l, i+1, err)
			}
			vals = append(vals, v)
		}
		rows++
	}
	if rows == 0 {
		return 0, 0, nil, fmt.Errorf("datasets: %s: no data rows (after skipping %d)", name, skip)
	}
	return rows, cols, vals, nil
}

// csvParseField parses one field as a finite number.
func csvParseField(f string, fit32 bool) (float64, error) {
	s := strings.TrimSpace(f)
	if s == "" {
		return 0, errors.New("empty field")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%s is out of range", strconv.Quote(csvClip(s)))
		}
		return 0, fmt.Errorf("cannot parse %s as a number", strconv.Quote(csvClip(s)))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s is not a finite number", strconv.Quote(csvClip(s)))
	}
	if fit32 && math.IsInf(float64(float32(v)), 0) {
		return 0, fmt.Errorf("%s is out of float32 range", strconv.Quote(csvClip(s)))
	}
	return v, nil
}

// csvClip shortens s for an error message.
func csvClip(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// csvToFloat32 rounds vals to float32.
func csvToFloat32(vals []float64) []float32 {
	out := make([]float32, len(vals))
	for i, v := range vals {
		out[i] = float32(v)
	}
	return out
}
