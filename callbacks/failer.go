package callbacks

// Failer is implemented by callbacks whose work can fail: writing a file,
// restoring weights, changing the learning rate, or a configuration that
// is not valid. Callback methods return nothing, so such a callback records
// its first error and reports it through Err; from then on it does no more
// work. models.Sequential's Fit checks Err after the train-begin and every
// epoch-end event, stops training on an error (still sending train end, so
// that files get closed) and returns it.
type Failer interface {
	// Err returns the first error the callback met, or nil.
	Err() error
}
