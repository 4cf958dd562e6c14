package optimizers_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// Minimize (w − 3)² by gradient descent: the gradient is 2(w − 3), so with
// learning rate 0.1 each step is w ← w − 0.2(w − 3), i.e. w − 3 shrinks by
// 0.8 a step: 0.6, 1.08, 1.464, 1.7712, 2.01696.
func Example() {
	g := graph.New()
	w := g.Variable("w", tensor.Scalar[float64](0))
	loss := graph.Square(graph.Add(w, g.Scalar(-3)))
	grads := graph.Gradients(loss, w)

	opt := &optimizers.SGD{LearningRate: 0.1}
	step, err := opt.Apply([]*graph.Node{w}, grads)
	if err != nil {
		fmt.Println(err)
		return
	}
	sess := graph.NewSession(g)
	for i := 0; i < 5; i++ {
		out, err := sess.Run(nil, loss, step) // the loss is computed before the update
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("step %d: loss %.4f, w %.5f\n", opt.Iterations(), out[0].Item(), w.Value().Item())
	}
	// Output:
	// step 1: loss 9.0000, w 0.60000
	// step 2: loss 5.7600, w 1.08000
	// step 3: loss 3.6864, w 1.46400
	// step 4: loss 2.3593, w 1.77120
	// step 5: loss 1.5099, w 2.01696
}

// With ClipNorm, a gradient whose L2 norm is above 1 is scaled down to norm
// 1. Minimizing (w − 3)² from w = 0, the gradient 2(w − 3) is about −6, so
// each clipped step is w ← w − 0.1·(−1): w rises by exactly 0.1 a step
// (until w passes 2.5, where |2(w − 3)| falls below 1).
func ExampleSGD_clipNorm() {
	g := graph.New()
	w := g.Variable("w", tensor.Scalar[float64](0))
	loss := graph.Square(graph.Add(w, g.Scalar(-3)))
	opt := &optimizers.SGD{LearningRate: 0.1, ClipNorm: 1}
	step, err := opt.Apply([]*graph.Node{w}, graph.Gradients(loss, w))
	if err != nil {
		fmt.Println(err)
		return
	}
	sess := graph.NewSession(g)
	for range 5 {
		out, err := sess.Run(nil, loss, step)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("loss %.2f, w %.1f\n", out[0].Item(), w.Value().Item())
	}
	// Output:
	// loss 9.00, w 0.1
	// loss 8.41, w 0.2
	// loss 7.84, w 0.3
	// loss 7.29, w 0.4
	// loss 6.76, w 0.5
}

// ExponentialDecay multiplies the rate by DecayRate every DecaySteps steps,
// smoothly (0.1·0.5^(step/100)) or, with Staircase, in whole steps.
func ExampleExponentialDecay() {
	smooth := optimizers.ExponentialDecay{InitialLearningRate: 0.1, DecaySteps: 100, DecayRate: 0.5}
	stairs := smooth
	stairs.Staircase = true
	for _, step := range []int64{0, 50, 100, 150, 300} {
		fmt.Printf("step %3d: %.6f %.6f\n", step, smooth.Rate(step), stairs.Rate(step))
	}
	// Output:
	// step   0: 0.100000 0.100000
	// step  50: 0.070711 0.100000
	// step 100: 0.050000 0.050000
	// step 150: 0.035355 0.050000
	// step 300: 0.012500 0.012500
}
