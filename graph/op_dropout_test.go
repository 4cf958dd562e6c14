package graph

import (
	"fmt"
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
	y := Dropout(x, rate, 42, g.Const(tensor.Scalar[int64](0)))
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

// TestDropoutMaskFollowsStep checks that the mask is a function of (seed,
// step): Runs at the same step draw the same mask, in the same graph and in
// a new one built with the same seed; other steps or another seed draw
// other masks, each still Bernoulli(1−rate).
func TestDropoutMaskFollowsStep(t *testing.T) {
	const n, rate = 20000, 0.4
	draw := func(seed uint64, steps ...int64) []*tensor.Tensor {
		g := New()
		x := g.Const(tensor.Ones(tensor.Float64, n))
		step := g.Placeholder("step", tensor.Int64)
		y := Dropout(x, rate, seed, step)
		sess := NewSession(g)
		var res []*tensor.Tensor
		for _, k := range steps {
			out, err := sess.Run(Feeds{step: tensor.Scalar[int64](k)}, y)
			if err != nil {
				t.Fatal(err)
			}
			res = append(res, out[0])
		}
		return res
	}
	a := draw(7, 0, 1, 0, 2)
	b := draw(7, 0, 1, 2)
	other := draw(8, 0)
	if !tensor.AllClose(a[0], a[2], 0, 0) {
		t.Error("two runs at step 0 drew different masks")
	}
	for i, j := range []int{0, 1, 3} {
		if !tensor.AllClose(a[j], b[i], 0, 0) {
			t.Errorf("mask %d differs between graphs built with the same seed", j)
		}
	}
	pairs := [][2]*tensor.Tensor{{a[0], a[1]}, {a[1], a[3]}, {a[0], a[3]}, {a[0], other[0]}}
	for k, p := range pairs {
		same := 0
		for i, v := range p[0].Float64s() {
			if v == p[1].Float64s()[i] {
				same++
			}
		}
		// Independent masks agree with probability 0.6² + 0.4² = 0.52 per
		// element; the standard deviation of the fraction is about 0.0035.
		if frac := float64(same) / n; math.Abs(frac-0.52) > 0.03 {
			t.Errorf("pair %d: masks agree on %.3f of the elements, want about 0.52 (independent draws)", k, frac)
		}
	}
	for k, m := range append(a, other...) {
		kept := 0
		for _, v := range m.Float64s() {
			if v != 0 {
				kept++
			}
		}
		if frac := float64(kept) / n; math.Abs(frac-(1-rate)) > 0.02 {
			t.Errorf("mask %d keeps %.3f, want about %.2f", k, frac, 1-rate)
		}
	}
}

// TestDropoutMaskKnownValues checks the mask against the generator's
// definition computed by hand from SplitMix64's published outputs: the
// first outputs of SplitMix64 from state 0 are 0xe220a8397b1dcdaf,
// 0x6e789e6aa1b965f4 and 0x06c45d188009454f, so their uniforms (bits>>11
// times 2⁻⁵³) are about 0.8833, 0.4315 and 0.0264.
func TestDropoutMaskKnownValues(t *testing.T) {
	for i, want := range []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f} {
		if got := counterBits(0, i); got != want {
			t.Errorf("counterBits(0, %d) = %#x, want SplitMix64's %#x", i, got, want)
		}
	}
	// A mask op whose key is 0 keeps element i when its uniform >= rate:
	// with rate 0.5, elements 0 (0.883) kept, 1 (0.432) and 2 (0.026)
	// dropped; the kept one is scaled to 2.
	d := make([]float32, 3)
	fillDropoutMask(0, d, 0.5)
	if d[0] != 2 || d[1] != 0 || d[2] != 0 {
		t.Errorf("mask with key 0 and rate 0.5 = %v, want [2 0 0]", d)
	}
	u := make([]float64, 3)
	fillUniform(0, u, -1, 1)
	for i, bits := range []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f} {
		want := -1 + 2*float64(bits>>11)/(1<<53)
		if u[i] != want {
			t.Errorf("uniform %d in [-1, 1) = %v, want %v", i, u[i], want)
		}
	}
}

// TestDropoutStepMustBeInt64Scalar checks the step's shape rule.
func TestDropoutStepMustBeInt64Scalar(t *testing.T) {
	for _, step := range []*tensor.Tensor{tensor.Scalar[float32](1), tensor.FromSlice([]int64{1, 2})} {
		g := New()
		Dropout(g.Placeholder("x", tensor.Float32, 3), 0.5, 1, g.Const(step))
		if err := g.Err(); err == nil || !strings.Contains(err.Error(), "int64 scalar") || !strings.Contains(err.Error(), "DropoutMask") {
			t.Errorf("step %v: got %v, want an error naming DropoutMask and the step", step, err)
		}
	}
	g := New()
	Dropout(g.Placeholder("x", tensor.Float32, 3), 0.5, 1, nil)
	if err := g.Err(); err == nil || !strings.Contains(err.Error(), "input 1 is nil") {
		t.Errorf("nil step: got %v", err)
	}
}

func TestDropoutRateZeroReturnsInput(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, 3)
	if y := Dropout(x, 0, 1, nil); y != x {
		t.Fatalf("Dropout(x, 0) = %v, want x itself", y)
	}
}

func TestDropoutBadRateIsAnError(t *testing.T) {
	for _, rate := range []float64{1, 1.5, -0.1, math.NaN()} {
		g := New()
		x := g.Placeholder("x", tensor.Float32, 3)
		Dropout(x, rate, 1, g.Const(tensor.Scalar[int64](0)))
		err := g.Err()
		if err == nil || !strings.Contains(err.Error(), "rate must be in [0, 1)") || !strings.Contains(err.Error(), "DropoutMask") {
			t.Errorf("rate %v: got %v, want a rate error naming DropoutMask", rate, err)
		}
	}
	g := New()
	Dropout(g.Const(tensor.FromSlice([]int64{1, 2})), 0.5, 1, g.Const(tensor.Scalar[int64](0)))
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
	y := Dropout(x, 0.25, 3, g.Const(tensor.Scalar[int64](5)))
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
// at several steps (the mask op holds no state; run with -race): each Run
// gets the mask of its own step.
func TestDropoutConcurrentRuns(t *testing.T) {
	g := New()
	x := g.Placeholder("x", tensor.Float32, Unknown)
	step := g.Placeholder("step", tensor.Int64)
	y := Dropout(x, 0.5, 9, step)
	sess := NewSession(g)
	want := make([]*tensor.Tensor, 4)
	for k := range want {
		out, err := sess.Run(Feeds{x: tensor.Ones(tensor.Float32, 256), step: tensor.Scalar(int64(k))}, y)
		if err != nil {
			t.Fatal(err)
		}
		want[k] = out[0]
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 20 {
				k := (w + r) % len(want)
				out, err := sess.Run(Feeds{x: tensor.Ones(tensor.Float32, 256), step: tensor.Scalar(int64(k))}, y)
				if err == nil && !tensor.AllClose(out[0], want[k], 0, 0) {
					err = fmt.Errorf("a concurrent run at step %d drew another mask", k)
				}
				if err != nil {
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
