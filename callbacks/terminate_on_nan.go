package callbacks

import (
	"fmt"
	"io"
	"math"
)

// TerminateOnNaN stops training as soon as the loss of a batch is NaN or
// infinite, as Keras's TerminateOnNaN: it asks the model to stop, and Fit
// ends the epoch after that batch (still running validation and the
// epoch-end callbacks, as Keras does). It prints "Batch N: Invalid loss,
// terminating training" as Keras does. Without a model to stop (SetModel
// not called), an invalid loss is an error reported by Err.
type TerminateOnNaN struct {
	Base
	// Out receives the message (default os.Stdout).
	Out io.Writer

	err error
}

// OnTrainBegin clears the error of an earlier training.
func (t *TerminateOnNaN) OnTrainBegin(*Logs) { t.err = nil }

// OnTrainBatchEnd checks the loss.
func (t *TerminateOnNaN) OnTrainBatchEnd(batch int, logs *Logs) {
	loss, ok := logs.Get("loss")
	if t.err != nil || !ok || !(math.IsNaN(loss) || math.IsInf(loss, 0)) {
		return
	}
	fmt.Fprintf(stdout(t.Out), "Batch %d: Invalid loss, terminating training\n", batch)
	if t.Model == nil {
		t.err = errNoModel("TerminateOnNaN")
		return
	}
	t.Model.StopTraining()
}

// Err returns the first error: an invalid loss with no model to stop.
func (t *TerminateOnNaN) Err() error { return t.err }
