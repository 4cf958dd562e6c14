package preprocessing

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// Keras's documented example: data 0..99, sequence_length 10, sampling_rate
// 2 gives windows [0, 2, …, 18], [1, 3, …, 19], …; with targets = data
// shifted by 10 rows, the target of a window is the row 10 after its
// start. Here with a second feature (the negated value) and a stride.
func TestTimeseriesWindows(t *testing.T) {
	raw := make([]float64, 200)
	for i := 0; i < 100; i++ {
		raw[2*i], raw[2*i+1] = float64(i), -float64(i)
	}
	data := tensor.FromSlice(raw, 100, 2)
	tg := make([]float64, 90)
	for i := range tg {
		tg[i] = float64(i + 10)
	}
	x, y, err := TimeseriesWindows(data, tensor.FromSlice(tg, 90), WindowOptions{SequenceLength: 10, SamplingRate: 2, SequenceStride: 3})
	if err != nil {
		t.Fatal(err)
	}
	// starts 0, 3, …, < 100 − 18 = 82 and < 90 targets: 0..81 by 3 = 28 windows.
	if !x.Shape().Equal(tensor.Shape{28, 10, 2}) || !y.Shape().Equal(tensor.Shape{28}) {
		t.Fatalf("shapes %v %v", x.Shape(), y.Shape())
	}
	for w := 0; w < 28; w++ {
		for k := 0; k < 10; k++ {
			v := x.Float64s()[(w*10+k)*2 : (w*10+k)*2+2]
			if want := float64(3*w + 2*k); v[0] != want || v[1] != -want {
				t.Fatalf("window %d step %d = %v, want %v", w, k, v, want)
			}
		}
		if y.Float64s()[w] != float64(3*w+10) {
			t.Fatalf("target %d = %v", w, y.Float64s()[w])
		}
	}
	x, y, err = TimeseriesWindows(data, nil, WindowOptions{SequenceLength: 4, StartIndex: 90, EndIndex: 96})
	if err != nil || y != nil || !x.Shape().Equal(tensor.Shape{3, 4, 2}) || x.Float64s()[0] != 90 || x.Float64s()[2*4*2+6] != 95 {
		t.Fatalf("bounded: %v %v %v", x, y, err)
	}
	for _, o := range []WindowOptions{{}, {SequenceLength: 2, StartIndex: 5, EndIndex: 5}, {SequenceLength: 2, EndIndex: 101}, {SequenceLength: 2, SamplingRate: -1}} {
		if _, _, err := TimeseriesWindows(data, nil, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}
