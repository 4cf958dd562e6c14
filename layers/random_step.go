package layers

import (
	"errors"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// The random layers (Dropout, SpatialDropout2D, RandomFlip,
// RandomTranslation, the recurrent layers' dropout) hold no random state:
// their graph ops draw from (seed, step), where the seed is fixed when the
// layer is called and the step is the pass's step counter, an int64
// scalar node. Whoever runs the training step increments the counter, so
// each step draws afresh, and restoring the counter resumes the draws
// exactly: models bind the model's counter, which Save writes and Load
// and Restore read back.

// SetRandomStep makes step (an int64 scalar node of the pass's graph) the
// counter at which the pass's random layers draw. Call it before the
// layers are called; the caller increments step once per training step.
func (s *Scope) SetRandomStep(step *graph.Node) { s.step = step }

// RandomStep returns the pass's step counter. A pass without one
// (SetRandomStep was not called) gets, on first use, a non-trainable
// variable "random_step" holding 0: its random layers draw the same values
// in every Run until the caller assigns the variable another value.
func (s *Scope) RandomStep() *graph.Node {
	s.stepUsed = true
	if s.step == nil {
		g := s.Graph()
		s.step = g.Variable("random_step", tensor.Scalar[int64](0))
		s.step.SetTrainable(false)
	}
	return s.step
}

// RandomStepUsed reports whether a layer of the pass drew randomness from
// the step counter, so that a training step needs to advance it.
func (s *Scope) RandomStepUsed() bool { return s.stepUsed }

// RandomStep returns the step counter of the pass this Call belongs to
// (see Scope.RandomStep), for the step input of graph.Dropout and
// graph.RandomUniformLike. Only Call may use it.
func (c *Context) RandomStep() (*graph.Node, error) {
	if c.scope == nil {
		return nil, errors.New("layers: RandomStep is for Call")
	}
	return c.scope.RandomStep(), nil
}
