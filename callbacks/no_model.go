package callbacks

import "fmt"

// errNoModel is the error of a callback that needs the model (to read or
// set weights, the learning rate, or to stop training) but was never given
// one: Fit calls SetModel before the first event, so this happens only when
// a callback is driven by hand. Keras fails the same way (self.model is
// unset), with an AttributeError.
func errNoModel(callback string) error {
	return fmt.Errorf("callbacks: %s: no model (SetModel was not called with a model)", callback)
}
