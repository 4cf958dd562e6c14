package layers

import (
	"github.com/neurite/neurite/graph"
)

// This file holds what the random layers share: seeds and masks drawn per
// sample or per channel with graph.Dropout's mask.

// layerRandom returns what a random layer's ops draw from: seed, or, when
// it is 0, a seed drawn from the context's random stream (so that the
// model's Seed fixes it), and the pass's step counter (see RandomStep).
func layerRandom(ctx *Context, seed uint64) (uint64, *graph.Node, error) {
	step, err := ctx.RandomStep()
	if err != nil {
		return 0, nil, err
	}
	if seed != 0 {
		return seed, step, nil
	}
	if ctx.RNG == nil {
		return 0, nil, ctx.Errorf("needs a Seed or a context with a random generator")
	}
	return ctx.RNG.Uint64(), step, nil
}

// dropMask returns a random mask shaped like x with the given axes
// collapsed to size 1 (so that it broadcasts over them): each element is
// 1/(1−rate) with probability 1−rate, else 0, fresh at every step. It is
// graph.Dropout applied to ones, so it shares that op's (seed, step)
// semantics.
func dropMask(x *graph.Node, axes []int, rate float64, seed uint64, step *graph.Node) *graph.Node {
	probe := x
	for _, a := range axes {
		probe = graph.Slice(probe, a, 0, 1)
	}
	return graph.Dropout(graph.OnesLike(probe), rate, seed, step)
}
