package layers

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/neurite/neurite/tensor"
)

// Tensor is a symbolic tensor of the functional API (Keras's KerasTensor):
// the output of [Input], or of a layer applied to symbolic tensors with
// [Call]. It knows its per-sample shape and the layer call that produced
// it; models.NewModel turns the tensors between a model's inputs and
// outputs into graphs.
//
// A mistake (a nil layer, shapes that do not fit the layer) does not stop
// the chain of calls: the tensor carries the error, every tensor computed
// from it carries it too, and models.NewModel returns it.
type Tensor struct {
	call  *LayerCall
	index int
	shape tensor.Shape
	err   error
}

// LayerCall is one application of a layer to symbolic tensors (Keras's
// Node): the layer, its inputs and its outputs. An InputLayer's call has no
// inputs.
type LayerCall struct {
	Layer   Layer
	Inputs  []*Tensor
	Outputs []*Tensor
	// Index counts the calls of Layer: 0 for its first call, 1 for the
	// second (Keras's node index, printed in Summary's "Connected to").
	Index int
	// Seq orders all layer calls of the program by creation, so that
	// models name layers in the order they were made, as Keras does.
	Seq uint64
}

// callSeq numbers layer calls in creation order.
var callSeq atomic.Uint64

// Shape returns the per-sample shape (batch axis excluded); nil if the
// tensor carries an error.
func (t *Tensor) Shape() tensor.Shape { return t.shape }

// Err returns the first mistake made on the way to this tensor, or nil.
func (t *Tensor) Err() error { return t.err }

// Producer returns the layer call that made the tensor and which of its
// outputs the tensor is.
func (t *Tensor) Producer() (*LayerCall, int) { return t.call, t.index }

// Layer returns the layer that produced the tensor.
func (t *Tensor) Layer() Layer {
	if t.call == nil {
		return nil
	}
	return t.call.Layer
}

// String describes the tensor as Keras prints a KerasTensor:
// `<Tensor shape=(None, 4) from layer "input_layer">`.
func (t *Tensor) String() string {
	if t == nil {
		return "<nil Tensor>"
	}
	if t.err != nil {
		return fmt.Sprintf("<Tensor error: %v>", t.err)
	}
	return fmt.Sprintf("<Tensor shape=%s from %s>", sampleShape(t.shape), Describe(t.call.Layer))
}

// Input returns a symbolic input of per-sample shape shape (batch axis
// excluded), Keras's keras.Input(shape=…). Its layer is an InputLayer.
func Input(shape ...int) *Tensor {
	return InputFrom(&InputLayer{Shape: append([]int{}, shape...)})
}

// NamedInput is Input with a name, Keras's keras.Input(shape, name=…);
// the name is how Fit, Evaluate and Predict find the input's data in a
// map.
func NamedInput(name string, shape ...int) *Tensor {
	return InputFrom(&InputLayer{Shape: append([]int{}, shape...), Name: name})
}

// BatchInput is Input with a fixed batch size, Keras's
// keras.Input(shape=…, batch_size=…): every batch the model runs has
// batchSize samples, which stateful recurrent layers need.
func BatchInput(batchSize int, shape ...int) *Tensor {
	return InputFrom(&InputLayer{Shape: append([]int{}, shape...), BatchSize: batchSize})
}

// InputFrom returns the symbolic tensor of an InputLayer.
func InputFrom(l *InputLayer) *Tensor {
	if l == nil {
		return &Tensor{err: errors.New("layers: Input: the InputLayer is nil")}
	}
	if err := l.Validate(); err != nil {
		return &Tensor{err: err}
	}
	call := &LayerCall{Layer: l, Seq: callSeq.Add(1)}
	t := &Tensor{call: call, shape: tensor.Shape(l.Shape).Clone()}
	call.Outputs = []*Tensor{t}
	return t
}

// Call applies layer l to symbolic tensors and returns its output, as
// calling a Keras layer on KerasTensors: y := layers.Call(&layers.Dense{Units: 8}, x).
// The output's shape comes from l.OutputShapes; the weights are created
// when a model using it is built. Calling one layer instance several times
// shares its weights (a siamese tower). For layers with several outputs,
// use CallMulti.
func Call(l Layer, in ...*Tensor) *Tensor {
	return call(l, in, true)[0]
}

// CallMulti is Call for layers with several outputs (an LSTM returning its
// states); it returns one symbolic tensor per output. On a mistake, it
// returns one tensor that carries the error.
func CallMulti(l Layer, in ...*Tensor) []*Tensor {
	return call(l, in, false)
}

// call records the call of l on in; with one, a layer with several outputs
// is an error.
func call(l Layer, in []*Tensor, one bool) []*Tensor {
	fail := func(err error) []*Tensor { return []*Tensor{{err: err}} }
	if IsNil(l) {
		return fail(errors.New("layers: Call: the layer is nil"))
	}
	if _, ok := l.(*InputLayer); ok {
		return fail(Errorf(l, "an InputLayer cannot be called: use layers.Input"))
	}
	if len(in) == 0 {
		return fail(Errorf(l, "called with no inputs"))
	}
	shapes := make([]tensor.Shape, len(in))
	for i, t := range in {
		if t == nil {
			return fail(Errorf(l, "input %d is nil", i))
		}
		if t.err != nil {
			return fail(t.err)
		}
		shapes[i] = t.shape
	}
	if v, ok := l.(Validator); ok {
		if err := v.Validate(); err != nil {
			return fail(errorFor(l, err))
		}
	}
	if b := l.LayerBase(); b.built && !ShapesEqual(b.inputShapes, shapes) {
		return fail(Errorf(l, "was built for inputs of shape %s, got %s",
			FormatShapes(b.inputShapes), FormatShapes(shapes)))
	}
	outShapes, err := l.OutputShapes(shapes)
	if err != nil {
		return fail(errorFor(l, err))
	}
	if len(outShapes) == 0 {
		return fail(Errorf(l, "OutputShapes returned no shapes"))
	}
	if one && len(outShapes) != 1 {
		return fail(Errorf(l, "has %d outputs: use layers.CallMulti", len(outShapes)))
	}
	b := l.LayerBase()
	call := &LayerCall{Layer: l, Inputs: append([]*Tensor{}, in...), Index: b.calls, Seq: callSeq.Add(1)}
	b.calls++
	for i, s := range outShapes {
		call.Outputs = append(call.Outputs, &Tensor{call: call, index: i, shape: s.Clone()})
	}
	return call.Outputs
}
