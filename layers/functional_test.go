package layers

import (
	"errors"
	"slices"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// halves is a two-output test layer: it splits a (2n,) sample into its
// two halves.
type halves struct {
	Base
}

func (*halves) Type() string { return "Halves" }

func (h *halves) OutputShapes(in []tensor.Shape) ([]tensor.Shape, error) {
	s, err := One(h, in)
	if err != nil {
		return nil, err
	}
	if len(s) != 1 || s[0]%2 != 0 {
		return nil, Errorf(h, "needs (None, 2n) inputs, got %s", sampleShape(s))
	}
	return []tensor.Shape{{s[0] / 2}, {s[0] / 2}}, nil
}

func (*halves) Build(*Context, []tensor.Shape) error { return nil }

func (h *halves) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	n := in[0].Shape()[1] / 2
	return []*graph.Node{graph.Slice(in[0], 1, 0, n), graph.Slice(in[0], 1, n, 2*n)}, nil
}

func TestInputShapes(t *testing.T) {
	x := Input(3, 4)
	if x.Err() != nil || !x.Shape().Equal(tensor.Shape{3, 4}) {
		t.Fatalf("Input(3, 4): shape %v, err %v", x.Shape(), x.Err())
	}
	in, ok := x.Layer().(*InputLayer)
	if !ok || !tensor.Shape(in.Shape).Equal(tensor.Shape{3, 4}) || in.Name != "" {
		t.Fatalf("Input's layer %#v", x.Layer())
	}
	call, index := x.Producer()
	if call == nil || call.Layer != in || len(call.Inputs) != 0 || len(call.Outputs) != 1 || call.Outputs[0] != x || index != 0 || call.Index != 0 {
		t.Fatalf("Producer: %+v, %d", call, index)
	}
	if got := x.String(); got != "<Tensor shape=(None, 3, 4) from InputLayer layer>" {
		t.Errorf("String() = %q", got)
	}
	named := NamedInput("features", 5)
	if named.Err() != nil || !named.Shape().Equal(tensor.Shape{5}) || named.Layer().(*InputLayer).Name != "features" {
		t.Fatalf("NamedInput: %v", named)
	}
	if got := named.String(); got != `<Tensor shape=(None, 5) from layer "features" (InputLayer)>` {
		t.Errorf("String() = %q", got)
	}
	if s := Input(); s.Err() != nil || s.Shape() == nil || s.Shape().Rank() != 0 {
		t.Errorf("Input(): scalar samples, got shape %v, err %v", s.Shape(), s.Err())
	}
	// The shape is copied: changing the argument later changes nothing.
	dims := []int{2, 2}
	y := Input(dims...)
	dims[0] = 7
	if !y.Shape().Equal(tensor.Shape{2, 2}) || y.Layer().(*InputLayer).Shape[0] != 2 {
		t.Errorf("Input kept the caller's slice: %v", y.Shape())
	}
}

func TestInputErrors(t *testing.T) {
	bad := Input(3, 0)
	wantErr(t, "Input(3, 0)", bad.Err(), "InputLayer layer: every dimension of Shape must be positive or None, got (None, 3, 0)")
	if bad.Shape() != nil || bad.Layer() != nil {
		t.Errorf("a failed Input has shape %v, layer %v", bad.Shape(), bad.Layer())
	}
	wantErr(t, "NamedInput", NamedInput("x", -3).Err(), `layer "x" (InputLayer): every dimension`)
	wantErr(t, "InputFrom(nil)", InputFrom(nil).Err(), "the InputLayer is nil")
	wantErr(t, "InputFrom without Shape", InputFrom(&InputLayer{}).Err(), "Shape is required")
	if s := bad.String(); s != "<Tensor error: "+bad.Err().Error()+">" {
		t.Errorf("String() = %q", s)
	}
}

// TestCallShapes: shapes propagate through a chain of calls, each output
// made by a new LayerCall that records its inputs.
func TestCallShapes(t *testing.T) {
	x := Input(2, 3)
	d := &Dense{Units: 8, Activation: "relu"}
	h := Call(d, x)
	f := Call(&Flatten{}, Call(&Dropout{Rate: 0.5}, h))
	y := Call(&Concatenate{}, f, Call(&Dense{Units: 4}, Input(5)))
	for _, c := range []struct {
		t    *Tensor
		want tensor.Shape
	}{{h, tensor.Shape{2, 8}}, {f, tensor.Shape{16}}, {y, tensor.Shape{20}}} {
		if c.t.Err() != nil || !c.t.Shape().Equal(c.want) {
			t.Errorf("%v: want shape %v", c.t, c.want)
		}
	}
	call, index := h.Producer()
	if call.Layer != d || len(call.Inputs) != 1 || call.Inputs[0] != x || call.Outputs[0] != h || index != 0 || h.Layer() != d {
		t.Errorf("Dense call %+v, index %d", call, index)
	}
	if d.Built() || d.Weights() != nil {
		t.Error("Call built the layer: weights are made when a model is built")
	}
	ycall, _ := y.Producer()
	if len(ycall.Inputs) != 2 || ycall.Inputs[0] != f {
		t.Errorf("Concatenate's inputs %v", ycall.Inputs)
	}
}

// TestCallErrorsPropagate: a mistake makes a tensor that carries the
// error, and every later Call on it returns that same error.
func TestCallErrorsPropagate(t *testing.T) {
	x := Input(4)
	for _, c := range []struct {
		name string
		t    *Tensor
		want string
	}{
		{"nil layer", Call(nil, x), "layers: Call: the layer is nil"},
		{"typed nil layer", Call((*Dense)(nil), x), "layers: Call: the layer is nil"},
		{"bad shapes", Call(&Add{}, x, Input(3)), "Add layer: inputs of shapes [(None, 4), (None, 3)] cannot be merged"},
		{"invalid configuration", Call(&Dense{Name: "d"}, x), `layer "d" (Dense): units must be positive, got 0`},
		{"no inputs", Call(&Dense{Units: 2}), "Dense layer: called with no inputs"},
		{"nil input", Call(&Add{}, x, nil), "Add layer: input 1 is nil"},
		{"InputLayer", Call(&InputLayer{Shape: []int{4}}, x), "InputLayer layer: an InputLayer cannot be called: use layers.Input"},
		{"multi-output", Call(&halves{}, x), "Halves layer: has 2 outputs: use layers.CallMulti"},
		{"multi-output, bad shape", Call(&halves{}, Input(3)), "Halves layer: needs (None, 2n) inputs, got (None, 3)"},
	} {
		err := c.t.Err()
		wantErr(t, c.name, err, c.want)
		if err == nil {
			continue
		}
		if c.t.Shape() != nil || c.t.Layer() != nil {
			t.Errorf("%s: the failed tensor has shape %v, layer %v", c.name, c.t.Shape(), c.t.Layer())
		}
		d := &Dense{Units: 3}
		later := Call(&Flatten{}, Call(d, c.t))
		if later.Err() != err {
			t.Errorf("%s: a later Call carries %v, want the original error", c.name, later.Err())
		}
		if sum := Call(&Add{}, x, c.t); sum.Err() != err {
			t.Errorf("%s: Add with the failed tensor second carries %v", c.name, sum.Err())
		}
		if call, _ := Call(d, x).Producer(); call.Index != 0 {
			t.Errorf("%s: a failed Call counted as a call of the layer (index %d)", c.name, call.Index)
		}
	}
	var le *Error
	if err := Call(&Add{Name: "sum"}, x, Input(3)).Err(); !errors.As(err, &le) || le.Layer != "sum" || le.Type != "Add" {
		t.Errorf("shape error %#v is not a *Error for the layer", err)
	}
}

// TestCallMulti: each output of a multi-output layer is a tensor of the
// same LayerCall, told apart by its index.
func TestCallMulti(t *testing.T) {
	x := Input(6)
	l := &halves{}
	out := CallMulti(l, x)
	if len(out) != 2 {
		t.Fatalf("CallMulti returned %d tensors, want 2", len(out))
	}
	call0, i0 := out[0].Producer()
	call1, i1 := out[1].Producer()
	if call0 != call1 || i0 != 0 || i1 != 1 || len(call0.Outputs) != 2 || call0.Outputs[1] != out[1] {
		t.Fatalf("producers %p/%d and %p/%d", call0, i0, call1, i1)
	}
	for i, o := range out {
		if o.Err() != nil || !o.Shape().Equal(tensor.Shape{3}) {
			t.Errorf("output %d: %v", i, o)
		}
	}
	if y := Call(&Add{}, out[0], out[1]); y.Err() != nil || !y.Shape().Equal(tensor.Shape{3}) {
		t.Errorf("Add of the halves: %v", y)
	}
	// A single-output layer through CallMulti gives one tensor.
	if one := CallMulti(&Dense{Units: 2}, x); len(one) != 1 || one[0].Err() != nil {
		t.Errorf("CallMulti of Dense: %v", one)
	}
	bad := CallMulti(nil, x)
	if len(bad) != 1 || bad[0].Err() == nil {
		t.Errorf("CallMulti(nil): %v", bad)
	}
}

// TestSharedLayerCallIndex: LayerCall.Index counts the calls of one layer
// instance (a siamese tower), failed calls excluded; other layers count
// from 0.
func TestSharedLayerCallIndex(t *testing.T) {
	shared := &Dense{Units: 4}
	a, b, c := Input(3), Input(3), Input(3)
	var indexes []int
	for _, in := range []*Tensor{a, b, Input(3), c} {
		y := Call(shared, in)
		if y.Err() != nil {
			t.Fatal(y.Err())
		}
		call, _ := y.Producer()
		if call.Layer != shared || call.Inputs[0] != in {
			t.Fatalf("call %+v", call)
		}
		indexes = append(indexes, call.Index)
	}
	if failed := Call(shared, c, a); failed.Err() == nil {
		t.Fatal("Dense with two inputs: no error")
	}
	y := Call(shared, b)
	call, _ := y.Producer()
	indexes = append(indexes, call.Index)
	if want := []int{0, 1, 2, 3, 4}; !slices.Equal(indexes, want) {
		t.Errorf("call indexes %v, want %v", indexes, want)
	}
	other, _ := Call(&Dense{Units: 4}, a).Producer()
	if other.Index != 0 {
		t.Errorf("another layer's first call has index %d", other.Index)
	}
	if in, _ := a.Producer(); in.Index != 0 {
		t.Errorf("Input's call index %d", in.Index)
	}
}

// TestMultiOutputLayerCall runs the two-output layer with CallLayer:
// [1, 2, 3, 4] splits into [1, 2] and [3, 4].
func TestMultiOutputLayerCall(t *testing.T) {
	h := buildAndCall(t, &halves{}, tensor.Float64, false, tensor.Shape{4})
	out := h.run(tensor.FromSlice([]float64{1, 2, 3, 4}, 1, 4))
	if len(out) != 2 || !tensor.AllClose(out[0], tensor.FromSlice([]float64{1, 2}, 1, 2), 0, 0) ||
		!tensor.AllClose(out[1], tensor.FromSlice([]float64{3, 4}, 1, 2), 0, 0) {
		t.Fatalf("got %v", out)
	}
}

// TestCallBuiltLayer: a layer already built accepts symbolic calls on the
// shapes it was built for, and refuses others, naming both.
func TestCallBuiltLayer(t *testing.T) {
	d := &Dense{Units: 2, Name: "d"}
	if err := BuildLayer(d, []tensor.Shape{{3}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	if y := Call(d, Input(3)); y.Err() != nil || !y.Shape().Equal(tensor.Shape{2}) {
		t.Errorf("built for (None, 3), called on (None, 3): %v", y)
	}
	wantErr(t, "built for (None, 3), called on (None, 4)", Call(d, Input(4)).Err(),
		`layer "d" (Dense): was built for inputs of shape (None, 3), got (None, 4)`)
}
