package layers

import (
	"math"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

var _ interface {
	Layer
	Named
	InputShaped
	Validator
} = (*RandomTranslation)(nil)

// Output shapes and configuration errors.
func TestRandomTranslationShapes(t *testing.T) {
	f := []float64{0.2}
	checkShapes(t, []shapeCase{
		{l: &RandomTranslation{HeightFactor: f, WidthFactor: f}, in: tensor.Shape{5, 6, 3}, want: tensor.Shape{5, 6, 3}},
		{l: &RandomTranslation{HeightFactor: f, WidthFactor: f, DataFormat: "channels_first"}, in: tensor.Shape{3, 5, 6},
			want: tensor.Shape{3, 5, 6}},
		{l: &RandomTranslation{WidthFactor: f}, in: tensor.Shape{5, 6, 3}, err: []string{"RandomTranslation", "height factor"}},
		{l: &RandomTranslation{HeightFactor: f, WidthFactor: []float64{0.3, -0.1}}, in: tensor.Shape{5, 6, 3}, err: []string{"lower <= upper"}},
		{l: &RandomTranslation{HeightFactor: []float64{1.5}, WidthFactor: f}, in: tensor.Shape{5, 6, 3}, err: []string{"[-1, 1]"}},
		{l: &RandomTranslation{HeightFactor: []float64{0, 0, 0}, WidthFactor: f}, in: tensor.Shape{5, 6, 3}, err: []string{"1 or 2"}},
		{l: &RandomTranslation{HeightFactor: f, WidthFactor: f, FillMode: "mirror"}, in: tensor.Shape{5, 6, 3}, err: []string{"fill mode"}},
		{l: &RandomTranslation{HeightFactor: f, WidthFactor: f, Interpolation: "bilinear"}, in: tensor.Shape{5, 6, 3},
			err: []string{"interpolation"}},
		{l: &RandomTranslation{HeightFactor: f, WidthFactor: f}, in: tensor.Shape{graph.Unknown, 6, 3}, err: []string{"known height"}},
		{l: &RandomTranslation{HeightFactor: f, WidthFactor: f}, in: tensor.Shape{6, 3}, err: []string{"height, width, channels"}},
	})
}

// At inference the layer passes its input through.
func TestRandomTranslationInference(t *testing.T) {
	x := tensor.NewRNG(5).Uniform(tensor.Float64, -1, 1, 3, 4, 5, 2)
	y := forward(t, &RandomTranslation{HeightFactor: []float64{0.5}, WidthFactor: []float64{0.5}}, false, x, nil)
	if !tensor.AllClose(y, x, 0, 0) {
		t.Errorf("inference output %v differs from the input %v", y, x)
	}
}

// findShift returns the integer shift (dy, dx), |dy| <= maxY and |dx| <=
// maxX, for which out is in shifted with the fill (constant fill, or the
// nearest edge pixel when fill is NaN), or ok false.
func findShift(in, out []float64, h, w, maxY, maxX int, fill float64) (dy, dx int, ok bool) {
	for dy = -maxY; dy <= maxY; dy++ {
		for dx = -maxX; dx <= maxX; dx++ {
			match := true
			for y := 0; y < h && match; y++ {
				for x := 0; x < w && match; x++ {
					sy, sx := y-dy, x-dx
					want := fill
					if math.IsNaN(fill) {
						want = in[min(max(sy, 0), h-1)*w+min(max(sx, 0), w-1)]
					} else if sy >= 0 && sy < h && sx >= 0 && sx < w {
						want = in[sy*w+sx]
					}
					match = out[y*w+x] == want
				}
			}
			if match {
				return dy, dx, true
			}
		}
	}
	return 0, 0, false
}

// In training each image is a shifted copy of its input, within the
// factors' range, filled with the constant or the nearest edge pixel; the
// shifts vary between images and runs; a seed repeats them.
func TestRandomTranslationTraining(t *testing.T) {
	const n, h, w = 8, 5, 6
	x := tensor.New(tensor.Float64, n, h, w, 1)
	for i := range x.Float64s() {
		x.Float64s()[i] = float64(i%(h*w) + 1) // distinct pixels per image
	}
	for _, c := range []struct {
		mode string
		fill float64
	}{{"constant", -5}, {"nearest", math.NaN()}} {
		l := &RandomTranslation{HeightFactor: []float64{0.4}, WidthFactor: []float64{-0.5, 0}, FillMode: c.mode, FillValue: -5, Seed: 7}
		hc := buildAndCall(t, l, tensor.Float64, true, tensor.Shape{h, w, 1})
		seen := map[[2]int]bool{}
		var first []float64
		for run := range 3 {
			y := hc.run(x)[0].Float64s()
			if run == 0 {
				first = append([]float64(nil), y...)
			}
			for b := range n {
				img := x.Float64s()[b*h*w : (b+1)*h*w]
				dy, dx, ok := findShift(img, y[b*h*w:(b+1)*h*w], h, w, 2, 3, c.fill)
				if !ok {
					t.Fatalf("%s: image %d of run %d is no shifted copy within (±2, −3..0): %v", c.mode, b, run, y[b*h*w:(b+1)*h*w])
				}
				if dx > 0 {
					t.Fatalf("%s: column shift %d outside [-3, 0]", c.mode, dx)
				}
				seen[[2]int{dy, dx}] = true
			}
		}
		if len(seen) < 4 {
			t.Errorf("%s: only the shifts %v in 24 images", c.mode, seen)
		}
		again := buildAndCall(t, &RandomTranslation{HeightFactor: []float64{0.4}, WidthFactor: []float64{-0.5, 0},
			FillMode: c.mode, FillValue: -5, Seed: 7}, tensor.Float64, true, tensor.Shape{h, w, 1})
		if y := again.run(x)[0].Float64s(); !tensor.AllClose(tensor.FromSlice(y, len(y)), tensor.FromSlice(first, len(first)), 0, 0) {
			t.Errorf("%s: the same seed gave other shifts", c.mode)
		}
	}
}

// Zero factors leave the images alone even in training, and the gradient
// flows back through the translation.
func TestRandomTranslationZeroAndGradient(t *testing.T) {
	x := tensor.NewRNG(6).Uniform(tensor.Float32, -1, 1, 2, 3, 4, 2)
	zero := buildAndCall(t, &RandomTranslation{HeightFactor: []float64{0}, WidthFactor: []float64{0}, Seed: 1}, tensor.Float32, true,
		tensor.Shape{3, 4, 2})
	if y := zero.run(x)[0]; !tensor.AllClose(y, x, 0, 0) {
		t.Errorf("zero factors changed the images: %v", y)
	}
	// A shift of exactly one row down (factor range [1/3, 1/3] of 3 rows)
	// with constant fill: the last row's gradient is lost, the others
	// get 1.
	l := &RandomTranslation{HeightFactor: []float64{1.0 / 3, 1.0 / 3}, WidthFactor: []float64{0}, FillMode: "constant", Seed: 1}
	hc := buildAndCall(t, l, tensor.Float32, true, tensor.Shape{3, 4, 2})
	grad := graph.Gradients(graph.Sum(hc.out[0], nil, false), hc.in[0])[0]
	dx := hc.fetch([]*tensor.Tensor{x}, grad)[0].Float32s()
	for i, v := range dx {
		row := i / 8 % 3
		if want := float32(1); row == 2 && v != 0 || row < 2 && v != want {
			t.Fatalf("gradient %v, want 1 for rows 0-1 and 0 for row 2", dx)
		}
	}
}
