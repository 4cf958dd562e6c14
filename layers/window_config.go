package layers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds what the convolution and pooling layers share: the
// defaults of their window fields and Keras's rule for their output sizes.

// orOne returns v, or 1 when v is 0 (the zero value of a stride or a
// dilation rate means Keras's default 1).
func orOne(v int) int {
	if v == 0 {
		return 1
	}
	return v
}

// pairOr returns p with each zero entry replaced by def[i].
func pairOr(p, def [2]int) [2]int {
	for i := range p {
		if p[i] == 0 {
			p[i] = def[i]
		}
	}
	return p
}

// windowPadding returns the padding name in lower case ("" means
// "valid"), or an error if it is not one of allowed.
func windowPadding(p string, allowed ...string) (string, error) {
	q := strings.ToLower(p)
	if q == "" {
		q = "valid"
	}
	for _, a := range allowed {
		if q == a {
			return q, nil
		}
	}
	return "", fmt.Errorf("padding must be one of %q, got %q", allowed, p)
}

// checkWindow checks a window's size, strides and dilation along its axes
// (zero strides and dilations are the defaults, already replaced by 1):
// every entry positive, and, as Keras requires, no stride above 1 together
// with a dilation above 1.
func checkWindow(size, strides, dilation []int) error {
	for i := range size {
		if size[i] <= 0 {
			return fmt.Errorf("kernel size %v must be positive", size)
		}
		if strides[i] <= 0 {
			return fmt.Errorf("strides %v must be positive", strides)
		}
		if dilation[i] <= 0 {
			return fmt.Errorf("dilation rate %v must be positive", dilation)
		}
	}
	for i := range strides {
		for j := range dilation {
			if strides[i] > 1 && dilation[j] > 1 {
				return fmt.Errorf("strides %v above 1 cannot be combined with a dilation rate %v above 1", strides, dilation)
			}
		}
	}
	return nil
}

// windowOut returns the number of positions of a window of k taps spaced
// dil apart, moved stride at a time along an axis of n elements, as Keras
// computes it: ceil(n/stride) with "same" padding, (n − (k−1)·dil − 1) /
// stride + 1 with "valid", and n + (k−1)·dil padded "causal" taken as
// "valid". An Unknown n gives Unknown; a window larger than a "valid"
// axis is an error.
func windowOut(n, k, stride, dil int, padding string) (int, error) {
	if n == graph.Unknown {
		return graph.Unknown, nil
	}
	if n < 0 {
		return 0, fmt.Errorf("dimension %d is negative", n)
	}
	eff := (k-1)*dil + 1
	switch padding {
	case "same":
		return (n + stride - 1) / stride, nil
	case "causal":
		n += eff - 1
	}
	if n < eff {
		return 0, fmt.Errorf("the window of %d elements (kernel %d, dilation %d) is larger than the input's %d", eff, k, dil, n)
	}
	return (n-eff)/stride + 1, nil
}

// spatialOut returns the per-sample output shape of a window layer on a
// channels-last input s of rank len(size)+1: each spatial axis i through
// windowOut, the channels replaced by channels (or kept if channels < 0).
func spatialOut(s tensor.Shape, size, strides, dilation []int, padding string, channels int) (tensor.Shape, error) {
	out := s.Clone()
	for i := range size {
		d, err := windowOut(s[i], size[i], strides[i], dilation[i], padding)
		if err != nil {
			return nil, fmt.Errorf("input of shape %s, axis %d: %v", sampleShape(s), i+1, err)
		}
		out[i] = d
	}
	if channels >= 0 {
		out[len(out)-1] = channels
	}
	return out, nil
}

// channelsOf returns the last dimension of a per-sample shape of the given
// rank, or an error naming what the layer needs (a description such as
// "(height, width, channels)") when the rank differs or the channels are
// not known.
func channelsOf(s tensor.Shape, rank int, what string) (int, error) {
	if len(s) != rank {
		return 0, fmt.Errorf("needs inputs of shape (batch, %s), got %s", what, sampleShape(s))
	}
	c := s[rank-1]
	if c <= 0 {
		return 0, fmt.Errorf("the channels (last axis) of the input must be known and positive, got shape %s", sampleShape(s))
	}
	return c, nil
}

// innerErr returns the problem an *Error describes, without its layer
// prefix, so that a layer reusing another's checks reports them as its own.
func innerErr(err error) error {
	var le *Error
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
