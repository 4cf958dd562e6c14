package layers

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestSpatialDropout2D: in training every channel of every image is all 0
// or all 2 (rate 1/2), both happen; inference passes the input through.
func TestSpatialDropout2D(t *testing.T) {
	x := tensor.Ones(tensor.Float64, 8, 3, 3, 4)
	got := forward(t, &SpatialDropout2D{Rate: 0.5, Seed: 5}, true, x, nil).Float64s()
	kept, dropped := 0, 0
	for n := range 8 {
		for c := range 4 {
			first := got[n*36+c]
			for p := range 9 {
				if v := got[n*36+p*4+c]; v != first {
					t.Fatalf("image %d channel %d is not constant: %v and %v", n, c, first, v)
				}
			}
			switch first {
			case 2:
				kept++
			case 0:
				dropped++
			default:
				t.Fatalf("image %d channel %d is %v, want 0 or 2", n, c, first)
			}
		}
	}
	if kept == 0 || dropped == 0 {
		t.Errorf("kept %d and dropped %d channels of 32", kept, dropped)
	}
	if got := forward(t, &SpatialDropout2D{Rate: 0.5}, false, x, nil); !tensor.ArrayEqual(got, x) {
		t.Errorf("inference changed the input")
	}
	checkShapes(t, []shapeCase{
		{l: &SpatialDropout2D{Rate: 1}, in: tensor.Shape{3, 3, 4}, err: []string{"SpatialDropout2D layer", "rate"}},
		{l: &SpatialDropout2D{}, in: tensor.Shape{3, 4}, err: []string{"(batch, height, width, channels)"}},
	})
}

// flips returns image n (h×w, one channel) of x flipped along the rows
// (vertical) and/or the columns (horizontal).
func flips(x []float64, n, h, w int, vertical, horizontal bool) []float64 {
	out := make([]float64, h*w)
	for r := range h {
		for c := range w {
			sr, sc := r, c
			if vertical {
				sr = h - 1 - r
			}
			if horizontal {
				sc = w - 1 - c
			}
			out[r*w+c] = x[n*h*w+sr*w+sc]
		}
	}
	return out
}

// TestRandomFlip: in training each image comes out as itself or one of
// its flips allowed by the mode, and every allowed variant occurs over 32
// images; inference passes the input through.
func TestRandomFlip(t *testing.T) {
	const n, h, w = 32, 2, 3
	x := tensor.FromSlice(seq(1, n*h*w), n, h, w, 1)
	for _, c := range []struct {
		mode    string
		allowed [][2]bool // (vertical, horizontal)
	}{
		{"horizontal", [][2]bool{{false, false}, {false, true}}},
		{"vertical", [][2]bool{{false, false}, {true, false}}},
		{"", [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}}},
	} {
		got := forward(t, &RandomFlip{Mode: c.mode, Seed: 9}, true, x, nil).Float64s()
		seen := make([]int, len(c.allowed))
	images:
		for i := range n {
			for k, a := range c.allowed {
				if equalFloats(got[i*h*w:(i+1)*h*w], flips(x.Float64s(), i, h, w, a[0], a[1])) {
					seen[k]++
					continue images
				}
			}
			t.Fatalf("mode %q: image %d is %v, not an allowed flip", c.mode, i, got[i*h*w:(i+1)*h*w])
		}
		for k, s := range seen {
			if s == 0 {
				t.Errorf("mode %q: variant %v never occurred (%v)", c.mode, c.allowed[k], seen)
			}
		}
		if got := forward(t, &RandomFlip{Mode: c.mode}, false, x, nil); !tensor.ArrayEqual(got, x) {
			t.Errorf("mode %q: inference changed the input", c.mode)
		}
	}
	checkShapes(t, []shapeCase{
		{l: &RandomFlip{Mode: "diagonal"}, in: tensor.Shape{3, 3, 1}, err: []string{"RandomFlip layer", "mode"}},
		{l: &RandomFlip{}, in: tensor.Shape{-1, 3, 1}, err: []string{"known height"}},
	})
}

// equalFloats reports whether a and b hold the same values.
func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
