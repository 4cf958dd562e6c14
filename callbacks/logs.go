package callbacks

// Logs holds named metric values in the order they were first set, as
// Keras's logs dict does ("loss", "mae", "val_loss", "val_mae"). The zero
// value is empty and ready to use.
type Logs struct {
	keys   []string
	values []float64
}

// Set stores v under name, keeping name's first position. On nil Logs it
// does nothing: a callback given no logs (Keras's logs=None) writes into
// logs no one reads.
func (l *Logs) Set(name string, v float64) {
	if l == nil {
		return
	}
	for i, k := range l.keys {
		if k == name {
			l.values[i] = v
			return
		}
	}
	l.keys = append(l.keys, name)
	l.values = append(l.values, v)
}

// Get returns the value stored under name.
func (l *Logs) Get(name string) (float64, bool) {
	if l == nil {
		return 0, false
	}
	for i, k := range l.keys {
		if k == name {
			return l.values[i], true
		}
	}
	return 0, false
}

// Keys returns the names in order. The slice must not be modified.
func (l *Logs) Keys() []string {
	if l == nil {
		return nil
	}
	return l.keys
}

// Len returns the number of values.
func (l *Logs) Len() int {
	if l == nil {
		return 0
	}
	return len(l.keys)
}

// At returns the i-th name and value.
func (l *Logs) At(i int) (string, float64) { return l.keys[i], l.values[i] }

// Reset empties the logs, keeping their memory; nil Logs stay nil.
func (l *Logs) Reset() {
	if l == nil {
		return
	}
	l.keys = l.keys[:0]
	l.values = l.values[:0]
}

// Clone returns an independent copy.
func (l *Logs) Clone() *Logs {
	if l == nil {
		return &Logs{}
	}
	return &Logs{keys: append([]string(nil), l.keys...), values: append([]float64(nil), l.values...)}
}
