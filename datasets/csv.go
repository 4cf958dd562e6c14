package datasets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

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
	// MaxValues bounds the number of values (rows × columns) read; more is
	// an error. The zero value means DefaultCSVMaxValues.
	MaxValues int
}

// DefaultCSVMaxValues is the number of values ReadCSV reads at most unless
// CSVOptions.MaxValues says otherwise: 1 GiB of float32.
const DefaultCSVMaxValues = 1 << 28

// ReadCSV reads comma-separated numbers into a (rows, columns) tensor of
// opts.DType, one row per record after the first opts.SkipRows records.
//
// The input follows RFC 4180 as encoding/csv reads it (with
// TrimLeadingSpace): fields may be quoted, with "" for a quote inside;
// empty lines are ignored, CRLF line ends are accepted and leading spaces
// of a field are dropped (so a quote may follow them). Every field must
// parse as a number with strconv.ParseFloat after trimming spaces. ReadCSV
// returns an error, naming opts.Name and the line (and for a field its
// number and column), if a row has a different number of fields than the
// first data row, if a field is not a number, is NaN or infinite, or does
// not fit in the result's dtype, if a field is longer than 64 KiB, if
// there are more than opts.MaxValues values, or if there are no data rows
// at all. Values are parsed in float64 and then rounded to float32 when
// opts.DType is Float32 (as numpy's astype(float32) does).
//
// ReadCSV streams the input: it keeps one field at a time and writes the
// numbers straight into chunks of the result's type, so it allocates about
// twice the result's size (chunks, then the tensor), whatever the shape of
// the input, where encoding/csv would keep every field of a record.
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
	if dt == tensor.Float64 {
		return csvTensor[float64](r, name, opts, false)
	}
	return csvTensor[float32](r, name, opts, true)
}

// csvTensor reads r into a (rows, columns) tensor of T.
func csvTensor[T float32 | float64](r io.Reader, name string, opts CSVOptions, fit32 bool) (*tensor.Tensor, error) {
	rows, cols, vals, err := csvRead[T](r, name, opts.SkipRows, opts.MaxValues, fit32)
	if err != nil {
		return nil, err
	}
	return tensor.FromSlice(vals, rows, cols), nil
}

// csvReadFloat64 parses the numeric records of r after skipping skip
// records. It returns the row and column counts and the values in row-major
// order. With fit32 set, values beyond float32's range are rejected.
func csvReadFloat64(r io.Reader, name string, skip int, fit32 bool) (rows, cols int, vals []float64, err error) {
	return csvRead[float64](r, name, skip, 0, fit32)
}

// csvRead parses the numeric records of r after skipping skip records, at
// most maxValues values (0: DefaultCSVMaxValues). It returns the row and
// column counts and the values in row-major order. With fit32 set, values
// beyond float32's range are rejected.
func csvRead[T float32 | float64](r io.Reader, name string, skip, maxValues int, fit32 bool) (rows, cols int, vals []T, err error) {
	if skip < 0 {
		return 0, 0, nil, fmt.Errorf("datasets: %s: SkipRows must not be negative, got %d", name, skip)
	}
	if maxValues < 0 {
		return 0, 0, nil, fmt.Errorf("datasets: %s: MaxValues must not be negative, got %d", name, maxValues)
	}
	if maxValues == 0 {
		maxValues = DefaultCSVMaxValues
	}
	rd := &csvNumReader[T]{s: newCSVScanner(r), fit32: fit32, max: maxValues}
	for rec := 0; ; rec++ {
		done, err := rd.record(rec >= skip)
		if err != nil {
			return 0, 0, nil, fmt.Errorf("datasets: %s: %w", name, err)
		}
		if done {
			break
		}
	}
	if rd.rows == 0 {
		return 0, 0, nil, fmt.Errorf("datasets: %s: no data rows (after skipping %d)", name, skip)
	}
	return rd.rows, rd.cols, rd.vals.slice(), nil
}

// csvNumReader reads numeric records into values of type T.
type csvNumReader[T float32 | float64] struct {
	s          *csvScanner
	fit32      bool
	max        int // most values
	rows, cols int
	firstLine  int // line of the first data row
	vals       csvValues[T]
}

// record reads one record (a data row if data is set, else one to skip)
// and reports whether the input had ended before it.
func (rd *csvNumReader[T]) record(data bool) (bool, error) {
	if done, err := rd.s.skipBlankLines(); done || err != nil {
		return done, err
	}
	line := rd.s.line
	var fieldErr error // the first bad number, reported if the width is right
	n := 0
	for end := csvEndComma; end == csvEndComma; {
		var fl, fc int
		var err error
		end, fl, fc, err = rd.s.readField(data)
		if err != nil {
			return false, err
		}
		n++
		if !data || (rd.rows > 0 && n > rd.cols) {
			continue
		}
		v, err := csvParseField(rd.s.field, rd.fit32)
		switch {
		case err != nil:
			if fieldErr == nil {
				fieldErr = fmt.Errorf("line %d: field %d (column %d): %v", fl, n, fc, err)
			}
		case rd.vals.len() >= rd.max:
			return false, fmt.Errorf("line %d: more than %d values (CSVOptions.MaxValues)", fl, rd.max)
		default:
			rd.vals.add(T(v))
		}
	}
	if !data {
		return false, nil
	}
	if rd.rows == 0 {
		rd.cols, rd.firstLine = n, line
	} else if n != rd.cols {
		return false, fmt.Errorf("line %d: got %d fields, want %d (as on line %d)", line, n, rd.cols, rd.firstLine)
	}
	if fieldErr != nil {
		return false, fieldErr
	}
	rd.rows++
	return false, nil
}

// csvParseField parses one field as a finite number. Fields of up to 32
// bytes are parsed without allocating.
func csvParseField(f []byte, fit32 bool) (float64, error) {
	b := bytes.TrimSpace(f)
	if len(b) == 0 {
		return 0, errors.New("empty field")
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		s := string(b)
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%s is out of range", strconv.Quote(csvClip(s)))
		}
		return 0, fmt.Errorf("cannot parse %s as a number", strconv.Quote(csvClip(s)))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s is not a finite number", strconv.Quote(csvClip(string(b))))
	}
	if fit32 && math.IsInf(float64(float32(v)), 0) {
		return 0, fmt.Errorf("%s is out of float32 range", strconv.Quote(csvClip(string(b))))
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
