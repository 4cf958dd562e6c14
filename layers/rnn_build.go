package layers

import (
	"math"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// rnnActivations resolves the activations of a recurrent layer: fn or
// name for the activation ("" is Keras's default "tanh"), recFn or
// recName for the recurrent activation ("" is "sigmoid"). fused reports
// whether they are the defaults, which the fused cell ops of the graph
// package compute; other activations run on plain graph ops.
func rnnActivations(fn activations.Func, name string, recFn activations.Func, recName string) (act, rec activations.Func, fused bool, err error) {
	if name == "" {
		name = "tanh"
	}
	if recName == "" {
		recName = "sigmoid"
	}
	if act, err = resolveActivation(fn, name); err != nil {
		return nil, nil, false, err
	}
	if rec, err = resolveActivation(recFn, recName); err != nil {
		return nil, nil, false, err
	}
	fused = fn == nil && recFn == nil && name == "tanh" && recName == "sigmoid"
	return act, rec, fused, nil
}

// rnnKernels creates the kernel ("kernel", (features, gates·units),
// kinit or GlorotUniform) and the recurrent kernel ("recurrent_kernel",
// (units, gates·units), rinit or Orthogonal) of a recurrent layer whose
// sequence has per-sample shape seq. A gates·units that overflows int is
// an error (it would otherwise wrap to a small size).
func rnnKernels(ctx *Context, seq tensor.Shape, gates, units int, kinit, rinit initializers.Initializer, kreg, rreg regularizers.Regularizer) (kernel, recurrent *Weight, err error) {
	if units > math.MaxInt/gates {
		return nil, nil, Errorf(ctx.layer, "%d units × %d gates overflows int", units, gates)
	}
	if kinit == nil {
		kinit = initializers.GlorotUniform{}
	}
	if rinit == nil {
		rinit = initializers.Orthogonal{}
	}
	if kernel, err = ctx.AddWeight("kernel", tensor.Shape{seq[1], gates * units}, kinit, kreg, true); err != nil {
		return nil, nil, err
	}
	if recurrent, err = ctx.AddWeight("recurrent_kernel", tensor.Shape{units, gates * units}, rinit, rreg, true); err != nil {
		return nil, nil, err
	}
	return kernel, recurrent, nil
}

// orZeros returns init, or Zeros if it is nil.
func orZeros(init initializers.Initializer) initializers.Initializer {
	if init == nil {
		return initializers.Zeros{}
	}
	return init
}
