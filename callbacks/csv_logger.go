package callbacks

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CSVLogger writes one row of metrics per epoch to a CSV file, as Keras's
// CSVLogger (tf_keras 2.16 semantics), so that its files read the same:
//
//   - The columns are "epoch" (from 0) and the keys of the first epoch's
//     logs, sorted; if none of them starts with "val_", a "val_" column is
//     added for each (Keras does so for validation that does not run every
//     epoch). A key missing from an epoch's logs is written "NA".
//   - Values are written as Python's str(float): "0.25", "1e-05", "nan".
//   - Lines end in "\r\n" and fields holding the separator, a quote or a
//     line break are quoted, as Python's csv module (excel dialect) does.
//   - Without Append the file is truncated when training begins; with
//     Append rows are added, and the header is written only if the file is
//     empty or missing.
//
// Each row is written and synced to disk at the end of its epoch, so a
// crash loses no finished epoch. The file is closed when training ends.
// As in Keras, the columns chosen in the first Fit are kept for later Fit
// calls of the same CSVLogger.
type CSVLogger struct {
	Base
	// Filename is the CSV file (required).
	Filename string
	// Separator is the one-character field delimiter (default ",").
	Separator string
	// Append adds to an existing file instead of overwriting it.
	Append bool

	f            *os.File
	keys         []string
	appendHeader bool
	headerDone   bool
	err          error
}

// separator returns the delimiter, checking it as Python's csv does.
func (c *CSVLogger) separator() (string, error) {
	sep := c.Separator
	if sep == "" {
		return ",", nil
	}
	if utf8.RuneCountInString(sep) != 1 || sep == `"` || sep == "\r" || sep == "\n" {
		return "", fmt.Errorf("callbacks: CSVLogger: Separator must be one character other than a quote or line break, got %q", sep)
	}
	return sep, nil
}

// OnTrainBegin opens the file.
func (c *CSVLogger) OnTrainBegin(*Logs) {
	c.err, c.headerDone = nil, false
	if c.f != nil { // a previous Fit ended without train end
		c.f.Close()
		c.f = nil
	}
	if c.Filename == "" {
		c.err = errors.New("callbacks: CSVLogger: Filename is empty")
		return
	}
	if _, err := c.separator(); err != nil {
		c.err = err
		return
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	c.appendHeader = true
	if c.Append {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		empty, err := firstLineEmpty(c.Filename)
		if err != nil {
			c.err = fmt.Errorf("callbacks: CSVLogger: %w", err)
			return
		}
		c.appendHeader = empty
	}
	f, err := os.OpenFile(c.Filename, flags, 0o666)
	if err != nil {
		c.err = fmt.Errorf("callbacks: CSVLogger: %w", err)
		return
	}
	c.f = f
}

// firstLineEmpty reports whether the file is missing or its first line is
// empty, which is Keras's test for writing the header in append mode (a
// file that starts with a bare newline has a first line "\n", not empty).
func firstLineEmpty(name string) (bool, error) {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = bufio.NewReader(f).ReadByte()
	if err == io.EOF {
		return true, nil
	}
	return false, err
}

// OnEpochEnd writes the epoch's row (and the header before the first).
func (c *CSVLogger) OnEpochEnd(epoch int, logs *Logs) {
	if c.err != nil || c.f == nil {
		return
	}
	sep, _ := c.separator()
	if c.keys == nil {
		c.keys = append([]string{}, logs.Keys()...)
		sort.Strings(c.keys)
		hasVal := false
		for _, k := range c.keys {
			if strings.HasPrefix(k, "val_") {
				hasVal = true
				break
			}
		}
		if !hasVal {
			for _, k := range c.keys[:len(c.keys):len(c.keys)] {
				c.keys = append(c.keys, "val_"+k)
			}
		}
	}
	var b strings.Builder
	if !c.headerDone && c.appendHeader {
		writeCSVRow(&b, sep, append([]string{"epoch"}, c.keys...))
	}
	row := make([]string, 0, len(c.keys)+1)
	row = append(row, strconv.Itoa(epoch))
	for _, k := range c.keys {
		if v, ok := logs.Get(k); ok {
			row = append(row, pyRepr(v))
		} else {
			row = append(row, "NA")
		}
	}
	writeCSVRow(&b, sep, row)
	if _, err := io.WriteString(c.f, b.String()); err != nil {
		c.fail(fmt.Errorf("callbacks: CSVLogger: writing epoch %d: %w", epoch+1, err))
		return
	}
	if err := c.f.Sync(); err != nil {
		c.fail(fmt.Errorf("callbacks: CSVLogger: syncing %s: %w", c.Filename, err))
		return
	}
	c.headerDone = true
}

// fail records err and closes the file.
func (c *CSVLogger) fail(err error) {
	c.err = err
	c.f.Close()
	c.f = nil
}

// writeCSVRow writes fields as Python's csv.writer with the excel dialect:
// minimal quoting, doubled quotes, "\r\n" line ends.
func writeCSVRow(b *strings.Builder, sep string, fields []string) {
	for i, f := range fields {
		if i > 0 {
			b.WriteString(sep)
		}
		if strings.Contains(f, sep) || strings.ContainsAny(f, "\"\r\n") {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
		} else {
			b.WriteString(f)
		}
	}
	b.WriteString("\r\n")
}

// OnTrainEnd closes the file.
func (c *CSVLogger) OnTrainEnd(*Logs) {
	if c.f == nil {
		return
	}
	if err := c.f.Close(); err != nil && c.err == nil {
		c.err = fmt.Errorf("callbacks: CSVLogger: closing %s: %w", c.Filename, err)
	}
	c.f = nil
}

// Err returns the first error: an invalid configuration or a file that
// could not be opened, written or closed.
func (c *CSVLogger) Err() error { return c.err }
