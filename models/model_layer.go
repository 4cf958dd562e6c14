package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// A Model is a layer: calling it on symbolic tensors nests it in another
// model, as calling a Keras model on KerasTensors does. The nested model's
// layers keep their weights (one set, shared with the model itself), their
// updates and their losses join the outer model's.
var _ layers.Layer = (*Model)(nil)

// Type returns "Sequential" or "Functional", Keras's class names.
func (m *Model) Type() string {
	if m.sequential {
		return "Sequential"
	}
	return "Functional"
}

// LayerName returns Name, the model's name as a layer.
func (m *Model) LayerName() string { return m.Name }

// LayerBase returns the model's layer bookkeeping.
func (m *Model) LayerBase() *layers.Base { return &m.base }

// DeclaredInputShape returns the input shape a Sequential model's first
// layer declares, so that a model can start a Sequential stack.
func (m *Model) DeclaredInputShape() []int {
	if m.sequential {
		return m.declaredInputShape()
	}
	if m.topo != nil && len(m.topo.inputs) == 1 {
		return m.topo.inputs[0].Shape()
	}
	return nil
}

// OutputShapes returns the model's output shapes for inputs of its input
// shapes (a Sequential model without a declared input shape learns it
// here).
func (m *Model) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sequential && m.topo == nil {
		if err := m.sequentialTopology(in); err != nil {
			return nil, err
		}
	}
	if !admits(m.topo.inputShapes(), in) {
		return nil, layers.Errorf(m, "expects inputs of shape %s, got %s",
			shapesString(m.topo.inputShapes()), shapesString(in))
	}
	return m.topo.outputShapes(), nil
}

// Build builds the model's layers (those not built yet) with the outer
// model's random stream and dtype.
func (m *Model) Build(ctx *layers.Context, in []tensor.Shape) error {
	if _, err := m.OutputShapes(in); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.topo.buildLayers(ctx.DType, ctx.RNG)
}

// Call adds the model's pass to the outer model's graph. The masks of
// the inputs (layers.Context.Masks) travel through the nested model's
// layers, and the masks of its outputs become the outputs' masks, as in a
// Keras model called on masked tensors.
func (m *Model) Call(ctx *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	if ctx.Scope() == nil {
		return nil, errors.New("models: a model used as a layer needs a call context")
	}
	out, masks, err := m.topo.forwardMasked(ctx.Scope(), in, ctx.Masks())
	if err != nil {
		return nil, fmt.Errorf("in nested model: %w", err)
	}
	ctx.SetOutputMasks(masks...)
	return out, nil
}

// Weights returns the weights of all the model's layers, each once, in
// layer order (nil before the model is built).
func (m *Model) Weights() []*layers.Weight {
	if m.topo == nil {
		return nil
	}
	return m.topo.weights()
}

// innerLayers returns the model's layers, for naming an outer model's
// layers apart from them (nil while a Sequential model has no topology).
func (m *Model) innerLayers() []layers.Layer {
	if m.topo == nil {
		return nil
	}
	return m.topo.layers
}
