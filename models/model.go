package models

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// Model is a network of layers with inputs and outputs, Keras's Model: a
// functional model made by NewModel from symbolic tensors, or a Sequential
// stack (which embeds a Model). Both share one trainer: Compile, Fit,
// Evaluate, Predict and the on-batch methods are written once, here.
//
// A Model is also a layer (layers.Layer): calling it on symbolic tensors
// nests it in another model, sharing its weights.
//
// Concurrency: Predict may be called from several goroutines at once, and
// while Fit, Evaluate or TrainOnBatch run in another goroutine (each
// training step holds the model's lock while it changes the weights, so a
// prediction sees the weights before or after a step, never half of one).
// The other methods — Compile, Fit, Evaluate, the on-batch methods,
// SetWeights, LoadWeights — must not be called concurrently with each
// other; PredictOnBatch returns an error if it is already running in
// another goroutine.
type Model struct {
	// Name is the model's name in Summary ("model" or "sequential" if
	// empty).
	Name string
	// Seed makes weight initialisation, dropout and shuffling reproducible:
	// the same seed and data give the same training run. If Seed is 0 when
	// the model is built, a random seed is drawn and stored here, so
	// unseeded runs differ (as in Keras) and a run can still be repeated by
	// reading Seed and setting it on a new model.
	Seed uint64
	// DType is the dtype of weights and activations (Float32 if zero).
	DType tensor.DType

	base       layers.Base
	sequential bool
	stack      []layers.Layer // a Sequential's layers, as added
	topo       *topology      // nil until known (a Sequential learns it from its input shape)
	batch      int            // the batch size the inputs declare, 0 if none

	mu       sync.RWMutex // held for writing while weights change
	onBatch  sync.Mutex   // guards PredictOnBatch's buffers
	rng      *tensor.RNG
	step     *tensor.Tensor // the random layers' step counter (int64 scalar), see randomStep
	inf      *inference     // the inference graph; nil for a model with None input dimensions
	infs     []*inference   // with None input dimensions: by input shapes, most recent first (shapes.go)
	infSeed  []byte         // rng's state when the inference graphs draw their seeds
	built    bool           // the weights exist
	kindsBuf []labelKind    // headFor's scratch
	comp     *compiled
	stop     bool
	shuffle  *tensor.RNG
	predBufs *predictBatch
	scratch  *scratch
}

// NewModel returns the functional model that computes outputs from inputs,
// as keras.Model(inputs, outputs): inputs are tensors made by layers.Input,
// outputs are tensors computed from them with layers.Call. Every output must
// be computed from the inputs given, and every input must be used. A
// mistake made while calling layers (shapes that do not fit) is returned
// here.
func NewModel(inputs, outputs []*layers.Tensor) (*Model, error) {
	topo, err := newTopology(inputs, outputs)
	if err != nil {
		return nil, err
	}
	return &Model{topo: topo}, nil
}

// inference is the graph Predict runs: the model's inference pass on input
// placeholders.
type inference struct {
	shapes  []tensor.Shape // the per-sample input shapes it is built for
	g       *graph.Graph
	sess    *graph.Session
	inputs  []*graph.Node
	outputs []*graph.Node
	// fetches are the outputs, then, with stateful layers, the node that
	// stores their states.
	fetches  []*graph.Node
	stateful *stateful // nil without stateful layers
}

// Built reports whether the model's weights exist: true once a Fit,
// Evaluate, Predict, Summary or Build has needed them. A model that knows
// its input shapes (a functional model, or a Sequential model whose first
// layer declares InputShape or is an InputLayer) builds itself wherever a
// built model is needed; Built tells whether that has happened yet.
func (m *Model) Built() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.built
}

// Graph returns the model's inference graph once built, for inspection
// (for example with graph.WriteDOT). A model with None input dimensions
// builds one per input shape (see Predict): Graph returns the one used
// last, nil before the first.
func (m *Model) Graph() *graph.Graph {
	m.mu.RLock()
	defer m.mu.RUnlock()
	switch {
	case m.inf != nil:
		return m.inf.g
	case len(m.infs) > 0:
		return m.infs[0].g
	}
	return nil
}

// StopTraining makes Fit stop after the current batch, finishing its epoch
// with validation and the epoch-end callbacks, as setting Keras's
// model.stop_training does (used by callbacks such as EarlyStopping and
// TerminateOnNaN).
func (m *Model) StopTraining() { m.stop = true }

// Layers returns the model's layers: a Sequential's layers as added, a
// functional model's in the order they are computed (its InputLayers
// first).
func (m *Model) Layers() []layers.Layer {
	if m.sequential {
		return m.stack
	}
	return m.topo.layers
}

// Layer returns the layer with the given name (available once the layers
// are named: for a Sequential model, once it is built).
func (m *Model) Layer(name string) (layers.Layer, error) {
	var names []string
	for _, l := range m.Layers() {
		n := l.LayerBase().UniqueName()
		if n == name {
			return l, nil
		}
		names = append(names, n)
	}
	return nil, fmt.Errorf("models: no layer named %q (layers: %s)", name, strings.Join(names, ", "))
}

// LayerNames returns the names of the layers ("dense", "dense_1", …), in
// the order of Layers, once they are named.
func (m *Model) LayerNames() []string {
	var names []string
	for _, l := range m.Layers() {
		names = append(names, l.LayerBase().UniqueName())
	}
	return names
}

// InputNames returns the names of the model's inputs (their InputLayers'
// names), the keys Fit, Evaluate and Predict accept in a map of inputs.
func (m *Model) InputNames() []string {
	if m.topo == nil {
		return nil
	}
	return append([]string{}, m.topo.inputNames...)
}

// OutputNames returns the names of the model's outputs (the names of the
// layers that compute them), the keys of a map of labels and the prefixes
// of per-output logs ("<output>_loss").
func (m *Model) OutputNames() []string {
	if m.topo == nil {
		return nil
	}
	return append([]string{}, m.topo.outputNames...)
}

// BuildFor creates the model's weights and inference graph, as Keras's
// model.build(input_shape). A functional model knows its input shapes; so
// does a Sequential model whose first layer declares them (then BuildFor
// takes no argument, or the same shape), and such models build themselves
// wherever a built model is needed. Other Sequential models need the
// per-sample input shape (batch axis excluded), given here or learnt from
// the data of the first Fit, Evaluate or Predict. (A model's Build method
// is its side of the layer contract, used when it is nested in another
// model.)
func (m *Model) BuildFor(inputShape ...int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(inputShape) == 0 {
		return m.ensureBuilt(nil)
	}
	return m.ensureBuilt([]tensor.Shape{tensor.Shape(inputShape)})
}

// ensureBuilt builds the model if it is not built: from its topology, or,
// for a Sequential model without a declared input shape, from the
// per-sample shapes given (nil: none known). The caller holds m.mu.
func (m *Model) ensureBuilt(shapes []tensor.Shape) error {
	if m.built {
		if shapes != nil && m.topo != nil && !admits(m.topo.inputShapes(), shapes) {
			return fmt.Errorf("models: model was built for inputs of shape %s, not %s",
				shapesString(m.topo.inputShapes()), shapesString(shapes))
		}
		return nil
	}
	if m.sequential {
		if err := m.sequentialTopology(shapes); err != nil {
			return err
		}
	} else if shapes != nil && !admits(m.topo.inputShapes(), shapes) {
		return fmt.Errorf("models: the model's inputs have shapes %s, not %s",
			shapesString(m.topo.inputShapes()), shapesString(shapes))
	}
	return m.build()
}

// build names the layers, creates their weights and the inference graph.
func (m *Model) build() error {
	dtype, err := m.dtype()
	if err != nil {
		return err
	}
	if m.Seed == 0 {
		m.Seed = randomSeed()
	}
	m.rng = tensor.NewRNG(m.Seed)
	m.step = tensor.Scalar[int64](0)
	if m.batch, err = m.topo.batchSize(); err != nil {
		return err
	}
	if err := m.topo.buildLayers(dtype, m.rng); err != nil {
		return fmt.Errorf("models: %w", err)
	}
	seen := map[string]bool{}
	for _, w := range m.topo.weights() {
		if seen[w.Name] {
			return fmt.Errorf("models: two weights are named %s: give the layers distinct names", w.Name)
		}
		seen[w.Name] = true
	}
	if m.infSeed, err = m.rng.MarshalBinary(); err != nil {
		return fmt.Errorf("models: %w", err)
	}
	if !m.topo.dynamic() { // else built per input shape, see shapes.go
		if m.inf, err = m.newInference(dtype, m.topo.inputShapes(), m.rng); err != nil {
			return err
		}
	}
	m.built = true
	b := &m.base
	b.SetUniqueName(m.defaultName())
	return nil
}

// newInference makes the graph of the inference pass for inputs of the
// per-sample shapes given, its random layers drawing seeds from rng.
func (m *Model) newInference(dtype tensor.DType, shapes []tensor.Shape, rng *tensor.RNG) (*inference, error) {
	g := graph.New()
	inf := &inference{shapes: shapes, g: g, inputs: m.topo.placeholdersFor(g, dtype, shapes)}
	scope := m.newScope(layers.NewVars(g), false, rng)
	out, err := m.topo.forward(scope, inf.inputs)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	inf.outputs, inf.fetches = out, out
	if st := stateAssigns(scope); st != nil {
		inf.fetches = append(append([]*graph.Node{}, out...), st)
		inf.stateful = statefulOf(scope)
	}
	if err := g.Err(); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	inf.sess = graph.NewSession(g)
	return inf, nil
}

// dtype returns the model's dtype, Float32 by default.
func (m *Model) dtype() (tensor.DType, error) {
	switch m.DType {
	case 0:
		return tensor.Float32, nil
	case tensor.Float32, tensor.Float64:
		return m.DType, nil
	}
	return 0, fmt.Errorf("models: DType must be float32 or float64, got %v", m.DType)
}

// defaultName returns Name, or "sequential" / "functional".
func (m *Model) defaultName() string {
	switch {
	case m.Name != "":
		return m.Name
	case m.sequential:
		return "sequential"
	}
	return "model"
}

// randomSeed draws a non-zero seed from the operating system.
func randomSeed() uint64 {
	var b [8]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic(fmt.Sprintf("models: no random source for a seed: %v", err))
		}
		if s := binary.LittleEndian.Uint64(b[:]); s != 0 {
			return s
		}
	}
}

// requireBuilt builds the model if it can (see Built) and returns an
// error saying how to build it otherwise. fn names the method.
func (m *Model) requireBuilt(fn string) error {
	m.mu.RLock()
	built := m.built
	m.mu.RUnlock()
	if built {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.ensureBuilt(nil); err != nil {
		return fmt.Errorf("models: %s: %w", fn, trimPrefix(err))
	}
	return nil
}

// errNoInputShape says how to give a Sequential model its input shape.
var errNoInputShape = errors.New("the model is not built: give the first layer an InputShape, start with an InputLayer, call BuildFor(shape...), or call Fit first")

// trimPrefix drops a leading "models: " so that wrapped messages do not
// repeat it.
func trimPrefix(err error) error {
	if s := err.Error(); strings.HasPrefix(s, "models: ") {
		return prefixless{err, s[len("models: "):]}
	}
	return err
}

// prefixless is an error printed without its "models: " prefix.
type prefixless struct {
	err error
	msg string
}

func (p prefixless) Error() string { return p.msg }
func (p prefixless) Unwrap() error { return p.err }
