package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/npy"
	"github.com/neurite/neurite/tensor"
)

// predictConfig holds the flags of "neurite predict".
type predictConfig struct {
	columns string
	jsonOut bool
	output  string
}

// predictCmd runs "neurite predict FILE DATA": it prints a CSV header
// naming the outputs and one row per sample (or JSON lines with --json),
// or writes the predictions to --output's .npy (or .npz) file.
func predictCmd(args []string, stdout, stderr io.Writer) error {
	c := &predictConfig{}
	fs := flag.NewFlagSet("neurite predict", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.columns, "columns", "", "the CSV `columns` the model reads, by name or index, comma-separated (default: all)")
	fs.BoolVar(&c.jsonOut, "json", false, "print one JSON object per sample instead of CSV")
	fs.StringVar(&c.output, "output", "", "write the predictions to this .npy `file` (.npz for several outputs) instead of printing them")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: neurite predict MODEL DATA [flags]   (DATA: .csv with a header, or .npy)")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args, 2, stderr)
	if err != nil {
		return err
	}
	return recovered(func() error { return predictRun(c, pos[0], pos[1], stdout) })
}

// predictRun loads the model and data, predicts and writes the result.
func predictRun(c *predictConfig, modelPath, dataPath string, stdout io.Writer) error {
	m, err := loadModel(modelPath)
	if err != nil {
		return err
	}
	data, err := openData(dataPath)
	if err != nil {
		return err
	}
	x, err := data.features(modelDType(m), c.columns)
	if err != nil {
		return err
	}
	outs, err := m.PredictAll(x, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		return err
	}
	names := m.OutputNames()
	if c.output != "" {
		return writePredictions(c.output, names, outs)
	}
	w := bufio.NewWriter(stdout)
	if c.jsonOut {
		err = printJSONLines(w, names, outs)
	} else {
		err = printCSV(w, names, outs)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// writePredictions writes one output to a .npy file, or every output by
// name to an .npz file.
func writePredictions(path string, names []string, outs []*tensor.Tensor) error {
	if strings.HasSuffix(strings.ToLower(path), ".npz") {
		return npy.WriteNPZ(path, names, outs)
	}
	if !strings.HasSuffix(strings.ToLower(path), ".npy") {
		return fmt.Errorf("--output %s: want a .npy or .npz file", path)
	}
	if len(outs) != 1 {
		return fmt.Errorf("--output %s: the model has %d outputs; use an .npz file", path, len(outs))
	}
	return npy.WriteFile(path, outs[0], npy.WriteOptions{})
}

// columnNames names the columns of each output: its name for one value per
// sample, name_0, name_1, … (flattened) for more.
func columnNames(names []string, outs []*tensor.Tensor) []string {
	var cols []string
	for i, o := range outs {
		n := perSample(o)
		if n == 1 {
			cols = append(cols, names[i])
			continue
		}
		for k := range n {
			cols = append(cols, names[i]+"_"+strconv.Itoa(k))
		}
	}
	return cols
}

// perSample returns the values of one sample of o.
func perSample(o *tensor.Tensor) int {
	if o.Dim(0) == 0 {
		n := 1
		for _, d := range o.Shape()[1:] {
			n *= d
		}
		return n
	}
	return o.Size() / o.Dim(0)
}

// formatValue writes v as the shortest text that reads back to the same
// value of the output's dtype.
func formatValue(v float64, dt tensor.DType) string {
	bits := 64
	if dt == tensor.Float32 {
		bits = 32
	}
	return strconv.FormatFloat(v, 'g', -1, bits)
}

// printCSV prints the header and one row per sample.
func printCSV(w io.Writer, names []string, outs []*tensor.Tensor) error {
	fmt.Fprintln(w, strings.Join(columnNames(names, outs), ","))
	vals := make([][]float64, len(outs))
	for i, o := range outs {
		vals[i] = o.Values()
	}
	row := []string{}
	for s := range outs[0].Dim(0) {
		row = row[:0]
		for i, o := range outs {
			n := perSample(o)
			for _, v := range vals[i][s*n : (s+1)*n] {
				row = append(row, formatValue(v, o.DType()))
			}
		}
		if _, err := fmt.Fprintln(w, strings.Join(row, ",")); err != nil {
			return err
		}
	}
	return nil
}

// printJSONLines prints one object per sample: each output's value (a
// number, or an array for several values; null for NaN and infinities).
func printJSONLines(w io.Writer, names []string, outs []*tensor.Tensor) error {
	enc := json.NewEncoder(w)
	vals := make([][]float64, len(outs))
	for i, o := range outs {
		vals[i] = o.Values()
	}
	for s := range outs[0].Dim(0) {
		obj := map[string]any{}
		for i, o := range outs {
			n := perSample(o)
			sample := vals[i][s*n : (s+1)*n]
			if n == 1 && o.Rank() <= 2 {
				obj[names[i]] = jsonNumber(sample[0], o.DType())
				continue
			}
			arr := make([]any, n)
			for k, v := range sample {
				arr[k] = jsonNumber(v, o.DType())
			}
			obj[names[i]] = arr
		}
		if err := enc.Encode(obj); err != nil {
			return err
		}
	}
	return nil
}

// jsonNumber is v as a JSON number with the output's precision, or nil.
func jsonNumber(v float64, dt tensor.DType) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return json.Number(formatValue(v, dt))
}
