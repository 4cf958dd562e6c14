package models

import (
	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/tensor"
)

// means accumulates a head's values over batches: the loss and mean-type
// metrics as means weighted by batch size, Accumulator metrics (RMSE,
// precision, …) as sums of their statistics, turned into the metric at the
// end, as Keras's stateful metrics are.
type means struct {
	accs []metrics.Accumulator // per value; nil for a mean
	sums [][]float64           // per value: one sum, or the statistics' sums
	seen int
}

// newMeans returns an empty accumulation of h's values.
func newMeans(h *head) *means {
	m := &means{accs: h.accs, sums: make([][]float64, len(h.names))}
	for k := range m.sums {
		n := 1
		if h.accs[k] != nil {
			n = h.eval[k].Shape().Size()
		}
		m.sums[k] = make([]float64, n)
	}
	return m
}

// reset empties the accumulation.
func (m *means) reset() {
	for _, s := range m.sums {
		clear(s)
	}
	m.seen = 0
}

// add takes in one batch of size samples whose values are outs.
func (m *means) add(outs []*tensor.Tensor, size int) {
	m.seen += size
	for k, s := range m.sums {
		if m.accs[k] == nil {
			s[0] += scalar(outs[k]) * float64(size)
			continue
		}
		switch d := outs[k].Raw().(type) {
		case []float32:
			for i, v := range d {
				s[i] += float64(v)
			}
		case []float64:
			for i, v := range d {
				s[i] += v
			}
		}
	}
}

// value returns value k over the batches added so far.
func (m *means) value(k int) float64 {
	if m.accs[k] == nil {
		return m.sums[k][0] / float64(m.seen)
	}
	return m.accs[k].Result(m.sums[k])
}

// setLogs stores every value under its name with the given prefix.
func (m *means) setLogs(h *head, logs *callbacks.Logs, prefix string) {
	for k, name := range h.names {
		logs.Set(prefix+name, m.value(k))
	}
}

// addSums takes in a batch of size samples given as already-summed values:
// for a mean, the value times the samples it covers; for an Accumulator,
// its statistics.
func (m *means) addSums(vec []float64, size int) {
	m.seen += size
	off := 0
	for _, s := range m.sums {
		for i := range s {
			s[i] += vec[off+i]
		}
		off += len(s)
	}
}
