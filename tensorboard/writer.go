package tensorboard

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// fileCounter makes the names of files opened in the same second by the
// same process distinct, as TensorFlow 2's global uid does.
var fileCounter atomic.Uint64

// Writer appends events to a new event file. Its methods are not safe for
// concurrent use. The first error sticks: once a write fails, every later
// call returns that error.
type Writer struct {
	f    *os.File
	w    *bufio.Writer
	path string
	buf  []byte
	err  error
}

// errClosed is returned by writes after Close.
var errClosed = errors.New("tensorboard: writer is closed")

// NewWriter creates dir (and its parents) if needed and a new event file
// in it named as TensorFlow 2 names them,
//
//	events.out.tfevents.<unix seconds>.<hostname>.<pid>.<counter>.v2
//
// and writes the file-version event ("brain.Event:2") as its first record.
// It never opens an existing file.
func NewWriter(dir string) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("tensorboard: %w", err)
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	now := time.Now()
	name := fmt.Sprintf("events.out.tfevents.%d.%s.%d.%d.v2", now.Unix(), host, os.Getpid(), fileCounter.Add(1))
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("tensorboard: %w", err)
	}
	w := &Writer{f: f, w: bufio.NewWriter(f), path: path}
	if err := w.WriteEvent(&Event{WallTime: wallTime(now), FileVersion: FileVersion}); err != nil {
		f.Close()
		return nil, err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Path returns the path of the event file.
func (w *Writer) Path() string { return w.path }

// WriteEvent appends one event as a record. Values with a Simple value are
// written as simple_value, with a Tensor value as a rank-0 DT_DOUBLE
// tensor, and with a Histogram as histo.
func (w *Writer) WriteEvent(e *Event) error {
	if w.err != nil {
		return w.err
	}
	w.buf = appendEvent(w.buf[:0], e)
	rec := AppendRecord(nil, w.buf)
	if _, err := w.w.Write(rec); err != nil {
		w.err = fmt.Errorf("tensorboard: writing %s: %w", w.path, err)
	}
	return w.err
}

// AddScalar writes a scalar summary: value under tag at step, as a
// simple_value (so it is rounded to float32), the form TensorBoard's
// Scalars tab reads. A zero wallTime means now.
func (w *Writer) AddScalar(tag string, step int64, value float64, wallTime time.Time) error {
	return w.WriteEvent(&Event{WallTime: wallTimeOrNow(wallTime), Step: step,
		Values: []Value{{Tag: tag, Simple: f32(float32(value))}}})
}

// AddHistogram writes a histogram summary of values (see [NewHistogram]
// for the buckets) under tag at step. A zero wallTime means now. Values
// must be finite.
func (w *Writer) AddHistogram(tag string, step int64, values []float64, wallTime time.Time) error {
	if w.err != nil {
		return w.err
	}
	h, err := NewHistogram(values)
	if err != nil {
		return fmt.Errorf("%w (tag %q)", err, tag)
	}
	return w.WriteEvent(&Event{WallTime: wallTimeOrNow(wallTime), Step: step,
		Values: []Value{{Tag: tag, Histogram: h}}})
}

// Flush writes buffered records to the file, so that TensorBoard sees
// them.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		w.err = fmt.Errorf("tensorboard: writing %s: %w", w.path, err)
	}
	return w.err
}

// Close flushes and closes the file. Later calls return an error.
func (w *Writer) Close() error {
	if w.f == nil {
		return errClosed
	}
	err := w.Flush()
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("tensorboard: closing %s: %w", w.path, cerr)
	}
	w.f = nil
	if w.err == nil {
		w.err = errClosed
	}
	return err
}

// wallTime converts t to seconds since the Unix epoch.
func wallTime(t time.Time) float64 { return float64(t.Unix()) + float64(t.Nanosecond())/1e9 }

// wallTimeOrNow is wallTime, with the zero time meaning now.
func wallTimeOrNow(t time.Time) float64 {
	if t.IsZero() {
		t = time.Now()
	}
	return wallTime(t)
}
