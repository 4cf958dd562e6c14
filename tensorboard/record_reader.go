package tensorboard

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// Reader reads an event file record by record, holding one record in
// memory at a time: its buffer grows to the largest record read and is
// reused, so reading a long log costs memory in the size of its largest
// record, not of the file.
type Reader struct {
	br  *bufio.Reader
	off int64  // offset of the next record
	buf []byte // the last payload
}

// NewReader returns a Reader of the event file r.
func NewReader(r io.Reader) *Reader { return &Reader{br: bufio.NewReaderSize(r, 64<<10)} }

// Offset returns the byte offset of the next record, which after an error
// is that of the record that failed.
func (r *Reader) Offset() int64 { return r.off }

// Next reads and decodes the next record. At the clean end of the file it
// returns io.EOF; a damaged record gives a [*FormatError] naming its offset
// (with Truncated set when the file ends inside it); an I/O error from the
// underlying reader is returned as is.
func (r *Reader) Next() (Event, error) {
	payload, err := r.NextRecord()
	if err != nil {
		return Event{}, err
	}
	e, err := decodeEvent(payload)
	if err != nil {
		return e, &FormatError{Offset: r.off - recordLen(payload), Msg: err.Error()}
	}
	return e, nil
}

// NextRecord reads the next record and returns its payload after checking
// both CRCs. The payload is valid until the next call. Errors are those of
// [Reader.Next].
func (r *Reader) NextRecord() ([]byte, error) {
	var header [headerLen]byte
	n, err := io.ReadFull(r.br, header[:])
	if err == io.EOF {
		return nil, io.EOF
	}
	if err == io.ErrUnexpectedEOF {
		return nil, r.truncated(fmt.Sprintf("truncated: %d of the %d header bytes", n, headerLen))
	}
	if err != nil {
		return nil, err
	}
	if got, want := binary.LittleEndian.Uint32(header[8:]), MaskedCRC(header[:8]); got != want {
		return nil, &FormatError{Offset: r.off, Msg: fmt.Sprintf("length CRC mismatch (stored %#08x, computed %#08x)", got, want)}
	}
	size := binary.LittleEndian.Uint64(header[:8])
	if size > math.MaxInt64-headerLen-footerLen || size > math.MaxInt {
		return nil, &FormatError{Offset: r.off, Msg: fmt.Sprintf("impossible record length %d", size)}
	}
	if err := r.readPayload(int(size)); err != nil {
		return nil, err
	}
	var footer [footerLen]byte
	if n, err := io.ReadFull(r.br, footer[:]); err == io.EOF || err == io.ErrUnexpectedEOF {
		return nil, r.truncated(fmt.Sprintf("truncated: %d of the %d payload CRC bytes", n, footerLen))
	} else if err != nil {
		return nil, err
	}
	if got, want := binary.LittleEndian.Uint32(footer[:]), MaskedCRC(r.buf); got != want {
		return nil, &FormatError{Offset: r.off, Msg: fmt.Sprintf("payload CRC mismatch (stored %#08x, computed %#08x)", got, want)}
	}
	r.off += recordLen(r.buf)
	return r.buf, nil
}

// readPayload reads size bytes into r.buf. The buffer grows with the bytes
// actually read, not with the length the record claims, so a length that
// is valid but larger than the file costs nothing.
func (r *Reader) readPayload(size int) error {
	r.buf = r.buf[:0]
	for len(r.buf) < size {
		if len(r.buf) == cap(r.buf) {
			grow := min(size-len(r.buf), max(cap(r.buf), 4096))
			nb := make([]byte, len(r.buf), len(r.buf)+grow)
			copy(nb, r.buf)
			r.buf = nb
		}
		end := min(size, cap(r.buf))
		n, err := io.ReadFull(r.br, r.buf[len(r.buf):end])
		r.buf = r.buf[:len(r.buf)+n]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return r.truncated(fmt.Sprintf("truncated: %d of the %d payload bytes", len(r.buf), size))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// truncated returns the FormatError of a file that ends inside the record
// at r.off.
func (r *Reader) truncated(msg string) *FormatError {
	return &FormatError{Offset: r.off, Msg: msg, Truncated: true}
}

// recordLen returns the framed size of a record with payload p.
func recordLen(p []byte) int64 { return headerLen + int64(len(p)) + footerLen }
