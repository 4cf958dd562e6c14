package graph

import (
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// buildError is a graph's first error: the op or node that could not be
// built and the line of the caller's code that asked for it. It is made
// only when building fails, so the success path pays nothing for it.
type buildError struct {
	msg string
	err error // the cause, for errors.Is and errors.As
}

func (e *buildError) Error() string { return e.msg }
func (e *buildError) Unwrap() error { return e.err }

// fail records err as the graph's error unless it already has one. name is
// the node being built and typ its op type; the message names both and the
// first caller outside this package (see [located]).
func (g *Graph) fail(name, typ string, err error) {
	if g.err != nil {
		return
	}
	g.err = &buildError{msg: "graph: " + located(name, typ, creationSite(), err.Error()), err: err}
}

// located prefixes msg with the node and the place in the caller's code
// that built it:
//
//	MatMul (created at main.go:42): msg
//	dense/MatMul (MatMul, created at main.go:42): msg
//
// An empty name stands for typ. With neither, the place goes last:
// "msg (at l1l2.go:70)". An empty site leaves the place out.
func located(name, typ, site, msg string) string {
	switch {
	case typ == "" && site == "":
		return msg
	case typ == "":
		return msg + " (at " + site + ")"
	case (name == "" || name == typ) && site == "":
		return typ + ": " + msg
	case name == "" || name == typ:
		return typ + " (created at " + site + "): " + msg
	case site == "":
		return name + " (" + typ + "): " + msg
	default:
		return name + " (" + typ + ", created at " + site + "): " + msg
	}
}

// creationSite returns "file.go:line" for the first caller outside this
// package and outside the rest of Neurite's library — the user code that
// built the failing node, directly or through a layer, a loss or a model —
// or "" if there is none (see [outside]).
func creationSite() string {
	var pcs [64]uintptr
	n := runtime.Callers(1, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	prefix, module := "", ""
	for {
		f, more := frames.Next()
		switch {
		case prefix == "":
			prefix = packagePrefix(f.Function) // this function's own frame
			module = modulePrefix(prefix)
		case outside(f.Function, f.File, prefix, module):
			return filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return ""
		}
	}
}

// outside reports whether a frame belongs to the user's code: not this
// package, not the runtime or the testing package (which run this
// package's own tests), and not another package of Neurite's library
// (whose test files count as user code).
func outside(function, file, prefix, module string) bool {
	switch {
	case function == "" || strings.HasPrefix(function, prefix) ||
		strings.HasPrefix(function, "runtime.") || strings.HasPrefix(function, "testing."):
		return false
	case module != "" && strings.HasPrefix(function, module) && !strings.HasSuffix(file, "_test.go"):
		return false
	}
	return true
}

// modulePrefix returns the module path of a package prefix with a
// trailing slash: "github.com/neurite/neurite/" for
// "github.com/neurite/neurite/graph.".
func modulePrefix(pkg string) string {
	pkg = strings.TrimSuffix(pkg, ".")
	if i := strings.LastIndexByte(pkg, '/'); i > 0 {
		return pkg[:i+1]
	}
	return ""
}

// packagePrefix returns the package path of a qualified function name with
// a trailing dot: "example.com/m/graph." for
// "example.com/m/graph.(*Graph).AddNode".
func packagePrefix(function string) string {
	slash := strings.LastIndexByte(function, '/') + 1
	dot := strings.IndexByte(function[slash:], '.')
	if dot < 0 {
		return function + "."
	}
	return function[:slash+dot+1]
}

// earlierError is what Run returns once the graph has an error: it says
// that the error comes from building the graph, not from this run.
type earlierError struct{ err error }

func (e earlierError) Error() string {
	return "graph: Run: the graph has an earlier error, so none of its nodes can run: " +
		strings.TrimPrefix(e.err.Error(), "graph: ")
}

func (e earlierError) Unwrap() error { return e.err }
