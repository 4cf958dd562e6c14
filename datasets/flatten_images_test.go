package datasets

import (
	"slices"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestFlattenImages(t *testing.T) {
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2, 1)
	f, err := FlattenImages(x)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Shape().Equal(tensor.Shape{2, 6}) || f.At(1, 0) != 7 || f.At(0, 5) != 6 {
		t.Fatalf("got %v %v", f.Shape(), f.Float32s())
	}
	f.Float32s()[0] = 42 // a view: x sees the write
	if x.At(0, 0, 0, 0) != 42 {
		t.Error("FlattenImages copied the data")
	}
	empty, err := FlattenImages(tensor.FromSlice([]int64{}, 0, 8, 8))
	if err != nil || !slices.Equal(empty.Shape(), tensor.Shape{0, 64}) {
		t.Errorf("empty: %v, %v", empty, err)
	}
	for _, bad := range []*tensor.Tensor{nil, tensor.FromSlice([]float32{1, 2}, 2)} {
		if _, err := FlattenImages(bad); err == nil || !strings.Contains(err.Error(), "FlattenImages") {
			t.Errorf("FlattenImages(%v): error %v", bad, err)
		}
	}
}
