package tensorboard

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// FormatError reports a damaged or truncated event file: a record whose
// framing or CRCs are wrong, or whose Event cannot be decoded.
type FormatError struct {
	// Offset is the byte offset in the file of the record's start.
	Offset int64
	// Msg says what is wrong.
	Msg string
}

// Error implements error.
func (e *FormatError) Error() string {
	return fmt.Sprintf("tensorboard: record at byte %d: %s", e.Offset, e.Msg)
}

// ReadEvents reads every record of an event file, checks both masked
// CRC-32Cs of each, and decodes the Events. Unknown protocol-buffer fields
// are skipped. A damaged or truncated record gives a [*FormatError] naming
// its offset, together with the events read before it; an I/O error from r
// is returned as is.
func ReadEvents(r io.Reader) ([]Event, error) {
	br := bufio.NewReader(r)
	var (
		events []Event
		off    int64
		header [headerLen]byte
		footer [footerLen]byte
	)
	for {
		n, err := io.ReadFull(br, header[:])
		if err == io.EOF {
			return events, nil
		}
		if err == io.ErrUnexpectedEOF {
			return events, &FormatError{off, fmt.Sprintf("truncated: %d of the %d header bytes", n, headerLen)}
		}
		if err != nil {
			return events, err
		}
		if got, want := binary.LittleEndian.Uint32(header[8:]), MaskedCRC(header[:8]); got != want {
			return events, &FormatError{off, fmt.Sprintf("length CRC mismatch (stored %#08x, computed %#08x)", got, want)}
		}
		size := binary.LittleEndian.Uint64(header[:8])
		if size > math.MaxInt64-headerLen-footerLen {
			return events, &FormatError{off, fmt.Sprintf("impossible record length %d", size)}
		}
		// Read through a limit rather than allocating size bytes up front,
		// so a length that is valid but larger than the file costs nothing.
		payload, err := io.ReadAll(io.LimitReader(br, int64(size)))
		if err != nil {
			return events, err
		}
		if uint64(len(payload)) < size {
			return events, &FormatError{off, fmt.Sprintf("truncated: %d of the %d payload bytes", len(payload), size)}
		}
		if n, err := io.ReadFull(br, footer[:]); err == io.EOF || err == io.ErrUnexpectedEOF {
			return events, &FormatError{off, fmt.Sprintf("truncated: %d of the %d payload CRC bytes", n, footerLen)}
		} else if err != nil {
			return events, err
		}
		if got, want := binary.LittleEndian.Uint32(footer[:]), MaskedCRC(payload); got != want {
			return events, &FormatError{off, fmt.Sprintf("payload CRC mismatch (stored %#08x, computed %#08x)", got, want)}
		}
		e, err := decodeEvent(payload)
		if err != nil {
			return events, &FormatError{off, err.Error()}
		}
		events = append(events, e)
		off += headerLen + int64(size) + footerLen
	}
}

// ReadFile reads the events of the event file at path (see [ReadEvents]);
// errors name the file.
func ReadFile(path string) ([]Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tensorboard: %w", err)
	}
	defer f.Close()
	events, err := ReadEvents(f)
	if err != nil {
		return events, fmt.Errorf("%s: %w", path, err)
	}
	return events, nil
}

// Scalar is one point of a scalar series.
type Scalar struct {
	Tag      string  // the series ("epoch_loss")
	Step     int64   // the x axis (for Keras's epoch summaries, the epoch)
	WallTime float64 // seconds since the Unix epoch
	Value    float64 // the value (a float32 for simple_value summaries)
}

// IsEventFile reports whether a file name is an event file's, as
// TensorBoard decides it: the name contains "tfevents".
func IsEventFile(name string) bool { return strings.Contains(name, "tfevents") }

// ReadDir reads the scalars of a log folder as TensorBoard sees it: every
// folder under dir (dir included) holding event files is a run, named by
// its path relative to dir with "/" separators ("." for dir itself,
// "train", "validation"). A run's scalars are those of its event files in
// name order (which is creation order), each file's in record order;
// simple_value and rank-0 float tensor summaries are included, other
// values are not.
func ReadDir(dir string) (map[string][]Scalar, error) {
	files := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && IsEventFile(d.Name()) {
			run, err := filepath.Rel(dir, filepath.Dir(path))
			if err != nil {
				return err
			}
			run = filepath.ToSlash(run)
			files[run] = append(files[run], path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tensorboard: %w", err)
	}
	runs := map[string][]Scalar{}
	for run, paths := range files {
		sort.Strings(paths)
		scalars := []Scalar{}
		for _, p := range paths {
			events, err := ReadFile(p)
			if err != nil {
				return nil, err
			}
			scalars = appendScalars(scalars, events)
		}
		runs[run] = scalars
	}
	return runs, nil
}

// Scalars returns the scalar values of events, in order.
func Scalars(events []Event) []Scalar { return appendScalars(nil, events) }

// appendScalars appends the scalar values of events to s.
func appendScalars(s []Scalar, events []Event) []Scalar {
	for _, e := range events {
		for _, v := range e.Values {
			if x, ok := v.Scalar(); ok {
				s = append(s, Scalar{Tag: v.Tag, Step: e.Step, WallTime: e.WallTime, Value: x})
			}
		}
	}
	return s
}
