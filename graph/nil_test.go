package graph_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// TestNilArgumentsAreErrors checks that the public entry points given nil
// return errors instead of panicking.
func TestNilArgumentsAreErrors(t *testing.T) {
	g := graph.New()
	v := g.Variable("v", tensor.New(tensor.Float32, 2))
	other := graph.New().Placeholder("x", tensor.Float32, 1)
	var nilNode *graph.Node
	var nilSession *graph.Session
	cases := []struct {
		name, want string
		f          func() error
	}{
		{"NewSession(nil).Run", "session has no graph", func() error { _, err := graph.NewSession(nil).Run(nil); return err }},
		{"NewSession(nil).RunInto", "session has no graph", func() error {
			return graph.NewSession(nil).RunInto(nil, nil, nil)
		}},
		{"nil Session.Run", "session has no graph", func() error { _, err := nilSession.Run(nil, v); return err }},
		{"SetValue(nil)", "value for variable v is nil", func() error { return v.SetValue(nil) }},
		{"nil Node.SetValue", "node is nil", func() error { return nilNode.SetValue(tensor.New(tensor.Float32, 2)) }},
		{"WriteDOT(nil)", "must not be nil", func() error { return g.WriteDOT(nil) }},
		{"nil Graph.WriteDOT", "must not be nil", func() error { var ng *graph.Graph; return ng.WriteDOT(&bytes.Buffer{}) }},
		{"WriteDOT nil fetch", "fetch 1 is nil", func() error { return g.WriteDOT(&bytes.Buffer{}, v, nil) }},
		{"WriteDOT other graph", "fetch 0 is nil or belongs to another graph", func() error { return g.WriteDOT(&bytes.Buffer{}, other) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.f()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
	var b bytes.Buffer
	if err := g.WriteDOT(&b, v); err != nil || !strings.Contains(b.String(), "digraph") {
		t.Errorf("WriteDOT with a good fetch: %v", err)
	}
}
