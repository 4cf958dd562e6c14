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
// terminating training" as Keras does.
type TerminateOnNaN struct {
	Base
	// Out receives the message (default os.Stdout).
	Out io.Writer
}

// OnTrainBatchEnd checks the loss.
func (t *TerminateOnNaN) OnTrainBatchEnd(batch int, logs *Logs) {
	loss, ok := logs.Get("loss")
	if ok && (math.IsNaN(loss) || math.IsInf(loss, 0)) {
		fmt.Fprintf(stdout(t.Out), "Batch %d: Invalid loss, terminating training\n", batch)
		t.Model.StopTraining()
	}
}
