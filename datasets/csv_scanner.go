package datasets

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"
)

// csvMaxFieldBytes bounds the length of a kept field (a number, with its
// spaces): no number needs more, and the bound keeps a hostile input from
// growing the field buffer without limit.
const csvMaxFieldBytes = 1 << 16

// csvEnd is what ended a field.
type csvEnd int

const (
	csvEndComma csvEnd = iota // a comma: the record goes on
	csvEndLine                // a line break: the record ends
	csvEndEOF                 // the end of the input: the record ends
)

// csvScanner splits comma-separated input into fields, one at a time,
// with encoding/csv's rules for a Reader with TrimLeadingSpace set and
// LazyQuotes unset: "\r\n" reads as "\n" and a final "\r" is dropped,
// leading white space of a field is skipped, a field that then starts
// with a quote is quoted (a doubled quote inside stands for one, line
// breaks are kept, and the closing quote must be followed by a comma, a
// line break or the end), and a quote elsewhere is an error. Unlike
// encoding/csv it keeps only the current field, so memory does not grow
// with the record.
type csvScanner struct {
	br        *bufio.Reader
	line, col int    // position of the next byte, from 1
	field     []byte // the current field's text, when kept
}

// csvSyntaxError is a malformed field at a position.
type csvSyntaxError struct {
	line, col int
	msg       string
}

// Error formats the position and the problem.
func (e *csvSyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.line, e.col, e.msg)
}

// newCSVScanner reads from r.
func newCSVScanner(r io.Reader) *csvScanner {
	return &csvScanner{br: bufio.NewReaderSize(r, 64<<10), line: 1, col: 1}
}

// next returns the next byte, reading "\r\n" as '\n' and dropping a '\r'
// that ends the input, and advances the position.
func (s *csvScanner) next() (byte, error) {
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	if c == '\r' {
		p, err := s.br.Peek(1)
		switch {
		case len(p) == 1 && p[0] == '\n':
			s.br.ReadByte()
			c = '\n'
		case errors.Is(err, io.EOF):
			return 0, io.EOF
		case err != nil:
			return 0, err
		}
	}
	if c == '\n' {
		s.line, s.col = s.line+1, 1
	} else {
		s.col++
	}
	return c, nil
}

// atLineEnd reports whether p (peeked bytes) starts with a line end as
// next reads it: '\n', "\r\n", or a '\r' that ends the input.
func atLineEnd(p []byte) bool {
	return len(p) > 0 && (p[0] == '\n' || p[0] == '\r' && (len(p) == 1 || p[1] == '\n'))
}

// skipSpace skips the white space (unicode.IsSpace) that starts a field,
// stopping before a line end.
func (s *csvScanner) skipSpace() {
	for {
		p, _ := s.br.Peek(utf8.UTFMax)
		if len(p) == 0 || atLineEnd(p) {
			return
		}
		r, size := utf8.DecodeRune(p)
		if !unicode.IsSpace(r) {
			return
		}
		s.br.Discard(size)
		s.col += size
	}
}

// skipBlankLines skips empty lines before a record, as encoding/csv
// does; it reports whether the input has ended.
func (s *csvScanner) skipBlankLines() (bool, error) {
	for {
		p, err := s.br.Peek(2)
		if len(p) == 0 {
			if errors.Is(err, io.EOF) {
				return true, nil
			}
			return false, err
		}
		if !atLineEnd(p) {
			return false, nil
		}
		if _, err := s.next(); errors.Is(err, io.EOF) {
			return true, nil
		} else if err != nil {
			return false, err
		}
	}
}

// keep appends c to the field when it is kept.
func (s *csvScanner) keep(keep bool, c byte, line, col int) error {
	if !keep {
		return nil
	}
	if len(s.field) >= csvMaxFieldBytes {
		return &csvSyntaxError{line, col, fmt.Sprintf("field longer than %d bytes", csvMaxFieldBytes)}
	}
	s.field = append(s.field, c)
	return nil
}

// readField reads the next field, into s.field if keep is set, and
// returns what ended it and where the field started (after its leading
// space).
func (s *csvScanner) readField(keep bool) (end csvEnd, line, col int, err error) {
	s.field = s.field[:0]
	s.skipSpace()
	line, col = s.line, s.col
	c, err := s.next()
	if errors.Is(err, io.EOF) {
		return csvEndEOF, line, col, nil
	}
	if err != nil {
		return 0, line, col, err
	}
	if c == '"' {
		end, err = s.quoted(keep, line, col)
	} else {
		end, err = s.unquoted(keep, c)
	}
	return end, line, col, err
}

// unquoted reads the rest of a field that starts with c.
func (s *csvScanner) unquoted(keep bool, c byte) (csvEnd, error) {
	for {
		switch c {
		case ',':
			return csvEndComma, nil
		case '\n':
			return csvEndLine, nil
		case '"':
			return 0, &csvSyntaxError{s.line, s.col - 1, `bare " in a field that does not start with a quote`}
		}
		if err := s.keep(keep, c, s.line, s.col-1); err != nil {
			return 0, err
		}
		var err error
		if c, err = s.next(); errors.Is(err, io.EOF) {
			return csvEndEOF, nil
		} else if err != nil {
			return 0, err
		}
	}
}

// quoted reads the rest of a quoted field that started at line, col.
func (s *csvScanner) quoted(keep bool, line, col int) (csvEnd, error) {
	for {
		c, err := s.next()
		if errors.Is(err, io.EOF) {
			return 0, &csvSyntaxError{line, col, "quoted field has no closing quote"}
		}
		if err != nil {
			return 0, err
		}
		if c == '"' {
			c, err = s.next()
			switch {
			case errors.Is(err, io.EOF):
				return csvEndEOF, nil
			case err != nil:
				return 0, err
			case c == ',':
				return csvEndComma, nil
			case c == '\n':
				return csvEndLine, nil
			case c != '"':
				return 0, &csvSyntaxError{s.line, s.col - 1, `extraneous " in a quoted field (write "" for a quote)`}
			}
		}
		if err := s.keep(keep, c, s.line, s.col-1); err != nil {
			return 0, err
		}
	}
}
