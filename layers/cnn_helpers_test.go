package layers

import (
	"testing"

	"github.com/neurite/neurite/tensor"
)

// forward builds l for x's per-sample shape in float64, lets set give the
// weights their values, and returns l's output on x (inference pass unless
// training).
func forward(t *testing.T, l Layer, training bool, x *tensor.Tensor, set func()) *tensor.Tensor {
	t.Helper()
	h := buildAndCall(t, l, tensor.Float64, training, x.Shape()[1:])
	if set != nil {
		set()
	}
	return h.run(x)[0]
}

// setWeight sets w to v of the given shape, failing the test on error.
func setWeight(t *testing.T, w *Weight, v []float64, shape ...int) {
	t.Helper()
	if w == nil {
		t.Fatal("weight is nil")
	}
	if err := w.Set(tensor.FromSlice(v, shape...)); err != nil {
		t.Fatal(err)
	}
}

// wantOut fails unless got equals want (of the given shape) to 1e-12.
func wantOut(t *testing.T, what string, got *tensor.Tensor, want []float64, shape ...int) {
	t.Helper()
	if !tensor.AllClose(got, tensor.FromSlice(want, shape...), 1e-12, 1e-12) {
		t.Errorf("%s: got %v, want %v of shape %v", what, got, want, shape)
	}
}

// shapeCase is one OutputShapes check: a layer, a per-sample input shape
// and the output wanted, or (want nil) parts of the error wanted.
type shapeCase struct {
	l    Layer
	in   tensor.Shape
	want tensor.Shape
	err  []string
}

// checkShapes runs the cases; for layers whose output is wanted it also
// builds and calls the layer on a placeholder and checks the static output
// shape of the graph against OutputShapes.
func checkShapes(t *testing.T, cases []shapeCase) {
	t.Helper()
	for i, c := range cases {
		out, err := c.l.OutputShapes([]tensor.Shape{c.in})
		if c.want == nil {
			wantErr(t, c.l.Type()+" "+sampleShape(c.in), err, c.err...)
			continue
		}
		if err != nil || len(out) != 1 || !out[0].Equal(c.want) {
			t.Errorf("case %d: %s on %s: OutputShapes = %v, %v; want %s", i, c.l.Type(), sampleShape(c.in), out, err, sampleShape(c.want))
			continue
		}
		h := buildAndCall(t, c.l, tensor.Float64, false, c.in)
		if got := h.out[0].Shape(); !got[1:].Equal(c.want) {
			t.Errorf("case %d: %s on %s: graph shape %s, OutputShapes %s", i, c.l.Type(), sampleShape(c.in), batchShape(got), sampleShape(c.want))
		}
	}
}

// seq returns the float64s first, first+1, …, n of them.
func seq(first float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = first + float64(i)
	}
	return v
}
