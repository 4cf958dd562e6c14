package optimizers

import (
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// An optimizer may be applied to several graphs of one model: a model
// builds one training graph per shape of its inputs when an input has a
// dimension of unknown length (sequences of any length; see package
// models), and every such graph binds the model's weights to the same
// storage (graph.Graph.VariableOf). The optimizer's variables — slots,
// counter, learning rate, moving averages and any of its own — live in
// the graph of the first Apply; a later Apply in another graph binds them
// there to the same storage under the same names, so that every graph
// updates one set of state, as one training graph would.

// origin returns the parameter of the first Apply that p is, or shares
// its storage with (p itself in the first graph), and whether there is
// one.
func (s *state) origin(p *graph.Node) (*graph.Node, bool) {
	if s.g == nil {
		return p, true
	}
	if p.Graph() == s.g {
		_, ok := s.slots[p]
		return p, ok
	}
	q, ok := s.params[p.Value()]
	return q, ok
}

// bind returns the variable n of the first Apply's graph in graph g: n
// itself in that graph, else a variable of g bound to n's storage, made
// once per Apply.
func (s *state) bind(g *graph.Graph, n *graph.Node) *graph.Node {
	if n == nil || n.Graph() == g {
		return n
	}
	if b, ok := s.bound[n]; ok {
		return b
	}
	b := g.VariableOf(n.Name(), n.Value())
	b.SetTrainable(n.Trainable())
	if s.bound == nil {
		s.bound = map[*graph.Node]*graph.Node{}
	}
	s.bound[n] = b
	return b
}

// rememberParams records the first Apply's params by their storage.
func (s *state) rememberParams(params []*graph.Node) {
	s.params = make(map[*tensor.Tensor]*graph.Node, len(params))
	for _, p := range params {
		s.params[p.Value()] = p
	}
}

// keep registers variables of an optimizer's own (beyond the slots,
// counter, learning rate and averages the state makes), so that an Apply
// in another graph binds them under their own names.
func (s *state) keep(vs ...*graph.Node) { s.own = append(s.own, vs...) }

// bindAll binds, before the optimizer's name scope is entered, every
// variable of the state into graph g of a later Apply, so that each keeps
// its name there.
func (s *state) bindAll(g *graph.Graph, params []*graph.Node) map[*graph.Node][]*graph.Node {
	slots := make(map[*graph.Node][]*graph.Node, len(params))
	for _, p := range params {
		q, _ := s.origin(p)
		ps := make([]*graph.Node, len(s.slots[q]))
		for k, v := range s.slots[q] {
			ps[k] = s.bind(g, v)
		}
		slots[p] = ps
	}
	s.bind(g, s.iterations)
	for _, dt := range s.lrOrder {
		s.bind(g, s.lr[dt])
	}
	for _, p := range s.emaOrder {
		s.bind(g, s.averages[p])
	}
	for _, v := range s.own {
		s.bind(g, v)
	}
	return slots
}
