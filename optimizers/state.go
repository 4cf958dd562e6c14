package optimizers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// state is what an optimizer keeps once applied, as a Keras optimizer's
// variables: the learning rate variable (one per weight dtype: Keras casts
// its learning rate to each weight's dtype, here it is stored in that dtype),
// the iterations counter and each weight's slot variables.
type state struct {
	g          *graph.Graph
	lr         map[tensor.DType]*graph.Node
	lrOrder    []tensor.DType
	iterations *graph.Node // int64 scalar: steps taken, as Keras's optimizer.iterations
	slots      map[*graph.Node][]*graph.Node

	lrSet   bool    // SetLearningRate was called before Apply
	lrValue float64 // its value

	opts options // clipping and weight decay as of the first Apply

	averages map[*graph.Node]*graph.Node // with UseEMA: each weight's moving average
	emaOrder []*graph.Node               // the weights of averages, in the first Apply's order

	params map[*tensor.Tensor]*graph.Node // the first Apply's params by storage (see rebind.go)
	bound  map[*graph.Node]*graph.Node    // during an Apply in another graph: its bindings
	own    []*graph.Node                  // the optimizer's own variables (see keep)
}

// slot describes a per-weight variable of an optimizer (such as Adam's m):
// its name, appended to the weight's, and its initial value.
type slot struct {
	name string
	init float64
}

// configure validates the learning rate lr in use and the base options
// before the first Apply, and keeps the options.
func (s *state) configure(opt string, lr float64, opts options) error {
	if err := checkLearningRate(opt, lr); err != nil {
		return err
	}
	if err := opts.validate(opt); err != nil {
		return err
	}
	if opts.schedule != nil {
		if err := checkSchedule(opt, opts.schedule); err != nil {
			return err
		}
	}
	s.opts = opts
	return nil
}

// learningRate returns the learning rate in use: with a schedule (the one
// of the first Apply, else the configured one), its rate at the current
// step; else the variable's value once applied, else the value set by
// SetLearningRate, else configured.
func (s *state) learningRate(schedule Schedule, configured float64) float64 {
	if s.g != nil {
		schedule = s.opts.schedule
	}
	if schedule != nil {
		return schedule.Rate(int64(s.iterationCount()))
	}
	if len(s.lrOrder) > 0 {
		return s.lr[s.lrOrder[0]].Value().Item()
	}
	if s.lrSet {
		return s.lrValue
	}
	return configured
}

// setLearningRate validates lr and stores it in every learning rate
// variable (or keeps it for Apply). With a schedule (the one of the first
// Apply, else the configured one) it fails, as in Keras.
func (s *state) setLearningRate(opt string, schedule Schedule, lr float64) error {
	if s.g != nil {
		schedule = s.opts.schedule
	}
	if schedule != nil {
		return fmt.Errorf("optimizers: %s: the learning rate follows a Schedule (%T) and cannot be set", opt, schedule)
	}
	if err := checkLearningRate(opt, lr); err != nil {
		return err
	}
	s.lrSet, s.lrValue = true, lr
	for _, dt := range s.lrOrder {
		if err := s.lr[dt].SetValue(scalarOf(dt, lr)); err != nil {
			return fmt.Errorf("optimizers: %s: %w", opt, err)
		}
	}
	return nil
}

// iterationCount returns the number of steps taken.
func (s *state) iterationCount() int {
	if s.iterations == nil {
		return 0
	}
	return int(s.iterations.Value().Int64s()[0])
}

// checkLearningRate rejects a negative or non-finite learning rate.
func checkLearningRate(opt string, lr float64) error {
	if !(lr >= 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("optimizers: %s: LearningRate must be a finite number >= 0, got %v", opt, lr)
	}
	return nil
}

// orDefault returns v, or def when v is zero (the zero value of a config
// field means Keras's default).
func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// check validates params and grads for Apply: matching lengths, distinct
// float variables of one graph, gradients of their dtype and shape, and, on
// a later Apply, only variables the optimizer already serves. It returns
// the graph.
func (s *state) check(opt string, params, grads []*graph.Node) (*graph.Graph, error) {
	if len(params) == 0 {
		return nil, fmt.Errorf("optimizers: %s: no parameters to update", opt)
	}
	if len(params) != len(grads) {
		return nil, fmt.Errorf("optimizers: %s: %d parameters but %d gradients", opt, len(params), len(grads))
	}
	var g *graph.Graph
	seen := map[*graph.Node]bool{}
	for i, p := range params {
		if p == nil {
			return nil, fmt.Errorf("optimizers: %s: parameter %d is nil", opt, i)
		}
		if g == nil {
			g = p.Graph()
			if err := g.Err(); err != nil {
				return nil, fmt.Errorf("optimizers: %s: %w", opt, err)
			}
		}
		if p.Graph() != g {
			return nil, fmt.Errorf("optimizers: %s: parameters %s and %s belong to different graphs", opt, params[0].Name(), p.Name())
		}
		if !p.IsVariable() {
			return nil, fmt.Errorf("optimizers: %s: parameter %s is not a variable (it is a %s)", opt, p.Name(), p.Type())
		}
		if !p.DType().IsFloat() {
			return nil, fmt.Errorf("optimizers: %s: parameter %s is %v; only float32 and float64 variables can be trained", opt, p.Name(), p.DType())
		}
		if seen[p] {
			return nil, fmt.Errorf("optimizers: %s: parameter %s is listed twice", opt, p.Name())
		}
		seen[p] = true
		gr := grads[i]
		if gr == nil {
			return nil, fmt.Errorf("optimizers: %s: the gradient of parameter %s is nil", opt, p.Name())
		}
		if gr.Graph() != g {
			return nil, fmt.Errorf("optimizers: %s: the gradient of parameter %s belongs to another graph", opt, p.Name())
		}
		if gr.DType() != p.DType() {
			return nil, fmt.Errorf("optimizers: %s: the gradient of parameter %s is %v, the parameter is %v", opt, p.Name(), gr.DType(), p.DType())
		}
		if !compatible(gr.Shape(), p.Shape()) {
			return nil, fmt.Errorf("optimizers: %s: the gradient of parameter %s has shape %v, the parameter has shape %v", opt, p.Name(), gr.Shape(), p.Shape())
		}
		if s.g != nil {
			if _, ok := s.origin(p); !ok && g != s.g {
				return nil, fmt.Errorf("optimizers: %s: parameter %s belongs to another graph than the one the optimizer was applied to, and shares no storage with its parameters; use one optimizer per model", opt, p.Name())
			} else if !ok {
				return nil, fmt.Errorf("optimizers: %s: parameter %s was not among the parameters of the optimizer's first Apply; use one optimizer per model", opt, p.Name())
			}
		}
	}
	return g, nil
}

// compatible reports whether two static shapes can be equal at run time.
func compatible(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && a[i] != graph.Unknown && b[i] != graph.Unknown {
			return false
		}
	}
	return true
}

// build runs the optimizer-specific update for every parameter and groups
// the updates with the increment of the iterations counter. On first use it
// creates the learning rate variable(s) with value lr (none with a
// schedule: the learning rate is then computed from the counter), the
// counter, and
// slot variables named "<param name>/<slot name>" (of the parameter's
// shape, filled with the slot's initial value, not trainable). The
// gradients are clipped as the options say, and with weight decay each
// parameter's decay is added before its update, so that it runs first.
// update receives the parameter, its gradient, its
// slots, the learning rate and the 1-based number of the step (iterations +
// 1 read at the start of the Run, before the increment), both scalars in the
// parameter's dtype. With UseEMA, each parameter's moving average is
// updated after all the updates (see buildEMA).
func (s *state) build(g *graph.Graph, opt string, lr float64, slotSpecs []slot, params, grads []*graph.Node,
	update func(p, grad *graph.Node, slots []*graph.Node, lr, t *graph.Node) *graph.Node) (*graph.Node, error) {
	if s.lrSet {
		lr = s.lrValue
	}
	first := s.g == nil
	foreign := !first && g != s.g // another graph of the model: bind the state there
	defer func() { s.bound = nil }()
	slots := s.slots
	if foreign {
		slots = s.bindAll(g, params)
	}
	if first {
		slots = map[*graph.Node][]*graph.Node{}
		for _, p := range params {
			ps := make([]*graph.Node, len(slotSpecs))
			for k, sp := range slotSpecs {
				init := tensor.New(p.DType(), p.Value().Shape()...)
				if sp.init != 0 {
					init.Fill(sp.init)
				}
				ps[k] = g.Variable(p.Name()+"/"+sp.name, init)
				ps[k].SetTrainable(false)
			}
			slots[p] = ps
		}
		if s.opts.useEMA {
			s.makeAverages(g, params)
		}
	}
	iterations := s.bind(g, s.iterations)
	lrVars := map[tensor.DType]*graph.Node{}
	var lrOrder []tensor.DType
	if !first {
		lrVars, lrOrder = s.lr, s.lrOrder
	}
	if foreign {
		lrVars = make(map[tensor.DType]*graph.Node, len(s.lr))
		for dt, v := range s.lr {
			lrVars[dt] = s.bind(g, v)
		}
	}
	pop := g.NameScope(opt)
	defer pop()
	if first {
		iterations = g.Variable("iterations", tensor.Scalar[int64](0))
		iterations.SetTrainable(false)
	}
	lrOf := lrVars // the learning rate node of each dtype
	var scheduled *graph.Node
	if sched := s.opts.schedule; sched != nil {
		lrOf = map[tensor.DType]*graph.Node{}
		scheduled = graph.Schedule(iterations, sched.Rate)
	}
	steps := map[tensor.DType]*graph.Node{}
	var updates []*graph.Node
	grads = s.opts.clip(g, grads)
	for i, p := range params {
		dt := p.DType()
		if scheduled != nil && lrOf[dt] == nil {
			lrOf[dt] = graph.Cast(scheduled, dt)
		}
		if lrOf[dt] == nil {
			v := g.Variable("learning_rate", scalarOf(dt, lr))
			v.SetTrainable(false)
			lrVars[dt] = v // also lrOf[dt]: the same map
			lrOrder = append(lrOrder, dt)
		}
		if steps[dt] == nil {
			steps[dt] = graph.Cast(graph.Add(iterations, g.Scalar(1)), dt)
		}
		if wd := s.opts.weightDecay; wd != 0 {
			updates = append(updates, graph.ApplyWeightDecay(p, lrOf[dt], g.Scalar(wd)))
		}
		updates = append(updates, update(p, grads[i], slots[p], lrOf[dt], steps[dt]))
	}
	if s.opts.useEMA {
		updates = append(updates, s.buildEMA(g, iterations, params)...)
	}
	updates = append(updates, graph.AssignAdd(iterations, g.Scalar(1)))
	step := graph.Group(updates...)
	if err := g.Err(); err != nil {
		return nil, fmt.Errorf("optimizers: %s: %w", opt, err)
	}
	if first {
		s.g, s.slots, s.iterations = g, slots, iterations
		s.rememberParams(params)
	}
	if !foreign {
		s.lr, s.lrOrder = lrVars, lrOrder
	}
	return step, nil
}

// scalarOf returns a rank-0 tensor of dtype holding v.
func scalarOf(dtype tensor.DType, v float64) *tensor.Tensor {
	t := tensor.New(dtype)
	t.Fill(v)
	return t
}
