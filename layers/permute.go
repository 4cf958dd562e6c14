package layers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Permute is Keras's Permute: it reorders the axes of each sample. Dims
// numbers the per-sample axes from 1, as Keras does (the batch axis is 0
// and stays first): Dims (2, 1) swaps the two axes of (batch, a, b)
// inputs, giving (batch, b, a). It has no weights.
type Permute struct {
	// Dims is a permutation of 1..rank of the per-sample axes; it must be
	// set.
	Dims []int
	// InputShape declares the per-sample input shape when the layer is
	// the model's first.
	InputShape []int
	// Name is the layer's name; empty lets the model choose one.
	Name string

	Base
}

// Type returns "Permute".
func (*Permute) Type() string { return "Permute" }

// LayerName returns Name.
func (p *Permute) LayerName() string { return p.Name }

// DeclaredInputShape returns InputShape.
func (p *Permute) DeclaredInputShape() []int { return p.InputShape }

// Validate checks that Dims is a permutation of 1..len(Dims).
func (p *Permute) Validate() error {
	seen := make([]bool, len(p.Dims)+1)
	for _, d := range p.Dims {
		if d < 1 || d > len(p.Dims) || seen[d] {
			return Errorf(p, "dims %v must be a permutation of 1..%d", p.Dims, len(p.Dims))
		}
		seen[d] = true
	}
	if len(p.Dims) == 0 {
		return Errorf(p, "dims must be set")
	}
	return nil
}

// OutputShapes returns the input's dimensions in the order of Dims.
func (p *Permute) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(p, in)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(s) != len(p.Dims) {
		return nil, Errorf(p, "dims %v need inputs of rank %d (batch excluded), got shape %s", p.Dims, len(p.Dims), sampleShape(s))
	}
	out := make(tensor.Shape, len(s))
	for i, d := range p.Dims {
		out[i] = s[d-1]
	}
	return []tensor.Shape{out}, nil
}

// Build checks the configuration; there are no weights.
func (p *Permute) Build(*Context, []tensor.Shape) error { return p.Validate() }

// Call adds graph.Transpose(x, 0, Dims…).
func (p *Permute) Call(ctx *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, err := One(p, in)
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Transpose(x, append([]int{0}, p.Dims...)...)}, nil
}
