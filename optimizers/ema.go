package optimizers

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// Finalizer is an optimizer with a last step to take when training ends:
// Keras's optimizer.finalize_variable_values, which models.Fit calls after
// its last epoch. Every optimizer of this package is one: with UseEMA,
// Finalize overwrites each weight with its moving average.
type Finalizer interface {
	// Finalize sets the final values of the weights the optimizer trains.
	// It must not be called while a Run is in progress.
	Finalize() error
}

// defaultEMAMomentum is Keras's ema_momentum.
const defaultEMAMomentum = 0.99

// validateEMA checks the moving-average settings when UseEMA is set, as
// Keras does: the momentum in [0, 1] and the frequency not negative.
func (o options) validateEMA(opt string) error {
	if !o.useEMA {
		return nil
	}
	if !(o.emaMomentum >= 0 && o.emaMomentum <= 1) {
		return fmt.Errorf("optimizers: %s: EMAMomentum must be in [0, 1] (0 is the default, 0.99), got %v", opt, o.emaMomentum)
	}
	if o.emaOverwriteFrequency < 0 {
		return fmt.Errorf("optimizers: %s: EMAOverwriteFrequency must be >= 0 (0 overwrites only at the end), got %d",
			opt, o.emaOverwriteFrequency)
	}
	return nil
}

// makeAverages creates the moving average of every param on the first
// Apply: "<param name>/average" (zeros, not trainable).
func (s *state) makeAverages(g *graph.Graph, params []*graph.Node) {
	s.averages = map[*graph.Node]*graph.Node{}
	s.emaOrder = append([]*graph.Node(nil), params...)
	for _, p := range params {
		a := g.Variable(p.Name()+"/average", tensor.New(p.DType(), p.Value().Shape()...))
		a.SetTrainable(false)
		s.averages[p] = a
	}
}

// buildEMA returns the moving-average updates of params, to run after
// their optimizer updates, as Keras's base optimizer does after
// update_step:
//
//	m = EMAMomentum, or 0 at the first step (iterations = 0)
//	average ← m·average + (1 − m)·w
//	w ← average   when EMAOverwriteFrequency > 0 and (iterations + 1) is a multiple of it
//
// where iterations is the counter's value before this step's increment.
func (s *state) buildEMA(g *graph.Graph, iterations *graph.Node, params []*graph.Node) []*graph.Node {
	m := orDefault(s.opts.emaMomentum, defaultEMAMomentum)
	momentum := graph.Schedule(iterations, func(it int64) float64 {
		if it == 0 {
			return 0
		}
		return m
	})
	overwrite := g.Scalar(0)
	if freq := int64(s.opts.emaOverwriteFrequency); freq > 0 {
		overwrite = graph.Schedule(iterations, func(it int64) float64 {
			if (it+1)%freq == 0 {
				return 1
			}
			return 0
		})
	}
	byDType := map[tensor.DType][2]*graph.Node{}
	updates := make([]*graph.Node, len(params))
	for i, p := range params {
		dt := p.DType()
		sc, ok := byDType[dt]
		if !ok {
			sc = [2]*graph.Node{graph.Cast(momentum, dt), graph.Cast(overwrite, dt)}
			byDType[dt] = sc
		}
		q, _ := s.origin(p)
		updates[i] = graph.ApplyEMA(s.bind(g, s.averages[q]), p, sc[0], sc[1])
	}
	return updates
}

// Finalize overwrites every weight with its moving average when UseEMA is
// set (Keras's finalize_variable_values); otherwise, or before the first
// step (when no average has been taken yet), it changes nothing. models.Fit
// calls it after its last epoch. It must not be called while a Run is in
// progress.
func (s *state) Finalize() error {
	if !s.opts.useEMA || s.g == nil || s.iterationCount() == 0 {
		return nil
	}
	for _, p := range s.emaOrder {
		if err := p.SetValue(s.averages[p].Value()); err != nil {
			return fmt.Errorf("optimizers: Finalize: %w", err)
		}
	}
	return nil
}
