package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
)

// CompileConfig is the whole of Keras's model.compile: an optimizer, the
// losses of the outputs with their weights, and metrics. Compile and
// CompileNamed fill it for the common case of one loss for every output.
type CompileConfig struct {
	// Optimizer updates the weights (required).
	Optimizer optimizers.Optimizer
	// LearningRate, if not 0, is set on the optimizer (the everyday
	// fine-tuning step: compile again with a lower rate).
	LearningRate float64
	// Loss is the loss of every output that Losses does not name.
	Loss losses.Loss
	// Losses are per-output losses, by output name (see OutputNames). An
	// output with no loss at all is not trained and needs no labels.
	Losses map[string]losses.Loss
	// LossWeights scale each output's loss in the total (default 1).
	LossWeights map[string]float64
	// Metrics are computed for every output.
	Metrics []metrics.Metric
	// OutputMetrics are computed for the named output only, after Metrics.
	OutputMetrics map[string][]metrics.Metric
	// Distributor, if set, makes Fit train data-parallel over its ranks
	// (see Distributor); nil trains in this process alone.
	Distributor Distributor
}

// compiled is what Compile configured, plus the graphs built for the
// labels seen so far.
type compiled struct {
	optimizer optimizers.Optimizer
	outputs   []outputSpec // one per model output
	train     *head        // the head training runs on, once built
	heads     []*head      // one per kind of labels (and input shapes, see shapes.go)
	seeds     []headSeed   // with None input dimensions: per kind of labels, see headSeeds
	trained   []string     // names of the outputs with a loss, once known
	dist      *distributed // data-parallel training; nil for one process
}

// outputSpec is the loss, its weight and the metrics of one output.
type outputSpec struct {
	name    string
	loss    losses.Loss // nil: the output is not trained
	weight  float64
	metrics []metrics.Metric
}

// Compile configures the model for training with an optimizer, a loss for
// every output and metrics, as Keras's model.compile. Use optimizers.Get,
// losses.Get and metrics.Get to choose them by Keras name, or
// CompileNamed; CompileWith takes per-output losses and metrics.
//
// Compiling again — to fine-tune with another optimizer or learning rate —
// keeps the weights, as in Keras; the training graph is built anew. Give
// each compile its own optimizer value: an optimizer keeps the state of the
// graph it was first applied to.
func (m *Model) Compile(opt optimizers.Optimizer, loss losses.Loss, ms ...metrics.Metric) error {
	return m.CompileWith(CompileConfig{Optimizer: opt, Loss: loss, Metrics: ms})
}

// CompileNamed is Compile with Keras names, as in
// model.compile(optimizer='adam', loss='mse', metrics=['mae']). To choose
// the learning rate too, call SetLearningRate after it, or use CompileWith
// with LearningRate.
func (m *Model) CompileNamed(optimizer, loss string, metricNames ...string) error {
	opt, err := optimizers.Get(optimizer)
	if err != nil {
		return fmt.Errorf("models: Compile: %w", err)
	}
	l, err := losses.Get(loss)
	if err != nil {
		return fmt.Errorf("models: Compile: %w", err)
	}
	ms := make([]metrics.Metric, len(metricNames))
	for i, name := range metricNames {
		if ms[i], err = metrics.Get(name); err != nil {
			return fmt.Errorf("models: Compile: %w", err)
		}
	}
	return m.Compile(opt, l, ms...)
}

// CompileWith configures the model for training from a CompileConfig.
func (m *Model) CompileWith(c CompileConfig) error {
	if c.Optimizer == nil {
		return errors.New("models: Compile: optimizer is nil")
	}
	if c.Loss == nil && len(c.Losses) == 0 {
		return errors.New("models: Compile: loss is nil")
	}
	if err := checkMetrics(c.Metrics, ""); err != nil {
		return err
	}
	if err := m.requireBuilt("Compile"); err != nil && !m.sequential {
		return err
	}
	if c.LearningRate != 0 {
		if err := c.Optimizer.SetLearningRate(c.LearningRate); err != nil {
			return fmt.Errorf("models: Compile: %w", err)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	comp := &compiled{optimizer: c.Optimizer}
	if c.Distributor != nil {
		if c.Distributor.Size() < 1 || c.Distributor.Rank() < 0 || c.Distributor.Rank() >= c.Distributor.Size() {
			return fmt.Errorf("models: Compile: the Distributor has rank %d of %d", c.Distributor.Rank(), c.Distributor.Size())
		}
		comp.dist = &distributed{d: c.Distributor}
	}
	if m.topo == nil {
		// A Sequential model not built yet has one output whose name is
		// not known: only Loss and Metrics apply.
		if len(c.Losses) > 0 || len(c.LossWeights) > 0 || len(c.OutputMetrics) > 0 {
			return errors.New("models: Compile: per-output losses, weights and metrics need a built model (call BuildFor first)")
		}
		comp.outputs = []outputSpec{{loss: c.Loss, weight: 1, metrics: c.Metrics}}
		m.comp = comp
		return nil
	}
	specs, err := outputSpecs(m.topo.outputNames, c)
	if err != nil {
		return err
	}
	comp.outputs = specs
	m.comp = comp
	return nil
}

// outputSpecs resolves the config for each named output.
func outputSpecs(names []string, c CompileConfig) ([]outputSpec, error) {
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	for _, kind := range []struct {
		what string
		keys []string
	}{{"Losses", keysOf(c.Losses)}, {"LossWeights", keysOf(c.LossWeights)}, {"OutputMetrics", keysOf(c.OutputMetrics)}} {
		for _, k := range kind.keys {
			if !known[k] {
				return nil, fmt.Errorf("models: Compile: %s names output %q; the outputs are %s", kind.what, k, strings.Join(names, ", "))
			}
		}
	}
	specs := make([]outputSpec, len(names))
	trained := false
	for i, n := range names {
		s := outputSpec{name: n, loss: c.Loss, weight: 1, metrics: append([]metrics.Metric{}, c.Metrics...)}
		if l, ok := c.Losses[n]; ok {
			s.loss = l
		}
		if w, ok := c.LossWeights[n]; ok {
			s.weight = w
		}
		if err := checkMetrics(c.OutputMetrics[n], n); err != nil {
			return nil, err
		}
		s.metrics = append(s.metrics, c.OutputMetrics[n]...)
		trained = trained || s.loss != nil
		specs[i] = s
	}
	if !trained {
		return nil, errors.New("models: Compile: no output has a loss")
	}
	return specs, nil
}

// checkMetrics rejects nil metrics.
func checkMetrics(ms []metrics.Metric, output string) error {
	for i, mt := range ms {
		if mt == nil {
			if output != "" {
				return fmt.Errorf("models: Compile: metric %d of output %q is nil", i, output)
			}
			return fmt.Errorf("models: Compile: metric %d is nil", i)
		}
	}
	return nil
}

// keysOf returns a map's keys, sorted.
func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// trainedNames returns the names of the outputs that have a loss: the
// labels Fit and Evaluate take. The caller holds m.mu and the model is
// built.
func (m *Model) trainedNames() []string {
	if m.comp.trained == nil {
		specs := m.compiledSpecs()
		for _, i := range trainedOutputs(specs) {
			m.comp.trained = append(m.comp.trained, specs[i].name)
		}
	}
	return m.comp.trained
}

// compiledSpecs returns the output specs, naming a Sequential model's one
// output once it is built. The caller holds m.mu and the model is built.
func (m *Model) compiledSpecs() []outputSpec {
	if len(m.comp.outputs) == 1 && m.comp.outputs[0].name == "" {
		m.comp.outputs[0].name = m.topo.outputNames[0]
	}
	return m.comp.outputs
}
