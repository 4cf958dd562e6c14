package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestLeadingEigen(t *testing.T) {
	lambda, v := leadingEigen(dataCov)
	if want := (5 + math.Sqrt(5)) / 2; math.Abs(lambda-want) > 1e-12 {
		t.Errorf("λ₁ = %v, want %v", lambda, want)
	}
	// C·v = λ·v with |v| = 1.
	for i := range 2 {
		if cv := dataCov[i][0]*v[0] + dataCov[i][1]*v[1]; math.Abs(cv-lambda*v[i]) > 1e-12 {
			t.Errorf("(C·v)[%d] = %v, λ·v = %v", i, cv, lambda*v[i])
		}
	}
	if math.Abs(norm(v)-1) > 1e-12 {
		t.Errorf("|v| = %v", norm(v))
	}
	// A diagonal matrix whose second entry is larger: the second axis.
	if _, v := leadingEigen([2][2]float64{{1, 0}, {0, 4}}); angleDeg(v, [2]float64{0, 1}) > 1e-9 {
		t.Errorf("eigenvector of diag(1, 4) = %v", v)
	}
}

func TestSampleCovarianceMatchesTheGenerator(t *testing.T) {
	c := covariance(makeData(tensor.NewRNG(5), 200000, dataCov))
	for i := range 2 {
		for j := range 2 {
			if math.Abs(c[i][j]-dataCov[i][j]) > 0.05 {
				t.Fatalf("sample covariance %v, want about %v", c, dataCov)
			}
		}
	}
}

// train runs epochs passes of the rule with the program's schedule
// η/(e + 1) and returns the weights after each pass.
func train(x [][2]float64, w0 [2]float64, epochs int, lr float64, step rule) [][2]float64 {
	out := make([][2]float64, epochs)
	w := w0
	for e := range epochs {
		w = epoch(w, x, lr/float64(e+1), step)
		out[e] = w
	}
	return out
}

// Oja's weight vector converges to the unit leading eigenvector of the
// covariance: within 1° of the sample covariance's (the fixed point
// for this data) and 3° of the generator's, with |w| within 0.01 of 1.
func TestOjaFindsTheFirstPrincipalComponent(t *testing.T) {
	_, truePC := leadingEigen(dataCov)
	for _, seed := range []uint64{1, 2, 3, 4} {
		rng := tensor.NewRNG(seed)
		x := makeData(rng, 1000, dataCov)
		_, pc := leadingEigen(covariance(x))
		ws := train(x, initWeights(rng), 30, 0.01, ojaStep)
		w := ws[len(ws)-1]
		if a := angleDeg(w, pc); a > 1 {
			t.Errorf("seed %d: Oja's w %v is %.3f° from the sample eigenvector %v", seed, w, a, pc)
		}
		if a := angleDeg(w, truePC); a > 3 {
			t.Errorf("seed %d: Oja's w %v is %.3f° from the true eigenvector %v", seed, w, a, truePC)
		}
		if math.Abs(norm(w)-1) > 0.01 {
			t.Errorf("seed %d: |w| = %v, want about 1", seed, norm(w))
		}
	}
}

// Hebb's weight norm grows after every pass, without bound.
func TestHebbGrowsWithoutBound(t *testing.T) {
	rng := tensor.NewRNG(1)
	x := makeData(rng, 1000, dataCov)
	w0 := initWeights(rng)
	prev := norm(w0)
	for e, w := range train(x, w0, 10, 0.01, hebbStep) {
		if n := norm(w); !(n > 2*prev) {
			t.Fatalf("epoch %d: |w| went from %g to %g", e+1, prev, n)
		}
		prev = norm(w)
	}
	if prev < 1e20 {
		t.Errorf("|w| after 10 epochs = %g, want a huge growth", prev)
	}
	// With a large rate it overflows float64, and the loop stops there.
	ws := train(x, w0, 3, 1, hebbStep)
	if !math.IsInf(norm(ws[2]), 1) {
		t.Errorf("|w| with η = 1 is %g, want +Inf", norm(ws[2]))
	}
}

func TestStepsByHand(t *testing.T) {
	w, x := [2]float64{0.5, -1}, [2]float64{2, 1} // y = 0
	if got := hebbStep(w, x, 0.1); got != w {
		t.Errorf("Hebb with y = 0 changed w to %v", got)
	}
	w = [2]float64{1, 0} // y = 2
	if got, want := hebbStep(w, x, 0.1), [2]float64{1.4, 0.2}; got != want {
		t.Errorf("Hebb step = %v, want %v", got, want)
	}
	// Oja: w + 0.1·2·((2, 1) − 2·(1, 0)) = (1, 0.2).
	if got, want := ojaStep(w, x, 0.1), [2]float64{1, 0.2}; math.Abs(got[0]-want[0]) > 1e-15 || math.Abs(got[1]-want[1]) > 1e-15 {
		t.Errorf("Oja step = %v, want %v", got, want)
	}
}

func TestRunReport(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, []string{"-n", "500", "-epochs", "5", "-seed", "3"}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"data: 500 samples", "sample covariance: leading eigenvalue", "epoch   5: Hebb |w| =", "Oja's w = ("} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	for _, args := range [][]string{{"-n", "1"}, {"-epochs", "0"}, {"-lr", "-1"}, {"extra"}} {
		if err := run(&bytes.Buffer{}, args); err == nil {
			t.Errorf("run(%q): no error", args)
		}
	}
}
