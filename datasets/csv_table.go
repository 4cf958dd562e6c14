package datasets

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// CSVTable is a CSV file with a header line: its column names and its
// records, kept as text until columns are picked with Columns, so that
// columns that are not used (an id, a category) may hold anything.
type CSVTable struct {
	// Name identifies the input in error messages.
	Name string
	// Header holds the column names of the first record.
	Header []string

	records [][]string
	lines   []int
}

// ReadCSVTable reads a CSV file whose first record names the columns.
// Every record must have as many fields as the header; an input with no
// data rows, empty or repeated column names is an error. Errors name the
// input (name, "csv" if empty) and the line. maxCells bounds the fields
// read (0: 100 million), against inputs too large for memory.
func ReadCSVTable(r io.Reader, name string, maxCells int) (*CSVTable, error) {
	if name == "" {
		name = "csv"
	}
	if maxCells <= 0 {
		maxCells = 100_000_000
	}
	if r == nil {
		return nil, fmt.Errorf("datasets: %s: nil reader", name)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	t := &CSVTable{Name: name}
	cells := 0
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if t.Header == nil {
			if err := t.setHeader(fields, line); err != nil {
				return nil, err
			}
			continue
		}
		if len(fields) != len(t.Header) {
			return nil, fmt.Errorf("datasets: %s: line %d: got %d fields, the header has %d", name, line, len(fields), len(t.Header))
		}
		if cells += len(fields); cells > maxCells {
			return nil, fmt.Errorf("datasets: %s: line %d: more than %d fields in all", name, line, maxCells)
		}
		t.records = append(t.records, fields)
		t.lines = append(t.lines, line)
	}
	if len(t.records) == 0 {
		return nil, fmt.Errorf("datasets: %s: no data rows after the header", name)
	}
	return t, nil
}

// setHeader checks and keeps the column names.
func (t *CSVTable) setHeader(fields []string, line int) error {
	seen := map[string]int{}
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			return fmt.Errorf("datasets: %s: line %d: column %d of the header has no name", t.Name, line, i+1)
		}
		if j, ok := seen[f]; ok {
			return fmt.Errorf("datasets: %s: line %d: columns %d and %d are both named %q", t.Name, line, j+1, i+1, f)
		}
		seen[f] = i
		fields[i] = f
	}
	t.Header = append([]string{}, fields...)
	return nil
}

// Rows returns the number of data rows.
func (t *CSVTable) Rows() int { return len(t.records) }

// Column returns the index of a column given by name or, if no column has
// that name, by its 0-based index written as a number.
func (t *CSVTable) Column(sel string) (int, error) {
	for i, h := range t.Header {
		if h == sel {
			return i, nil
		}
	}
	if i, err := strconv.Atoi(sel); err == nil {
		if i < 0 || i >= len(t.Header) {
			return 0, fmt.Errorf("datasets: %s: column index %d is out of range (%d columns)", t.Name, i, len(t.Header))
		}
		return i, nil
	}
	return 0, fmt.Errorf("datasets: %s: no column %q (columns: %s)", t.Name, sel, strings.Join(t.Header, ", "))
}

// Columns returns the selected columns (by name or index, see Column; all
// when none are given) as a (rows, columns) tensor of dtype (Float32 or
// Float64, 0 meaning Float32), or with one selector and squeeze, a (rows,)
// tensor. Every selected field must be a finite number (in float32's range
// for Float32); an error names the line and the column.
func (t *CSVTable) Columns(dtype tensor.DType, squeeze bool, sel ...string) (*tensor.Tensor, error) {
	if dtype == 0 {
		dtype = tensor.Float32
	}
	if dtype != tensor.Float32 && dtype != tensor.Float64 {
		return nil, fmt.Errorf("datasets: %s: dtype must be float32 or float64, got %v", t.Name, dtype)
	}
	idx, err := t.indices(sel)
	if err != nil {
		return nil, err
	}
	if squeeze && len(idx) != 1 {
		return nil, fmt.Errorf("datasets: %s: one column to squeeze, got %d", t.Name, len(idx))
	}
	out := tensor.New(dtype, len(t.records), len(idx))
	if squeeze {
		out = tensor.New(dtype, len(t.records))
	}
	for r, rec := range t.records {
		for c, i := range idx {
			v, err := csvParseField([]byte(rec[i]), dtype == tensor.Float32)
			if err != nil {
				return nil, fmt.Errorf("datasets: %s: line %d, column %d (%q): %v", t.Name, t.lines[r], i+1, t.Header[i], err)
			}
			if squeeze {
				out.Set(v, r)
			} else {
				out.Set(v, r, c)
			}
		}
	}
	return out, nil
}

// indices resolves selectors; none means every column.
func (t *CSVTable) indices(sel []string) ([]int, error) {
	if len(sel) == 0 {
		idx := make([]int, len(t.Header))
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	}
	idx := make([]int, len(sel))
	used := map[int]bool{}
	for k, s := range sel {
		i, err := t.Column(s)
		if err != nil {
			return nil, err
		}
		if used[i] {
			return nil, fmt.Errorf("datasets: %s: column %q is selected twice", t.Name, t.Header[i])
		}
		used[i], idx[k] = true, i
	}
	return idx, nil
}

// Except returns the names of the columns not selected by sel, in order:
// the features when sel names the labels.
func (t *CSVTable) Except(sel ...string) ([]string, error) {
	idx, err := t.indices(sel)
	if err != nil {
		return nil, err
	}
	drop := map[int]bool{}
	for _, i := range idx {
		drop[i] = true
	}
	var out []string
	for i, h := range t.Header {
		if !drop[i] {
			out = append(out, h)
		}
	}
	return out, nil
}
