package models

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// topology is the graph of layer calls between a model's inputs and
// outputs, in the order they are computed.
type topology struct {
	inputs      []*layers.Tensor
	outputs     []*layers.Tensor
	calls       []*layers.LayerCall // computation order; InputLayer calls included
	layers      []layers.Layer      // each layer once, in order of first call
	inputNames  []string
	outputNames []string
}

// newTopology checks inputs and outputs and orders the calls between them.
func newTopology(inputs, outputs []*layers.Tensor) (*topology, error) {
	if len(inputs) == 0 || len(outputs) == 0 {
		return nil, errors.New("models: a model needs at least one input and one output")
	}
	t := &topology{inputs: inputs, outputs: outputs}
	declared := map[*layers.Tensor]bool{}
	for i, in := range inputs {
		if err := checkSymbolic(in, "input", i); err != nil {
			return nil, err
		}
		if _, ok := in.Layer().(*layers.InputLayer); !ok {
			return nil, fmt.Errorf("models: input %d comes from %s, not from layers.Input", i, layers.Describe(in.Layer()))
		}
		if declared[in] {
			return nil, fmt.Errorf("models: input %d is listed twice", i)
		}
		declared[in] = true
	}
	for i, out := range outputs {
		if err := checkSymbolic(out, "output", i); err != nil {
			return nil, err
		}
	}
	if err := t.order(declared); err != nil {
		return nil, err
	}
	if err := t.name(); err != nil {
		return nil, err
	}
	return t, nil
}

// checkSymbolic rejects nil tensors and tensors that carry an error.
func checkSymbolic(t *layers.Tensor, what string, i int) error {
	if t == nil {
		return fmt.Errorf("models: %s %d is nil", what, i)
	}
	if err := t.Err(); err != nil {
		return fmt.Errorf("models: %s %d: %w", what, i, err)
	}
	return nil
}

// order walks back from the outputs and lists the calls so that every
// call comes after the calls that produce its inputs.
func (t *topology) order(declared map[*layers.Tensor]bool) error {
	done := map[*layers.LayerCall]bool{}
	onPath := map[*layers.LayerCall]bool{}
	used := map[*layers.Tensor]bool{}
	met := map[layers.Layer]int{} // first meeting in a walk from the outputs
	var visit func(c *layers.LayerCall) error
	visit = func(c *layers.LayerCall) error {
		if done[c] {
			return nil
		}
		if onPath[c] {
			return fmt.Errorf("models: the layers form a cycle at %s", layers.Describe(c.Layer))
		}
		onPath[c] = true
		if _, ok := met[c.Layer]; !ok {
			met[c.Layer] = len(met)
		}
		if _, isInput := c.Layer.(*layers.InputLayer); isInput {
			in := c.Outputs[0]
			if !declared[in] {
				return fmt.Errorf("models: an output depends on %s, which is not among the model's inputs: list it in NewModel's inputs",
					describeInput(c.Layer))
			}
			used[in] = true
		}
		for _, in := range c.Inputs {
			call, _ := in.Producer()
			if err := visit(call); err != nil {
				return err
			}
		}
		onPath[c] = false
		done[c] = true
		t.calls = append(t.calls, c)
		return nil
	}
	for _, out := range t.outputs {
		call, _ := out.Producer()
		if err := visit(call); err != nil {
			return err
		}
	}
	for i, in := range t.inputs {
		if !used[in] {
			return fmt.Errorf("models: input %d (%s) is not connected to any output", i, describeInput(in.Layer()))
		}
	}
	t.layers = layersByDepth(t.calls, met)
	return nil
}

// layersByDepth lists each layer once in Keras's order for model.layers:
// by decreasing depth (distance from the outputs; the inputs come first),
// and at equal depth in the order a walk from the outputs first meets
// them.
func layersByDepth(calls []*layers.LayerCall, met map[layers.Layer]int) []layers.Layer {
	depth := map[*layers.LayerCall]int{}
	for i := len(calls) - 1; i >= 0; i-- { // consumers before producers
		c := calls[i]
		for _, in := range c.Inputs {
			p, _ := in.Producer()
			depth[p] = max(depth[p], depth[c]+1)
		}
	}
	layerDepth := map[layers.Layer]int{}
	var out []layers.Layer
	for _, c := range calls {
		if _, ok := layerDepth[c.Layer]; !ok {
			out = append(out, c.Layer)
		}
		layerDepth[c.Layer] = max(layerDepth[c.Layer], depth[c])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if layerDepth[out[i]] != layerDepth[out[j]] {
			return layerDepth[out[i]] > layerDepth[out[j]]
		}
		return met[out[i]] < met[out[j]]
	})
	return out
}

// describeInput names an InputLayer by its name if it has one, else by its
// shape.
func describeInput(l layers.Layer) string {
	if n := l.LayerBase().UniqueName(); n != "" {
		return fmt.Sprintf("input %q", n)
	}
	if n, ok := l.(layers.Named); ok && n.LayerName() != "" {
		return fmt.Sprintf("input %q", n.LayerName())
	}
	if in, ok := l.(*layers.InputLayer); ok {
		return "an input of shape " + layers.FormatSampleShape(in.Shape)
	}
	return layers.Describe(l)
}

// name gives every unnamed layer a unique name derived from its type, as
// Keras does ("dense", "dense_1", …), keeping names already given, and
// names the inputs and outputs.
func (t *topology) name() error {
	byCreation := append([]layers.Layer{}, t.layers...)
	first := map[layers.Layer]uint64{}
	for _, c := range t.calls {
		if s, ok := first[c.Layer]; !ok || c.Seq < s {
			first[c.Layer] = c.Seq
		}
	}
	sort.SliceStable(byCreation, func(i, j int) bool { return first[byCreation[i]] < first[byCreation[j]] })
	if err := nameLayers(byCreation, nestedNames(t.layers)); err != nil {
		return err
	}
	for _, in := range t.inputs {
		t.inputNames = append(t.inputNames, in.Layer().LayerBase().UniqueName())
	}
	seen := map[string]int{}
	for _, out := range t.outputs {
		name := out.Layer().LayerBase().UniqueName()
		if _, i := out.Producer(); i > 0 {
			name = fmt.Sprintf("%s_%d", name, i)
		}
		if seen[name]++; seen[name] > 1 {
			name = fmt.Sprintf("%s_%d", name, seen[name]-1)
		}
		t.outputNames = append(t.outputNames, name)
	}
	return nil
}

// nestedNames returns the names taken by the layers of the models among
// ls (recursively), which the outer model's layers must not reuse: their
// weights would have the same names. Input layers have no weights and are
// left out.
func nestedNames(ls []layers.Layer) map[string]layers.Layer {
	taken := map[string]layers.Layer{}
	var walk func(ls []layers.Layer)
	walk = func(ls []layers.Layer) {
		for _, l := range ls {
			n, ok := l.(interface{ innerLayers() []layers.Layer })
			if !ok {
				continue
			}
			for _, in := range n.innerLayers() {
				if _, isInput := in.(*layers.InputLayer); isInput {
					continue // no weights, so no clash
				}
				if name := in.LayerBase().UniqueName(); name != "" {
					taken[name] = in
				}
			}
			walk(n.innerLayers())
		}
	}
	walk(ls)
	return taken
}

// nameLayers names the layers of one model, avoiding the names in taken.
func nameLayers(ls []layers.Layer, taken map[string]layers.Layer) error {
	owner := map[string]layers.Layer{}
	for name, l := range taken {
		owner[name] = l
	}
	claim := func(name string, l layers.Layer) error {
		if other, ok := owner[name]; ok && other != l {
			return fmt.Errorf("models: two layers are named %q (%s and %s): layer names must be unique in a model",
				name, other.Type(), l.Type())
		}
		owner[name] = l
		return nil
	}
	for _, l := range ls {
		b := l.LayerBase()
		if b.UniqueName() == "" {
			if n, ok := l.(layers.Named); ok && n.LayerName() != "" {
				b.SetUniqueName(n.LayerName())
			}
		}
		if n := b.UniqueName(); n != "" {
			if err := claim(n, l); err != nil {
				return err
			}
		}
	}
	count := map[string]int{}
	for _, l := range ls {
		b := l.LayerBase()
		if b.UniqueName() != "" {
			continue
		}
		base := snakeCase(l.Type())
		for {
			name := base
			if k := count[base]; k > 0 {
				name = fmt.Sprintf("%s_%d", base, k)
			}
			count[base]++
			if _, taken := owner[name]; !taken {
				b.SetUniqueName(name)
				owner[name] = l
				break
			}
		}
	}
	return nil
}

// snakeCase turns a class name into Keras's default layer name, with
// Keras's rule (to_snake_case): "BatchNormalization" → "batch_normalization",
// "ReLU" → "re_lu", "Conv2D" → "conv2d", "SimpleRNN" → "simple_rnn".
func snakeCase(s string) string {
	s = nonWord.ReplaceAllString(s, "")
	s = wordStart.ReplaceAllString(s, "${1}_${2}")
	return strings.ToLower(lowerUpper.ReplaceAllString(s, "${1}_${2}"))
}

var (
	nonWord    = regexp.MustCompile(`\W+`)
	wordStart  = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	lowerUpper = regexp.MustCompile(`([a-z])([A-Z])`)
)

// inputShapes returns the per-sample shapes of the inputs.
func (t *topology) inputShapes() []tensor.Shape {
	out := make([]tensor.Shape, len(t.inputs))
	for i, in := range t.inputs {
		out[i] = in.Shape()
	}
	return out
}

// outputShapes returns the per-sample shapes of the outputs.
func (t *topology) outputShapes() []tensor.Shape {
	out := make([]tensor.Shape, len(t.outputs))
	for i, o := range t.outputs {
		out[i] = o.Shape()
	}
	return out
}

// buildLayers builds every layer not built yet, in computation order.
func (t *topology) buildLayers(dtype tensor.DType, rng *tensor.RNG) error {
	for _, c := range t.calls {
		shapes := make([]tensor.Shape, len(c.Inputs))
		for i, in := range c.Inputs {
			shapes[i] = in.Shape()
		}
		if len(c.Inputs) == 0 { // an InputLayer: built on its own shape
			shapes = []tensor.Shape{c.Outputs[0].Shape()}
		}
		if err := layers.BuildLayer(c.Layer, shapes, dtype, rng); err != nil {
			return err
		}
	}
	return nil
}

// forward adds the pass of every layer call to the scope's graph, from
// nodes for the inputs, and returns the nodes of the outputs.
func (t *topology) forward(s *layers.Scope, inputs []*graph.Node) ([]*graph.Node, error) {
	out, _, err := t.forwardMasked(s, inputs, nil)
	return out, err
}

// forwardMasked is forward for inputs that may carry masks (one per input,
// nil entries or a nil slice for none); it also returns the masks of the
// outputs (nil entries for none), which travel from layer to layer as
// layers.CallLayerMasked passes them on.
func (t *topology) forwardMasked(s *layers.Scope, inputs, inMasks []*graph.Node) (out, outMasks []*graph.Node, err error) {
	if len(inputs) != len(t.inputs) {
		return nil, nil, fmt.Errorf("the model takes %d inputs, got %d", len(t.inputs), len(inputs))
	}
	vals := make(map[*layers.Tensor]*graph.Node, len(t.calls))
	masks := map[*layers.Tensor]*graph.Node{}
	for i, in := range t.inputs {
		vals[in] = inputs[i]
		if i < len(inMasks) && inMasks[i] != nil {
			masks[in] = inMasks[i]
		}
	}
	for _, c := range t.calls {
		if len(c.Inputs) == 0 {
			continue // an InputLayer: its node is the input's
		}
		xs := make([]*graph.Node, len(c.Inputs))
		var ms []*graph.Node
		for i, in := range c.Inputs {
			xs[i] = vals[in]
			if m := masks[in]; m != nil {
				if ms == nil {
					ms = make([]*graph.Node, len(c.Inputs))
				}
				ms[i] = m
			}
		}
		ys, yms, err := layers.CallLayerMasked(s, c.Layer, xs, ms)
		if err != nil {
			return nil, nil, err
		}
		if len(ys) != len(c.Outputs) {
			return nil, nil, layers.Errorf(c.Layer, "Call returned %d outputs, OutputShapes gave %d", len(ys), len(c.Outputs))
		}
		for i, y := range ys {
			if !layers.Fits(y.Shape()[1:], c.Outputs[i].Shape()) || y.Shape().Rank() == 0 {
				return nil, nil, layers.Errorf(c.Layer, "Call returned output %d of shape %s, OutputShapes gave %s",
					i, layers.FormatShape(y.Shape()), layers.FormatSampleShape(c.Outputs[i].Shape()))
			}
			vals[c.Outputs[i]] = y
			if yms[i] != nil {
				masks[c.Outputs[i]] = yms[i]
			}
		}
	}
	out = make([]*graph.Node, len(t.outputs))
	outMasks = make([]*graph.Node, len(t.outputs))
	for i, o := range t.outputs {
		out[i], outMasks[i] = vals[o], masks[o]
	}
	return out, outMasks, nil
}

// weights returns every weight of the model's layers, in layer order, each
// once.
func (t *topology) weights() []*layers.Weight {
	var out []*layers.Weight
	seen := map[*layers.Weight]bool{}
	for _, l := range t.layers {
		for _, w := range l.Weights() {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// sameShapes reports whether two lists of shapes are equal.
func sameShapes(a, b []tensor.Shape) bool { return layers.ShapesEqual(a, b) }

// shapesString formats per-sample shapes with the None batch axis.
func shapesString(ss []tensor.Shape) string { return layers.FormatShapes(ss) }

// shapeString formats a full shape (batch axis included) as Keras does.
func shapeString(s tensor.Shape) string { return layers.FormatShape(s) }
