package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/neurite/neurite/callbacks"
)

// checkPlotPath rejects, before any training is spent, a --plot file whose
// extension names no format History can draw or whose folder does not
// exist. An empty path (no --plot) is fine.
func checkPlotPath(path string, stderr io.Writer) error {
	if path == "" {
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".svg":
	default:
		fmt.Fprintf(stderr, "neurite train: --plot %q: the file must end in .png or .svg\n", path)
		return errUsage
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "neurite train: --plot %q: no folder %q to write it in\n", path, filepath.Dir(path))
		return errUsage
	}
	return nil
}

// savePlot draws the training history to path (--plot), if one was given.
func savePlot(path string, hist *callbacks.History) error {
	if path == "" {
		return nil
	}
	return hist.SavePlot(path)
}
