package models

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// This file holds how a model runs inputs with a None dimension besides
// the batch (layers.None: sequences of any length, Keras's
// Input(shape=(None, features))). Its graphs are built for concrete
// per-sample shapes — a recurrent layer unrolls a known number of steps —
// so such a model builds its inference graph and each head (head.go) for
// the input shapes of the data it is given, and keeps them by those
// shapes: the graphs of the last maxShapeGraphs input shapes used (per
// kind, inference graphs and heads apart), so that a stream of ever new
// lengths does not grow memory without bound. A graph dropped and needed
// again is rebuilt (which costs time, not correctness).
//
// Every such graph binds the model's weights, the random layers' step
// counter and the optimizer's state to the same storage (as the heads of
// different kinds of labels do; an optimizer applied to a second graph
// binds its state there, see package optimizers), and the random layers
// of the graphs of one kind (inference, or the heads of one kind of
// labels) draw the same seeds: the first of them draws them from the
// model's stream, later ones replay that stream's state. So training
// alternately on two lengths is one training run with one optimizer.
//
// The batch dimension stays dynamic as in every model. Within one Fit
// call the data is one tensor, so all batches have one length; across
// calls, and in Predict or the on-batch methods, lengths may differ. To
// mix lengths in one batch, pad the sequences and mask the padding
// (Embedding's MaskZero, or a Masking layer).
//
// A model without None dimensions keeps one inference graph, built with
// the model, and one head per kind of labels, as before.

// maxShapeGraphs is how many graphs of each kind a model with None input
// dimensions keeps, by input shapes, the most recently used.
const maxShapeGraphs = 4

// dynamic reports whether an input has a None dimension besides the batch.
func (t *topology) dynamic() bool {
	for _, in := range t.inputs {
		for _, d := range in.Shape() {
			if d == layers.None {
				return true
			}
		}
	}
	return false
}

// placeholdersFor adds one placeholder per input to g, with an unknown
// batch and the per-sample shapes given.
func (t *topology) placeholdersFor(g *graph.Graph, dtype tensor.DType, shapes []tensor.Shape) []*graph.Node {
	out := make([]*graph.Node, len(t.inputs))
	for i, s := range shapes {
		out[i] = g.Placeholder(t.inputNames[i], dtype, append([]int{graph.Unknown}, s...)...)
	}
	return out
}

// sampleShapes returns the per-sample shapes of xs.
func sampleShapes(xs []*tensor.Tensor) []tensor.Shape {
	out := make([]tensor.Shape, len(xs))
	for i, x := range xs {
		out[i] = x.Shape()[1:].Clone()
	}
	return out
}

// shapesFit reports whether the data xs has the per-sample shapes given
// (without allocating: it is on every step's path).
func shapesFit(shapes []tensor.Shape, xs []*tensor.Tensor) bool {
	if len(shapes) != len(xs) {
		return false
	}
	for i, x := range xs {
		if !x.Shape()[1:].Equal(shapes[i]) {
			return false
		}
	}
	return true
}

// inferenceFor returns the inference graph for inputs xs: the model's one
// graph, or for a model with None dimensions the graph kept for their
// shapes, built on first use. The caller holds m.mu for writing when the
// model is dynamic.
func (m *Model) inferenceFor(xs []*tensor.Tensor) (*inference, error) {
	if m.inf != nil {
		return m.inf, nil
	}
	for i, inf := range m.infs {
		if shapesFit(inf.shapes, xs) {
			moveToFront(m.infs, i)
			return inf, nil
		}
	}
	dtype, _ := m.dtype()
	rng, err := replay(m.infSeed)
	if err != nil {
		return nil, err
	}
	inf, err := m.newInference(dtype, sampleShapes(xs), rng)
	if err != nil {
		return nil, err
	}
	m.infs = pushFront(m.infs, inf)
	return inf, nil
}

// replay returns a random stream in the state given.
func replay(state []byte) (*tensor.RNG, error) {
	r := tensor.NewRNG(1)
	if err := r.UnmarshalBinary(state); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return r, nil
}

// moveToFront moves xs[i] to xs[0], keeping the others' order.
func moveToFront[T any](xs []T, i int) {
	x := xs[i]
	copy(xs[1:i+1], xs[:i])
	xs[0] = x
}

// pushFront puts x first in xs and drops the entries beyond
// maxShapeGraphs.
func pushFront[T any](xs []T, x T) []T {
	var zero T
	xs = append(xs, zero)
	copy(xs[1:], xs)
	xs[0] = x
	for len(xs) > maxShapeGraphs {
		xs[len(xs)-1] = zero
		xs = xs[:len(xs)-1]
	}
	return xs
}

// admits reports whether inputs of per-sample shapes given fit the
// model's input shapes decl (a None dimension takes any length).
func admits(decl, given []tensor.Shape) bool {
	if len(decl) != len(given) {
		return false
	}
	for i := range decl {
		if !layers.Fits(given[i], decl[i]) {
			return false
		}
	}
	return true
}
