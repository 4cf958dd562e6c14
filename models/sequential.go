package models

import (
	"errors"
	"fmt"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// Sequential is a linear stack of layers, Keras's Sequential model.
type Sequential struct {
	// Name is the model's name in Summary ("sequential" if empty).
	Name string
	// Seed makes weight initialisation, dropout and shuffling reproducible:
	// the same seed and data give the same training run.
	Seed uint64
	// DType is the dtype of weights and activations (Float32 if zero).
	DType tensor.DType

	layers []layers.Layer
	names  []string

	built *built
	comp  *compiled
	stop  bool
}

// built is the forward graph of a built model.
type built struct {
	g          *graph.Graph
	sess       *graph.Session
	rng        *tensor.RNG
	input      *graph.Node  // (batch, inputShape...) placeholder
	inputShape tensor.Shape // per sample
	shapes     []tensor.Shape
	inferOut   *graph.Node
	trainOut   *graph.Node
	shuffle    *tensor.RNG   // made on first use by shuffleRNG
	predict    *predictBatch // buffers of PredictOnBatch, made on first use
}

// NewSequential returns a model made of ls, in order.
func NewSequential(ls ...layers.Layer) *Sequential {
	m := &Sequential{}
	for _, l := range ls {
		m.layers = append(m.layers, l)
	}
	return m
}

// Add appends a layer, as Keras's model.add. Layers cannot be added once the
// model is built.
func (m *Sequential) Add(l layers.Layer) error {
	if l == nil {
		return errors.New("models: Add: layer is nil")
	}
	if m.built != nil {
		return fmt.Errorf("models: Add: cannot add %s to a model that is already built", l.Type())
	}
	m.layers = append(m.layers, l)
	return nil
}

// Layers returns the model's layers in order.
func (m *Sequential) Layers() []layers.Layer { return m.layers }

// Layer returns the layer with the given name (available once built).
func (m *Sequential) Layer(name string) (layers.Layer, error) {
	for i, n := range m.names {
		if n == name {
			return m.layers[i], nil
		}
	}
	return nil, fmt.Errorf("models: no layer named %q (layers: %s)", name, strings.Join(m.names, ", "))
}

// LayerNames returns the names of the layers ("dense", "dense_1", …) once
// the model is built.
func (m *Sequential) LayerNames() []string { return m.names }

// Built reports whether the model's input shape is known and its weights
// exist.
func (m *Sequential) Built() bool { return m.built != nil }

// Graph returns the model's graph once built, for inspection (for example
// with WriteDOT).
func (m *Sequential) Graph() *graph.Graph {
	if m.built == nil {
		return nil
	}
	return m.built.g
}

// StopTraining makes Fit stop after the current batch, finishing its epoch
// with validation and the epoch-end callbacks, as setting Keras's
// model.stop_training does (used by callbacks such as EarlyStopping and
// TerminateOnNaN).
func (m *Sequential) StopTraining() { m.stop = true }

// declaredInputShape finds the input shape given on the first layer.
func (m *Sequential) declaredInputShape() []int {
	if len(m.layers) == 0 {
		return nil
	}
	if s, ok := m.layers[0].(layers.InputShaped); ok {
		return s.DeclaredInputShape()
	}
	return nil
}

// Build creates the model's weights for samples of the given shape (batch
// axis excluded), as Keras's model.build. Models whose first layer declares
// its input shape are built when created for training; others are built
// from the data on the first Fit, Evaluate or Predict.
func (m *Sequential) Build(inputShape ...int) error {
	if m.built != nil {
		if !m.built.inputShape.Equal(inputShape) {
			return fmt.Errorf("models: model was built for inputs of shape %s, not %s",
				noneShape(m.built.inputShape), noneShape(inputShape))
		}
		return nil
	}
	if len(m.layers) == 0 {
		return errors.New("models: the model has no layers")
	}
	if decl := m.declaredInputShape(); decl != nil && !tensor.Shape(decl).Equal(inputShape) {
		return fmt.Errorf("models: layer %s expects inputs of shape %s, got %s",
			m.layers[0].Type(), noneShape(decl), noneShape(inputShape))
	}
	b, err := m.build(tensor.Shape(inputShape).Clone())
	if err != nil {
		return err
	}
	m.built = b
	return nil
}

// ensureBuilt builds from a declared input shape, or from data of shape
// (N, sample...) when none was declared.
func (m *Sequential) ensureBuilt(data tensor.Shape) error {
	if m.built != nil {
		return nil
	}
	if decl := m.declaredInputShape(); decl != nil {
		return m.Build(decl...)
	}
	if data == nil {
		return errors.New("models: the model is not built: give the first layer an InputShape, add an Input layer, call Build, or call Fit first")
	}
	if len(data) < 1 {
		return errors.New("models: input data must have a batch axis")
	}
	return m.Build(data[1:]...)
}

// build names the layers, checks shapes, creates weights and adds the
// training and inference forward passes to a new graph.
func (m *Sequential) build(inputShape tensor.Shape) (*built, error) {
	dtype := m.DType
	if dtype == 0 {
		dtype = tensor.Float32
	}
	if !dtype.IsFloat() {
		return nil, fmt.Errorf("models: DType must be float32 or float64, got %v", dtype)
	}
	b := &built{g: graph.New(), rng: tensor.NewRNG(m.Seed), inputShape: inputShape}
	m.names = layerNames(m.layers)
	b.input = b.g.Placeholder("input", dtype, append([]int{graph.Unknown}, inputShape...)...)
	shape := inputShape
	for i, l := range m.layers {
		ctx := &layers.Context{Graph: b.g, DType: dtype, RNG: b.rng, Name: m.names[i]}
		out, err := l.OutputShape(shape)
		if err != nil {
			return nil, fmt.Errorf("models: layer %q (%s): %w", m.names[i], l.Type(), err)
		}
		if err := l.Build(ctx, shape); err != nil {
			return nil, fmt.Errorf("models: layer %q (%s): %w", m.names[i], l.Type(), err)
		}
		b.shapes = append(b.shapes, out)
		shape = out
	}
	var err error
	if b.inferOut, err = m.forward(b, false); err != nil {
		return nil, err
	}
	if b.trainOut, err = m.forward(b, true); err != nil {
		return nil, err
	}
	b.sess = graph.NewSession(b.g)
	return b, nil
}

// forward chains the layers' Call on the input placeholder.
func (m *Sequential) forward(b *built, training bool) (*graph.Node, error) {
	x := b.input
	for i, l := range m.layers {
		ctx := &layers.Context{Graph: b.g, DType: b.input.DType(), RNG: b.rng, Name: m.names[i]}
		pop := b.g.NameScope(m.names[i])
		y, err := l.Call(ctx, x, training)
		pop()
		if err == nil {
			err = b.g.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("models: layer %q (%s): %w", m.names[i], l.Type(), err)
		}
		x = y
	}
	return x, nil
}

// layerNames gives each layer its own name or a unique one derived from its
// type, as Keras does: "dense", "dense_1", "activation", …
func layerNames(ls []layers.Layer) []string {
	used := map[string]bool{}
	for _, l := range ls {
		if n, ok := l.(layers.Named); ok && n.LayerName() != "" {
			used[n.LayerName()] = true
		}
	}
	count := map[string]int{}
	names := make([]string, len(ls))
	for i, l := range ls {
		if n, ok := l.(layers.Named); ok && n.LayerName() != "" {
			names[i] = n.LayerName()
			continue
		}
		base := snakeCase(l.Type())
		for {
			name := base
			if k := count[base]; k > 0 {
				name = fmt.Sprintf("%s_%d", base, k)
			}
			count[base]++
			if !used[name] {
				used[name] = true
				names[i] = name
				break
			}
		}
	}
	return names
}

// snakeCase turns "BatchNormalization" into "batch_normalization".
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// noneShape formats a per-sample shape with Keras's None batch axis:
// "(None, 13)".
func noneShape(s []int) string {
	parts := []string{"None"}
	for _, d := range s {
		parts = append(parts, fmt.Sprint(d))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
