package main

import (
	"archive/zip"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/neurite/neurite/datasets"
)

// pyTensor is one tensor as Python's safetensors.numpy.load sees it.
type pyTensor struct {
	dtype string
	shape []int
	data  []float64
}

// readAsPython reads model.weights.safetensors out of a model file the
// way the README's Python lines do (zipfile, then the safetensors
// format: an 8-byte little-endian header length, a JSON header of
// name -> dtype, shape, data_offsets, then the data), without package
// saving.
func readAsPython(t *testing.T, path string) map[string]pyTensor {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open("model.weights.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	n := binary.LittleEndian.Uint64(b)
	var header map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &header); err != nil {
		t.Fatal(err)
	}
	data := b[8+n:]
	out := map[string]pyTensor{}
	for name, raw := range header {
		if name == "__metadata__" {
			continue
		}
		var e struct {
			DType   string `json:"dtype"`
			Shape   []int  `json:"shape"`
			Offsets [2]int `json:"data_offsets"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		if e.DType != "F32" {
			t.Fatalf("%s is %s, the snippet reads float32", name, e.DType)
		}
		pt := pyTensor{dtype: e.DType, shape: e.Shape}
		for off := e.Offsets[0]; off < e.Offsets[1]; off += 4 {
			pt.data = append(pt.data, float64(math.Float32frombits(binary.LittleEndian.Uint32(data[off:]))))
		}
		out[name] = pt
	}
	return out
}

// TestPythonSnippetReadsTheSavedWeights: the README's Python lines name
// normalization/mean, normalization/variance, dense/kernel (13, 1) and
// dense/bias (1,), and compute ((x − mean) / max(sqrt(var), 1e-7)) @ kernel
// + bias; on the Boston test features that equals neurite predict.
func TestPythonSnippetReadsTheSavedWeights(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.neurite")
	runJSON(t, "boston", "--epochs", "5", "--save", model)
	w := readAsPython(t, model)
	var names []string
	for n, pt := range w {
		dims := make([]string, len(pt.shape))
		for k, d := range pt.shape {
			dims[k] = strconv.Itoa(d)
		}
		names = append(names, n+" "+strings.Join(dims, ","))
	}
	sort.Strings(names)
	want := "dense/bias 1|dense/kernel 13,1|normalization/mean 13|normalization/variance 13"
	if got := strings.Join(names, "|"); got != want {
		t.Fatalf("weights %s, the snippet expects %s", got, want)
	}
	_, _, x, _, err := datasets.LoadBostonHousing()
	if err != nil {
		t.Fatal(err)
	}
	csvPath, _, _, _ := writeBostonTest(t, dir)
	code, out, errOut := runCmd("predict", model, csvPath, "--columns", strings.Join(datasets.BostonFeatureNames(), ","))
	if code != 0 {
		t.Fatalf("predict: %s", errOut)
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")[1:]
	mean, variance, kernel, bias := w["normalization/mean"].data, w["normalization/variance"].data, w["dense/kernel"].data, w["dense/bias"].data[0]
	for i, row := range rows {
		p := bias
		for j := range 13 {
			p += (x.At(i, j) - mean[j]) / math.Max(math.Sqrt(variance[j]), 1e-7) * kernel[j]
		}
		got, _ := strconv.ParseFloat(row, 64)
		if math.Abs(got-p) > 1e-4*math.Max(1, math.Abs(p)) {
			t.Fatalf("sample %d: the snippet computes %v, neurite predict %v", i, p, got)
		}
	}
}
