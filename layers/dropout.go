package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Dropout sets a random fraction Rate of its inputs to 0 during training
// and scales the others by 1/(1−Rate), so that the expected sum is
// unchanged, Keras's Dropout (inverted dropout; see graph.Dropout). At
// inference it passes its input through. It has no weights.
type Dropout struct {
	// Rate is the fraction of inputs to drop, in [0, 1); Keras's rate. Any
	// other value is an error that names the layer.
	Rate float64
	// Seed fixes the dropout masks (Keras's seed). 0 (the default) draws
	// a seed from the model's random stream (Context.RNG) when the training
	// graph is built, so masks are reproducible from the model's seed.
	Seed uint64
	// Name is the layer's name; empty lets the model choose one
	// ("dropout", "dropout_1", …).
	Name string

	Base
}

// Type returns "Dropout".
func (*Dropout) Type() string { return "Dropout" }

// SupportsMasking returns true: the input's mask passes on to the output,
// as Keras's supports_masking.
func (*Dropout) SupportsMasking() bool { return true }

// LayerName returns Name.
func (d *Dropout) LayerName() string { return d.Name }

// Validate checks that Rate is in [0, 1).
func (d *Dropout) Validate() error {
	if !(d.Rate >= 0 && d.Rate < 1) {
		return Errorf(d, "rate must be in [0, 1), got %g", d.Rate)
	}
	return nil
}

// OutputShapes returns the input's shape.
func (d *Dropout) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(d, in)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return []tensor.Shape{s.Clone()}, nil
}

// Build checks Rate; there are no weights.
func (d *Dropout) Build(_ *Context, _ []tensor.Shape) error { return d.Validate() }

// Call adds graph.Dropout(x, Rate, seed, step) in training, with seed =
// Seed, or a seed drawn from ctx.RNG if Seed is 0, and the pass's step
// counter (Context.RandomStep); in inference it returns x.
func (d *Dropout) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(d, in)
	if err != nil {
		return nil, err
	}
	if !ctx.Training || d.Rate == 0 {
		return in, nil
	}
	seed, step, err := layerRandom(ctx, d.Seed)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Dropout(x, d.Rate, seed, step)}, nil
}
