package models

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/neurite/neurite/config"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/tensor"
)

// loader rebuilds models from their configs, guarding the initializers of
// the layers it makes until Load is done.
type loader struct {
	budget budgetInit
	undo   []func()
	depth  int
}

// restoreInitializers puts the configured initializers back.
func (ld *loader) restoreInitializers() {
	for _, u := range ld.undo {
		u()
	}
}

// model rebuilds a model from its architecture; where names the nesting
// for messages.
func (ld *loader) model(mc *modelConfig, where string) (*Model, error) {
	if ld.depth++; ld.depth > 32 {
		return nil, fmt.Errorf("%smodels nested more than 32 deep", where)
	}
	defer func() { ld.depth-- }()
	dtype, err := parseDType(mc.DType)
	if err != nil || !dtype.IsFloat() {
		return nil, fmt.Errorf("%sdtype %q: a model's dtype is float32 or float64", where, mc.DType)
	}
	ls := make([]layers.Layer, len(mc.Layers))
	byName := map[string]int{}
	for i := range mc.Layers {
		lc := &mc.Layers[i]
		if _, dup := byName[lc.Name]; dup || lc.Name == "" {
			return nil, fmt.Errorf("%slayer %d: the name %q is empty or not unique", where, i, lc.Name)
		}
		byName[lc.Name] = i
		if ls[i], err = ld.layer(lc, where); err != nil {
			return nil, err
		}
	}
	var m *Model
	switch mc.ClassName {
	case "Sequential":
		m, err = ld.sequential(mc, ls, where)
	case "Functional":
		m, err = ld.functional(mc, ls, byName, where)
	default:
		err = fmt.Errorf("%sunknown model class %q (want Sequential or Functional)", where, mc.ClassName)
	}
	if err != nil {
		return nil, err
	}
	m.Name, m.Seed, m.DType = mc.Name, mc.Seed, dtype
	return m, nil
}

// layer makes one layer from its entry, named as saved.
func (ld *loader) layer(lc *layerConfig, where string) (layers.Layer, error) {
	what := fmt.Sprintf("%slayer %q", where, lc.Name)
	var l layers.Layer
	if lc.Module == "models" {
		var mc modelConfig
		dec := json.NewDecoder(bytes.NewReader(lc.Config))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&mc); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		nested, err := ld.model(&mc, what+": ")
		if err != nil {
			return nil, err
		}
		l = nested
	} else {
		tree, err := config.ParseJSON(lc.Config)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		cfg, _ := tree.(map[string]any)
		if tree != nil && cfg == nil {
			return nil, fmt.Errorf("%s: the config must be an object", what)
		}
		v, err := config.Decode(&config.Config{Module: lc.Module, ClassName: lc.ClassName, Config: cfg})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		var ok bool
		if l, ok = v.(layers.Layer); !ok {
			return nil, fmt.Errorf("%s: %s.%s is not a layer", what, lc.Module, lc.ClassName)
		}
		ld.undo = append(ld.undo, guardInitializers(l, ld.budget))
	}
	l.LayerBase().SetUniqueName(lc.Name)
	return l, nil
}

// sequential rebuilds a Sequential model on its saved input shape.
func (ld *loader) sequential(mc *modelConfig, ls []layers.Layer, where string) (*Model, error) {
	if err := checkInputShape(mc.InputShape); err != nil {
		return nil, fmt.Errorf("%sinput_shape: %w", where, err)
	}
	s, err := NewSequential(ls...)
	if err != nil {
		return nil, fmt.Errorf("%s%w", where, trimPrefix(err))
	}
	m := &s.Model
	if err := m.sequentialTopology([]tensor.Shape{tensor.Shape(mc.InputShape).Clone()}); err != nil {
		return nil, fmt.Errorf("%s%w", where, trimPrefix(err))
	}
	return m, nil
}

// checkShape rejects shapes of excessive rank and non-positive dimensions.
func checkShape(s []int) error {
	if len(s) > maxRank {
		return fmt.Errorf("rank %d is above %d", len(s), maxRank)
	}
	for _, d := range s {
		if d <= 0 {
			return fmt.Errorf("dimension %d in %v is not positive", d, s)
		}
	}
	return nil
}

// checkInputShape is checkShape for an input's shape, whose dimensions
// may also be None (null in the file).
func checkInputShape(s []int) error {
	known := make([]int, len(s))
	for i, d := range s {
		known[i] = d
		if d == layers.None {
			known[i] = 1
		}
	}
	if err := checkShape(known); err != nil {
		if len(s) > maxRank {
			return err
		}
		return fmt.Errorf("dimension in %s is not positive or None", layers.FormatSampleShape(s))
	}
	return nil
}

// functional replays the saved layer calls and makes the model between
// the saved inputs and outputs.
func (ld *loader) functional(mc *modelConfig, ls []layers.Layer, byName map[string]int, where string) (*Model, error) {
	outs := make([][][]*layers.Tensor, len(ls)) // per layer, per call, its outputs
	pending := 0
	for i, l := range ls {
		if in, ok := l.(*layers.InputLayer); ok {
			if len(mc.Layers[i].Inbound) > 0 {
				return nil, fmt.Errorf("%sInputLayer %q has inbound nodes", where, mc.Layers[i].Name)
			}
			if err := checkInputShape(in.Shape); err != nil {
				return nil, fmt.Errorf("%sInputLayer %q: %w", where, mc.Layers[i].Name, err)
			}
			outs[i] = [][]*layers.Tensor{{layers.InputFrom(in)}}
			continue
		}
		pending += len(mc.Layers[i].Inbound)
	}
	resolve := func(r tensorRef) (*layers.Tensor, bool, error) {
		i, ok := byName[r.Layer]
		if !ok {
			return nil, false, fmt.Errorf("%sa connection names layer %q, which is not in the model", where, r.Layer)
		}
		calls := len(mc.Layers[i].Inbound)
		if _, isInput := ls[i].(*layers.InputLayer); isInput {
			calls = 1
		}
		if r.Node < 0 || r.Node >= calls {
			return nil, false, fmt.Errorf("%sa connection names call %d of layer %q, which has %d", where, r.Node, r.Layer, calls)
		}
		if r.Node >= len(outs[i]) {
			return nil, false, nil // not made yet
		}
		o := outs[i][r.Node]
		if r.Tensor < 0 || r.Tensor >= len(o) {
			return nil, false, fmt.Errorf("%sa connection names output %d of layer %q, which has %d", where, r.Tensor, r.Layer, len(o))
		}
		return o[r.Tensor], true, nil
	}
	for pending > 0 {
		progress := false
		for i, l := range ls {
			lc := &mc.Layers[i]
			for len(outs[i]) < len(lc.Inbound) {
				refs := lc.Inbound[len(outs[i])]
				xs := make([]*layers.Tensor, len(refs))
				ready := true
				for k, r := range refs {
					x, ok, err := resolve(r)
					if err != nil {
						return nil, err
					}
					ready = ready && ok
					xs[k] = x
				}
				if !ready {
					break
				}
				ys := layers.CallMulti(l, xs...)
				if err := ys[0].Err(); err != nil {
					return nil, fmt.Errorf("%s%w", where, err)
				}
				outs[i] = append(outs[i], ys)
				pending--
				progress = true
			}
		}
		if !progress {
			return nil, fmt.Errorf("%sthe layer connections form a cycle", where)
		}
	}
	refs := func(rs []tensorRef) ([]*layers.Tensor, error) {
		out := make([]*layers.Tensor, len(rs))
		for k, r := range rs {
			x, ok, err := resolve(r)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, fmt.Errorf("%slayer %q has no call %d", where, r.Layer, r.Node)
			}
			out[k] = x
		}
		return out, nil
	}
	inputs, err := refs(mc.Inputs)
	if err != nil {
		return nil, err
	}
	outputs, err := refs(mc.Outputs)
	if err != nil {
		return nil, err
	}
	m, err := NewModel(inputs, outputs)
	if err != nil {
		return nil, fmt.Errorf("%s%w", where, trimPrefix(err))
	}
	return m, nil
}
