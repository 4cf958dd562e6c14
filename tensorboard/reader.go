package tensorboard

import (
	"fmt"
	"io"
	"os"
)

// FormatError reports a damaged or truncated event file: a record whose
// framing or CRCs are wrong, or whose Event cannot be decoded.
type FormatError struct {
	// Offset is the byte offset in the file of the record's start.
	Offset int64
	// Msg says what is wrong.
	Msg string
	// Truncated is set when the file ends inside the record: what a log
	// looks like while it is being written, or after a crash. [ReadDir]
	// stops quietly at such a tail, as TensorBoard does.
	Truncated bool
}

// Error implements error.
func (e *FormatError) Error() string {
	return fmt.Sprintf("tensorboard: record at byte %d: %s", e.Offset, e.Msg)
}

// ReadEvents reads every record of an event file, checks both masked
// CRC-32Cs of each, and decodes the Events. Unknown protocol-buffer fields
// are skipped. A damaged or truncated record gives a [*FormatError] naming
// its offset, together with the events read before it; an I/O error from r
// is returned as is. To read a long file without holding all its events,
// use a [Reader].
func ReadEvents(r io.Reader) ([]Event, error) {
	rd := NewReader(r)
	var events []Event
	for {
		e, err := rd.Next()
		if err == io.EOF {
			return events, nil
		}
		if err != nil {
			return events, err
		}
		events = append(events, e)
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
