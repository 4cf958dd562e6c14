package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/npy"
	"github.com/neurite/neurite/tensor"
)

// runCmd runs the command line and returns its exit status and output.
func runCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeBostonTest writes the Boston test features to a CSV file with a
// header (an extra id column first, and the labels last) and to a .npy
// file, and the labels to a .npy file.
func writeBostonTest(t *testing.T, dir string) (csvPath, npyPath, labelsPath string, y *tensor.Tensor) {
	t.Helper()
	_, _, x, y, err := datasets.LoadBostonHousing()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("id," + strings.Join(datasets.BostonFeatureNames(), ",") + ",medv\n")
	for i := range x.Dim(0) {
		b.WriteString("house" + strconv.Itoa(i))
		for j := range x.Dim(1) {
			b.WriteString("," + strconv.FormatFloat(x.At(i, j), 'g', -1, 32))
		}
		b.WriteString("," + strconv.FormatFloat(y.At(i), 'g', -1, 32) + "\n")
	}
	csvPath = filepath.Join(dir, "test.csv")
	npyPath = filepath.Join(dir, "test.npy")
	labelsPath = filepath.Join(dir, "labels.npy")
	if err := os.WriteFile(csvPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := npy.WriteFile(npyPath, x, npy.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := npy.WriteFile(labelsPath, y, npy.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return csvPath, npyPath, labelsPath, y
}

// mse is the mean squared error of predictions p against labels y, in
// float64.
func mse(p []float64, y *tensor.Tensor) float64 {
	s := 0.0
	for i, v := range p {
		d := v - y.At(i)
		s += d * d
	}
	return s / float64(len(p))
}

// TestSavedModelPredictsTheTestMSE: train --save writes a model that
// standardises inside itself; predict on the raw Boston test features
// (CSV by column names, or .npy) gives predictions whose MSE against the
// test labels is the test MSE train printed, and evaluate prints it too.
func TestSavedModelPredictsTheTestMSE(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.neurite")
	res := runJSON(t, "boston", "--epochs", "30", "--lr", "0.05", "--save", model)
	want := res.Test["loss"]
	csvPath, npyPath, labelsPath, y := writeBostonTest(t, dir)

	code, out, errOut := runCmd("predict", model, csvPath, "--columns", strings.Join(datasets.BostonFeatureNames(), ","))
	if code != 0 {
		t.Fatalf("predict: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "dense" || len(lines) != 1+y.Dim(0) {
		t.Fatalf("predict printed header %q and %d rows", lines[0], len(lines)-1)
	}
	var p []float64
	for _, l := range lines[1:] {
		v, err := strconv.ParseFloat(l, 32)
		if err != nil {
			t.Fatal(err)
		}
		p = append(p, v)
	}
	if got := mse(p, y); math.Abs(got-want) > 1e-5*want {
		t.Fatalf("MSE of the predictions %v, train printed a test MSE of %v", got, want)
	}

	pred := filepath.Join(dir, "pred.npy")
	if code, _, errOut := runCmd("predict", model, npyPath, "--output", pred); code != 0 {
		t.Fatalf("predict --output: exit %d: %s", code, errOut)
	}
	pt, _, err := npy.ReadFile(pred, npy.Limits{})
	if err != nil || !pt.Shape().Equal(tensor.Shape{y.Dim(0), 1}) {
		t.Fatalf("pred.npy: %v, %v", pt, err)
	}
	for i, v := range pt.Values() {
		if v != p[i] {
			t.Fatalf("sample %d: .npy input predicts %v, CSV input %v", i, v, p[i])
		}
	}

	code, out, errOut = runCmd("predict", model, npyPath, "--json")
	var first map[string]float64
	if code != 0 || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first) != nil || float32(first["dense"]) != float32(p[0]) {
		t.Fatalf("predict --json: exit %d, first line %q (%s)", code, strings.SplitN(out, "\n", 2)[0], errOut)
	}

	for _, labels := range []string{"medv", labelsPath} {
		args := []string{"evaluate", model, csvPath, "--labels", labels, "--json", "--columns", strings.Join(datasets.BostonFeatureNames(), ",")}
		code, out, errOut := runCmd(args...)
		var scores map[string]float64
		if code != 0 || json.Unmarshal([]byte(out), &scores) != nil {
			t.Fatalf("evaluate --labels %s: exit %d, %q (%s)", labels, code, out, errOut)
		}
		if math.Abs(scores["loss"]-want) > 1e-5*want || math.Abs(scores["mae"]-res.Test["mae"]) > 1e-5*res.Test["mae"] {
			t.Fatalf("evaluate --labels %s: %v, train printed %v", labels, scores, res.Test)
		}
	}

	code, out, _ = runCmd("summary", model)
	if code != 0 || !strings.Contains(out, "normalization (Normalization") || !strings.Contains(out, "Non-trainable params: 26") {
		t.Fatalf("summary: exit %d\n%s", code, out)
	}
}

// TestServeBadInputs: every mistake is one line on stderr naming it and
// a non-zero exit, never a stack trace.
func TestServeBadInputs(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.neurite")
	if code, _, errOut := runCmd("train", "iris", "--epochs", "1", "--verbose", "0", "--save", model); code != 0 {
		t.Fatalf("train: %s", errOut)
	}
	csvPath, npyPath, _, _ := writeBostonTest(t, dir)
	notModel := filepath.Join(dir, "x.neurite")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	txt := filepath.Join(dir, "x.txt")
	os.WriteFile(txt, []byte("1,2"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"summary"}, 2, "Usage: neurite summary"},
		{[]string{"predict", model}, 2, "want 2 arguments"},
		{[]string{"evaluate", model, csvPath}, 2, "--labels is required"},
		{[]string{"summary", filepath.Join(dir, "missing")}, 1, "no such file"},
		{[]string{"summary", notModel}, 1, "x.neurite"},
		{[]string{"predict", model, txt}, 1, "data must be a .csv file with a header or a .npy file"},
		{[]string{"predict", model, csvPath, "--columns", "CRIM,area"}, 1, `no column "area"`},
		{[]string{"predict", model, csvPath}, 1, `line 2, column 1 ("id"): cannot parse "house0"`},
		{[]string{"predict", model, npyPath}, 1, "expects inputs of shape (None, 4)"},
		{[]string{"predict", model, npyPath, "--columns", "crim"}, 1, "--columns applies to CSV data"},
		{[]string{"predict", model, npyPath, "--output", filepath.Join(dir, "p.txt")}, 1, ""},
		{[]string{"evaluate", model, csvPath, "--labels", "nothing"}, 1, "neither a column of"},
	} {
		code, _, errOut := runCmd(tc.args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "goroutine") ||
			tc.code == 1 && (len(lines) != 1 || !strings.HasPrefix(lines[0], "neurite "+tc.args[0]+": ")) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

// TestEvaluateClassLabels: a classifier trained on int64 class indices
// (iris, sparse categorical crossentropy) evaluates on labels read as
// numbers, and gives the test scores train printed.
func TestEvaluateClassLabels(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "iris.neurite")
	res := runJSON(t, "iris", "--epochs", "5", "--save", model)
	_, _, x, y, err := datasets.LoadIris(1)
	if err != nil {
		t.Fatal(err)
	}
	xp, yp := filepath.Join(dir, "x.npy"), filepath.Join(dir, "y.npy")
	if err := npy.WriteFile(xp, x, npy.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := npy.WriteFile(yp, y, npy.WriteOptions{Kind: npy.Int32}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd("evaluate", model, xp, "--labels", yp, "--json")
	var scores map[string]float64
	if code != 0 || json.Unmarshal([]byte(out), &scores) != nil {
		t.Fatalf("exit %d, %q (%s)", code, out, errOut)
	}
	if math.Abs(scores["loss"]-res.Test["loss"]) > 1e-5 || scores["accuracy"] != res.Test["accuracy"] {
		t.Fatalf("evaluate %v, train printed %v", scores, res.Test)
	}
}

// TestPredictReadsNumpysNpy: the Boston test features written by numpy
// itself (numpy.save of a float64 array, C order) predict the test MSE that
// train printed. It needs Python's numpy (Debian's python3-numpy, which CI
// installs) and skips without it.
func TestPredictReadsNumpysNpy(t *testing.T) {
	python, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(python, "-c", "import numpy").Run() != nil {
		t.Skip("numpy is not installed (apt-get install python3-numpy)")
	}
	dir := t.TempDir()
	model := filepath.Join(dir, "m.neurite")
	res := runJSON(t, "boston", "--epochs", "30", "--lr", "0.05", "--save", model)
	csvPath, _, _, y := writeBostonTest(t, dir)
	npyPath := filepath.Join(dir, "numpy.npy")
	script := `import numpy, sys
x = numpy.genfromtxt(sys.argv[1], delimiter=",", skip_header=1)[:, 1:-1]
numpy.save(sys.argv[2], x)`
	if out, err := exec.Command(python, "-c", script, csvPath, npyPath).CombinedOutput(); err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	code, out, errOut := runCmd("predict", model, npyPath)
	if code != 0 {
		t.Fatalf("predict: exit %d: %s", code, errOut)
	}
	var p []float64
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		v, err := strconv.ParseFloat(l, 32)
		if err != nil {
			t.Fatal(err)
		}
		p = append(p, v)
	}
	if got, want := mse(p, y), res.Test["loss"]; len(p) != y.Dim(0) || math.Abs(got-want) > 1e-5*want {
		t.Fatalf("MSE of %d predictions from numpy's .npy %v, train printed %v", len(p), got, want)
	}
}
