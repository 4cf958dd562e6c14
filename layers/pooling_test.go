package layers

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestPooling2DShapes pins Keras's sizes: "valid" (in − size)/stride + 1,
// "same" ceil(in/stride); strides default to the window.
func TestPooling2DShapes(t *testing.T) {
	checkShapes(t, []shapeCase{
		{l: &MaxPooling2D{}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{3, 4, 3}},
		{l: &MaxPooling2D{Padding: "same"}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{4, 5, 3}},
		{l: &AveragePooling2D{PoolSize: [2]int{3, 3}, Strides: [2]int{2, 2}}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{3, 4, 3}},
		{l: &AveragePooling2D{PoolSize: [2]int{3, 1}, Strides: [2]int{1, 2}, Padding: "same"}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{7, 5, 3}},
		{l: &MaxPooling2D{PoolSize: [2]int{3, 3}}, in: tensor.Shape{2, 9, 3}, err: []string{"MaxPooling2D layer", "larger"}},
		{l: &MaxPooling2D{}, in: tensor.Shape{9, 3}, err: []string{"(batch, height, width, channels)"}},
		{l: &MaxPooling2D{Padding: "full"}, in: tensor.Shape{9, 9, 3}, err: []string{"padding"}},
		{l: &AveragePooling2D{Strides: [2]int{-1, 1}}, in: tensor.Shape{9, 9, 3}, err: []string{"strides"}},
		{l: &MaxPooling1D{}, in: tensor.Shape{9, 3}, want: tensor.Shape{4, 3}},
		{l: &MaxPooling1D{Padding: "same"}, in: tensor.Shape{9, 3}, want: tensor.Shape{5, 3}},
		{l: &AveragePooling1D{PoolSize: 3, Strides: 1}, in: tensor.Shape{9, 3}, want: tensor.Shape{7, 3}},
		{l: &AveragePooling1D{}, in: tensor.Shape{9, 3, 1}, err: []string{"(batch, steps, channels)"}},
	})
}

// TestPooling2DForward on the image 1..9: a 2×2 "valid" max is 5; with
// "same" at stride 2 the windows are {1,2,4,5}, {3,6}, {7,8}, {9}: max 5,
// 6, 8, 9 and mean 3, 4.5, 7.5, 9 (divided by the real elements only).
func TestPooling2DForward(t *testing.T) {
	wantOut(t, "max valid", forward(t, &MaxPooling2D{}, false, x3, nil), []float64{5}, 1, 1, 1, 1)
	wantOut(t, "max same", forward(t, &MaxPooling2D{Padding: "same"}, false, x3, nil), []float64{5, 6, 8, 9}, 1, 2, 2, 1)
	wantOut(t, "avg same", forward(t, &AveragePooling2D{Padding: "same"}, false, x3, nil), []float64{3, 4.5, 7.5, 9}, 1, 2, 2, 1)
	wantOut(t, "avg 3x3 stride 1", forward(t, &AveragePooling2D{PoolSize: [2]int{3, 3}, Strides: [2]int{1, 1}}, false, x3, nil), []float64{5}, 1, 1, 1, 1)
}

// TestPooling1DForward on x = [1, 5, 2, 4, 3]: size-2 max "valid" is 5, 4
// and "same" 5, 4, 3; mean "same" 3, 3, 3; a size-3 mean at stride 1 is
// 8/3, 11/3, 3.
func TestPooling1DForward(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 5, 2, 4, 3}, 1, 5, 1)
	wantOut(t, "max valid", forward(t, &MaxPooling1D{}, false, x, nil), []float64{5, 4}, 1, 2, 1)
	wantOut(t, "max same", forward(t, &MaxPooling1D{Padding: "same"}, false, x, nil), []float64{5, 4, 3}, 1, 3, 1)
	wantOut(t, "avg same", forward(t, &AveragePooling1D{Padding: "same"}, false, x, nil), []float64{3, 3, 3}, 1, 3, 1)
	wantOut(t, "avg 3/1", forward(t, &AveragePooling1D{PoolSize: 3, Strides: 1}, false, x, nil), []float64{8.0 / 3, 11.0 / 3, 3}, 1, 3, 1)
}

// TestGlobalPooling on dwX (channels 1..4 and 10..40) and on the sequence
// of its 4 pixels: mean 2.5, 25 and max 4, 40.
func TestGlobalPooling(t *testing.T) {
	seq := tensor.Reshape(dwX, 1, 4, 2)
	wantOut(t, "avg 2D", forward(t, &GlobalAveragePooling2D{}, false, dwX, nil), []float64{2.5, 25}, 1, 2)
	wantOut(t, "max 2D", forward(t, &GlobalMaxPooling2D{KeepDims: true}, false, dwX, nil), []float64{4, 40}, 1, 1, 1, 2)
	wantOut(t, "avg 1D", forward(t, &GlobalAveragePooling1D{KeepDims: true}, false, seq, nil), []float64{2.5, 25}, 1, 1, 2)
	wantOut(t, "max 1D", forward(t, &GlobalMaxPooling1D{}, false, seq, nil), []float64{4, 40}, 1, 2)
	checkShapes(t, []shapeCase{
		{l: &GlobalAveragePooling2D{}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{3}},
		{l: &GlobalMaxPooling2D{KeepDims: true}, in: tensor.Shape{7, 9, 3}, want: tensor.Shape{1, 1, 3}},
		{l: &GlobalMaxPooling1D{KeepDims: true}, in: tensor.Shape{9, 3}, want: tensor.Shape{1, 3}},
		{l: &GlobalAveragePooling1D{}, in: tensor.Shape{7, 9, 3}, err: []string{"GlobalAveragePooling1D layer", "(batch, steps, channels)"}},
	})
}
