package layers

import (
	"strings"
	"unicode"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Bidirectional is Keras's Bidirectional wrapper: it runs a recurrent
// layer (SimpleRNN, LSTM or GRU) over the sequence forwards and a copy
// of it backwards, and merges their outputs. Layer gives the
// configuration of both: the forward layer is a copy of it, the backward
// one a copy with GoBackwards flipped, or a copy of BackwardLayer if set
// (which must go the other way and agree on ReturnSequences and
// ReturnState); the layers given are never built themselves. With
// ReturnSequences the backward outputs are put back in forward time order
// before merging, and masked steps output zeros, as Keras forces. The
// mask the sequence carries (see mask.go) reaches both layers.
//
// Outputs: the merged output, or with MergeMode "none" the forward and
// backward outputs; then, with ReturnState, the forward states and the
// backward states. It is stateful when the wrapped layer is (Keras takes
// stateful from it too): each direction keeps its own states, and
// ResetStates resets both. Inputs: as the wrapped layer's (see rnn.go), with the
// forward initial states followed by the backward ones. The weights are
// the forward layer's, then the backward layer's, named
// "<name>/forward_<layer>/…" and "<name>/backward_<layer>/…".
type Bidirectional struct {
	// Layer is the recurrent layer to run both ways.
	Layer Layer
	// BackwardLayer, if set, configures the backward layer.
	BackwardLayer Layer
	// MergeMode combines the two outputs: "concat" (the default, also
	// ""), "sum", "mul", "ave", or "none" (Keras's None: both outputs).
	MergeMode string
	// InputShape declares the per-sample input shape when Bidirectional is
	// the model's first layer.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
	forward, backward recurrentLayer
}

// Type returns "Bidirectional".
func (*Bidirectional) Type() string { return "Bidirectional" }

// LayerName returns Name.
func (b *Bidirectional) LayerName() string { return b.Name }

// DeclaredInputShape returns InputShape.
func (b *Bidirectional) DeclaredInputShape() []int { return b.InputShape }

// Validate checks the wrapped layers and MergeMode.
func (b *Bidirectional) Validate() error {
	_, _, err := b.directions()
	return err
}

// directions returns fresh forward and backward copies of the wrapped
// layers' configuration.
func (b *Bidirectional) directions() (fwd, bwd recurrentLayer, err error) {
	switch b.MergeMode {
	case "", "concat", "sum", "mul", "ave", "none":
	default:
		return nil, nil, Errorf(b, "merge mode must be concat, sum, mul, ave or none, got %q", b.MergeMode)
	}
	l, ok := b.Layer.(recurrentLayer)
	if !ok || IsNil(b.Layer) {
		return nil, nil, Errorf(b, "needs a SimpleRNN, LSTM or GRU Layer, got %T", b.Layer)
	}
	if err := l.Validate(); err != nil {
		return nil, nil, err
	}
	c := l.config()
	fwd = l.withDirection(c.goBackwards, c.returnSequences)
	bwd = l.withDirection(!c.goBackwards, c.returnSequences)
	if !IsNil(b.BackwardLayer) {
		bl, ok := b.BackwardLayer.(recurrentLayer)
		if !ok {
			return nil, nil, Errorf(b, "needs a SimpleRNN, LSTM or GRU BackwardLayer, got %T", b.BackwardLayer)
		}
		bc := bl.config()
		if bc.goBackwards == c.goBackwards || bc.returnSequences != c.returnSequences || bc.returnState != c.returnState || bc.stateful != c.stateful {
			return nil, nil, Errorf(b, "the backward layer must go the other way and agree on ReturnSequences, ReturnState and Stateful")
		}
		if err := bl.Validate(); err != nil {
			return nil, nil, err
		}
		bwd = bl.withDirection(bc.goBackwards, bc.returnSequences)
	}
	return fwd, bwd, nil
}

// halves splits the inputs into the forward and backward layers' inputs.
func (b *Bidirectional) halves(in []tensor.Shape, fwd, bwd recurrentLayer) (fi, bi []tensor.Shape, err error) {
	c := fwd.config()
	first := 1
	if c.masked {
		first = 2
	}
	if bwd.config().masked != c.masked {
		return nil, nil, Errorf(b, "the forward and backward layers must agree on Masked")
	}
	n := len(in) - first
	if n < 0 || (n != 0 && n != c.nStates+bwd.config().nStates) {
		return nil, nil, Errorf(b, "takes the sequence%s and optionally the initial states of both directions, got %d inputs", maskWord(c.masked), len(in))
	}
	fi, bi = append([]tensor.Shape{}, in[:first]...), append([]tensor.Shape{}, in[:first]...)
	if n > 0 {
		fi = append(fi, in[first:first+c.nStates]...)
		bi = append(bi, in[first+c.nStates:]...)
	}
	return fi, bi, nil
}

// OutputShapes returns the merged output shape (the last dimension
// doubled with concat; two outputs with none), then the states.
func (b *Bidirectional) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	fwd, bwd, err := b.directions()
	if err != nil {
		return nil, err
	}
	fi, bi, err := b.halves(in, fwd, bwd)
	if err != nil {
		return nil, err
	}
	fo, err := fwd.OutputShapes(fi)
	if err != nil {
		return nil, err
	}
	bo, err := bwd.OutputShapes(bi)
	if err != nil {
		return nil, err
	}
	if !fo[0].Equal(bo[0]) && b.MergeMode != "concat" && b.MergeMode != "" && b.MergeMode != "none" {
		return nil, Errorf(b, "merge mode %s needs outputs of one shape, got %s and %s", b.MergeMode, sampleShape(fo[0]), sampleShape(bo[0]))
	}
	var out []tensor.Shape
	switch b.MergeMode {
	case "none":
		out = []tensor.Shape{fo[0], bo[0]}
	case "", "concat":
		y := fo[0].Clone()
		y[len(y)-1] += bo[0][len(y)-1]
		out = []tensor.Shape{y}
	default:
		out = []tensor.Shape{fo[0]}
	}
	out = append(out, fo[1:]...)
	return append(out, bo[1:]...), nil
}

// Build builds the forward and backward copies, named after the wrapped
// layer, and takes their weights.
func (b *Bidirectional) Build(ctx *Context, in []tensor.Shape) error {
	fwd, bwd, err := b.directions()
	if err != nil {
		return err
	}
	fi, bi, err := b.halves(in, fwd, bwd)
	if err != nil {
		return err
	}
	fwd.LayerBase().SetUniqueName(ctx.Name + "/forward_" + baseName(b.Layer))
	bname := baseName(b.Layer)
	if !IsNil(b.BackwardLayer) {
		bname = baseName(b.BackwardLayer)
	}
	bwd.LayerBase().SetUniqueName(ctx.Name + "/backward_" + bname)
	if err := BuildLayer(fwd, fi, ctx.DType, ctx.RNG); err != nil {
		return err
	}
	if err := BuildLayer(bwd, bi, ctx.DType, ctx.RNG); err != nil {
		return err
	}
	b.forward, b.backward = fwd, bwd
	b.weights = append(append([]*Weight{}, fwd.Weights()...), bwd.Weights()...)
	return nil
}

// Call runs both layers and merges their outputs.
func (b *Bidirectional) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	c := b.forward.config()
	first := 1
	if c.masked {
		first = 2
	}
	fi, bi := append([]*graph.Node{}, in[:first]...), append([]*graph.Node{}, in[:first]...)
	if len(in) > first {
		fi = append(fi, in[first:first+c.nStates]...)
		bi = append(bi, in[first+c.nStates:]...)
	}
	var fm, bm []*graph.Node // the sequence's mask, passed to both layers
	if m := ctx.InputMask(0); m != nil && !c.masked {
		fm, bm = make([]*graph.Node, len(fi)), make([]*graph.Node, len(bi))
		fm[0], bm[0] = m, m
	}
	fo, _, err := CallLayerMasked(ctx.Scope(), b.forward, fi, fm)
	if err != nil {
		return nil, err
	}
	bo, _, err := CallLayerMasked(ctx.Scope(), b.backward, bi, bm)
	if err != nil {
		return nil, err
	}
	y, yr := fo[0], bo[0]
	if c.returnSequences {
		yr = reverseTime(ctx.Graph, yr)
	}
	var out []*graph.Node
	switch b.MergeMode {
	case "none":
		out = []*graph.Node{y, yr}
	case "sum":
		out = []*graph.Node{graph.Add(y, yr)}
	case "mul":
		out = []*graph.Node{graph.Mul(y, yr)}
	case "ave":
		out = []*graph.Node{graph.Mul(graph.Add(y, yr), ctx.Graph.Scalar(0.5))}
	default:
		out = []*graph.Node{graph.Concat(-1, y, yr)}
	}
	out = append(out, fo[1:]...)
	return append(out, bo[1:]...), nil
}

// ComputeMask returns, with ReturnSequences, the sequence's mask (its
// explicit mask input with Masked) for the merged output, or for both
// outputs with MergeMode "none"; the states, and the outputs without
// ReturnSequences, carry no mask, as Keras's Bidirectional.compute_mask.
func (b *Bidirectional) ComputeMask(ctx *Context, in, _ []*graph.Node) ([]*graph.Node, error) {
	c := b.forward.config()
	if !c.returnSequences {
		return nil, nil
	}
	m := ctx.InputMask(0)
	if c.masked {
		m = in[1]
	}
	if m == nil {
		return nil, nil
	}
	if b.MergeMode == "none" {
		return []*graph.Node{m, m}, nil
	}
	return []*graph.Node{m}, nil
}

// reverseTime reverses axis 1 of a (batch, timesteps, units) sequence
// with one Gather.
func reverseTime(g *graph.Graph, y *graph.Node) *graph.Node {
	steps := y.Shape()[1]
	idx := tensor.New(tensor.Int64, steps)
	for i := range idx.Int64s() {
		idx.Int64s()[i] = int64(steps - 1 - i)
	}
	return graph.Gather(y, g.Const(idx), 1)
}

// Forward returns the forward layer (nil before Build).
func (b *Bidirectional) Forward() Layer { return b.forward }

// Backward returns the backward layer (nil before Build).
func (b *Bidirectional) Backward() Layer { return b.backward }

// baseName is the name a wrapped layer gives its copies: its Name, or its
// type in snake case ("simple_rnn").
func baseName(l Layer) string {
	if n, ok := l.(Named); ok && n.LayerName() != "" {
		return n.LayerName()
	}
	var sb strings.Builder
	t := l.Type()
	for i, r := range t {
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rune(t[i-1])) || (i+1 < len(t) && unicode.IsLower(rune(t[i+1])))) {
			sb.WriteByte('_')
		}
		sb.WriteRune(unicode.ToLower(r))
	}
	return sb.String()
}

// ResetStates sets the states of both directions to zeros when the wrapped
// layer is stateful, Keras's reset_state (nothing happens before Build or
// without Stateful).
func (b *Bidirectional) ResetStates() {
	if b.forward != nil {
		b.forward.ResetStates()
		b.backward.ResetStates()
	}
}

// States returns copies of the forward layer's states followed by the
// backward layer's, Keras's states; nil unless both directions keep
// states.
func (b *Bidirectional) States() []*tensor.Tensor {
	if b.forward == nil {
		return nil
	}
	f, r := b.forward.States(), b.backward.States()
	if f == nil || r == nil {
		return nil
	}
	return append(f, r...)
}
