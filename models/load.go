package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/neurite/neurite/config"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// Limits of what Load reads, against hostile files.
const (
	maxJSONEntry  = 64 << 20 // config.json
	maxSmallEntry = 1 << 20  // metadata.json, state.json
	maxTensors    = 1 << 50  // the safetensors entries, stored: also bounded by the file's size
	maxRank       = 32       // of any shape in a config
)

// archiveLimits are the entries a model file may hold and their bounds.
var archiveLimits = saving.Limits{
	MaxEntries: 5,
	MaxSize: map[string]uint64{entryMetadata: maxSmallEntry, entryConfig: maxJSONEntry,
		entryWeights: maxTensors, entryOptimizer: maxTensors, entryState: maxSmallEntry},
	MaxRatio: 200,
	Stored:   map[string]bool{entryWeights: true, entryOptimizer: true},
}

// Load reads a model written by Save: it rebuilds the architecture (a
// Sequential or functional model) from the registered layer classes, sets
// every weight, compiles the model as it was compiled, and restores the
// optimizer's variables and the random streams, so that the loaded model
// predicts exactly as the saved one and Fit continues where it stopped.
//
// Load treats the file as untrusted: it checks the format version, every
// entry's size, every tensor's dtype, shape and offsets, and that the
// layers create exactly the weights the file holds (a weight larger than
// the file's is refused before it is allocated); unknown layer classes,
// unknown keys and malformed JSON are errors. Every error names the file
// and the problem; Load never panics on a bad file.
func Load(path string) (m *Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("models: Load: %s: invalid model: %v", path, r)
		}
	}()
	m, err = load(path)
	if err != nil {
		return nil, fmt.Errorf("models: Load: %s: %w", path, trimSavingPrefix(err, path))
	}
	return m, nil
}

// trimSavingPrefix drops "saving: <path>: " from errors of package saving,
// which Load's message already says.
func trimSavingPrefix(err error, path string) error {
	s := err.Error()
	for _, p := range []string{"saving: " + path + ": ", "saving: " + path + " ", "saving: "} {
		if strings.HasPrefix(s, p) {
			return errors.New(strings.TrimPrefix(s, p))
		}
	}
	return err
}

// load does Load's work.
func load(path string) (*Model, error) {
	a, err := saving.OpenArchive(path, archiveLimits)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	for _, name := range []string{entryMetadata, entryConfig, entryWeights, entryState} {
		if !a.Has(name) {
			return nil, fmt.Errorf("not a model file: the entry %s is missing", name)
		}
	}
	var meta metadataFile
	if err := readJSON(a, entryMetadata, &meta); err != nil {
		return nil, err
	}
	if meta.Format != fileFormat {
		return nil, fmt.Errorf("not a model file: format %q, want %q", meta.Format, fileFormat)
	}
	if meta.FormatVersion != fileFormatVersion {
		return nil, fmt.Errorf("format version %d is not supported (this version of Neurite reads version %d)", meta.FormatVersion, fileFormatVersion)
	}
	var fc fileConfig
	if err := readJSON(a, entryConfig, &fc); err != nil {
		return nil, err
	}
	var st stateFile
	if err := readJSON(a, entryState, &st); err != nil {
		return nil, err
	}
	weights, err := readTensors(a, entryWeights)
	if err != nil {
		return nil, err
	}
	var budget int64
	for _, t := range weights {
		budget += int64(t.Size())
	}
	ld := &loader{budget: budgetInit{left: &budget}}
	defer ld.restoreInitializers()
	m, err := ld.model(&fc.Model, "")
	if err != nil {
		return nil, err
	}
	if err := m.buildLoaded(); err != nil {
		return nil, err
	}
	if err := m.setLoadedWeights(weights); err != nil {
		return nil, err
	}
	if fc.Compile != nil {
		if err := m.compileLoaded(fc.Compile); err != nil {
			return nil, fmt.Errorf("%s: compile_config: %w", entryConfig, err)
		}
	}
	if err := m.restoreState(a, &st); err != nil {
		return nil, err
	}
	return m, nil
}

// readJSON decodes a JSON entry strictly: unknown fields and trailing data
// are errors.
func readJSON(a *saving.Archive, name string, v any) error {
	b, err := a.ReadAll(name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if dec.More() {
		return fmt.Errorf("%s: data after the JSON value", name)
	}
	return nil
}

// readTensors reads a safetensors entry by name and checks that nothing
// follows it.
func readTensors(a *saving.Archive, name string) (map[string]*tensor.Tensor, error) {
	rc, err := a.Open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	names, ts, _, err := saving.ReadSafetensors(rc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if n, err := rc.Read(make([]byte, 1)); n > 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("data after the tensors")
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := make(map[string]*tensor.Tensor, len(names))
	for i, n := range names {
		out[n] = ts[i]
	}
	return out, nil
}

// buildLoaded builds a loaded model (its layers' initializers are
// guarded).
func (m *Model) buildLoaded() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sequential && m.topo == nil {
		return errors.New("a Sequential model without an input shape")
	}
	return m.ensureBuilt(nil)
}

// setLoadedWeights sets every weight of the model from the file's tensors,
// which must match them exactly in names, dtypes and shapes.
func (m *Model) setLoadedWeights(file map[string]*tensor.Tensor) error {
	ws := m.topo.weights()
	for _, w := range ws {
		v, ok := file[w.Name]
		if !ok {
			return fmt.Errorf("%s has no weight %s", entryWeights, w.Name)
		}
		if v.DType() != w.DType() || !v.Shape().Equal(w.Shape()) {
			return fmt.Errorf("weight %s is %s in the model but %s in %s", w.Name, describe(w.Value()), describe(v), entryWeights)
		}
	}
	if len(file) != len(ws) {
		have := map[string]bool{}
		for _, w := range ws {
			have[w.Name] = true
		}
		var extra []string
		for n := range file {
			if !have[n] {
				extra = append(extra, n)
			}
		}
		return fmt.Errorf("%s holds weights the model does not have: %s", entryWeights, strings.Join(sortedStrings(extra), ", "))
	}
	for _, w := range ws {
		if err := w.Set(file[w.Name]); err != nil {
			return err
		}
	}
	return nil
}

// sortedStrings returns ss sorted.
func sortedStrings(ss []string) []string {
	out := append([]string{}, ss...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// compileLoaded compiles the model as the compile config says.
func (m *Model) compileLoaded(cc *compileConfig) error {
	opt, err := decodeAs[optimizers.Optimizer](cc.Optimizer, "optimizer")
	if err != nil {
		return err
	}
	names := m.OutputNames()
	if len(cc.Outputs) != len(names) {
		return fmt.Errorf("%d outputs, the model has %d", len(cc.Outputs), len(names))
	}
	c := CompileConfig{Optimizer: opt, Losses: map[string]losses.Loss{}, LossWeights: map[string]float64{},
		OutputMetrics: map[string][]metrics.Metric{}}
	for i, oc := range cc.Outputs {
		if oc.Name != names[i] {
			return fmt.Errorf("output %d is %q, the model's is %q", i, oc.Name, names[i])
		}
		if !bytes.Equal(bytes.TrimSpace(oc.Loss), []byte("null")) && len(oc.Loss) > 0 {
			if c.Losses[oc.Name], err = decodeAs[losses.Loss](oc.Loss, "loss of "+oc.Name); err != nil {
				return err
			}
		}
		c.LossWeights[oc.Name] = oc.LossWeight
		for k, raw := range oc.Metrics {
			mt, err := decodeAs[metrics.Metric](raw, fmt.Sprintf("metric %d of %s", k, oc.Name))
			if err != nil {
				return err
			}
			c.OutputMetrics[oc.Name] = append(c.OutputMetrics[oc.Name], mt)
		}
	}
	return m.CompileWith(c)
}

// decodeAs decodes a JSON config that must give a T.
func decodeAs[T any](raw json.RawMessage, what string) (T, error) {
	var zero T
	tree, err := config.ParseJSON(raw)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	c, err := config.FromTree(tree)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	v, err := config.Decode(c)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	t, ok := v.(T)
	if !ok {
		return zero, fmt.Errorf("%s: %s.%s is a %T, not a %T", what, c.Module, c.ClassName, v, (*T)(nil))
	}
	return t, nil
}
