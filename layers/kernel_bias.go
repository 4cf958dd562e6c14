package layers

import (
	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/regularizers"
	"github.com/neurite/neurite/tensor"
)

// addKernelBias creates, in Build, a trainable kernel named name of the
// given shape (nil kinit: GlorotUniform) and, if withBias, a trainable
// "bias" of the kernel's last dimension (nil binit: Zeros). It is the
// weight pattern of the convolution layers.
func addKernelBias(ctx *Context, name string, shape tensor.Shape, kinit initializers.Initializer, kreg regularizers.Regularizer,
	withBias bool, binit initializers.Initializer, breg regularizers.Regularizer) (kernel, bias *Weight, err error) {
	if kinit == nil {
		kinit = initializers.GlorotUniform{}
	}
	if kernel, err = ctx.AddWeight(name, shape, kinit, kreg, true); err != nil {
		return nil, nil, err
	}
	if withBias {
		bias, err = addBias(ctx, shape[len(shape)-1], binit, breg)
	}
	return kernel, bias, err
}

// addBias creates a trainable "bias" of shape (units,), Zeros when init is
// nil.
func addBias(ctx *Context, units int, init initializers.Initializer, reg regularizers.Regularizer) (*Weight, error) {
	if init == nil {
		init = initializers.Zeros{}
	}
	return ctx.AddWeight("bias", tensor.Shape{units}, init, reg, true)
}

// biasActivation returns act(y + bias), or act(y) when bias is nil, as a
// layer's output.
func biasActivation(ctx *Context, y *graph.Node, bias *Weight, act activations.Func) ([]*graph.Node, error) {
	if bias != nil {
		y = graph.Add(y, ctx.Var(bias))
	}
	return applyActivation(ctx, act, y)
}
