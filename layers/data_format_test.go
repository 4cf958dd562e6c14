package layers

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// firstPerm is the permutation that moves the last axis of a rank-r
// batch to axis 1 (channels-last to channels-first).
func firstPerm(r int) []int {
	p := []int{0, r - 1}
	for i := 1; i < r-1; i++ {
		p = append(p, i)
	}
	return p
}

// dataFormatCases are layers configured with a data format, on a
// channels-last per-sample input shape.
var dataFormatCases = []struct {
	name string
	in   tensor.Shape
	make func(format string) Layer
}{
	{"Conv1D", tensor.Shape{7, 3}, func(f string) Layer {
		return &Conv1D{Filters: 4, KernelSize: 3, Strides: 2, Padding: "same", DataFormat: f}
	}},
	{"Conv2D", tensor.Shape{6, 5, 3}, func(f string) Layer {
		return &Conv2D{Filters: 4, KernelSize: [2]int{3, 2}, Activation: "tanh", DataFormat: f}
	}},
	{"DepthwiseConv2D", tensor.Shape{5, 6, 2}, func(f string) Layer {
		return &DepthwiseConv2D{KernelSize: [2]int{3, 3}, DepthMultiplier: 2, Padding: "same", DataFormat: f}
	}},
	{"SeparableConv2D", tensor.Shape{5, 6, 2}, func(f string) Layer {
		return &SeparableConv2D{Filters: 3, KernelSize: [2]int{2, 3}, DataFormat: f}
	}},
	{"Conv2DTranspose", tensor.Shape{3, 4, 2}, func(f string) Layer {
		return &Conv2DTranspose{Filters: 3, KernelSize: [2]int{3, 3}, Strides: [2]int{2, 2}, DataFormat: f}
	}},
	{"MaxPooling1D", tensor.Shape{7, 3}, func(f string) Layer { return &MaxPooling1D{PoolSize: 3, Strides: 2, DataFormat: f} }},
	{"AveragePooling1D", tensor.Shape{7, 3}, func(f string) Layer {
		return &AveragePooling1D{PoolSize: 2, Padding: "same", DataFormat: f}
	}},
	{"MaxPooling2D", tensor.Shape{5, 6, 3}, func(f string) Layer { return &MaxPooling2D{Padding: "same", DataFormat: f} }},
	{"AveragePooling2D", tensor.Shape{5, 6, 3}, func(f string) Layer {
		return &AveragePooling2D{PoolSize: [2]int{3, 2}, DataFormat: f}
	}},
	{"GlobalAveragePooling1D", tensor.Shape{5, 3}, func(f string) Layer { return &GlobalAveragePooling1D{DataFormat: f} }},
	{"GlobalMaxPooling1D keepdims", tensor.Shape{5, 3}, func(f string) Layer {
		return &GlobalMaxPooling1D{KeepDims: true, DataFormat: f}
	}},
	{"GlobalAveragePooling2D keepdims", tensor.Shape{4, 5, 3}, func(f string) Layer {
		return &GlobalAveragePooling2D{KeepDims: true, DataFormat: f}
	}},
	{"GlobalMaxPooling2D", tensor.Shape{4, 5, 3}, func(f string) Layer { return &GlobalMaxPooling2D{DataFormat: f} }},
	{"UpSampling2D", tensor.Shape{2, 3, 2}, func(f string) Layer { return &UpSampling2D{Size: [2]int{2, 3}, DataFormat: f} }},
	{"ZeroPadding2D", tensor.Shape{2, 3, 2}, func(f string) Layer {
		return &ZeroPadding2D{Padding: [2][2]int{{1, 0}, {2, 1}}, DataFormat: f}
	}},
	{"Cropping2D", tensor.Shape{5, 6, 2}, func(f string) Layer {
		return &Cropping2D{Cropping: [2][2]int{{1, 2}, {0, 3}}, DataFormat: f}
	}},
}

// A channels-first layer, given the same weights, computes the transpose
// of what the channels-last layer computes on the transposed input, and
// OutputShapes says so.
func TestChannelsFirstIsTransposedChannelsLast(t *testing.T) {
	for _, c := range dataFormatCases {
		t.Run(c.name, func(t *testing.T) {
			x := tensor.NewRNG(3).Uniform(tensor.Float64, -1, 1, append([]int{2}, c.in...)...)
			last := c.make("")
			yl := forward(t, last, false, x, nil)
			first := c.make("channels_first")
			xf := tensor.Transpose(x, firstPerm(len(x.Shape()))...)
			h := buildAndCall(t, first, tensor.Float64, false, xf.Shape()[1:])
			lw, fw := last.LayerBase().Weights(), first.LayerBase().Weights()
			if len(lw) != len(fw) {
				t.Fatalf("%d weights channels-last, %d channels-first", len(lw), len(fw))
			}
			for i := range lw {
				if err := fw[i].Set(lw[i].Value()); err != nil {
					t.Fatal(err)
				}
			}
			yf := h.run(xf)[0]
			want := yl
			if len(yl.Shape()) > 2 {
				want = tensor.Transpose(yl, firstPerm(len(yl.Shape()))...)
			}
			if !tensor.AllClose(yf, want, 1e-12, 1e-12) {
				t.Fatalf("channels-first output %v, want the transposed channels-last %v", yf, want)
			}
			out, err := first.OutputShapes([]tensor.Shape{xf.Shape()[1:]})
			if err != nil || !out[0].Equal(want.Shape()[1:]) {
				t.Fatalf("OutputShapes = %v, %v; want %v", out, err, want.Shape()[1:])
			}
		})
	}
}

// An unknown data format is an error of OutputShapes and of Validate.
func TestDataFormatErrors(t *testing.T) {
	for _, c := range dataFormatCases {
		l := c.make("NCHW")
		_, err := l.OutputShapes([]tensor.Shape{c.in})
		wantErr(t, c.name, err, c.name[:len(l.Type())], "data format", "NCHW")
		if v, ok := l.(Validator); ok {
			wantErr(t, c.name+" Validate", v.Validate(), "data format")
		}
	}
	l := &Conv2D{Filters: 2, KernelSize: [2]int{1, 1}, DataFormat: "Channels_First"}
	if out, err := l.OutputShapes([]tensor.Shape{{3, 4, 5}}); err != nil || !out[0].Equal(tensor.Shape{2, 4, 5}) {
		t.Errorf("case is ignored: got %v, %v; want (2, 4, 5)", out, err)
	}
}
