package layers

import (
	"fmt"
	"strings"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// This file holds the DataFormat field's helpers shared by the image and
// sequence layers: a channels-first layer moves its input's channels
// last, computes as a channels-last layer, and moves the output's channels
// back first.

// The values of the layers' DataFormat field ("" means ChannelsLast, as
// Keras's default image_data_format).
const (
	// ChannelsLast is the layout (batch, spatial…, channels).
	ChannelsLast = "channels_last"
	// ChannelsFirst is the layout (batch, channels, spatial…).
	ChannelsFirst = "channels_first"
)

// isChannelsFirst reports whether the data format f is channels-first, or
// returns an error for an unknown format. Case is ignored.
func isChannelsFirst(f string) (bool, error) {
	switch strings.ToLower(f) {
	case "", ChannelsLast:
		return false, nil
	case ChannelsFirst:
		return true, nil
	}
	return false, fmt.Errorf("data format must be %q or %q, got %q", ChannelsLast, ChannelsFirst, f)
}

// checkDataFormat returns an error for an unknown data format.
func checkDataFormat(f string) error {
	_, err := isChannelsFirst(f)
	return err
}

// channelsLastShape returns the per-sample channels-first shape s, (c,
// spatial…), as (spatial…, c); shapes of rank below 2 are returned as
// they are.
func channelsLastShape(s tensor.Shape) tensor.Shape {
	if len(s) < 2 {
		return s
	}
	return append(s[1:].Clone(), s[0])
}

// channelsFirstShape is the inverse of channelsLastShape.
func channelsFirstShape(s tensor.Shape) tensor.Shape {
	if len(s) < 2 {
		return s
	}
	return append(tensor.Shape{s[len(s)-1]}, s[:len(s)-1]...)
}

// shapesLast returns per-sample shapes in the data format f as
// channels-last shapes (the shapes themselves for channels-last or an
// unknown format). Build uses it so that weights do not depend on f.
func shapesLast(f string, in []tensor.Shape) []tensor.Shape {
	if first, _ := isChannelsFirst(f); !first {
		return in
	}
	out := make([]tensor.Shape, len(in))
	for i, s := range in {
		out[i] = channelsLastShape(s)
	}
	return out
}

// outputShapesIn is a layer's OutputShapes in data format f, given its
// channels-last rule last: the shapes moved channels-last, last, and its
// results moved channels-first again. An unknown f is l's error.
func outputShapesIn(l Layer, f string, in []tensor.Shape, last func([]tensor.Shape) ([]tensor.Shape, error)) ([]tensor.Shape, error) {
	first, err := isChannelsFirst(f)
	if err != nil {
		return nil, Errorf(l, "%v", err)
	}
	if !first {
		return last(in)
	}
	out, err := last(shapesLast(f, in))
	for i := range out {
		out[i] = channelsFirstShape(out[i])
	}
	return out, err
}

// callIn is a layer's Call in data format f, given its channels-last
// computation last: the inputs transposed channels-last, last, and its
// outputs transposed channels-first again. An unknown f is l's error.
func callIn(l Layer, f string, ctx *Context, in []*graph.Node, last func(*Context, []*graph.Node) ([]*graph.Node, error)) ([]*graph.Node, error) {
	first, err := isChannelsFirst(f)
	if err != nil {
		return nil, Errorf(l, "%v", err)
	}
	if !first {
		return last(ctx, in)
	}
	xs := make([]*graph.Node, len(in))
	for i, x := range in {
		xs[i] = moveChannels(x, true)
	}
	out, err := last(ctx, xs)
	for i := range out {
		out[i] = moveChannels(out[i], false)
	}
	return out, err
}

// moveChannels transposes x, of rank 3 or more, from channels-first to
// channels-last (toLast) or back; lower ranks (a batch of vectors) are
// returned as they are.
func moveChannels(x *graph.Node, toLast bool) *graph.Node {
	r := len(x.Shape())
	if r < 3 {
		return x
	}
	perm := make([]int, r)
	for i := range perm {
		perm[i] = i
	}
	if toLast {
		copy(perm[1:], perm[2:])
		perm[r-1] = 1
	} else {
		copy(perm[2:], perm[1:r-1])
		perm[1] = r - 1
	}
	return graph.Transpose(x, perm...)
}
