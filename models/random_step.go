package models

import "github.com/neurite/neurite/graph"

// randomStep binds the model's step counter in g: the int64 variable
// "random_step", sharing m.step's storage, at which the training pass's
// random layers (Dropout, RandomFlip, …) draw. Every training step adds 1
// to it, after its draws (assignments run last in a Run), so each step
// draws afresh; Save writes the counter to state.json and Load and
// Restore read it back, so a resumed Fit draws the masks the
// uninterrupted one would have. It is no weight and no optimizer variable.
func (m *Model) randomStep(g *graph.Graph) *graph.Node {
	n := g.VariableOf("random_step", m.step)
	n.SetTrainable(false)
	return n
}
