// Command perceptron trains Rosenblatt's perceptron (1958) exactly as the
// lecture's pseudocode states it, on a linearly separable data set: by
// default two well-separated Gaussian blobs in the plane generated from a
// seeded tensor.RNG, or, with -iris, the first two classes (setosa vs
// versicolor) of scikit-learn's iris.csv.
//
// The lecture's slide "The perceptron algorithm":
//
//	f(x) = 1 if x > 0, 0 otherwise
//
//	Input:  D = {(x_i, y_i)}_{i=1}^N  (training data)
//	Output: learned weights w
//	w_0 ← random initialization
//	t ← 1
//	while not converged do
//	    for (x, y) ∈ D do
//	        ŷ = f(wᵀx)
//	        w_t ← w_{t-1} + η(y − ŷ)x
//	        t ← t + 1
//
// How this program reads it:
//   - Labels are 0/1, as the step function f outputs them; ŷ ∈ {0, 1}, so
//     y − ŷ ∈ {−1, 0, +1}: a correctly classified sample leaves w unchanged,
//     a false negative adds ηx, a false positive subtracts ηx.
//   - f is strict: wᵀx = 0 predicts 0.
//   - The slide has no separate bias; its threshold is the 0 inside f. The
//     bias is therefore the weight of a constant input: every x is augmented
//     with x_0 = 1, so w = (b, w_1, …, w_d) and b is updated by the same rule,
//     b ← b + η(y − ŷ)·1. It is printed separately as "bias".
//   - w_0 is drawn at random (uniform in [−0.5, 0.5), from the seeded RNG).
//   - D is visited in its stored order on every pass (the slide does not
//     reshuffle); the generated data set is shuffled once when it is made.
//   - "Converged" means one full pass over D in which no sample was
//     misclassified, i.e. in which w did not change; the epoch count
//     includes that last, error-free pass. Since a data set need not be
//     separable, the loop also stops after -max-epochs passes.
//
// Usage:
//
//	perceptron [-iris path/to/iris.csv] [-max-epochs 100] [-lr 1] [-seed 1] [-n 100]
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/neurite/neurite/tensor"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "perceptron:", err)
		os.Exit(1)
	}
}

// run parses args, loads or generates the data, trains the perceptron and
// writes the per-epoch report to w.
func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("perceptron", flag.ContinueOnError)
	fs.SetOutput(w)
	irisPath := fs.String("iris", "", "train on classes 0 vs 1 of this scikit-learn iris.csv instead of generated data")
	maxEpochs := fs.Int("max-epochs", 100, "stop after this many passes over the data if not converged")
	lr := fs.Float64("lr", 1, "learning rate η")
	seed := fs.Uint64("seed", 1, "seed for data generation and weight initialisation")
	n := fs.Int("n", 100, "number of generated points (ignored with -iris)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *maxEpochs < 1 {
		return fmt.Errorf("-max-epochs must be at least 1, got %d", *maxEpochs)
	}
	if !(*lr > 0) || math.IsInf(*lr, 0) {
		return fmt.Errorf("-lr must be a positive finite number, got %v", *lr)
	}

	rng := tensor.NewRNG(*seed)
	var (
		x    *tensor.Tensor
		y    []int
		name string
	)
	if *irisPath != "" {
		var err error
		if x, y, err = loadIris(*irisPath); err != nil {
			return err
		}
		name = "iris setosa (0) vs versicolor (1)"
	} else {
		if *n < 2 {
			return fmt.Errorf("-n must be at least 2, got %d", *n)
		}
		x, y = makeBlobs(rng, *n)
		name = "two separable Gaussian blobs"
	}
	fmt.Fprintf(w, "data: %s, %d samples, %d features\n", name, x.Dim(0), x.Dim(1))

	w0, b0 := initWeights(rng, x.Dim(1))
	res := train(x, y, w0, b0, *maxEpochs, *lr, nil)
	for i, m := range res.mistakes {
		fmt.Fprintf(w, "epoch %3d: %d misclassified\n", i+1, m)
	}
	if res.converged {
		fmt.Fprintf(w, "converged after %d epochs\n", res.epochs)
	} else {
		fmt.Fprintf(w, "did not converge within %d epochs\n", *maxEpochs)
	}
	fmt.Fprintf(w, "weights: %v\n", res.w)
	fmt.Fprintf(w, "bias: %v\n", res.b)
	return nil
}

// trainResult is what train returns.
type trainResult struct {
	w         []float64 // learned weights w_1..w_d
	b         float64   // learned bias (the weight of the constant input 1)
	epochs    int       // passes over the data made
	converged bool      // whether the last pass misclassified nothing
	mistakes  []int     // misclassified samples in each pass
}

// train runs the lecture's perceptron learning algorithm on x (shape
// (N, d), any dtype) with labels y ∈ {0, 1}, starting from weights w0 and
// bias b0 (not modified), with learning rate lr, for at most maxEpochs
// passes. If trace is not nil it is called after every step t = 1, 2, …
// (one per visited sample, updated or not) with the current weights and
// bias; it must not keep or modify the slice.
func train(x *tensor.Tensor, y []int, w0 []float64, b0 float64, maxEpochs int, lr float64,
	trace func(t int, w []float64, b float64)) trainResult {
	if x.Rank() != 2 || x.Dim(0) != len(y) || x.Dim(1) != len(w0) {
		panic(fmt.Sprintf("perceptron.train: x has shape %v, want (%d, %d)", x.Shape(), len(y), len(w0)))
	}
	n, d := x.Dim(0), x.Dim(1)
	data := x.Values() // row-major copy as float64
	w := append([]float64(nil), w0...)
	b := b0
	res := trainResult{}
	t := 1
	for res.epochs < maxEpochs && !res.converged {
		errs := 0
		for i := range n {
			xi := data[i*d : (i+1)*d]
			yhat := predict(w, b, xi)
			if diff := float64(y[i] - yhat); diff != 0 { // w_t ← w_{t-1} + η(y − ŷ)x
				errs++
				for j, v := range xi {
					w[j] += lr * diff * v
				}
				b += lr * diff // the constant input x_0 = 1
			}
			if trace != nil {
				trace(t, w, b)
			}
			t++
		}
		res.epochs++
		res.mistakes = append(res.mistakes, errs)
		res.converged = errs == 0
	}
	res.w, res.b = w, b
	return res
}

// predict returns f(wᵀx + b): 1 if the activation is strictly positive,
// else 0.
func predict(w []float64, b float64, x []float64) int {
	a := b
	for j, v := range x {
		a += w[j] * v
	}
	if a > 0 {
		return 1
	}
	return 0
}

// initWeights draws the random initial weights w_0 and bias uniformly from
// [−0.5, 0.5).
func initWeights(rng *tensor.RNG, d int) ([]float64, float64) {
	wb := rng.Uniform(tensor.Float64, -0.5, 0.5, d+1).Float64s()
	return wb[1:], wb[0]
}

// Parameters of the generated data set: blob centres ±blobCentre·(1, 1),
// unit standard deviation, and points kept only if they lie at least
// blobMargin from the separating line x_1 + x_2 = 0 on their own side.
const (
	blobCentre = 2.0
	blobMargin = 0.5
)

// makeBlobs returns n points in the plane, half of class 1 around
// (+2, +2) and half of class 0 around (−2, −2), each drawn from a unit
// Gaussian and rejected until it lies on its class's side of the line
// x_1 + x_2 = 0 at a distance of at least blobMargin, so the set is linearly
// separable with that margin. The points are then shuffled.
func makeBlobs(rng *tensor.RNG, n int) (*tensor.Tensor, []int) {
	data := make([]float64, 0, 2*n)
	y := make([]int, n)
	for i := range n {
		y[i] = i % 2
		sign := float64(2*y[i] - 1)
		for {
			p0 := sign*blobCentre + rng.NormFloat64()
			p1 := sign*blobCentre + rng.NormFloat64()
			if sign*(p0+p1)/math.Sqrt2 >= blobMargin {
				data = append(data, p0, p1)
				break
			}
		}
	}
	rng.Shuffle(n, func(i, j int) {
		y[i], y[j] = y[j], y[i]
		data[2*i], data[2*j] = data[2*j], data[2*i]
		data[2*i+1], data[2*j+1] = data[2*j+1], data[2*i+1]
	})
	return tensor.FromSlice(data, n, 2), y
}

// loadIris reads scikit-learn's iris.csv (a header line
// "150,4,setosa,versicolor,virginica" giving the number of samples and
// features, then rows "5.1,3.5,1.4,0.2,0") and returns the samples of
// classes 0 and 1 with all features, in file order.
func loadIris(path string) (*tensor.Tensor, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	x, y, err := parseIris(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, y, nil
}

// parseIris does loadIris's work on an open reader.
func parseIris(r io.Reader) (*tensor.Tensor, []int, error) {
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, nil, err
		}
		return nil, nil, errors.New("empty file, want a header line")
	}
	head := strings.Split(strings.TrimSpace(sc.Text()), ",")
	if len(head) < 2 {
		return nil, nil, fmt.Errorf("header %q: want \"samples,features,class names...\"", sc.Text())
	}
	nSamples, err1 := strconv.Atoi(head[0])
	nFeat, err2 := strconv.Atoi(head[1])
	if err1 != nil || err2 != nil || nSamples < 0 || nFeat < 1 {
		return nil, nil, fmt.Errorf("header %q: want sample and feature counts", sc.Text())
	}
	var data []float64
	var y []int
	rows := 0
	for line := 2; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		rows++
		fields := strings.Split(text, ",")
		if len(fields) != nFeat+1 {
			return nil, nil, fmt.Errorf("line %d: %d fields, want %d", line, len(fields), nFeat+1)
		}
		label, err := strconv.Atoi(fields[nFeat])
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: class label: %w", line, err)
		}
		if label != 0 && label != 1 {
			continue
		}
		for _, s := range fields[:nFeat] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %w", line, err)
			}
			data = append(data, v)
		}
		y = append(y, label)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if rows != nSamples {
		return nil, nil, fmt.Errorf("header announces %d samples, file has %d", nSamples, rows)
	}
	if len(y) == 0 {
		return nil, nil, errors.New("no samples of classes 0 or 1")
	}
	return tensor.FromSlice(data, len(y), nFeat), y, nil
}
