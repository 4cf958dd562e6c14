package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// evaluateConfig holds the flags of "neurite evaluate".
type evaluateConfig struct {
	labels  string
	columns string
	jsonOut bool
}

// evaluateCmd runs "neurite evaluate FILE DATA --labels COLUMN|FILE": the
// loss and metrics the model was compiled with, on DATA.
func evaluateCmd(args []string, stdout, stderr io.Writer) error {
	c := &evaluateConfig{}
	fs := flag.NewFlagSet("neurite evaluate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.labels, "labels", "", "the labels: a `column` of the CSV DATA (by name or index; the features are then the other columns), or a .csv/.npy file")
	fs.StringVar(&c.columns, "columns", "", "the CSV `columns` the model reads, by name or index, comma-separated (default: all but the labels)")
	fs.BoolVar(&c.jsonOut, "json", false, "print one JSON object with the loss and metrics")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: neurite evaluate MODEL DATA --labels COLUMN|FILE [flags]")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args, 2, stderr)
	if err != nil {
		return err
	}
	if c.labels == "" {
		fmt.Fprintln(stderr, "neurite evaluate: --labels is required")
		fs.Usage()
		return errUsage
	}
	return recovered(func() error { return evaluateRun(c, pos[0], pos[1], stdout) })
}

// evaluateRun loads the model, the features and the labels and prints the
// scores.
func evaluateRun(c *evaluateConfig, modelPath, dataPath string, stdout io.Writer) error {
	m, err := loadModel(modelPath)
	if err != nil {
		return err
	}
	data, err := openData(dataPath)
	if err != nil {
		return err
	}
	x, y, err := featuresAndLabels(c, data, modelDType(m))
	if err != nil {
		return err
	}
	scores, err := evaluateLabels(m, x, y)
	if err != nil {
		return err
	}
	names := m.MetricsNames()
	if c.jsonOut {
		out := metricsJSON{}
		for i, n := range names {
			out[n] = scores[i]
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	fmt.Fprintf(stdout, "%d samples:", x.Dim(0))
	for i, n := range names {
		fmt.Fprintf(stdout, " %s: %s", n, callbacks.FormatValue(scores[i]))
	}
	fmt.Fprintln(stdout)
	return nil
}

// featuresAndLabels reads the labels from a column of DATA or from a file.
func featuresAndLabels(c *evaluateConfig, data *dataSource, dtype tensor.DType) (*tensor.Tensor, *tensor.Tensor, error) {
	if data.table != nil {
		if _, err := data.table.Column(c.labels); err == nil {
			if _, statErr := os.Stat(c.labels); statErr == nil {
				return nil, nil, fmt.Errorf("--labels %s names both a column of %s and a file", c.labels, data.path)
			}
			y, err := data.table.Columns(tensor.Float64, true, c.labels)
			if err != nil {
				return nil, nil, err
			}
			x, err := data.features(dtype, c.columns, c.labels)
			return x, y, err
		}
	}
	if _, err := os.Stat(c.labels); err != nil {
		if data.table != nil {
			return nil, nil, fmt.Errorf("--labels %s is neither a column of %s nor a file", c.labels, data.path)
		}
		return nil, nil, fmt.Errorf("--labels: %w", err)
	}
	x, err := data.features(dtype, c.columns)
	if err != nil {
		return nil, nil, err
	}
	labels, err := openData(c.labels)
	if err != nil {
		return nil, nil, err
	}
	y, err := labels.features(tensor.Float64, "")
	if err != nil {
		return nil, nil, err
	}
	if labels.table != nil && y.Dim(1) == 1 {
		y = tensor.FromSlice(y.Float64s(), y.Dim(0))
	}
	return x, y, nil
}

// evaluateLabels evaluates with the labels as float32 (regression and
// one-hot labels), or as int64 class indices when the model's loss takes
// those and the labels are whole numbers.
func evaluateLabels(m *models.Model, x, y *tensor.Tensor) ([]float64, error) {
	opts := models.EvaluateOptions{Verbose: models.Silent}
	scores, err := m.Evaluate(x, tensor.Cast(y, tensor.Float32), opts)
	if err == nil || !wholeNumbers(y) {
		return scores, err
	}
	if s, err2 := m.Evaluate(x, tensor.Cast(y, tensor.Int64), opts); err2 == nil {
		return s, nil
	}
	return nil, err
}

// wholeNumbers reports whether every value of t is an integer.
func wholeNumbers(t *tensor.Tensor) bool {
	for _, v := range t.Values() {
		if v != math.Trunc(v) {
			return false
		}
	}
	return true
}
