//go:build !windows

package distribute

import "github.com/ebitengine/purego"

// openLibrary opens a shared library with RTLD_NOW|RTLD_GLOBAL: Open
// MPI's plugins, which it opens in turn, resolve their symbols against
// it.
func openLibrary(name string) (uintptr, error) {
	return purego.Dlopen(name, purego.RTLD_NOW|purego.RTLD_GLOBAL)
}

// librarySymbol returns the address of symbol name in the library h.
func librarySymbol(h uintptr, name string) (uintptr, error) {
	return purego.Dlsym(h, name)
}
