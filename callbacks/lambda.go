package callbacks

// LambdaCallback calls the functions it is given at the matching events, as
// Keras's LambdaCallback; a nil function is skipped. Keras's on_batch_begin
// and on_batch_end are the training batches here (BatchBegin, BatchEnd); the
// test and predict events have their own fields, as Keras accepts them
// through its keyword arguments.
type LambdaCallback struct {
	Base
	// TrainBegin is called when training begins (Keras's on_train_begin).
	TrainBegin func(logs *Logs)
	// TrainEnd is called when training ends.
	TrainEnd func(logs *Logs)
	// EpochBegin is called when an epoch (from 0) begins.
	EpochBegin func(epoch int, logs *Logs)
	// EpochEnd is called when an epoch ends, with its metrics.
	EpochEnd func(epoch int, logs *Logs)
	// BatchBegin is called before each training batch (from 0).
	BatchBegin func(batch int, logs *Logs)
	// BatchEnd is called after each training batch, with the running
	// metrics of the epoch.
	BatchEnd func(batch int, logs *Logs)

	// TestBegin is called when evaluation (or validation) begins.
	TestBegin func(logs *Logs)
	// TestEnd is called when evaluation ends, with its metrics.
	TestEnd func(logs *Logs)
	// TestBatchBegin is called before each evaluation batch.
	TestBatchBegin func(batch int, logs *Logs)
	// TestBatchEnd is called after each evaluation batch.
	TestBatchEnd func(batch int, logs *Logs)
	// PredictBegin is called when prediction begins.
	PredictBegin func(logs *Logs)
	// PredictEnd is called when prediction ends.
	PredictEnd func(logs *Logs)
	// PredictBatchBegin is called before each prediction batch.
	PredictBatchBegin func(batch int, logs *Logs)
	// PredictBatchEnd is called after each prediction batch.
	PredictBatchEnd func(batch int, logs *Logs)
}

// OnTrainBegin calls TrainBegin.
func (c *LambdaCallback) OnTrainBegin(logs *Logs) { call(c.TrainBegin, logs) }

// OnTrainEnd calls TrainEnd.
func (c *LambdaCallback) OnTrainEnd(logs *Logs) { call(c.TrainEnd, logs) }

// OnEpochBegin calls EpochBegin.
func (c *LambdaCallback) OnEpochBegin(epoch int, logs *Logs) { callN(c.EpochBegin, epoch, logs) }

// OnEpochEnd calls EpochEnd.
func (c *LambdaCallback) OnEpochEnd(epoch int, logs *Logs) { callN(c.EpochEnd, epoch, logs) }

// OnTrainBatchBegin calls BatchBegin.
func (c *LambdaCallback) OnTrainBatchBegin(batch int, logs *Logs) { callN(c.BatchBegin, batch, logs) }

// OnTrainBatchEnd calls BatchEnd.
func (c *LambdaCallback) OnTrainBatchEnd(batch int, logs *Logs) { callN(c.BatchEnd, batch, logs) }

// OnTestBegin calls TestBegin.
func (c *LambdaCallback) OnTestBegin(logs *Logs) { call(c.TestBegin, logs) }

// OnTestEnd calls TestEnd.
func (c *LambdaCallback) OnTestEnd(logs *Logs) { call(c.TestEnd, logs) }

// OnTestBatchBegin calls TestBatchBegin.
func (c *LambdaCallback) OnTestBatchBegin(batch int, logs *Logs) {
	callN(c.TestBatchBegin, batch, logs)
}

// OnTestBatchEnd calls TestBatchEnd.
func (c *LambdaCallback) OnTestBatchEnd(batch int, logs *Logs) { callN(c.TestBatchEnd, batch, logs) }

// OnPredictBegin calls PredictBegin.
func (c *LambdaCallback) OnPredictBegin(logs *Logs) { call(c.PredictBegin, logs) }

// OnPredictEnd calls PredictEnd.
func (c *LambdaCallback) OnPredictEnd(logs *Logs) { call(c.PredictEnd, logs) }

// OnPredictBatchBegin calls PredictBatchBegin.
func (c *LambdaCallback) OnPredictBatchBegin(batch int, logs *Logs) {
	callN(c.PredictBatchBegin, batch, logs)
}

// OnPredictBatchEnd calls PredictBatchEnd.
func (c *LambdaCallback) OnPredictBatchEnd(batch int, logs *Logs) {
	callN(c.PredictBatchEnd, batch, logs)
}

func call(f func(*Logs), logs *Logs) {
	if f != nil {
		f(logs)
	}
}

func callN(f func(int, *Logs), n int, logs *Logs) {
	if f != nil {
		f(n, logs)
	}
}
