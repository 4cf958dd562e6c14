package graph_test

import (
	"sync"
	"testing"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// uniform reports whether every element of t equals the first: the
// variables below are only ever assigned uniform values, so a torn read
// (half old, half new) shows as a non-uniform result.
func uniform(t *tensor.Tensor) bool {
	v := t.Float32s()
	for _, x := range v {
		if x != v[0] {
			return false
		}
	}
	return true
}

// TestSessionsShareVariablesSafely runs, at once, a session that applies
// SGD updates to a variable, a second session of the same graph reading it
// through a MatMul, a session of another graph bound to the same storage
// with VariableOf, and SetValue. Under -race this is the cross-session
// contract's test; without it, a reader still must never see a half-updated
// variable.
func TestSessionsShareVariablesSafely(t *testing.T) {
	const n = 256
	storage := tensor.New(tensor.Float32, n, n)
	g := graph.New()
	w := g.VariableOf("w", storage)
	step := graph.ApplySGD(w, g.Const(tensor.Full(float32(1), n, n)), g.Scalar(-1)) // w += 1
	x := g.Placeholder("x", tensor.Float32, graph.Unknown, n)
	y := graph.MatMul(x, w)

	g2 := graph.New()
	w2 := g2.VariableOf("w", storage)
	x2 := g2.Placeholder("x", tensor.Float32, graph.Unknown, n)
	y2 := graph.Sum(graph.MatMul(x2, w2), []int{0}, false)
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	if err := g2.Err(); err != nil {
		t.Fatal(err)
	}
	ones := tensor.Full(float32(1), 4, n)
	const rounds = 40
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	run := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				if err := f(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	train, serve, other := graph.NewSession(g), graph.NewSession(g), graph.NewSession(g2)
	run(func() error { _, err := train.Run(nil, step); return err })
	run(func() error {
		out, err := serve.Run(graph.Feeds{x: ones}, y)
		if err == nil && !uniform(out[0]) {
			t.Error("a read through a second session saw a half-updated variable")
		}
		return err
	})
	run(func() error {
		out, err := other.Run(graph.Feeds{x2: ones}, y2)
		if err == nil && !uniform(out[0]) {
			t.Error("a read through another graph sharing the storage saw a half-updated variable")
		}
		return err
	})
	run(func() error { return w2.SetValue(tensor.Full(float32(3), n, n)) })
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if !uniform(storage) {
		t.Fatal("the variable ended non-uniform")
	}
}
