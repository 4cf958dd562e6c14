package graph

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestDropoutKeepsAndScales checks inverted dropout on a large tensor of
// ones: about 1−rate of the elements are kept, each kept one is exactly
// 1/(1−rate) in float32, the others are 0, so the mean stays near 1.
func TestDropoutKeepsAndScales(t *testing.T) {
	const n, rate = 100000, 0.3
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown)
	y := Dropout(x, rate, 42)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if y.Type() != "Mul" || len(y.Inputs()) != 2 || y.Inputs()[1].Type() != "DropoutMask" {
		t.Fatalf("Dropout built %v with inputs %v, want Mul(x, DropoutMask)", y, y.Inputs())
	}
	out, err := NewSession(g).Run(Feeds{x: tensor.Ones(tensor.Float32, n)}, y)
	if err != nil {
		t.Fatal(err)
	}
	scale := float32(1 / (1 - rate)) // 1.4285715
	kept := 0
	sum := 0.0
	for i, v := range out[0].Float32s() {
		switch v {
		case scale:
			kept++
		case 0:
		default:
			t.Fatalf("element %d is %v, want 0 or %v", i, v, scale)
		}
		sum += float64(v)
	}
	// kept ~ Binomial(n, 0.7): standard deviation sqrt(n·0.7·0.3)/n ≈ 0.00145
	// of the fraction, so 0.01 is about 7 standard deviations.
	if frac := float64(kept) / n; math.Abs(frac-(1-rate)) > 0.01 {
		t.Errorf("kept fraction %.4f, want about %.2f", frac, 1-rate)
	}
	if mean := sum / n; math.Abs(mean-1) > 0.02 {
		t.Errorf("mean %.4f, want about 1 (dropout preserves the expectation)", mean)
	}
}

// TestDropoutMaskChangesBetweenRuns checks that every Run draws a new mask,
// and that the same seed gives the same sequence of masks in a new graph.
func TestDropoutMaskChangesBetweenRuns(t *testing.T) {
	run := func() [2]*tensor.Tensor {
		g := New()
		x := g.Const(tensor.Ones(tensor.Float64, 1000))
		y := Dropout(x, 0.5, 7)
		sess := NewSession(g)
		var res [2]*tensor.Tensor
		for i := range res {
			out, err := sess.Run(nil, y)
			if err != nil {
				t.Fatal(err)
			}
			res[i] = out[0]
		}
		return res
	}
	a, b := run(), run()
	if tensor.AllClose(a[0], a[1], 0, 0) {
		t.Error("two runs drew the same mask")
	}
	for i := range a {
		if !tensor.AllClose(a[i], b[i], 0, 0) {
			t.Errorf("run %d differs between graphs built with the same seed", i)
		}
	}
}

func TestDropoutRateZeroReturnsInput(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, 3)
	if y := Dropout(x, 0, 1); y != x {
		t.Fatalf("Dropout(x, 0) = %v, want x itself", y)
	}
}

func TestDropoutBadRateIsAnError(t *testing.T) {
	for _, rate := range []float64{1, 1.5, -0.1, math.NaN()} {
		g := New()
		x := g.Placeholder("x", tensor.Float32, 3)
		Dropout(x, rate, 1)
		err := g.Err()
		if err == nil || !strings.Contains(err.Error(), "rate must be in [0, 1)") || !strings.Contains(err.Error(), "DropoutMask") {
			t.Errorf("rate %v: got %v, want a rate error naming DropoutMask", rate, err)
		}
	}
	g := New()
	Dropout(g.Const(tensor.FromSlice([]int64{1, 2})), 0.5, 1)
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "float") {
		t.Errorf("int64 input: got %v, want a dtype error", err)
	}
}

// TestDropoutGradientWithFixedMask feeds a fixed mask M in place of the
// mask node, so y = x ⊙ M. The symbolic gradient of sum(W ⊙ y) with
// respect to x must be W ⊙ M, and must agree with central differences
// taken with the same fed mask.
func TestDropoutGradientWithFixedMask(t *testing.T) {
	g := New()
	x0 := randInput(1, -1, 1, 3, 4)
	x := g.Variable("x", x0)
	y := Dropout(x, 0.25, 3)
	mask := y.Inputs()[1]
	m := tensor.FromSlice([]float64{0, 4.0 / 3, 4.0 / 3, 4.0 / 3, 4.0 / 3, 0, 4.0 / 3, 4.0 / 3, 4.0 / 3, 4.0 / 3, 0, 0}, 3, 4)
	w := randInput(7, -1, 1, 3, 4)
	dx := GradientsSeeded(y, g.Const(w), x)[0]
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	sess := NewSession(g)
	out, err := sess.Run(Feeds{mask: m}, dx)
	if err != nil {
		t.Fatal(err)
	}
	want := tensor.Mul(w, m)
	if !tensor.AllClose(out[0], want, 1e-15, 0) {
		t.Fatalf("gradient %v, want W⊙M %v", out[0], want)
	}
	numeric := tensor.New(tensor.Float64, 3, 4)
	xp := x0.Clone()
	f := func() float64 {
		out, err := sess.Run(Feeds{x: xp, mask: m}, y)
		if err != nil {
			t.Fatal(err)
		}
		s := 0.0
		for k, v := range out[0].Float64s() {
			s += v * w.Float64s()[k]
		}
		return s
	}
	d := xp.Float64s()
	for j := range d {
		orig := d[j]
		d[j] = orig + gradEps
		fp := f()
		d[j] = orig - gradEps
		fm := f()
		d[j] = orig
		numeric.Float64s()[j] = (fp - fm) / (2 * gradEps)
	}
	compareGradients(t, "x", out[0], numeric)
}

// TestDropoutConcurrentRuns runs one dropout graph from several goroutines
// (the mask's random stream is shared and must be guarded; run with -race).
func TestDropoutConcurrentRuns(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown)
	y := Dropout(x, 0.5, 9)
	sess := NewSession(g)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if _, err := sess.Run(Feeds{x: tensor.Ones(tensor.Float32, 256)}, y); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
