package config

import (
	"fmt"
	"reflect"
	"sort"
	"sync"

	"github.com/neurite/neurite/activations"
)

// funcs maps registered activation functions, by the address of their
// code, to their names.
var funcs = struct {
	sync.RWMutex
	byCode map[uintptr]string
	byName map[string]activations.Func
}{byCode: map[uintptr]string{}, byName: map[string]activations.Func{}}

func init() {
	names := activations.Names()
	sort.Strings(names)
	for _, n := range names {
		f, _ := activations.Get(n)
		RegisterActivation(n, f)
	}
}

// RegisterActivation makes an activations.Func writable in configs under
// name: a field holding f is written as "name" and read back as f. The
// activations of package activations are registered under their Keras
// names. Functions are matched by their code, so a closure that captures
// variables cannot be told apart from another closure of the same
// literal: register only functions that capture nothing. If two names
// share one function (Keras's "swish" and "silu"), the first registered is
// written.
func RegisterActivation(name string, f activations.Func) {
	if name == "" || f == nil {
		panic("config: RegisterActivation needs a name and a function")
	}
	code := reflect.ValueOf(f).Pointer()
	funcs.Lock()
	defer funcs.Unlock()
	if _, ok := funcs.byCode[code]; !ok {
		funcs.byCode[code] = name
	}
	funcs.byName[name] = f
}

// activationName returns the registered name of f.
func activationName(f activations.Func) (string, error) {
	funcs.RLock()
	defer funcs.RUnlock()
	if name, ok := funcs.byCode[reflect.ValueOf(f).Pointer()]; ok {
		return name, nil
	}
	return "", fmt.Errorf("the activation function is not registered (use config.RegisterActivation, or an activation name)")
}

// activationByName returns the function registered under name.
func activationByName(name string) (activations.Func, error) {
	funcs.RLock()
	defer funcs.RUnlock()
	if f, ok := funcs.byName[name]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("unknown activation %q", name)
}
