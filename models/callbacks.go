package models

import (
	"fmt"
	"io"
	"reflect"

	"github.com/neurite/neurite/callbacks"
)

// callbackList fans events out to the model's callbacks.
type callbackList []callbacks.Callback

// newCallbackList puts the progress bar (unless silent) before the user's
// callbacks and the extra ones (Fit's History) after them, in Keras's
// order, so that History records what callbacks add to the logs (the "lr"
// of ReduceLROnPlateau); it gives every callback the model and params.
func (m *Model) newCallbackList(user []callbacks.Callback, verbose int, out io.Writer, p callbacks.Params, extra ...callbacks.Callback) callbackList {
	var l callbackList
	if verbose > 0 {
		l = append(l, &callbacks.ProgbarLogger{Verbose: verbose, Out: out})
	}
	l = append(l, user...)
	l = append(l, extra...)
	p.Verbose = verbose
	for _, c := range l {
		c.SetModel(m)
		c.SetParams(p)
	}
	return l
}

// checkCallbacks rejects nil callbacks, typed nil included.
func checkCallbacks(cbs []callbacks.Callback, fn string) error {
	for i, c := range cbs {
		if c == nil || reflect.ValueOf(c).Kind() == reflect.Pointer && reflect.ValueOf(c).IsNil() {
			return fmt.Errorf("models: %s: callback %d is nil", fn, i)
		}
	}
	return nil
}

func (l callbackList) trainBegin(logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTrainBegin(logs)
	}
}

func (l callbackList) trainEnd(logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTrainEnd(logs)
	}
}

func (l callbackList) epochBegin(e int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnEpochBegin(e, logs)
	}
}

func (l callbackList) epochEnd(e int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnEpochEnd(e, logs)
	}
}

func (l callbackList) trainBatchBegin(b int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTrainBatchBegin(b, logs)
	}
}

func (l callbackList) trainBatchEnd(b int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTrainBatchEnd(b, logs)
	}
}

func (l callbackList) testBegin(logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTestBegin(logs)
	}
}

func (l callbackList) testEnd(logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTestEnd(logs)
	}
}

func (l callbackList) testBatchBegin(b int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTestBatchBegin(b, logs)
	}
}

func (l callbackList) testBatchEnd(b int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnTestBatchEnd(b, logs)
	}
}

func (l callbackList) predictBegin(logs *callbacks.Logs) {
	for _, c := range l {
		c.OnPredictBegin(logs)
	}
}

func (l callbackList) predictEnd(logs *callbacks.Logs) {
	for _, c := range l {
		c.OnPredictEnd(logs)
	}
}

func (l callbackList) predictBatchBegin(b int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnPredictBatchBegin(b, logs)
	}
}

func (l callbackList) predictBatchEnd(b int, logs *callbacks.Logs) {
	for _, c := range l {
		c.OnPredictBatchEnd(b, logs)
	}
}

// err returns the first error a callback reports through
// callbacks.Failer.
func (l callbackList) err() error {
	for _, c := range l {
		if f, ok := c.(callbacks.Failer); ok {
			if err := f.Err(); err != nil {
				return fmt.Errorf("models: Fit: %w", err)
			}
		}
	}
	return nil
}
