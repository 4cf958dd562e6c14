// Command graph reproduces the three TensorFlow graph slides of the lecture
// with Neurite's graph package: building a graph, running it in a session,
// and asking it for gradients.
//
//	go run ./examples/graph
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "graph:", err)
		os.Exit(1)
	}
}

// run prints the results of the three slides to w.
func run(w io.Writer) error {
	for _, slide := range []func(io.Writer) error{multiply, polynomial, linear} {
		if err := slide(w); err != nil {
			return err
		}
	}
	return nil
}

// multiply is slide "tf.Graph": result = x * y on two constants.
func multiply(w io.Writer) error {
	g := graph.New()
	x := g.Const(tensor.FromSlice([]float32{1, 2, 3}))
	y := g.Const(tensor.FromSlice([]float32{4, 5, 6}))
	result := graph.Mul(x, y)
	out, err := graph.NewSession(g).Run(nil, result)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "x * y =", values(out[0]))
	return nil
}

// polynomial is slide "tf.Session": result = x**2 + x + 10 and its
// gradient, with the variable x fed the value 2.
func polynomial(w io.Writer) error {
	g := graph.New()
	x := g.Variable("x", tensor.Scalar[float32](1))
	result := graph.Add(graph.Add(graph.Square(x), x), g.Scalar(10))
	drdx := graph.Gradients(result, x)
	sess := graph.NewSession(g)
	feed := graph.Feeds{x: tensor.Scalar[float32](2)}
	r, err := sess.Run(feed, result)
	if err != nil {
		return err
	}
	d, err := sess.Run(feed, drdx...)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "x**2 + x + 10 at x=2:", values(r[0]))
	fmt.Fprintln(w, "gradient:", "["+values(d[0])+"]") // a list of gradients, one per x
	return nil
}

// linear is slide "generality at a price": result = Wᵀx + b with a 13×1
// weight W, input x and scalar bias b. Its gradient with respect to W is x,
// and with respect to b is 1.
func linear(w io.Writer) error {
	rng := tensor.NewRNG(2020)
	g := graph.New()
	x := g.Variable("x", rng.Uniform(tensor.Float32, 0, 1, 13, 1))
	W := g.Variable("W", rng.Uniform(tensor.Float32, 0, 1, 13, 1))
	b := g.Variable("b", tensor.Scalar[float32](0))
	result := graph.Add(graph.MatMulT(W, x, true, false), b)
	grads := graph.Gradients(result, W, b)
	sample := rng.Uniform(tensor.Float32, 0, 1, 13, 1)
	out, err := graph.NewSession(g).Run(graph.Feeds{x: sample}, result, grads[0], grads[1])
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Output:", values(out[0]))
	fmt.Fprintln(w, "Gradient with respect to W equals x:", tensor.ArrayEqual(out[1], sample))
	fmt.Fprintln(w, "Gradient with respect to b:", values(out[2]))
	return nil
}

// values formats a tensor's elements as "[4 10 18]", or "16" for a scalar.
func values(t *tensor.Tensor) string {
	vs := t.Values()
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.FormatFloat(v, 'g', 8, 64)
	}
	if t.Rank() == 0 {
		return parts[0]
	}
	return "[" + strings.Join(parts, " ") + "]"
}
