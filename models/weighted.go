package models

import (
	"errors"
	"fmt"
	"math"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/tensor"
)

// weighted is the part of a head that weights each sample's loss, as
// Keras's sample_weight and class_weight do: one (batch,) placeholder per
// trained output, the weighted values of both passes and, once trained,
// the weighted training step. It lives in the head's graph, so the
// optimizer's state is shared with the unweighted step.
type weighted struct {
	sw     []*graph.Node
	train  []*graph.Node // values, then the update once trainable
	eval   []*graph.Node
	update *graph.Node
}

// weightedLoss is the loss of one output with each sample's value
// multiplied by its weight w (batch,), reduced as the loss reduces:
// Keras's "sum_over_batch_size" divides the weighted sum by the number of
// values, not by the sum of the weights.
func weightedLoss(l losses.Loss, yTrue, yPred, w *graph.Node) (*graph.Node, error) {
	per, red, err := losses.Unreduced(l)
	if err != nil {
		return nil, err
	}
	values, err := per.Call(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	if r := values.Shape().Rank(); r > 1 {
		shape := make([]int, r)
		shape[0] = -1
		for i := 1; i < r; i++ {
			shape[i] = 1
		}
		w = graph.Reshape(w, shape...)
	}
	prod := graph.Mul(values, w)
	if red == losses.ReductionSum {
		return graph.Sum(prod, nil, false), nil
	}
	return graph.Mean(prod, nil, false), nil
}

// withWeights adds the weighted values to head h (and, with training, the
// weighted training step) on first use. The caller holds m.mu.
func (m *Model) withWeights(h *head, training bool) (*weighted, error) {
	if h.weights == nil {
		for _, i := range trainedOutputs(m.compiledSpecs()) {
			if _, _, err := losses.Unreduced(m.comp.outputs[i].loss); err != nil {
				return nil, fmt.Errorf("models: sample weights: %w", err)
			}
		}
		dtype, _ := m.dtype()
		wt := &weighted{}
		for _, y := range h.yTrue {
			wt.sw = append(wt.sw, h.g.Placeholder(y.Name()+"_weight", dtype, graph.Unknown))
		}
		specs := m.compiledSpecs()
		var names []string
		var err error
		if wt.train, err = m.weightedValues(h, specs, h.trainOut, h.trainMasks, h.trainS.Losses(), wt.sw, &names); err != nil {
			return nil, err
		}
		if wt.eval, err = m.weightedValues(h, specs, h.evalOut, h.evalMasks, h.evalS.Losses(), wt.sw, &names); err != nil {
			return nil, err
		}
		if h.evalState != nil {
			wt.eval = append(wt.eval, h.evalState)
		}
		if err := h.g.Err(); err != nil {
			return nil, fmt.Errorf("models: %w", err)
		}
		h.weights = wt
	}
	wt := h.weights
	if training && wt.update == nil {
		if err := m.addUpdate(h); err != nil { // the optimizer's state first
			return nil, err
		}
		params, err := m.trainableParams(h)
		if err != nil {
			return nil, err
		}
		step, err := m.updateFor(h, wt.train[0], params)
		if err != nil {
			return nil, err
		}
		wt.update = step
		wt.train = append(wt.train, step)
	}
	return wt, nil
}

// prepareSampleWeights checks per-sample weights (one (N,) tensor per
// trained output, see Data) and converts them to the model's dtype; with
// class weights instead, it derives them from the labels ys. It returns
// nil when neither is given.
func (m *Model) prepareSampleWeights(sw Data, classWeight map[int]float64, ys []*tensor.Tensor, what string) ([]*tensor.Tensor, error) {
	switch {
	case sw != nil && classWeight != nil:
		return nil, errors.New("models: give SampleWeight or ClassWeight, not both")
	case classWeight != nil:
		if len(ys) != 1 {
			return nil, fmt.Errorf("models: ClassWeight is for models with one trained output; this one has %d (use SampleWeight)", len(ys))
		}
		w, err := classWeights(classWeight, ys[0])
		if err != nil {
			return nil, err
		}
		dtype, _ := m.dtype()
		return []*tensor.Tensor{tensor.Cast(w, dtype)}, nil
	case sw == nil:
		return nil, nil
	}
	names := m.trainedNames()
	ws, err := dataList(nil, sw, names, what)
	if err != nil {
		return nil, err
	}
	dtype, _ := m.dtype()
	n := ys[0].Dim(0)
	for i, w := range ws {
		if w.Rank() == 2 && w.Dim(1) == 1 {
			w = tensor.Reshape(w, w.Dim(0))
		}
		if w.Rank() != 1 || w.Dim(0) != n {
			return nil, fmt.Errorf("models: %s has shape %s; sample weights are one number per sample, (%d,)",
				argName(what, names, i), shapeString(w.Shape()), n)
		}
		if err := checkFinite(w); err != nil {
			return nil, fmt.Errorf("models: %s contains %w", argName(what, names, i), err)
		}
		if w.DType() != dtype {
			w = tensor.Cast(w, dtype)
		}
		ws[i] = w
	}
	return ws, nil
}

// classWeights returns each sample's weight from its class: the label
// itself for integer labels (N,) or (N, 1), the arg-max of one-hot labels
// (N, C), as Keras reads class_weight. Classes missing from the map weigh
// 1, as in Keras.
func classWeights(cw map[int]float64, y *tensor.Tensor) (*tensor.Tensor, error) {
	n := y.Dim(0)
	w := tensor.New(tensor.Float64, n)
	for c, v := range cw {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("models: ClassWeight[%d] is %v; class weights must be finite and not negative", c, v)
		}
	}
	oneHot := y.Rank() == 2 && y.Dim(1) > 1
	for i := 0; i < n; i++ {
		var class int
		switch {
		case oneHot:
			class = int(tensor.ArgMax(tensor.Rows(y, i, i+1), 1, false).At(0))
		case y.Rank() == 1:
			class = int(y.At(i))
		case y.Rank() == 2:
			class = int(y.At(i, 0))
		default:
			return nil, fmt.Errorf("models: ClassWeight needs class labels of shape (N,), (N, 1) or one-hot (N, C), got %s", shapeString(y.Shape()))
		}
		v, ok := cw[class]
		if !ok {
			v = 1
		}
		w.Set(v, i)
	}
	return w, nil
}
