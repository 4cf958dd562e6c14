package layers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// Context is what a layer sees in Build and Call: the dtype of the model,
// a random stream, the layer's name, and, in Call, the graph, whether this
// is the training pass, and the ways to read weights (Var) and to register
// updates (AddUpdate) and extra losses (AddLoss).
type Context struct {
	// Graph is the graph Call adds its nodes to; nil in Build.
	Graph *graph.Graph
	// DType is the model's dtype (weights and activations).
	DType tensor.DType
	// RNG is the model's random stream, for initializers and for seeds of
	// random ops such as Dropout.
	RNG *tensor.RNG
	// Name is the layer's name in the model, e.g. "dense_1".
	Name string
	// Training is true in the pass that Fit runs (Dropout active, updates
	// registered), false in the inference pass of Evaluate and Predict.
	Training bool

	layer       Layer
	scope       *Scope        // nil in Build
	masks       []*graph.Node // the inputs' masks in Call (see mask.go)
	outMasks    []*graph.Node // set by SetOutputMasks
	outMasksSet bool
}

// AddWeight creates a weight named "<layer>/<name>" initialised by init,
// adds it to the layer's weights and returns it. Only Build may call it.
// Non-trainable weights (trainable false) are left alone by the optimizer:
// they change only through AddUpdate, like BatchNormalization's moving
// statistics.
func (c *Context) AddWeight(name string, shape tensor.Shape, init initializers.Initializer, reg regularizers.Regularizer, trainable bool) (*Weight, error) {
	if c.scope != nil || c.layer == nil {
		return nil, errors.New("layers: AddWeight is for Build: a layer creates its weights there")
	}
	if init == nil {
		return nil, Errorf(c.layer, "weight %s has no initializer", name)
	}
	if _, err := tensor.CheckSize(c.DType, shape); err != nil {
		return nil, Errorf(c.layer, "weight %s: %v", name, err)
	}
	value, err := init.Init(c.RNG, c.DType, shape)
	if err != nil {
		return nil, Errorf(c.layer, "initializing %s: %v", name, err)
	}
	w := &Weight{Name: c.Name + "/" + name, Trainable: trainable, Regularizer: reg, value: value}
	b := c.layer.LayerBase()
	b.weights = append(b.weights, w)
	return w, nil
}

// Var returns the node that holds weight w in this call's graph (the same
// node for every call of the pass, so gradients and updates reach one
// variable). Only Call may use it.
func (c *Context) Var(w *Weight) *graph.Node {
	if c.scope == nil {
		panic("layers: Context.Var outside Call")
	}
	return c.scope.vars.Node(w)
}

// AddUpdate registers an assignment w ← value that every training step
// runs after the gradients are taken, as Keras's moving-average updates
// (BatchNormalization's moving mean). value must have w's dtype and shape.
// Updates registered in the inference pass are ignored: Evaluate and
// Predict never change weights.
func (c *Context) AddUpdate(w *Weight, value *graph.Node) error {
	if c.scope == nil {
		return errors.New("layers: AddUpdate is for Call")
	}
	if w == nil || value == nil {
		return Errorf(c.layer, "AddUpdate: weight and value must not be nil")
	}
	if value.DType() != w.DType() || !value.Shape().Equal(w.Shape()) {
		return Errorf(c.layer, "AddUpdate: weight %s is %v %s, the update is %v %s",
			w.Name, w.DType(), FormatShape(w.Shape()), value.DType(), FormatShape(value.Shape()))
	}
	if c.Training {
		c.scope.updates = append(c.scope.updates, Update{Weight: w, Value: value})
	}
	return nil
}

// AddLoss adds a scalar term to the loss that training minimises (Keras's
// add_loss; activity regularization uses it). Terms added in the training
// pass count in Fit's loss, terms added in the inference pass in
// Evaluate's, as in Keras.
func (c *Context) AddLoss(loss *graph.Node) error {
	if c.scope == nil {
		return errors.New("layers: AddLoss is for Call")
	}
	if loss == nil {
		return Errorf(c.layer, "AddLoss: loss is nil")
	}
	if loss.Shape().Rank() != 0 {
		return Errorf(c.layer, "AddLoss: the loss must be a scalar, got shape %s", FormatShape(loss.Shape()))
	}
	c.scope.losses = append(c.scope.losses, loss)
	return nil
}

// Scope returns the pass this Call belongs to (nil in Build). A layer made
// of layers — a model nested in a model — calls its layers with
// CallLayer(ctx.Scope(), …), so that their weights, updates and losses
// join the pass.
func (c *Context) Scope() *Scope { return c.scope }

// Errorf returns an error about the layer being built or called, prefixed
// with its name and type.
func (c *Context) Errorf(format string, args ...any) error {
	if c.layer == nil {
		return fmt.Errorf(format, args...)
	}
	return Errorf(c.layer, format, args...)
}

// Update is an assignment registered with Context.AddUpdate or
// Context.AddStateUpdate.
type Update struct {
	Weight *Weight
	Value  *graph.Node
	// Layer is the layer that registered the update (set by
	// AddStateUpdate).
	Layer Layer
}

// Vars binds weights to variables of one graph, each weight to one
// variable node that shares the weight's storage.
type Vars struct {
	g     *graph.Graph
	nodes map[*Weight]*graph.Node
	order []*Weight
}

// NewVars returns an empty binding for graph g.
func NewVars(g *graph.Graph) *Vars {
	return &Vars{g: g, nodes: map[*Weight]*graph.Node{}}
}

// Node returns the variable of w in the graph, adding it on first use.
func (v *Vars) Node(w *Weight) *graph.Node {
	if n, ok := v.nodes[w]; ok {
		return n
	}
	n := v.g.VariableOf(w.Name, w.value)
	n.SetTrainable(w.Trainable)
	v.nodes[w] = n
	v.order = append(v.order, w)
	return n
}

// Bound returns the weights bound so far, in binding order.
func (v *Vars) Bound() []*Weight { return v.order }

// Lookup returns w's node if it is bound.
func (v *Vars) Lookup(w *Weight) (*graph.Node, bool) {
	n, ok := v.nodes[w]
	return n, ok
}

// Scope is one pass of a model over its layers in one graph — the
// training pass or the inference pass. It binds weights through its Vars
// and collects the updates and losses the layers register.
type Scope struct {
	vars     *Vars
	dtype    tensor.DType
	rng      *tensor.RNG
	training bool
	updates  []Update
	losses   []*graph.Node
	step     *graph.Node // the random ops' step counter (see RandomStep)
	stepUsed bool        // RandomStep was called
	batch    int         // the model's fixed batch size, 0 if none (see SetBatchSize)
	states   []Update    // registered with AddStateUpdate, in every pass
}

// NewScope returns a pass over vars' graph in dtype, drawing seeds from
// rng; training selects the training pass.
func NewScope(vars *Vars, dtype tensor.DType, rng *tensor.RNG, training bool) *Scope {
	return &Scope{vars: vars, dtype: dtype, rng: rng, training: training}
}

// Graph returns the pass's graph.
func (s *Scope) Graph() *graph.Graph { return s.vars.g }

// Training reports whether this is the training pass.
func (s *Scope) Training() bool { return s.training }

// Vars returns the pass's weight binding.
func (s *Scope) Vars() *Vars { return s.vars }

// Updates returns the updates registered in the pass (training only).
func (s *Scope) Updates() []Update { return s.updates }

// Losses returns the loss terms registered in the pass.
func (s *Scope) Losses() []*graph.Node { return s.losses }

// BuildLayer builds l for per-sample input shapes in, as models do before
// the first call: it checks the shapes with OutputShapes and runs Build
// once. A layer already built must be given the shapes it was built for.
// Weights are created in dtype and initialised from rng.
func BuildLayer(l Layer, in []tensor.Shape, dtype tensor.DType, rng *tensor.RNG) error {
	if err := checkLayer(l); err != nil {
		return err
	}
	b := l.LayerBase()
	if b.built {
		if !ShapesEqual(b.inputShapes, in) {
			return Errorf(l, "was built for inputs of shape %s, got %s",
				FormatShapes(b.inputShapes), FormatShapes(in))
		}
		return nil
	}
	if _, err := l.OutputShapes(in); err != nil {
		return errorFor(l, err)
	}
	b.weights = nil
	name := nameOf(l)
	if name == "" {
		name = strings.ToLower(l.Type()) // used alone, outside a model
	}
	ctx := &Context{DType: dtype, RNG: rng, Name: name, layer: l}
	if err := l.Build(ctx, in); err != nil {
		b.weights = nil
		return errorFor(l, err)
	}
	for i, w := range l.Weights() {
		if w == nil {
			b.weights = nil
			return Errorf(l, "Weights() holds nil at index %d", i)
		}
	}
	b.built = true
	b.inputShapes = make([]tensor.Shape, len(in))
	for i, s := range in {
		b.inputShapes[i] = s.Clone()
	}
	return nil
}

// CallLayer adds l's computation on in to the scope's graph, under a name
// scope of the layer's name, and checks what it returns: one non-nil node
// of the graph per output. The layer must be built. The inputs carry no
// masks and the outputs' masks are dropped; see [CallLayerMasked].
func CallLayer(s *Scope, l Layer, in []*graph.Node) ([]*graph.Node, error) {
	_, out, err := callLayer(s, l, in, nil)
	return out, err
}

// callLayer is CallLayer with the inputs' masks; it returns the context
// Call ran in, for the output masks.
func callLayer(s *Scope, l Layer, in, masks []*graph.Node) (*Context, []*graph.Node, error) {
	if err := checkLayer(l); err != nil {
		return nil, nil, err
	}
	if !l.LayerBase().built {
		return nil, nil, Errorf(l, "called before Build")
	}
	g := s.Graph()
	for i, x := range in {
		if x == nil {
			return nil, nil, Errorf(l, "input %d is nil", i)
		}
		if x.Graph() != g {
			return nil, nil, Errorf(l, "input %s belongs to another graph", x.Name())
		}
	}
	for i, m := range masks {
		if m != nil && m.Graph() != g {
			return nil, nil, Errorf(l, "the mask of input %d belongs to another graph", i)
		}
	}
	if err := checkBuiltShapes(l, in); err != nil {
		return nil, nil, err
	}
	for _, w := range l.Weights() {
		s.vars.Node(w) // bound outside the layer's name scope: "dense/kernel"
	}
	name := nameOf(l)
	if name == "" {
		name = strings.ToLower(l.Type())
	}
	ctx := &Context{Graph: g, DType: s.dtype, RNG: s.rng, Name: name, Training: s.training, layer: l, scope: s, masks: masks}
	out, err := callScoped(ctx, l, in)
	if err == nil {
		err = g.Err()
	}
	if err != nil {
		return nil, nil, errorFor(l, err)
	}
	for i, y := range out {
		if y == nil {
			return nil, nil, Errorf(l, "Call returned a nil output %d", i)
		}
		if y.Graph() != g {
			return nil, nil, Errorf(l, "Call returned output %d from another graph", i)
		}
	}
	if err := addActivityLosses(ctx, l, out); err != nil {
		return nil, nil, errorFor(l, err)
	}
	return ctx, out, nil
}

// callScoped runs l.Call under a name scope of the layer's name, popped
// even if Call panics.
func callScoped(ctx *Context, l Layer, in []*graph.Node) ([]*graph.Node, error) {
	defer ctx.Graph.NameScope(ctx.Name)()
	return l.Call(ctx, in)
}

// checkBuiltShapes checks the nodes given to a built layer against the
// per-sample shapes it was built for (unknown dimensions pass).
func checkBuiltShapes(l Layer, in []*graph.Node) error {
	want := l.LayerBase().inputShapes
	got := make([]tensor.Shape, len(in))
	ok := len(in) == len(want)
	for i, x := range in {
		s := x.Shape()
		if s.Rank() < 1 {
			return Errorf(l, "input %s has no batch axis (shape %s)", x.Name(), FormatShape(s))
		}
		got[i] = s[1:]
		if ok && !Fits(got[i], want[i]) {
			ok = false
		}
	}
	if !ok {
		return Errorf(l, "was built for inputs of shape %s, got %s", FormatShapes(want), FormatShapes(got))
	}
	return nil
}

// Fits reports whether a static per-sample shape (Unknown dimensions
// allowed) can be the shape want, whose Unknown dimensions (a layer
// built for sequences of any length) take any length.
func Fits(got, want tensor.Shape) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] && got[i] != graph.Unknown && want[i] != graph.Unknown {
			return false
		}
	}
	return true
}

// checkLayer rejects nil layers, typed nil included.
func checkLayer(l Layer) error {
	if IsNil(l) {
		return errors.New("layers: the layer is nil")
	}
	return nil
}

// ShapesEqual reports whether two lists of shapes are equal.
func ShapesEqual(a, b []tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// FormatShapes formats per-sample shapes with the None batch axis, a list
// in brackets when there are several: "[(None, 3), (None, 2)]".
func FormatShapes(ss []tensor.Shape) string {
	if len(ss) == 1 {
		return sampleShape(ss[0])
	}
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += sampleShape(s)
	}
	return out + "]"
}
