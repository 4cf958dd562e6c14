package labels

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

func TestShapeUsesNone(t *testing.T) {
	for _, c := range []struct {
		s    tensor.Shape
		want string
	}{
		{tensor.Shape{graph.Unknown, 3}, "(None, 3)"},
		{tensor.Shape{graph.Unknown}, "(None,)"},
		{tensor.Shape{4, 2, 1}, "(4, 2, 1)"},
		{tensor.Shape{}, "()"},
	} {
		if got := Shape(c.s); got != c.want {
			t.Errorf("Shape(%v) = %q, want %q", []int(c.s), got, c.want)
		}
	}
}

func TestAlignShapes(t *testing.T) {
	const u = graph.Unknown
	for _, c := range []struct {
		tShape, pShape []int
		want           []int // nil: an error
	}{
		{[]int{u, 2}, []int{u, 2}, []int{u, 2}},
		{[]int{u}, []int{u, 1}, []int{u, 1}},
		{[]int{u, 1}, []int{u}, []int{u, 1}},
		{[]int{u, 5}, []int{4, 5}, []int{u, 5}},
		{[]int{u}, []int{u, 3}, nil},
		{[]int{u, 3}, []int{u, 1}, nil},
		{[]int{u, 1}, []int{u, 3}, nil},
		{[]int{2, 3}, []int{3, 3}, nil},
	} {
		g := graph.New()
		yt := g.Placeholder("y_true", tensor.Int64, c.tShape...)
		yp := g.Placeholder("y_pred", tensor.Float32, c.pShape...)
		at, ap, err := Align("loss", yt, yp)
		if c.want == nil {
			if err == nil {
				t.Errorf("Align(%v, %v): no error", c.tShape, c.pShape)
			} else if !strings.HasPrefix(err.Error(), "loss: labels of shape ") {
				t.Errorf("Align(%v, %v): error %q", c.tShape, c.pShape, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Align(%v, %v): %v", c.tShape, c.pShape, err)
			continue
		}
		if at.DType() != tensor.Float32 {
			t.Errorf("Align(%v, %v): labels are %v, want float32", c.tShape, c.pShape, at.DType())
		}
		if !Compatible(at.Shape(), c.want) || !Compatible(ap.Shape(), c.want) {
			t.Errorf("Align(%v, %v) = %v, %v, want %v", c.tShape, c.pShape, at.Shape(), ap.Shape(), c.want)
		}
	}
}
