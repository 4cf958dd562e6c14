package distribute

import "errors"

// errNoDlopen is why Open MPI cannot be loaded on Windows.
var errNoDlopen = errors.New("loading Open MPI at run time is supported on Linux and other Unix systems, not on Windows")

// openLibrary fails on Windows: package distribute loads Open MPI with
// dlopen, which Windows does not have.
func openLibrary(name string) (uintptr, error) { return 0, errNoDlopen }

// librarySymbol fails on Windows (see openLibrary).
func librarySymbol(h uintptr, name string) (uintptr, error) { return 0, errNoDlopen }
