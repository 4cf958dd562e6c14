package layers_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// A Conv2D layer on channels-last images. Symbolically, Keras's MNIST
// convnet's first layers map (28, 28, 1) images to 32 feature maps of 26×26
// and pool them to 13×13. Then a one-filter Conv2D with a hand-set 2×2
// kernel (a vertical-edge detector: left column minus right column) runs
// on a 3×4 image whose right half is bright, with "same" padding: the
// output keeps the image's size, and the windows of the last row and
// column read one row and column of zeros after the image (TensorFlow's
// rule puts the odd padding after).
func ExampleConv2D() {
	img := layers.Input(28, 28, 1)
	maps := layers.Call(&layers.Conv2D{Filters: 32, KernelSize: [2]int{3, 3}, Activation: "relu"}, img)
	pooled := layers.Call(&layers.MaxPooling2D{PoolSize: [2]int{2, 2}}, maps)
	fmt.Println(maps.Shape(), pooled.Shape())

	edge := &layers.Conv2D{Filters: 1, KernelSize: [2]int{2, 2}, Padding: "same", NoBias: true}
	rng := tensor.NewRNG(1)
	if err := layers.BuildLayer(edge, []tensor.Shape{{3, 4, 1}}, tensor.Float64, rng); err != nil {
		fmt.Println(err)
		return
	}
	// The kernel is HWIO, (2, 2, 1, 1): rows [1, −1] and [1, −1].
	if err := edge.Kernel().Set(tensor.FromSlice([]float64{1, -1, 1, -1}, 2, 2, 1, 1)); err != nil {
		fmt.Println(err)
		return
	}
	g := graph.New()
	x := g.Const(tensor.FromSlice([]float64{
		0, 0, 1, 1,
		0, 0, 1, 1,
		0, 0, 1, 1,
	}, 1, 3, 4, 1))
	out, err := layers.CallLayer(layers.NewScope(layers.NewVars(g), tensor.Float64, rng, false), edge, []*graph.Node{x})
	if err != nil {
		fmt.Println(err)
		return
	}
	y, err := graph.NewSession(g).Run(nil, out[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tensor.Reshape(y[0], 3, 4))
	// Output:
	// (26, 26, 32) (13, 13, 32)
	// [[ 0. -2.  0.  2.]
	//  [ 0. -2.  0.  2.]
	//  [ 0. -1.  0.  1.]]
}
