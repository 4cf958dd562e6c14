package callbacks

import (
	"errors"

	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// fakeModel is a callbacks.Model with one scalar weight "w", which the
// driver sets to the epoch number so that a restored weight names its
// epoch.
type fakeModel struct {
	w        float32
	lr       float64
	noLR     bool
	stops    int
	setCalls int
	lrSets   []float64

	wholeSaves, restores int
}

func (m *fakeModel) StopTraining() { m.stops++ }

func (m *fakeModel) WeightValues() []*tensor.Tensor {
	return []*tensor.Tensor{tensor.Scalar(m.w)}
}

func (m *fakeModel) SetWeights(v []*tensor.Tensor) error {
	if len(v) != 1 {
		return errors.New("fake: want one weight")
	}
	m.setCalls++
	m.w = v[0].Float32s()[0]
	return nil
}

func (m *fakeModel) WeightNames() []string { return []string{"w"} }

func (m *fakeModel) LearningRate() (float64, bool) { return m.lr, !m.noLR }

func (m *fakeModel) SetLearningRate(lr float64) error {
	if lr < 0 {
		return errors.New("fake: negative rate")
	}
	m.lr = lr
	m.lrSets = append(m.lrSets, lr)
	return nil
}

// fit drives cb as Fit would over the epochs of series (one value of key
// per epoch; NaN in series means the key is missing that epoch), setting
// the weight to the epoch number before each epoch end. It stops after an
// epoch in which StopTraining was called and returns the number of epochs
// run and the logs each epoch ended with.
func fit(cb Callback, m *fakeModel, key string, series []float64) (int, []*Logs) {
	cb.SetModel(m)
	cb.SetParams(Params{Epochs: len(series), Steps: 1})
	logs := &Logs{}
	cb.OnTrainBegin(logs)
	var seen []*Logs
	epochs := 0
	for e, v := range series {
		logs.Reset()
		cb.OnEpochBegin(e, logs)
		m.w = float32(e)
		logs.Set("loss", 1)
		if v == v {
			logs.Set(key, v)
		}
		stops := m.stops
		cb.OnEpochEnd(e, logs)
		seen = append(seen, logs.Clone())
		epochs++
		if m.stops > stops {
			break
		}
	}
	cb.OnTrainEnd(logs)
	return epochs, seen
}

var _ ModelRestorer = (*fakeModel)(nil)

// Save writes the fake model "whole": its weight as a safetensors file,
// counting the call, so that tests can tell whole-model saves apart.
func (m *fakeModel) Save(path string) error {
	m.wholeSaves++
	return saving.SaveWeights(path, m.WeightNames(), m.WeightValues())
}

// Restore reads back what Save wrote.
func (m *fakeModel) Restore(path string) error {
	_, ts, err := saving.LoadWeights(path)
	if err != nil {
		return err
	}
	m.restores++
	return m.SetWeights(ts)
}
