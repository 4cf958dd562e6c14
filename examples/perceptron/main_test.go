package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// allCorrect reports whether (w, b) classifies every row of x as y.
func allCorrect(t *testing.T, x *tensor.Tensor, y []int, w []float64, b float64) bool {
	t.Helper()
	d := x.Dim(1)
	data := x.Values()
	for i := range y {
		if predict(w, b, data[i*d:(i+1)*d]) != y[i] {
			return false
		}
	}
	return true
}

func TestTrainConvergesOnBlobs(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 42} {
		rng := tensor.NewRNG(seed)
		x, y := makeBlobs(rng, 100)
		if got := x.Shape(); !slices.Equal(got, tensor.Shape{100, 2}) {
			t.Fatalf("seed %d: blobs shape %v", seed, got)
		}
		ones := 0
		for i, c := range y {
			ones += c
			// The generator's margin guarantee, checked against the fixed line.
			s := float64(2*c-1) * (x.At(i, 0) + x.At(i, 1)) / 1.4142135623730951
			if s < blobMargin {
				t.Fatalf("seed %d: point %d at signed distance %v < margin", seed, i, s)
			}
		}
		if ones != 50 {
			t.Fatalf("seed %d: %d points of class 1, want 50", seed, ones)
		}
		w0, b0 := initWeights(rng, 2)
		res := train(x, y, w0, b0, 100, 1, nil)
		if !res.converged {
			t.Fatalf("seed %d: did not converge, mistakes %v", seed, res.mistakes)
		}
		if res.epochs != len(res.mistakes) || res.mistakes[len(res.mistakes)-1] != 0 {
			t.Fatalf("seed %d: epochs %d, mistakes %v", seed, res.epochs, res.mistakes)
		}
		if !allCorrect(t, x, y, res.w, res.b) {
			t.Fatalf("seed %d: learned w=%v b=%v misclassify a training point", seed, res.w, res.b)
		}
	}
}

func TestTrainDoesNotModifyInit(t *testing.T) {
	x := tensor.FromSlice([]float64{2, 1, 1, 3, 0, -1}, 3, 2)
	w0 := []float64{0, 0}
	train(x, []int{1, 0, 0}, w0, 0, 10, 1, nil)
	if !slices.Equal(w0, []float64{0, 0}) {
		t.Fatalf("train modified w0: %v", w0)
	}
}

func TestTrainXORDoesNotConverge(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		x := tensor.New(dt, 4, 2)
		for i, p := range [][2]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
			x.Set(p[0], i, 0)
			x.Set(p[1], i, 1)
		}
		y := []int{0, 1, 1, 0}
		w0, b0 := initWeights(tensor.NewRNG(7), 2)
		res := train(x, y, w0, b0, 50, 1, nil)
		if res.converged || res.epochs != 50 || len(res.mistakes) != 50 {
			t.Fatalf("%v: XOR: converged=%v epochs=%d", dt, res.converged, res.epochs)
		}
		for e, m := range res.mistakes {
			if m == 0 {
				t.Fatalf("%v: XOR: epoch %d had no mistakes", dt, e+1)
			}
		}
		if allCorrect(t, x, y, res.w, res.b) {
			t.Fatalf("%v: XOR classified correctly by a linear unit: w=%v b=%v", dt, res.w, res.b)
		}
	}
}

// step is the state after pseudocode step t.
type step struct {
	w []float64
	b float64
}

// TestTrainTrace pins the weights after every step t on the 3-point set
//
//	a = (2, 1), y = 1;  b = (1, 3), y = 0;  c = (0, −1), y = 0,
//
// derived by hand from the slide: ŷ = f(w·x + b) with f(s) = 1 iff s > 0,
// then w ← w + η(y − ŷ)x and b ← b + η(y − ŷ).
func TestTrainTrace(t *testing.T) {
	x := tensor.FromSlice([]float64{2, 1, 1, 3, 0, -1}, 3, 2)
	y := []int{1, 0, 0}
	tests := []struct {
		name     string
		w0       []float64
		b0, lr   float64
		want     []step
		mistakes []int
	}{
		{
			// Zero start, η = 1:
			// t=1 a: 0 → ŷ=0, y=1: w=(2,1) b=1
			// t=2 b: 2+3+1=6 → ŷ=1, y=0: w=(1,−2) b=0
			// t=3 c: 0+2+0=2 → ŷ=1, y=0: w=(1,−1) b=−1
			// t=4 a: 2−1−1=0 → ŷ=0 (f is strict), y=1: w=(3,0) b=0
			// t=5 b: 3+0+0=3 → ŷ=1: w=(2,−3) b=−1
			// t=6 c: 0+3−1=2 → ŷ=1: w=(2,−2) b=−2
			// t=7 a: 4−2−2=0 → ŷ=0: w=(4,−1) b=−1
			// t=8 b: 4−3−1=0 → ŷ=0 correct; t=9 c: 0+1−1=0 correct
			// t=10..12: a: 8−1−1=6, b: 0, c: 0 — all correct → converged.
			name: "zero init lr 1", w0: []float64{0, 0}, b0: 0, lr: 1,
			want: []step{
				{[]float64{2, 1}, 1}, {[]float64{1, -2}, 0}, {[]float64{1, -1}, -1},
				{[]float64{3, 0}, 0}, {[]float64{2, -3}, -1}, {[]float64{2, -2}, -2},
				{[]float64{4, -1}, -1}, {[]float64{4, -1}, -1}, {[]float64{4, -1}, -1},
				{[]float64{4, -1}, -1}, {[]float64{4, -1}, -1}, {[]float64{4, -1}, -1},
			},
			mistakes: []int{3, 3, 1, 0},
		},
		{
			// w0 = (0, 1), b0 = 0, η = 0.5:
			// t=1 a: 0+1+0=1 → ŷ=1 correct
			// t=2 b: 0+3+0=3 → ŷ=1, y=0: w=(−0.5,−0.5) b=−0.5
			// t=3 c: 0+0.5−0.5=0 → ŷ=0 correct
			// t=4 a: −1−0.5−0.5=−2 → ŷ=0, y=1: w=(0.5,0) b=0
			// t=5 b: 0.5 → ŷ=1: w=(0,−1.5) b=−0.5
			// t=6 c: 1.5−0.5=1 → ŷ=1: w=(0,−1) b=−1
			// t=7 a: −1−1=−2 → ŷ=0: w=(1,−0.5) b=−0.5
			// t=8 b: 1−1.5−0.5=−1 correct; t=9 c: 0.5−0.5=0 correct
			// t=10..12: a: 2−0.5−0.5=1, b: −1, c: 0 — all correct.
			name: "given init lr 0.5", w0: []float64{0, 1}, b0: 0, lr: 0.5,
			want: []step{
				{[]float64{0, 1}, 0}, {[]float64{-0.5, -0.5}, -0.5}, {[]float64{-0.5, -0.5}, -0.5},
				{[]float64{0.5, 0}, 0}, {[]float64{0, -1.5}, -0.5}, {[]float64{0, -1}, -1},
				{[]float64{1, -0.5}, -0.5}, {[]float64{1, -0.5}, -0.5}, {[]float64{1, -0.5}, -0.5},
				{[]float64{1, -0.5}, -0.5}, {[]float64{1, -0.5}, -0.5}, {[]float64{1, -0.5}, -0.5},
			},
			mistakes: []int{1, 3, 1, 0},
		},
		{
			// w0 = (1, 0), b0 = −1 already separates: a: 1, b: 0, c: −1,
			// so the first pass changes nothing and the run stops.
			name: "separating init", w0: []float64{1, 0}, b0: -1, lr: 0.5,
			want: []step{
				{[]float64{1, 0}, -1}, {[]float64{1, 0}, -1}, {[]float64{1, 0}, -1},
			},
			mistakes: []int{0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []step
			next := 1
			res := train(x, y, tc.w0, tc.b0, 100, tc.lr, func(ti int, w []float64, b float64) {
				if ti != next {
					t.Fatalf("trace step %d, want %d", ti, next)
				}
				next++
				got = append(got, step{slices.Clone(w), b})
			})
			if len(got) != len(tc.want) {
				t.Fatalf("%d steps, want %d: %v", len(got), len(tc.want), got)
			}
			for i := range got {
				if !slices.Equal(got[i].w, tc.want[i].w) || got[i].b != tc.want[i].b {
					t.Fatalf("after t=%d: w=%v b=%v, want w=%v b=%v",
						i+1, got[i].w, got[i].b, tc.want[i].w, tc.want[i].b)
				}
			}
			if !slices.Equal(res.mistakes, tc.mistakes) || !res.converged || res.epochs != len(tc.mistakes) {
				t.Fatalf("mistakes %v converged %v epochs %d, want %v true %d",
					res.mistakes, res.converged, res.epochs, tc.mistakes, len(tc.mistakes))
			}
			last := tc.want[len(tc.want)-1]
			if !slices.Equal(res.w, last.w) || res.b != last.b {
				t.Fatalf("result w=%v b=%v, want %v %v", res.w, res.b, last.w, last.b)
			}
		})
	}
}

// TestTrainMaxEpochsCutsTrace checks that the epoch limit stops the
// hand-traced run of TestTrainTrace after two passes, with its weights then.
func TestTrainMaxEpochsCutsTrace(t *testing.T) {
	x := tensor.FromSlice([]float64{2, 1, 1, 3, 0, -1}, 3, 2)
	res := train(x, []int{1, 0, 0}, []float64{0, 0}, 0, 2, 1, nil)
	if res.converged || res.epochs != 2 || !slices.Equal(res.mistakes, []int{3, 3}) ||
		!slices.Equal(res.w, []float64{2, -2}) || res.b != -2 {
		t.Fatalf("got %+v", res)
	}
}

func TestPredictStrictThreshold(t *testing.T) {
	tests := []struct {
		w    []float64
		b    float64
		x    []float64
		want int
	}{
		{[]float64{1, -1}, 0, []float64{2, 2}, 0}, // activation exactly 0
		{[]float64{1, -1}, 1e-12, []float64{2, 2}, 1},
		{[]float64{1, -1}, 0, []float64{3, 2}, 1},
		{[]float64{1, -1}, -2, []float64{3, 2}, 0},
	}
	for _, tc := range tests {
		if got := predict(tc.w, tc.b, tc.x); got != tc.want {
			t.Errorf("predict(%v, %v, %v) = %d, want %d", tc.w, tc.b, tc.x, got, tc.want)
		}
	}
}

func TestRunGenerated(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf, []string{"-seed", "3"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"100 samples, 2 features", "epoch   1: ", "converged after ", "weights: [", "bias: "} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	m := regexp.MustCompile(`epoch +(\d+): 0 misclassified\nconverged after (\d+) epochs`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] {
		t.Fatalf("last epoch line and convergence line disagree:\n%s", out)
	}
	var again bytes.Buffer
	if err := run(&again, []string{"-seed", "3"}); err != nil || again.String() != out {
		t.Fatalf("same seed gave a different run (err %v)", err)
	}
}

func TestRunMaxEpochs(t *testing.T) {
	var buf bytes.Buffer
	// One pass from a random start on 100 points cannot be error-free here.
	if err := run(&buf, []string{"-max-epochs", "1", "-seed", "1"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "did not converge within 1 epochs") {
		t.Fatalf("output:\n%s", buf.String())
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("2,4,a,b\n1,2,3,4,0\n1,2,x,4,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-max-epochs", "0"}, "-max-epochs"},
		{[]string{"-lr", "0"}, "-lr"},
		{[]string{"-n", "1"}, "-n"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-nosuchflag"}, "nosuchflag"},
		{[]string{"-iris", filepath.Join(dir, "missing.csv")}, "missing.csv"},
		{[]string{"-iris", bad}, "line 3"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		err := run(&buf, tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want error mentioning %q", tc.args, err, tc.want)
		}
	}
}

func TestParseIris(t *testing.T) {
	good := "5,2,setosa,versicolor,virginica\n1,2,0\n3,4,1\n\n5,6,2\n7,8,1\n9,10,0\n"
	x, y, err := parseIris(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(x.Shape(), tensor.Shape{4, 2}) || !slices.Equal(y, []int{0, 1, 1, 0}) ||
		!slices.Equal(x.Values(), []float64{1, 2, 3, 4, 7, 8, 9, 10}) {
		t.Fatalf("got %v %v %v", x.Shape(), x.Values(), y)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"abc\n", "header"},
		{"x,2,a\n", "header"},
		{"1,2,a\n1,2,3,0\n", "line 2: 4 fields, want 3"},
		{"1,2,a\n1,2,z\n", "line 2: class label"},
		{"3,2,a\n1,2,0\n", "announces 3 samples, file has 1"},
		{"1,2,a\n1,2,2\n", "no samples"},
	} {
		if _, _, err := parseIris(strings.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseIris(%q) = %v, want error mentioning %q", tc.in, err, tc.want)
		}
	}
}

// sharedIris walks up from the working directory looking for
// shared/datasets/iris.csv and skips the test if there is none.
func sharedIris(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "datasets", "iris.csv")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/datasets/iris.csv not found above the working directory")
		}
		dir = parent
	}
}

func TestIris(t *testing.T) {
	path := sharedIris(t)
	x, y, err := loadIris(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(x.Shape(), tensor.Shape{100, 4}) {
		t.Fatalf("iris classes 0 and 1: shape %v, want (100, 4)", x.Shape())
	}
	if x.At(0, 0) != 5.1 || x.At(0, 1) != 3.5 || y[0] != 0 || y[99] != 1 {
		t.Fatalf("first row %v label %d, last label %d", x.Values()[:4], y[0], y[99])
	}
	w0, b0 := initWeights(tensor.NewRNG(1), 4)
	res := train(x, y, w0, b0, 100, 1, nil)
	if !res.converged || !allCorrect(t, x, y, res.w, res.b) {
		t.Fatalf("iris 0 vs 1: converged=%v mistakes=%v", res.converged, res.mistakes)
	}

	var buf bytes.Buffer
	if err := run(&buf, []string{"-iris", path}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "100 samples, 4 features") || !strings.Contains(out, "converged after ") {
		t.Fatalf("output:\n%s", out)
	}
}
