package graph

import (
	"errors"
	"fmt"
	"sync"

	"github.com/neurite/neurite/tensor"
)

// maxPlans bounds the plans a session keeps; a program that runs many feed
// shapes recompiles the oldest ones instead of growing without limit.
const maxPlans = 64

// Session runs a graph: it computes the nodes you fetch from the values you
// feed. See the package documentation for its concurrency rules.
type Session struct {
	g       *Graph
	noReuse bool
	noFuse  bool

	plansMu sync.Mutex
	plans   []*plan
}

// SessionOption configures a Session.
type SessionOption func(*Session)

// WithoutBufferReuse makes every intermediate result get its own buffer.
// It exists to check that buffer reuse never changes results.
func WithoutBufferReuse() SessionOption { return func(s *Session) { s.noReuse = true } }

// WithoutFusion makes every node run as its own step. By default the
// session fuses a MatMul, the Add of a bias along its last axis and an
// optional Relu, Sigmoid or Tanh into one step, and likewise a MatMul and
// the ReluGrad that reads it, when no other node and no fetch uses the
// intermediate values (see the package documentation); the results are
// bit-for-bit the same either way. It exists to check that.
func WithoutFusion() SessionOption { return func(s *Session) { s.noFuse = true } }

// NewSession returns a session that runs g. With a nil g, every Run
// returns an error.
func NewSession(g *Graph, opts ...SessionOption) *Session {
	s := &Session{g: g}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Graph returns the graph the session runs.
func (s *Session) Graph() *Graph { return s.g }

// Run computes fetches given feeds and returns their values as new tensors
// that the caller owns, in the order of fetches.
func (s *Session) Run(feeds Feeds, fetches ...*Node) ([]*tensor.Tensor, error) {
	outs := make([]*tensor.Tensor, len(fetches))
	if err := s.RunInto(feeds, fetches, outs); err != nil {
		return nil, err
	}
	return outs, nil
}

// RunInto is Run writing into outs, which must have one entry per fetch.
// A nil entry is filled with a new tensor; a non-nil one must have the
// fetched node's dtype and run-time shape and is overwritten, so a loop
// that passes the same outs each time allocates nothing in steady state.
func (s *Session) RunInto(feeds Feeds, fetches []*Node, outs []*tensor.Tensor) error {
	if s == nil || s.g == nil {
		return errors.New("graph: Run: the session has no graph (NewSession(nil) or a nil *Session)")
	}
	if err := s.g.err; err != nil {
		return earlierError{err}
	}
	if len(outs) != len(fetches) {
		return fmt.Errorf("graph: RunInto: %d outputs for %d fetches", len(outs), len(fetches))
	}
	if err := s.checkFeeds(feeds); err != nil {
		return err
	}
	p, err := s.planFor(feeds, fetches)
	if err != nil {
		return err
	}
	p.lock()
	defer p.unlock()
	a := p.getArena()
	defer p.putArena(a)
	return p.execute(a, feeds, outs)
}

// checkFeeds validates each fed value against its node's dtype and shape.
func (s *Session) checkFeeds(feeds Feeds) error {
	for n, t := range feeds {
		if n == nil || n.g != s.g {
			return fmt.Errorf("graph: Run: a fed node is nil or belongs to another graph")
		}
		if t == nil {
			return fmt.Errorf("graph: Run: the value fed to %s is nil", n.name)
		}
		if t.DType() != n.dtype || !shapeMatches(n.shape, t.Shape()) {
			return fmt.Errorf("graph: Run: %s expects %v %s, fed %v %s",
				n.name, n.dtype, formatShape(n.shape), t.DType(), formatShape(t.Shape()))
		}
	}
	return nil
}

// planFor returns the cached plan for these fetches and feed shapes,
// compiling one if needed.
func (s *Session) planFor(feeds Feeds, fetches []*Node) (*plan, error) {
	s.plansMu.Lock()
	defer s.plansMu.Unlock()
	for _, p := range s.plans {
		if p.matches(feeds, fetches) {
			return p, nil
		}
	}
	p, err := compilePlan(s.g, feeds, fetches, !s.noReuse, !s.noFuse)
	if err != nil {
		return nil, err
	}
	if len(s.plans) == maxPlans { // forget the oldest plan
		s.plans = append(s.plans[:0], s.plans[1:]...)
	}
	s.plans = append(s.plans, p)
	return p, nil
}
