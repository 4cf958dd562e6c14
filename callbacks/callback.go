// Package callbacks holds the hooks that watch and steer training, as
// Keras's callbacks do: the progress bar (ProgbarLogger), the History that
// Fit returns, and the interface every callback implements.
//
// A callback embeds [Base] for no-op defaults and overrides the events it
// cares about. Models call the events in Keras's order: train begin, then
// per epoch: epoch begin, per batch: batch begin and end, validation (test
// begin, batches, test end), epoch end; finally train end.
package callbacks

import "github.com/neurite/neurite/tensor"

// Model is what callbacks may see and change of the model being trained.
type Model interface {
	// StopTraining asks Fit to stop: it ends the epoch after the current
	// batch (validation and the epoch-end callbacks still run) and then
	// training, as setting Keras's model.stop_training does.
	StopTraining()
	// WeightValues returns copies of the model's weights, in layer order
	// (Keras's get_weights).
	WeightValues() []*tensor.Tensor
	// SetWeights copies values into the model's weights; it takes what
	// WeightValues returned.
	SetWeights(values []*tensor.Tensor) error
	// WeightNames returns the names of the weights ("dense/kernel", …) in
	// the order of WeightValues.
	WeightNames() []string
	// LearningRate returns the optimizer's current learning rate; ok is false
	// if the model is not compiled.
	LearningRate() (lr float64, ok bool)
	// SetLearningRate changes the optimizer's learning rate for the next
	// steps.
	SetLearningRate(lr float64) error
}

// Callback receives training, evaluation and prediction events. Epochs
// and batches are numbered from 0, as in Keras. logs holds the metrics
// known at that point (see [Logs]); callbacks must not keep it after the
// call returns, since the model reuses it.
type Callback interface {
	SetModel(m Model)
	SetParams(p Params)

	OnTrainBegin(logs *Logs)
	OnTrainEnd(logs *Logs)
	OnEpochBegin(epoch int, logs *Logs)
	OnEpochEnd(epoch int, logs *Logs)
	OnTrainBatchBegin(batch int, logs *Logs)
	OnTrainBatchEnd(batch int, logs *Logs)

	OnTestBegin(logs *Logs)
	OnTestEnd(logs *Logs)
	OnTestBatchBegin(batch int, logs *Logs)
	OnTestBatchEnd(batch int, logs *Logs)

	OnPredictBegin(logs *Logs)
	OnPredictEnd(logs *Logs)
	OnPredictBatchBegin(batch int, logs *Logs)
	OnPredictBatchEnd(batch int, logs *Logs)
}

// Params describes the run a callback is part of (Keras's callback.params).
type Params struct {
	Epochs  int // total epochs of Fit (0 for Evaluate and Predict)
	Steps   int // batches per epoch
	Verbose int
}

// Base implements every Callback method as a no-op and keeps the model
// and params; embed it and override what you need.
type Base struct {
	Model  Model
	Params Params
}

// SetModel records the model.
func (b *Base) SetModel(m Model) { b.Model = m }

// SetParams records the run's parameters.
func (b *Base) SetParams(p Params) { b.Params = p }

// OnTrainBegin does nothing.
func (*Base) OnTrainBegin(*Logs) {}

// OnTrainEnd does nothing.
func (*Base) OnTrainEnd(*Logs) {}

// OnEpochBegin does nothing.
func (*Base) OnEpochBegin(int, *Logs) {}

// OnEpochEnd does nothing.
func (*Base) OnEpochEnd(int, *Logs) {}

// OnTrainBatchBegin does nothing.
func (*Base) OnTrainBatchBegin(int, *Logs) {}

// OnTrainBatchEnd does nothing.
func (*Base) OnTrainBatchEnd(int, *Logs) {}

// OnTestBegin does nothing.
func (*Base) OnTestBegin(*Logs) {}

// OnTestEnd does nothing.
func (*Base) OnTestEnd(*Logs) {}

// OnTestBatchBegin does nothing.
func (*Base) OnTestBatchBegin(int, *Logs) {}

// OnTestBatchEnd does nothing.
func (*Base) OnTestBatchEnd(int, *Logs) {}

// OnPredictBegin does nothing.
func (*Base) OnPredictBegin(*Logs) {}

// OnPredictEnd does nothing.
func (*Base) OnPredictEnd(*Logs) {}

// OnPredictBatchBegin does nothing.
func (*Base) OnPredictBatchBegin(int, *Logs) {}

// OnPredictBatchEnd does nothing.
func (*Base) OnPredictBatchEnd(int, *Logs) {}
