package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// scheduleOp evaluates a learning-rate schedule at a step counter.
type scheduleOp struct {
	rate func(step int64) float64
}

// Schedule returns the float64 scalar rate(step), where step is an Int64
// scalar such as an optimizer's iterations counter: a learning rate that
// follows a schedule (Keras's LearningRateSchedule), computed inside the
// graph at every Run from the counter's value at the start of the Run.
// rate must not be nil; it is called once per Run, so it must be fast,
// must not allocate, and must be safe to call from any goroutine. The
// result has no gradient (the step is an integer).
func Schedule(step *Node, rate func(step int64) float64) *Node {
	g := graphOf(step)
	if g != nil && rate == nil {
		g.Errorf("Schedule: the rate function is nil")
		return g.errorNode()
	}
	return g.AddNode(scheduleOp{rate: rate}, "", step)
}

func (scheduleOp) Type() string { return "Schedule" }

func (scheduleOp) Infer(d []tensor.DType, s []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, 1); err != nil {
		return 0, nil, err
	}
	if d[0] != tensor.Int64 || len(s[0]) != 0 {
		return 0, nil, fmt.Errorf("the step must be an int64 scalar, got %v %s", d[0], formatShape(s[0]))
	}
	return tensor.Float64, tensor.Shape{}, nil
}

func (o scheduleOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	out.Float64s()[0] = o.rate(in[0].Int64s()[0])
}

// Gradient: no gradient flows to the integer step.
func (scheduleOp) Gradient(n, dy *Node) ([]*Node, error) { return []*Node{nil}, nil }
