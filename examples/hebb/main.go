// Command hebb shows the lecture's first learning rule, Hebb's "neurons
// that fire together, wire together", beside Oja's normalised version, on
// a linear neuron y = wᵀx fed zero-mean 2-D Gaussian data with a fixed
// covariance C.
//
//	Hebb:  Δw = η·y·x
//	Oja:   Δw = η·y·(x − y·w)
//
// Hebb's rule strengthens w along the direction in which the inputs vary
// most, but nothing bounds it: |w| grows geometrically, by about
// (1 + η·λ₁) per sample, λ₁ the largest eigenvalue of C. Oja's extra term
// −η·y²·w is a weight decay that keeps |w| near 1, and w converges to the
// first principal component: the unit eigenvector of C with the largest
// eigenvalue (up to sign). The program prints, after every pass over the
// data, |w| for both rules and the angle between Oja's w and the leading
// eigenvector of the data's sample covariance.
//
// Both rules use the learning rate η_e = η/(e + 1) in pass e = 0, 1, …,
// a decaying rate of the kind Oja's convergence proof needs (Σ η = ∞,
// Σ η² < ∞); with a fixed rate Oja's w keeps fluctuating around the
// eigenvector by an angle of order √η.
//
// Usage:
//
//	hebb [-n 1000] [-epochs 30] [-lr 0.01] [-seed 1]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/neurite/neurite/tensor"
)

// dataCov is the covariance of the generated inputs. Its eigenvalues are
// (5 ± √5)/2 ≈ 3.618 and 1.382; the leading eigenvector lies at
// ½·atan(2) ≈ 31.7° from the first axis.
var dataCov = [2][2]float64{{3, 1}, {1, 2}}

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "hebb:", err)
		os.Exit(1)
	}
}

// config holds the command-line settings.
type config struct {
	n, epochs int
	lr        float64
	seed      uint64
}

// parseFlags reads the settings from args.
func parseFlags(w io.Writer, args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("hebb", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.IntVar(&c.n, "n", 1000, "number of generated samples")
	fs.IntVar(&c.epochs, "epochs", 30, "passes over the data")
	fs.Float64Var(&c.lr, "lr", 0.01, "initial learning rate η")
	fs.Uint64Var(&c.seed, "seed", 1, "seed for the data and the initial weights")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.n < 2:
		return c, fmt.Errorf("-n must be at least 2, got %d", c.n)
	case c.epochs < 1:
		return c, fmt.Errorf("-epochs must be at least 1, got %d", c.epochs)
	case !(c.lr > 0) || math.IsInf(c.lr, 0):
		return c, fmt.Errorf("-lr must be a positive finite number, got %v", c.lr)
	}
	return c, nil
}

// run generates the data, trains both rules and writes the report to w.
func run(w io.Writer, args []string) error {
	c, err := parseFlags(w, args)
	if err != nil {
		return err
	}
	rng := tensor.NewRNG(c.seed)
	x := makeData(rng, c.n, dataCov)
	lambda, pc := leadingEigen(covariance(x))
	fmt.Fprintf(w, "data: %d samples, covariance %v\n", c.n, dataCov)
	fmt.Fprintf(w, "sample covariance: leading eigenvalue %.4f, eigenvector (%.4f, %.4f)\n", lambda, pc[0], pc[1])
	w0 := initWeights(rng)
	hebb, oja := w0, w0
	fmt.Fprintf(w, "start: w = (%.4f, %.4f), |w| = %.4f\n", w0[0], w0[1], norm(w0))
	for e := range c.epochs {
		eta := c.lr / float64(e+1)
		hebb, oja = epoch(hebb, x, eta, hebbStep), epoch(oja, x, eta, ojaStep)
		fmt.Fprintf(w, "epoch %3d: Hebb |w| = %-12.6g Oja |w| = %.6f, angle to the eigenvector %.4f°\n",
			e+1, norm(hebb), norm(oja), angleDeg(oja, pc))
	}
	fmt.Fprintf(w, "Oja's w = (%.4f, %.4f); Hebb's w grew by a factor of %.3g\n", oja[0], oja[1], norm(hebb)/norm(w0))
	return nil
}

// rule is one learning step: the new weights after presenting x.
type rule func(w, x [2]float64, eta float64) [2]float64

// hebbStep is Hebb's rule, w + η·y·x with y = wᵀx.
func hebbStep(w, x [2]float64, eta float64) [2]float64 {
	y := dot(w, x)
	return [2]float64{w[0] + eta*y*x[0], w[1] + eta*y*x[1]}
}

// ojaStep is Oja's rule, w + η·y·(x − y·w) with y = wᵀx.
func ojaStep(w, x [2]float64, eta float64) [2]float64 {
	y := dot(w, x)
	return [2]float64{w[0] + eta*y*(x[0]-y*w[0]), w[1] + eta*y*(x[1]-y*w[1])}
}

// epoch presents every sample of x once, in order, and returns the
// weights. Once the weights stop being finite (Hebb's overflow float64
// for large η·n), they are returned unchanged.
func epoch(w [2]float64, x [][2]float64, eta float64, step rule) [2]float64 {
	for _, xi := range x {
		if math.IsInf(norm(w), 0) || math.IsNaN(norm(w)) {
			return w
		}
		w = step(w, xi, eta)
	}
	return w
}

// makeData draws n samples from the zero-mean Gaussian with covariance
// cov (symmetric positive definite), as L·z with L the Cholesky factor of
// cov and z standard normal.
func makeData(rng *tensor.RNG, n int, cov [2][2]float64) [][2]float64 {
	l00 := math.Sqrt(cov[0][0])
	l10 := cov[1][0] / l00
	l11 := math.Sqrt(cov[1][1] - l10*l10)
	x := make([][2]float64, n)
	for i := range x {
		z0, z1 := rng.NormFloat64(), rng.NormFloat64()
		x[i] = [2]float64{l00 * z0, l10*z0 + l11*z1}
	}
	return x
}

// initWeights draws w₀ uniformly from [−0.5, 0.5)², away from 0.
func initWeights(rng *tensor.RNG) [2]float64 {
	for {
		w := [2]float64{rng.Float64() - 0.5, rng.Float64() - 0.5}
		if norm(w) > 0.1 {
			return w
		}
	}
}

// covariance returns the sample covariance (1/n)·Σ xxᵀ of zero-mean data
// (the mean is known to be 0, as Hebb's and Oja's rules assume).
func covariance(x [][2]float64) [2][2]float64 {
	var c [2][2]float64
	for _, xi := range x {
		for i := range 2 {
			for j := range 2 {
				c[i][j] += xi[i] * xi[j]
			}
		}
	}
	for i := range 2 {
		for j := range 2 {
			c[i][j] /= float64(len(x))
		}
	}
	return c
}

// leadingEigen returns the largest eigenvalue of the symmetric 2×2 matrix
// c and its unit eigenvector, in closed form.
func leadingEigen(c [2][2]float64) (float64, [2]float64) {
	a, b, d := c[0][0], c[0][1], c[1][1]
	lambda := (a+d)/2 + math.Hypot((a-d)/2, b)
	theta := math.Atan2(2*b, a-d) / 2
	return lambda, [2]float64{math.Cos(theta), math.Sin(theta)}
}

// angleDeg returns the angle in degrees, in [0, 90], between the lines
// spanned by u and v (the sign of an eigenvector is arbitrary).
func angleDeg(u, v [2]float64) float64 {
	cos := math.Abs(dot(u, v)) / (norm(u) * norm(v))
	return math.Acos(math.Min(cos, 1)) * 180 / math.Pi
}

func dot(u, v [2]float64) float64 { return u[0]*v[0] + u[1]*v[1] }

func norm(u [2]float64) float64 { return math.Hypot(u[0], u[1]) }
