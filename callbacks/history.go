package callbacks

// History records the logs at the end of every epoch. Fit returns it, as
// Keras's model.fit returns its History callback.
type History struct {
	Base
	// Epoch lists the epochs recorded, in order.
	Epoch []int
	// History maps each metric name ("loss", "val_mae", …) to its values,
	// one per recorded epoch (Keras's history.history).
	History map[string][]float64
	keys    []string
}

// NewHistory returns an empty History.
func NewHistory() *History { return &History{History: map[string][]float64{}} }

// OnTrainBegin keeps the epochs of earlier Fit calls, as Keras does when the
// same History is reused.
func (h *History) OnTrainBegin(*Logs) {
	if h.History == nil {
		h.History = map[string][]float64{}
	}
}

// OnEpochEnd appends the epoch's logs.
func (h *History) OnEpochEnd(epoch int, logs *Logs) {
	if h.History == nil {
		h.History = map[string][]float64{}
	}
	h.Epoch = append(h.Epoch, epoch)
	for i := 0; i < logs.Len(); i++ {
		k, v := logs.At(i)
		if _, seen := h.History[k]; !seen {
			h.keys = append(h.keys, k)
		}
		h.History[k] = append(h.History[k], v)
	}
}

// Keys returns the metric names in the order they first appeared.
func (h *History) Keys() []string { return h.keys }

// Last returns the most recent value of a metric.
func (h *History) Last(name string) (float64, bool) {
	v := h.History[name]
	if len(v) == 0 {
		return 0, false
	}
	return v[len(v)-1], true
}
