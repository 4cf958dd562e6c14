package optimizers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// options are the settings Keras's base optimizer gives every optimizer:
// gradient clipping (clipnorm, clipvalue, global_clipnorm) and decoupled
// weight decay (weight_decay). Every optimizer has them as the fields
// ClipNorm, ClipValue, GlobalClipNorm and WeightDecay, where 0 means off
// (AdamW alone gives WeightDecay another default). Apply transforms the
// gradients with graph ops before the optimizer's update, and adds the
// decay of each weight (its own update op, which runs before the
// optimizer's) as Keras's base optimizer does:
//
//	grad ← grad·ClipNorm / max(‖grad‖, ClipNorm)       (per weight)
//	grad ← clip(grad, −ClipValue, ClipValue)
//	grad ← grad·GlobalClipNorm / max(‖all grads‖, GlobalClipNorm)
//	w ← w − w·WeightDecay·lr
//
// With UseEMA the optimizer also keeps a moving average of every weight
// (see ema.go).
type options struct {
	clipNorm, clipValue, globalClipNorm, weightDecay float64
	schedule                                         Schedule // the learning rate's, if any

	useEMA                bool    // use_ema
	emaMomentum           float64 // ema_momentum; 0 means 0.99
	emaOverwriteFrequency int     // ema_overwrite_frequency; 0 is None
}

// validate checks that every setting is finite and not negative, and that
// at most one kind of clipping is set, as Keras requires.
func (o options) validate(opt string) error {
	clips := 0
	for _, f := range []struct {
		name string
		v    float64
	}{{"ClipNorm", o.clipNorm}, {"ClipValue", o.clipValue}, {"GlobalClipNorm", o.globalClipNorm}, {"WeightDecay", o.weightDecay}} {
		if !(f.v >= 0) || math.IsInf(f.v, 0) {
			return fmt.Errorf("optimizers: %s: %s must be a finite number >= 0 (0 is off), got %v", opt, f.name, f.v)
		}
		if f.v != 0 && f.name != "WeightDecay" {
			clips++
		}
	}
	if clips > 1 {
		return fmt.Errorf("optimizers: %s: only one of ClipNorm (%v), ClipValue (%v) and GlobalClipNorm (%v) can be set",
			opt, o.clipNorm, o.clipValue, o.globalClipNorm)
	}
	return o.validateEMA(opt)
}

// clip returns the gradients after the clipping that is set (grads itself
// when none is).
func (o options) clip(g *graph.Graph, grads []*graph.Node) []*graph.Node {
	switch {
	case o.clipNorm > 0:
		out := make([]*graph.Node, len(grads))
		for i, gr := range grads {
			out[i] = clipByNorm(g, gr, o.clipNorm)
		}
		return out
	case o.clipValue > 0:
		out := make([]*graph.Node, len(grads))
		for i, gr := range grads {
			out[i] = graph.Clip(gr, -o.clipValue, o.clipValue)
		}
		return out
	case o.globalClipNorm > 0:
		return clipByGlobalNorm(g, grads, o.globalClipNorm)
	}
	return grads
}

// clipByNorm scales gr so that its L2 norm is at most c (Keras's
// _clip_by_norm): gr·c / max(‖gr‖, c), in gr's dtype.
func clipByNorm(g *graph.Graph, gr *graph.Node, c float64) *graph.Node {
	norm := graph.Sqrt(graph.Sum(graph.Square(gr), nil, false))
	return graph.Div(graph.Mul(gr, g.Scalar(c)), graph.Maximum(norm, g.Scalar(c)))
}

// clipByGlobalNorm scales all gradients by one factor so that the L2 norm
// of them all together is at most c (Keras's clip_by_global_norm):
// c·min(1/norm, 1/c), plus norm − norm so that an infinite or NaN norm
// gives NaN. The norm and the factor are computed in float64 and the
// factor is cast to each gradient's dtype.
func clipByGlobalNorm(g *graph.Graph, grads []*graph.Node, c float64) []*graph.Node {
	squares := make([]*graph.Node, len(grads))
	for i, gr := range grads {
		squares[i] = graph.Cast(graph.Sum(graph.Square(gr), nil, false), tensor.Float64)
	}
	sum := squares[0]
	if len(squares) > 1 {
		sum = graph.AddN(squares...)
	}
	norm := graph.Sqrt(sum)
	scale := graph.Mul(g.Scalar(c), graph.Minimum(graph.Div(g.Scalar(1), norm), g.Scalar(1/c)))
	scale = graph.Add(scale, graph.Sub(norm, norm))
	byDType := map[tensor.DType]*graph.Node{}
	out := make([]*graph.Node, len(grads))
	for i, gr := range grads {
		dt := gr.DType()
		if byDType[dt] == nil {
			byDType[dt] = graph.Cast(scale, dt)
		}
		out[i] = graph.Mul(gr, byDType[dt])
	}
	return out
}
