package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/neurite/neurite/config"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// Save writes the whole model to one file at path, as Keras's
// model.save("m.keras"): a zip archive holding the architecture and the
// compile settings as JSON (package config), every weight (trainable or
// not) as safetensors under its Keras name ("dense_1/kernel"), the
// optimizer's variables once it has trained (its slots, iteration count
// and learning rate), the model's random streams and a format version.
// Load reads it back. The file is replaced atomically: a save that fails
// or is killed half-way leaves the previous file intact.
//
// Every layer, initializer, regularizer, loss, metric and optimizer of the
// model must be registered with package config (the built-in ones are;
// a custom layer needs one config.Register call). A model that is not
// built yet is built first (see BuildFor).
func (m *Model) Save(path string) error {
	if err := m.requireBuilt("Save"); err != nil {
		return err
	}
	m.mu.Lock() // compiledSpecs may name the output; the weights must not change meanwhile
	defer m.mu.Unlock()
	cfg, err := m.fileConfig()
	if err != nil {
		return fmt.Errorf("models: Save: %w", err)
	}
	state, optNames, optValues, err := m.trainingState()
	if err != nil {
		return fmt.Errorf("models: Save: %w", err)
	}
	ws := m.topo.weights()
	names := make([]string, len(ws))
	values := make([]*tensor.Tensor, len(ws))
	for i, w := range ws {
		names[i], values[i] = w.Name, w.Value()
	}
	entries := []saving.Entry{
		jsonEntry(entryMetadata, metadataFile{Format: fileFormat, FormatVersion: fileFormatVersion}),
		jsonEntry(entryConfig, cfg),
		{Name: entryWeights, Write: func(w io.Writer) error { return saving.WriteSafetensors(w, names, values, nil) }},
	}
	if optNames != nil {
		entries = append(entries, saving.Entry{Name: entryOptimizer, Write: func(w io.Writer) error {
			return saving.WriteSafetensors(w, optNames, optValues, nil)
		}})
	}
	entries = append(entries, jsonEntry(entryState, state))
	if err := saving.WriteArchive(path, entries); err != nil {
		return fmt.Errorf("models: Save: %w", err)
	}
	return nil
}

// jsonEntry is an archive entry holding v as indented JSON.
func jsonEntry(name string, v any) saving.Entry {
	return saving.Entry{Name: name, Compress: true, Write: func(w io.Writer) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}}
}

// fileConfig returns config.json's content. The caller holds m.mu.
func (m *Model) fileConfig() (*fileConfig, error) {
	arch, err := m.architecture()
	if err != nil {
		return nil, err
	}
	fc := &fileConfig{Model: *arch}
	if m.comp != nil {
		if fc.Compile, err = m.compileConfig(); err != nil {
			return nil, err
		}
	}
	return fc, nil
}

// architecture returns the model's layers and connections. The model is
// built.
func (m *Model) architecture() (*modelConfig, error) {
	dtype, err := m.dtype()
	if err != nil {
		return nil, err
	}
	mc := &modelConfig{ClassName: m.Type(), Name: m.Name, Seed: m.Seed, DType: dtype.String()}
	if m.sequential {
		for _, l := range m.stack {
			lc, err := encodeLayer(l)
			if err != nil {
				return nil, err
			}
			mc.Layers = append(mc.Layers, *lc)
		}
		mc.InputShape = append([]int{}, m.topo.inputs[0].Shape()...)
		return mc, nil
	}
	t := m.topo
	nodeOf := map[*layers.LayerCall]int{}
	count := map[layers.Layer]int{}
	inbound := map[layers.Layer][][]tensorRef{}
	ref := func(x *layers.Tensor) tensorRef {
		c, i := x.Producer()
		return tensorRef{Layer: c.Layer.LayerBase().UniqueName(), Node: nodeOf[c], Tensor: i}
	}
	for _, c := range t.calls {
		nodeOf[c] = count[c.Layer]
		count[c.Layer]++
		refs := make([]tensorRef, len(c.Inputs))
		for i, x := range c.Inputs {
			refs[i] = ref(x)
		}
		inbound[c.Layer] = append(inbound[c.Layer], refs)
	}
	for _, l := range t.layers {
		lc, err := encodeLayer(l)
		if err != nil {
			return nil, err
		}
		if _, isInput := l.(*layers.InputLayer); !isInput {
			lc.Inbound = inbound[l]
		}
		mc.Layers = append(mc.Layers, *lc)
	}
	for _, x := range t.inputs {
		mc.Inputs = append(mc.Inputs, ref(x))
	}
	for _, x := range t.outputs {
		mc.Outputs = append(mc.Outputs, ref(x))
	}
	return mc, nil
}

// modelLayer is implemented by *Model and *Sequential: a model used as a
// layer.
type modelLayer interface{ asModel() *Model }

func (m *Model) asModel() *Model { return m }

// encodeLayer returns a layer's entry: its registered class and config, or
// for a nested model its architecture.
func encodeLayer(l layers.Layer) (*layerConfig, error) {
	name := l.LayerBase().UniqueName()
	if nested, ok := l.(modelLayer); ok {
		arch, err := nested.asModel().architecture()
		if err != nil {
			return nil, fmt.Errorf("nested model %q: %w", name, err)
		}
		b, err := json.Marshal(arch)
		if err != nil {
			return nil, err
		}
		return &layerConfig{Module: "models", ClassName: arch.ClassName, Name: name, Config: b}, nil
	}
	c, err := config.Encode(l)
	if err != nil {
		return nil, fmt.Errorf("layer %q: %w", name, err)
	}
	b, err := json.Marshal(c.Config)
	if err != nil {
		return nil, fmt.Errorf("layer %q: %w", name, err)
	}
	return &layerConfig{Module: c.Module, ClassName: c.ClassName, Name: name, Config: b}, nil
}

// compileConfig returns the compile settings, per output. The caller holds
// m.mu and the model is built.
func (m *Model) compileConfig() (*compileConfig, error) {
	opt, err := config.Marshal(m.comp.optimizer)
	if err != nil {
		return nil, fmt.Errorf("optimizer: %w", err)
	}
	cc := &compileConfig{Optimizer: opt}
	for _, s := range m.compiledSpecs() {
		oc := outputConfig{Name: s.name, Loss: json.RawMessage("null"), LossWeight: s.weight, Metrics: []json.RawMessage{}}
		if s.loss != nil {
			if oc.Loss, err = config.Marshal(s.loss); err != nil {
				return nil, fmt.Errorf("loss of output %q: %w", s.name, err)
			}
		}
		for _, mt := range s.metrics {
			b, err := config.Marshal(mt)
			if err != nil {
				return nil, fmt.Errorf("metric of output %q: %w", s.name, err)
			}
			oc.Metrics = append(oc.Metrics, b)
		}
		cc.Outputs = append(cc.Outputs, oc)
	}
	return cc, nil
}

// trainingState returns state.json's content and, once the model has a
// training step, the optimizer's variables. The caller holds m.mu.
func (m *Model) trainingState() (*stateFile, []string, []*tensor.Tensor, error) {
	st := &stateFile{RandomStep: m.step.Int64s()[0]}
	var err error
	if st.RNG, err = m.rng.MarshalBinary(); err != nil {
		return nil, nil, nil, err
	}
	if m.shuffle != nil {
		if st.ShuffleRNG, err = m.shuffle.MarshalBinary(); err != nil {
			return nil, nil, nil, err
		}
	}
	if m.comp == nil || m.comp.train == nil {
		return st, nil, nil, nil
	}
	h := m.comp.train
	st.SeedRNG = h.seedRNG
	for _, k := range h.labels {
		st.TrainLabels = append(st.TrainLabels, labelConfig{DType: k.dtype.String(), Shape: append([]int{}, k.shape...)})
	}
	if m.inf == nil { // None input dimensions: the step's input shapes
		for _, s := range h.shapes {
			st.TrainInputs = append(st.TrainInputs, append([]int{}, s...))
		}
	}
	vars := optimizerVariables(h)
	if len(vars) == 0 {
		return nil, nil, nil, errors.New("the training step has no optimizer variables")
	}
	names := make([]string, len(vars))
	values := make([]*tensor.Tensor, len(vars))
	for i, v := range vars {
		names[i], values[i] = v.Name(), v.Value()
	}
	return st, names, values, nil
}

// optimizerVariables returns the variables of a training head that are
// not model weights: the optimizer's slots, counter and learning rate.
func optimizerVariables(h *head) []*graph.Node {
	weights := map[*graph.Node]bool{}
	for _, w := range h.vars.Bound() {
		n, _ := h.vars.Lookup(w)
		weights[n] = true
	}
	var out []*graph.Node
	for _, v := range h.g.Variables() {
		if !weights[v] && v != h.step {
			out = append(out, v)
		}
	}
	return out
}
