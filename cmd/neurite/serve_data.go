package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/npy"
	"github.com/neurite/neurite/tensor"
)

// loadModel loads a model file for summary, predict and evaluate.
func loadModel(path string) (*models.Model, error) {
	return models.Load(path)
}

// modelDType returns the dtype a loaded model's inputs have.
func modelDType(m *models.Model) tensor.DType {
	if m.DType == 0 {
		return tensor.Float32
	}
	return m.DType
}

// dataSource is a DATA argument: a CSV file with a header (read once) or a
// .npy file.
type dataSource struct {
	path  string
	table *datasets.CSVTable
	array *tensor.Tensor
}

// openData reads DATA by its extension.
func openData(path string) (*dataSource, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		t, err := datasets.ReadCSVTable(f, path, 0)
		if err != nil {
			return nil, err
		}
		return &dataSource{path: path, table: t}, nil
	case ".npy":
		t, _, err := npy.ReadFile(path, npy.Limits{})
		if err != nil {
			return nil, err
		}
		if t.Rank() == 0 {
			return nil, fmt.Errorf("%s: a scalar, not samples", path)
		}
		return &dataSource{path: path, array: t}, nil
	}
	return nil, fmt.Errorf("%s: data must be a .csv file with a header or a .npy file", path)
}

// features returns the model's inputs: the columns named (all, or all but
// except, when none are) of a CSV file, or the whole .npy array, in dtype.
func (d *dataSource) features(dtype tensor.DType, columns string, except ...string) (*tensor.Tensor, error) {
	if d.array != nil {
		if columns != "" {
			return nil, fmt.Errorf("--columns applies to CSV data, not to %s", d.path)
		}
		return castFinite(d.array, dtype, d.path)
	}
	sel := splitColumns(columns)
	if sel == nil && len(except) > 0 {
		var err error
		if sel, err = d.table.Except(except...); err != nil {
			return nil, err
		}
		if len(sel) == 0 {
			return nil, fmt.Errorf("%s: no feature columns are left besides the labels", d.path)
		}
	}
	return d.table.Columns(dtype, false, sel...)
}

// splitColumns reads --columns: comma-separated names or indices.
func splitColumns(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// castFinite converts t to dtype, refusing NaN and infinite values.
func castFinite(t *tensor.Tensor, dtype tensor.DType, name string) (*tensor.Tensor, error) {
	for i, v := range t.Values() {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: element %d is %v", name, i, v)
		}
	}
	if t.DType() == dtype {
		return t, nil
	}
	return tensor.Cast(t, dtype), nil
}
