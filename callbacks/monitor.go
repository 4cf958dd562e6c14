package callbacks

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// defaultMonitor is the metric EarlyStopping, ModelCheckpoint and
// ReduceLROnPlateau watch by default, as in Keras.
const defaultMonitor = "val_loss"

// monitorOr returns the monitored key, or Keras's default "val_loss".
func monitorOr(m string) string {
	if m == "" {
		return defaultMonitor
	}
	return m
}

// resolveMode reports whether larger values of the monitored quantity are
// better: Mode "max" or "min", or for "auto" (and "") what autoMax says of
// the monitor's name. Keras falls back to "auto" with a warning on an
// unknown mode; Neurite reports an error instead, since a typo would
// otherwise silently pick a direction.
func resolveMode(callback, mode, monitor string, autoMax func(string) bool) (bool, error) {
	switch mode {
	case "max":
		return true, nil
	case "min":
		return false, nil
	case "", "auto":
		return autoMax(monitor), nil
	}
	return false, fmt.Errorf("callbacks: %s: Mode must be \"auto\", \"min\" or \"max\", got %q", callback, mode)
}

// availableKeys lists the keys of logs for warnings, as Keras does.
func availableKeys(logs *Logs) string { return strings.Join(logs.Keys(), ",") }

// warnOnce appends msg to warns and, unless msg is already there, writes
// it to w (os.Stderr when nil) the way Python shows a warning:
// "UserWarning: msg". Keras 3 warns with warnings.warn, which shows a
// repeated warning once; callbacks clear warns when training begins, so
// each warning is shown once per training run.
func warnOnce(w io.Writer, warns []string, msg string) []string {
	if !slices.Contains(warns, msg) {
		if w == nil {
			w = os.Stderr
		}
		fmt.Fprintf(w, "UserWarning: %s\n", msg)
	}
	return append(warns, msg)
}

// stdout returns w, or os.Stdout when w is nil.
func stdout(w io.Writer) io.Writer {
	if w == nil {
		return os.Stdout
	}
	return w
}
