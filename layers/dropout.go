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

	name string
}

// Type returns "Dropout".
func (*Dropout) Type() string { return "Dropout" }

// LayerName returns Name.
func (d *Dropout) LayerName() string { return d.Name }

// OutputShape returns inputShape after checking Rate.
func (d *Dropout) OutputShape(inputShape tensor.Shape) (tensor.Shape, error) {
	if err := d.checkRate(); err != nil {
		return nil, err
	}
	return inputShape.Clone(), nil
}

// checkRate returns an error naming the layer unless Rate is in [0, 1).
func (d *Dropout) checkRate() error {
	if !(d.Rate >= 0 && d.Rate < 1) {
		return layerErr(layerName(d.name, d.Name), d.Type(), "rate must be in [0, 1), got %g", d.Rate)
	}
	return nil
}

// Build checks Rate; there are no weights.
func (d *Dropout) Build(ctx *Context, _ tensor.Shape) error {
	if ctx != nil {
		d.name = ctx.Name
	}
	return d.checkRate()
}

// Call returns x when training is false or Rate is 0, and
// graph.Dropout(x, Rate, seed) in training, with seed = Seed, or a seed
// drawn from ctx.RNG if Seed is 0.
func (d *Dropout) Call(ctx *Context, x *graph.Node, training bool) (*graph.Node, error) {
	if ctx != nil && ctx.Name != "" {
		d.name = ctx.Name
	}
	name := layerName(d.name, d.Name)
	if err := checkInput(ctx, x, name, d.Type()); err != nil {
		return nil, err
	}
	if err := d.checkRate(); err != nil {
		return nil, err
	}
	if !training || d.Rate == 0 {
		return x, nil
	}
	seed := d.Seed
	if seed == 0 {
		if ctx.RNG == nil {
			return nil, layerErr(name, d.Type(), "needs a Seed or a context with a random generator")
		}
		seed = ctx.RNG.Uint64()
	}
	y := graph.Dropout(x, d.Rate, seed)
	if err := x.Graph().Err(); err != nil {
		return nil, layerErr(name, d.Type(), "%v", err)
	}
	return y, nil
}

// Weights returns nil: Dropout has no weights.
func (*Dropout) Weights() []*Weight { return nil }
