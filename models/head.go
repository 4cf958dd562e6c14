package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/tensor"
)

// head is the graph that evaluates — and, once asked, trains — the model
// for one kind of labels: a graph of its own with the model's training and
// inference passes, the losses and metrics, and the optimizer's update. A
// head that fails to build is dropped, so a mistake in the labels or in
// the training setup never breaks Predict or another head. A model with
// None input dimensions has heads per kind of labels and input shapes
// (see shapes.go).
type head struct {
	labels     []labelKind    // per trained output
	shapes     []tensor.Shape // the per-sample input shapes
	stateful   *stateful      // the stateful layers' batch size; nil without
	g          *graph.Graph
	sess       *graph.Session
	vars       *layers.Vars
	inputs     []*graph.Node
	yTrue      []*graph.Node // per trained output
	trainOut   []*graph.Node // the training pass's outputs
	evalOut    []*graph.Node // the inference pass's outputs
	trainMasks []*graph.Node // the training pass's output masks (nil entries: none)
	evalMasks  []*graph.Node // the inference pass's output masks
	evalS      *layers.Scope
	evalState  *graph.Node           // stores the stateful layers' states in the inference pass; nil without
	weights    *weighted             // the sample-weighted values, made on first use
	shardScale *graph.Node           // data-parallel: this rank's share of the batch, fed each step
	names      []string              // loss, per-output losses, metrics: the log names
	accs       []metrics.Accumulator // per value: the metric if it accumulates statistics, else nil
	train      []*graph.Node         // values in the training pass (as names), then the update once trainable
	eval       []*graph.Node         // values in the inference pass (as names)
	update     *graph.Node           // one training step; nil until trainable
	project    []*graph.Node         // weight constraints, run after each training step
	projOuts   []*tensor.Tensor
	trainS     *layers.Scope
	step       *graph.Node // the model's random step counter in this graph
	seedRNG    []byte      // m.rng's state before the passes drew their seeds
	onBatch    *onBatch
}

// labelKind is the dtype and per-sample shape of one output's labels.
type labelKind struct {
	dtype tensor.DType
	shape tensor.Shape
}

// matches reports whether inputs xs and labels ys are of the head's
// shapes and kinds.
func (h *head) matches(xs, ys []*tensor.Tensor) bool {
	return shapesFit(h.shapes, xs) && h.matchesLabels(ys)
}

// matchesLabels reports whether labels ys are of the head's kinds.
func (h *head) matchesLabels(ys []*tensor.Tensor) bool {
	for i, y := range ys {
		if y.DType() != h.labels[i].dtype || !y.Shape()[1:].Equal(h.labels[i].shape) {
			return false
		}
	}
	return true
}

// headFor returns the head for inputs xs and labels ys (one per trained
// output), building it on first use; with training, the head's update
// step too. The caller holds m.mu for writing.
func (m *Model) headFor(xs, ys []*tensor.Tensor, training bool) (*head, error) {
	c := m.comp
	if training && c.train != nil {
		if !kindsAlike(c.train.labels, kindsOfShared(ys, &m.kindsBuf), m.inf == nil) {
			return nil, fmt.Errorf("models: the model was trained with labels of %s; these are %s: call Compile again to train on other labels",
				kindsString(c.train.labels), kindsString(kindsOf(ys)))
		}
		if c.train.matches(xs, ys) {
			return c.train, nil
		}
	}
	var h *head
	for i, cand := range c.heads {
		if cand.matches(xs, ys) {
			h = cand
			if m.inf == nil {
				moveToFront(c.heads, i)
			}
			break
		}
	}
	if h == nil {
		var err error
		if h, err = m.newHead(xs, ys); err != nil {
			return nil, err
		}
		if m.inf == nil { // None input dimensions: keep the last few
			c.heads = pushFront(c.heads, h)
		} else {
			c.heads = append(c.heads, h)
		}
	}
	if training {
		if err := m.addUpdate(h); err != nil {
			m.dropHead(h)
			return nil, err
		}
		c.train = h
	}
	return h, nil
}

// headSeeds returns the stream the random layers of head h draw their
// seeds from, and records its state in h.seedRNG: the model's stream for
// the first head of h's kind of labels; for a head of other input shapes
// (None input dimensions), a replay of the state the first drew from, so
// that all draw the same seeds.
func (m *Model) headSeeds(h *head) (*tensor.RNG, error) {
	c := m.comp
	for _, s := range c.seeds {
		if kindsAlike(s.labels, h.labels, true) {
			h.seedRNG = s.state
			return replay(s.state)
		}
	}
	state, err := m.rng.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	h.seedRNG = state
	if m.inf == nil {
		c.seeds = append(c.seeds, headSeed{labels: h.labels, state: state})
	}
	return m.rng, nil
}

// headSeed is the state of the model's stream when the first head of one
// kind of labels drew its seeds.
type headSeed struct {
	labels []labelKind
	state  []byte
}

// kindsAlike reports whether two lists of label kinds are equal or, when
// loose (a model with None input dimensions, whose labels may be sequences
// of the inputs' length), of the same dtypes and ranks.
func kindsAlike(a, b []labelKind, loose bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].dtype != b[i].dtype || len(a[i].shape) != len(b[i].shape) || !loose && !a[i].shape.Equal(b[i].shape) {
			return false
		}
	}
	return true
}

// kindsOfShared is kindsOf without allocating in steady state: the kinds
// are views of ys's shapes in buf, valid until the next call.
func kindsOfShared(ys []*tensor.Tensor, buf *[]labelKind) []labelKind {
	if cap(*buf) < len(ys) {
		*buf = make([]labelKind, len(ys))
	}
	ks := (*buf)[:len(ys)]
	for i, y := range ys {
		ks[i] = labelKind{y.DType(), y.Shape()[1:]}
	}
	return ks
}

// dropHead forgets a head whose graph holds an error.
func (m *Model) dropHead(h *head) {
	hs := m.comp.heads[:0]
	for _, x := range m.comp.heads {
		if x != h {
			hs = append(hs, x)
		}
	}
	m.comp.heads = hs
}

// kindsOf returns the label kinds of ys.
func kindsOf(ys []*tensor.Tensor) []labelKind {
	out := make([]labelKind, len(ys))
	for i, y := range ys {
		out[i] = labelKind{y.DType(), y.Shape()[1:].Clone()}
	}
	return out
}

// kindsString describes label kinds: "float32 (None, 3)".
func kindsString(ks []labelKind) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%v %s", k.dtype, layers.FormatSampleShape(k.shape))
	}
	return s
}

// newHead builds the graph with both passes, the losses and the metrics.
func (m *Model) newHead(xs, ys []*tensor.Tensor) (h *head, err error) {
	dtype, _ := m.dtype()
	g := graph.New()
	h = &head{labels: kindsOf(ys), shapes: sampleShapes(xs), g: g, vars: layers.NewVars(g)}
	h.inputs = m.topo.placeholdersFor(g, dtype, h.shapes)
	rng, err := m.headSeeds(h)
	if err != nil {
		return nil, err
	}
	h.trainS = m.newScope(h.vars, true, rng)
	h.step = m.randomStep(g)
	h.trainS.SetRandomStep(h.step)
	trainOut, trainMasks, err := m.topo.forwardMasked(h.trainS, h.inputs, nil)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	evalS := m.newScope(h.vars, false, rng)
	evalOut, evalMasks, err := m.topo.forwardMasked(evalS, h.inputs, nil)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	h.trainMasks, h.evalMasks = trainMasks, evalMasks
	specs := m.compiledSpecs()
	trained := trainedOutputs(specs)
	for k, i := range trained {
		shape := append([]int{graph.Unknown}, h.labels[k].shape...)
		h.yTrue = append(h.yTrue, g.Placeholder(specs[i].name+"_true", h.labels[k].dtype, shape...))
	}
	if h.train, err = m.values(h, specs, trainOut, trainMasks, h.trainS.Losses(), &h.names); err != nil {
		return nil, err
	}
	var evalNames []string
	if h.eval, err = m.values(h, specs, evalOut, evalMasks, evalS.Losses(), &evalNames); err != nil {
		return nil, err
	}
	h.trainOut, h.evalOut, h.evalS = trainOut, evalOut, evalS
	if h.evalState = stateAssigns(evalS); h.evalState != nil { // after the values: means reads those
		h.eval = append(h.eval, h.evalState)
		h.stateful = statefulOf(evalS)
	}
	if err := g.Err(); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	h.sess = graph.NewSession(g)
	return h, nil
}

// trainedOutputs returns the indices of the outputs that have a loss.
func trainedOutputs(specs []outputSpec) []int {
	var out []int
	for i, s := range specs {
		if s.loss != nil {
			out = append(out, i)
		}
	}
	return out
}

// values returns the nodes of the total loss, the per-output losses (when
// there are several outputs) and the metrics computed on outs, and their
// log names. An output that carries a mask (masks[i], see layers/mask.go)
// counts only its unmasked entries in its loss and metrics (see masked.go).
func (m *Model) values(h *head, specs []outputSpec, outs, masks, extra []*graph.Node, names *[]string) ([]*graph.Node, error) {
	return m.weightedValues(h, specs, outs, masks, extra, nil, names)
}

// weightedValues is values with the outputs' losses weighted per sample by
// sw (one (batch,) node per trained output; nil: unweighted).
func (m *Model) weightedValues(h *head, specs []outputSpec, outs, masks, extra, sw []*graph.Node, names *[]string) ([]*graph.Node, error) {
	trained := trainedOutputs(specs)
	multi := len(specs) > 1
	var total *graph.Node
	var perOutput []*graph.Node
	for k, i := range trained {
		s := specs[i]
		var l *graph.Node
		var err error
		var w *graph.Node
		if sw != nil {
			w = sw[k]
		}
		switch {
		case masks[i] != nil:
			l, err = maskedLoss(s.loss, h.yTrue[k], outs[i], masks[i], w)
		case sw == nil:
			l, err = s.loss.Call(h.yTrue[k], outs[i])
		default:
			l, err = weightedLoss(s.loss, h.yTrue[k], outs[i], w)
		}
		if err != nil {
			return nil, fmt.Errorf("models: loss %s of output %q: %w", s.loss.Name(), s.name, err)
		}
		if err := h.g.Err(); err != nil {
			return nil, fmt.Errorf("models: loss %s of output %q: %w", s.loss.Name(), s.name, err)
		}
		if l.Shape().Rank() != 0 {
			return nil, fmt.Errorf("models: loss %s of output %q gives values of shape %s; a model trains on a scalar loss (a reduction other than \"none\")",
				s.loss.Name(), s.name, shapeString(l.Shape()))
		}
		perOutput = append(perOutput, l)
		if s.weight != 1 {
			l = graph.Mul(l, h.g.Scalar(s.weight))
		}
		total = addTerm(total, l)
	}
	for _, w := range h.vars.Bound() {
		if w.Regularizer != nil {
			n, _ := h.vars.Lookup(w)
			total = addTerm(total, w.Regularizer.Penalty(n))
		}
	}
	for _, l := range extra {
		total = addTerm(total, l)
	}
	vals := []*graph.Node{total}
	*names = []string{"loss"}
	if multi {
		for k, i := range trained {
			vals = append(vals, perOutput[k])
			*names = append(*names, specs[i].name+"_loss")
		}
	}
	accs := make([]metrics.Accumulator, len(vals))
	for k, i := range trained {
		s := specs[i]
		for _, mt := range s.metrics {
			mt = metrics.Resolve(mt, s.loss, h.yTrue[k], outs[i])
			var v *graph.Node
			var err error
			if masks[i] != nil {
				if mt, err = metrics.Masked(mt, masks[i]); err != nil {
					return nil, fmt.Errorf("models: metric of output %q, which carries a mask: %w", s.name, err)
				}
			}
			if acc, ok := metrics.AsAccumulator(mt); ok {
				v, err = acc.Statistics(h.yTrue[k], outs[i])
				accs = append(accs, acc)
			} else {
				v, err = mt.Call(h.yTrue[k], outs[i])
				accs = append(accs, nil)
			}
			if err == nil {
				err = h.g.Err()
			}
			if err != nil {
				return nil, fmt.Errorf("models: metric %s of output %q: %w", mt.Name(), s.name, err)
			}
			vals = append(vals, v)
			if multi {
				*names = append(*names, s.name+"_"+mt.Name())
			} else {
				*names = append(*names, mt.Name())
			}
		}
	}
	h.accs = accs
	return vals, nil
}

// addTerm returns total + term (term alone when total is nil).
func addTerm(total, term *graph.Node) *graph.Node {
	if total == nil {
		return term
	}
	return graph.Add(total, term)
}

// addUpdate adds the gradients of the training loss, the optimizer's
// update and the layers' registered updates to the head: fetching the
// last training node runs one step. A trainable weight the loss does not
// reach is an error, never a silent zero gradient.
func (m *Model) addUpdate(h *head) error {
	if h.update != nil {
		return nil
	}
	params, err := m.trainableParams(h)
	if err != nil {
		return err
	}
	if err := m.addConstraints(h); err != nil {
		return err
	}
	step, err := m.updateFor(h, h.train[0], params)
	if err != nil {
		return err
	}
	h.update = step
	h.train = append(h.train, step)
	return nil
}

// trainableParams returns the variables of the model's trainable weights
// in the head's graph.
func (m *Model) trainableParams(h *head) ([]*graph.Node, error) {
	var params []*graph.Node
	for _, w := range m.topo.weights() {
		if !w.Trainable {
			continue
		}
		n, ok := h.vars.Lookup(w)
		if !ok {
			return nil, fmt.Errorf("models: weight %s gets no gradient from the loss: its layer never reads it", w.Name)
		}
		params = append(params, n)
	}
	if len(params) == 0 {
		return nil, errors.New("models: the model has no trainable weights")
	}
	return params, nil
}

// updateFor returns one training step for loss: its gradients, the
// optimizer's update and the layers' registered updates.
func (m *Model) updateFor(h *head, loss *graph.Node, params []*graph.Node) (*graph.Node, error) {
	grads := graph.Gradients(m.shardLoss(h, loss), params...)
	if err := h.g.Err(); err != nil {
		return nil, fmt.Errorf("models: computing gradients: %w", err)
	}
	for i, gr := range grads {
		if gr == nil {
			return nil, fmt.Errorf("models: weight %s gets no gradient from the loss", params[i].Name())
		}
	}
	grads = m.reduceGradients(h, grads)
	updates := h.trainS.Updates()
	values := make([]*graph.Node, len(updates))
	for i, u := range updates {
		values[i] = u.Value
	}
	if m.comp.dist != nil && len(values) > 0 { // every rank keeps the same moving statistics
		values = m.reduceUpdates(h, values)
	}
	steps := make([]*graph.Node, 0, 1+len(updates))
	for i, u := range updates {
		steps = append(steps, graph.Assign(h.vars.Node(u.Weight), values[i]))
	}
	for _, u := range h.trainS.StateUpdates() { // each rank keeps its own states
		steps = append(steps, graph.Assign(h.vars.Node(u.Weight), u.Value))
	}
	if err := h.g.Err(); err != nil {
		return nil, fmt.Errorf("models: layer updates: %w", err)
	}
	update, err := m.comp.optimizer.Apply(params, grads)
	if err != nil {
		return nil, fmt.Errorf("models: optimizer %s: %w", m.comp.optimizer.Name(), err)
	}
	steps = append(steps, update)
	if h.trainS.RandomStepUsed() { // random layers draw afresh each step
		steps = append(steps, graph.AssignAdd(h.step, h.g.Const(tensor.Scalar[int64](1))))
	}
	step := graph.Group(steps...)
	if err := h.g.Err(); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return step, nil
}

// addConstraints adds, for every trainable weight with a Constraint, the
// assignment of its projection; Fit and TrainOnBatch run them after each
// training step (a second run, so that they see the updated weights).
func (m *Model) addConstraints(h *head) error {
	for _, w := range m.topo.weights() {
		if w.Constraint == nil || !w.Trainable {
			continue
		}
		n := h.vars.Node(w)
		p := w.Constraint.Apply(n)
		if p == nil {
			return fmt.Errorf("models: constraint %s of weight %s returned nil", w.Constraint.Name(), w.Name)
		}
		h.project = append(h.project, graph.Assign(n, p))
	}
	if err := h.g.Err(); err != nil {
		return fmt.Errorf("models: constraints: %w", err)
	}
	h.projOuts = make([]*tensor.Tensor, len(h.project))
	return nil
}

// applyConstraints runs the weight constraints after a training step. The
// caller holds m.mu for writing.
func (h *head) applyConstraints() error {
	if len(h.project) == 0 {
		return nil
	}
	return h.sess.RunInto(nil, h.project, h.projOuts)
}
