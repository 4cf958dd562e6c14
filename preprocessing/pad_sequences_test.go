package preprocessing

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

func TestPadSequences(t *testing.T) {
	seqs := [][]float64{{1, 2, 3, 4}, {5}, {}, {6, 7}}
	cases := []struct {
		opts PadOptions
		want []float64
		cols int
	}{
		{PadOptions{}, []float64{1, 2, 3, 4, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 6, 7}, 4},
		{PadOptions{Padding: "post"}, []float64{1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 6, 7, 0, 0}, 4},
		{PadOptions{MaxLen: 3}, []float64{2, 3, 4, 0, 0, 5, 0, 0, 0, 0, 6, 7}, 3},
		{PadOptions{MaxLen: 3, Truncating: "post", Padding: "post", Value: -1}, []float64{1, 2, 3, 5, -1, -1, -1, -1, -1, 6, 7, -1}, 3},
		{PadOptions{MaxLen: 5, Value: 9}, []float64{9, 1, 2, 3, 4, 9, 9, 9, 9, 5, 9, 9, 9, 9, 9, 9, 9, 9, 6, 7}, 5},
	}
	for _, c := range cases {
		got, err := PadSequences(seqs, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got.DType() != tensor.Float32 || !got.Shape().Equal(tensor.Shape{4, c.cols}) {
			t.Fatalf("%+v: %v %v", c.opts, got.DType(), got.Shape())
		}
		for i, v := range tensor.Cast(got, tensor.Float64).Float64s() {
			if v != c.want[i] {
				t.Fatalf("%+v: got %v, want %v", c.opts, tensor.Cast(got, tensor.Float64).Float64s(), c.want)
			}
		}
	}
	got, err := PadSequences(seqs, PadOptions{DType: tensor.Int64})
	if err != nil || got.DType() != tensor.Int64 || got.Int64s()[3] != 4 {
		t.Errorf("int64: %v, %v", got, err)
	}
	for _, o := range []PadOptions{{Padding: "middle"}, {Truncating: "x"}, {MaxLen: -1}} {
		if _, err := PadSequences(seqs, o); err == nil || !strings.Contains(err.Error(), "PadSequences") {
			t.Errorf("%+v: error %v", o, err)
		}
	}
}
