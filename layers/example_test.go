package layers_test

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// The functional API: two inputs, a Dense branch on one of them, joined
// with the other by Concatenate. The symbolic tensors know their
// per-sample shapes (the batch axis prints as None); models.NewModel turns
// them into a model. A mistake is carried by the tensors to the end.
func ExampleCall() {
	text := layers.NamedInput("text", 32)
	meta := layers.NamedInput("meta", 5)
	h := layers.Call(&layers.Dense{Units: 16, Activation: "relu"}, text)
	joined := layers.Call(&layers.Concatenate{}, h, meta)
	out := layers.Call(&layers.Dense{Units: 1, Activation: "sigmoid", Name: "score"}, joined)
	for _, t := range []*layers.Tensor{text, meta, h, joined, out} {
		fmt.Println(t)
	}

	bad := layers.Call(&layers.Concatenate{Axis: 1}, layers.Input(2, 3), layers.Input(2, 4))
	fmt.Println(layers.Call(&layers.Flatten{}, bad).Err())
	// Output:
	// <Tensor shape=(None, 32) from layer "text" (InputLayer)>
	// <Tensor shape=(None, 5) from layer "meta" (InputLayer)>
	// <Tensor shape=(None, 16) from Dense layer>
	// <Tensor shape=(None, 21) from Concatenate layer>
	// <Tensor shape=(None, 1) from layer "score" (Dense)>
	// Concatenate layer: inputs of shapes [(None, 2, 3), (None, 2, 4)] cannot be joined along axis 1: they differ in axis 2
}

// A residual connection: Add sums the block's input and output, which must
// have the same shape (or sizes of 1 that broadcast).
func ExampleAdd() {
	x := layers.Input(10, 8)
	h := layers.Call(&layers.Dense{Units: 8, Activation: "relu"}, x)
	h = layers.Call(&layers.Dense{Units: 8}, h)
	y := layers.Call(&layers.Add{}, x, h)
	fmt.Println(layers.FormatSampleShape(y.Shape()))

	// A bias per feature, shared by the 10 steps, broadcasts:
	bias := layers.Input(1, 8)
	fmt.Println(layers.FormatSampleShape(layers.Call(&layers.Add{}, y, bias).Shape()))

	narrow := layers.Call(&layers.Dense{Units: 4}, x)
	fmt.Println(layers.Call(&layers.Add{Name: "residual"}, x, narrow).Err())
	// Output:
	// (None, 10, 8)
	// (None, 10, 8)
	// layer "residual" (Add): inputs of shapes [(None, 10, 8), (None, 10, 4)] cannot be merged: axis 2 has sizes 8 and 4
}

// Scale is a layer written by a user: it multiplies its input by one
// trainable scalar, which starts at Init.
type Scale struct {
	Init float64

	layers.Base
	scale *layers.Weight
}

// Type returns "Scale".
func (*Scale) Type() string { return "Scale" }

// OutputShapes returns the input's shape.
func (s *Scale) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	x, err := layers.One(s, in)
	if err != nil {
		return nil, err
	}
	return []tensor.Shape{x.Clone()}, nil
}

// Build creates the scalar weight.
func (s *Scale) Build(ctx *layers.Context, _ []tensor.Shape) error {
	w, err := ctx.AddWeight("scale", tensor.Shape{}, initializers.Constant{Value: s.Init}, nil, true)
	if err != nil {
		return err
	}
	s.scale = w
	return nil
}

// Call multiplies the input by the weight, read with ctx.Var.
func (s *Scale) Call(ctx *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := layers.One(s, in)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Mul(x, ctx.Var(s.scale))}, nil
}

// A custom layer: Scale (above) embeds layers.Base, creates its weight in
// Build with ctx.AddWeight and reads it in Call with ctx.Var. Here it is
// built and called by hand, as a model would: BuildLayer, then CallLayer
// in a graph, whose variable shares the weight's storage.
func ExampleLayer_custom() {
	s := &Scale{Init: 2}
	s.SetUniqueName("scale") // a model names its layers
	rng := tensor.NewRNG(0)
	if err := layers.BuildLayer(s, []tensor.Shape{{3}}, tensor.Float64, rng); err != nil {
		fmt.Println(err)
		return
	}
	w := s.Weights()[0]
	fmt.Println(w.Name, w.Value())

	g := graph.New()
	scope := layers.NewScope(layers.NewVars(g), tensor.Float64, rng, false)
	x := g.Const(tensor.FromSlice([]float64{1, 2, 3, -1, 4, 0.5}, 2, 3))
	out, err := layers.CallLayer(scope, s, []*graph.Node{x})
	if err != nil {
		fmt.Println(err)
		return
	}
	sess := graph.NewSession(g)
	y, err := sess.Run(nil, out[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(y[0])

	// The graph reads the weight's storage: a new value is seen at once.
	if err := w.Set(tensor.Scalar(-1.0)); err != nil {
		fmt.Println(err)
		return
	}
	y, _ = sess.Run(nil, out[0])
	fmt.Println(y[0])

	_, err = layers.CallLayer(scope, s, []*graph.Node{x, x})
	fmt.Println(err)
	// Output:
	// scale/scale 2.0
	// [[ 2.  4.  6.]
	//  [-2.  8.  1.]]
	// [[-1.  -2.  -3. ]
	//  [ 1.  -4.  -0.5]]
	// layer "scale" (Scale): was built for inputs of shape (None, 3), got [(None, 3), (None, 3)]
}

// Masking masks the time steps whose features all equal MaskValue (here
// the default, 0): the output has them zeroed, and carries the mask,
// any(x ≠ 0) over the features, to the layers after it. CallLayerMasked
// returns the outputs' masks along with the outputs.
func ExampleMasking() {
	m := &layers.Masking{}
	if err := layers.BuildLayer(m, []tensor.Shape{{4, 2}}, tensor.Float32, nil); err != nil {
		fmt.Println(err)
		return
	}
	g := graph.New()
	scope := layers.NewScope(layers.NewVars(g), tensor.Float32, nil, false)
	x := g.Const(tensor.FromSlice([]float32{1, 2, 0, 0, 3, 0, 0, 0}, 1, 4, 2))
	out, masks, err := layers.CallLayerMasked(scope, m, []*graph.Node{x}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := graph.NewSession(g).Run(nil, out[0], masks[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("output:", res[0].Float32s())
	fmt.Println("mask:  ", res[1].Float32s())
	// Output:
	// output: [1 2 0 0 3 0 0 0]
	// mask:   [1 0 1 0]
}
