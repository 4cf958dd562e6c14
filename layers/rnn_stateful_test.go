package layers

import (
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// A stateful layer called by hand, without a model, registers the
// assignment of its final states in the scope, in the inference pass too;
// running it moves the states, and the next run starts from them. The
// batch size comes from the scope (the model's declared batch size).
func TestStatefulLayerRegistersStateUpdates(t *testing.T) {
	l := &SimpleRNN{Units: 2, Stateful: true, Name: "rnn"}
	if err := BuildLayer(l, []tensor.Shape{{2, 1}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	scope := NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false)
	scope.SetBatchSize(3)
	c := callBuilt(t, l, scope, tensor.Shape{2, 1})
	us := scope.StateUpdates()
	if len(us) != 1 || us[0].Layer != l || !us[0].Weight.Shape().Equal(tensor.Shape{3, 2}) || us[0].Weight.Trainable {
		t.Fatalf("state updates %+v, want one non-trainable (3, 2) state of the layer", us)
	}
	if len(l.Weights()) != 3 {
		t.Errorf("the states are among the layer's %d weights; they must not be", len(l.Weights()))
	}
	assign := graph.Assign(scope.Vars().Node(us[0].Weight), us[0].Value)
	x := tensor.Ones(tensor.Float64, 3, 2, 1)
	first := c.fetch([]*tensor.Tensor{x}, c.out[0], assign)[0]
	if tensor.MaxAbsDiff(l.States()[0], first) != 0 {
		t.Fatalf("stored h %v, want the output %v", l.States()[0], first)
	}
	second := c.fetch([]*tensor.Tensor{x}, c.out[0])[0]
	if tensor.MaxAbsDiff(second, first) == 0 {
		t.Error("the second run did not start from the stored states")
	}
	l.ResetStates()
	if again := c.fetch([]*tensor.Tensor{x}, c.out[0])[0]; tensor.MaxAbsDiff(again, first) != 0 {
		t.Errorf("after ResetStates the output is %v, want %v", again, first)
	}
}

// Mistakes are errors naming the layer: no batch size; a call with
// another batch size than the states'; a backward layer of Bidirectional
// that disagrees on Stateful; a state update of the wrong shape.
func TestStatefulErrors(t *testing.T) {
	newScope := func(batch int) *Scope {
		s := NewScope(NewVars(graph.New()), tensor.Float64, tensor.NewRNG(1), false)
		s.SetBatchSize(batch)
		return s
	}
	l := &GRU{Units: 2, Stateful: true, Name: "g"}
	if err := BuildLayer(l, []tensor.Shape{{2, 1}}, tensor.Float64, tensor.NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	s := newScope(0)
	_, err := CallLayer(s, l, []*graph.Node{s.Graph().Placeholder("x", tensor.Float64, graph.Unknown, 2, 1)})
	wantErr(t, "no batch size", err, `"g"`, "stateful", "BatchSize")

	s = newScope(0)
	if _, err := CallLayer(s, l, []*graph.Node{s.Graph().Placeholder("x", tensor.Float64, 4, 2, 1)}); err != nil {
		t.Fatalf("a static batch of 4: %v", err)
	}
	s = newScope(5)
	_, err = CallLayer(s, l, []*graph.Node{s.Graph().Placeholder("x", tensor.Float64, graph.Unknown, 2, 1)})
	wantErr(t, "another batch size", err, `"g"`, "batches of 4", "batches of 5")

	b := &Bidirectional{Layer: &LSTM{Units: 2, Stateful: true}, BackwardLayer: &LSTM{Units: 2, GoBackwards: true}}
	wantErr(t, "Bidirectional", b.Validate(), "Stateful")

	s = newScope(4)
	ctx := &Context{Graph: s.Graph(), DType: tensor.Float64, Name: "g", layer: l, scope: s}
	w := l.states.ws[0]
	wantErr(t, "wrong shape", ctx.AddStateUpdate(w, s.Graph().Placeholder("v", tensor.Float64, 4, 3)), "AddStateUpdate", "(4, 2)", "(4, 3)")
}
