package npy

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/neurite/neurite/tensor"
)

// magic starts every .npy file.
const magic = "\x93NUMPY"

// MaxRank is the most dimensions an array may have (numpy's limit).
const MaxRank = 64

// Limits bound what a read accepts.
type Limits struct {
	// MaxBytes is the largest array data, in bytes (0: 8 GiB).
	MaxBytes int64
	// MaxHeader is the largest header, in bytes (0: 64 KiB).
	MaxHeader int
}

// withDefaults fills zero limits.
func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 8 << 30
	}
	if l.MaxHeader <= 0 {
		l.MaxHeader = 64 << 10
	}
	return l
}

// chunk is the most a read allocates ahead of the data it has read.
const chunk = 1 << 20

// Read reads one .npy array from r into a tensor: float32 and float64
// arrays keep their dtype, the integer and bool arrays read as int64. It
// returns the header too. Nothing after the array is read.
func Read(r io.Reader, limits Limits) (*tensor.Tensor, *Header, error) {
	return read(r, limits.withDefaults())
}

// read is Read with the limits as given.
func read(r io.Reader, lim Limits) (*tensor.Tensor, *Header, error) {
	h, err := readHeader(r, lim)
	if err != nil {
		return nil, nil, fmt.Errorf("npy: %w", err)
	}
	n, nbytes, err := dataSize(h, lim)
	if err != nil {
		return nil, nil, fmt.Errorf("npy: %w", err)
	}
	data, err := readData(r, nbytes)
	if err != nil {
		return nil, nil, fmt.Errorf("npy: array data (%d bytes of %v %v): %w", nbytes, h.Kind, h.Shape, err)
	}
	t, err := decode(data, h, n)
	if err != nil {
		return nil, nil, fmt.Errorf("npy: %w", err)
	}
	return t, h, nil
}

// ReadFile reads the .npy file at path (see Read); data after the array
// is an error.
func ReadFile(path string, limits Limits) (*tensor.Tensor, *Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("npy: %w", err)
	}
	defer f.Close()
	t, h, err := Read(f, limits)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if n, _ := f.Read(make([]byte, 1)); n > 0 {
		return nil, nil, fmt.Errorf("npy: %s: data after the array", path)
	}
	return t, h, nil
}

// readHeader reads the magic, version and header dict.
func readHeader(r io.Reader, lim Limits) (*Header, error) {
	pre := make([]byte, 8)
	if _, err := io.ReadFull(r, pre); err != nil {
		return nil, fmt.Errorf("not a .npy file: %w", eofAsShort(err))
	}
	if string(pre[:6]) != magic {
		return nil, errors.New("not a .npy file: the magic string \\x93NUMPY is missing")
	}
	major, minor := pre[6], pre[7]
	var hlen int
	switch {
	case major == 1 && minor == 0:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("header length: %w", eofAsShort(err))
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case (major == 2 || major == 3) && minor == 0:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("header length: %w", eofAsShort(err))
		}
		hlen = int(binary.LittleEndian.Uint32(b[:]))
	default:
		return nil, fmt.Errorf("format version %d.%d is not supported (1.0, 2.0 and 3.0 are)", major, minor)
	}
	if hlen > lim.MaxHeader {
		return nil, fmt.Errorf("header of %d bytes is larger than the limit of %d", hlen, lim.MaxHeader)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, fmt.Errorf("header: %w", eofAsShort(err))
	}
	if major < 3 {
		for _, c := range hb {
			if c >= 0x80 {
				return nil, errors.New("header holds non-ASCII bytes")
			}
		}
	}
	return parseHeader(string(hb))
}

// eofAsShort turns an end of input into a message saying the file is
// truncated.
func eofAsShort(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file is truncated")
	}
	return err
}

// dataSize returns the element count and byte size of h's array, checked
// for overflow and against the limit.
func dataSize(h *Header, lim Limits) (int, int64, error) {
	n := int64(1)
	for _, d := range h.Shape {
		if d != 0 && n > lim.MaxBytes/int64(d) {
			return 0, 0, fmt.Errorf("shape %v is larger than the limit of %d bytes", h.Shape, lim.MaxBytes)
		}
		n *= int64(d)
	}
	if n > lim.MaxBytes/int64(h.Kind.Size()) {
		return 0, 0, fmt.Errorf("shape %v of %v is larger than the limit of %d bytes", h.Shape, h.Kind, lim.MaxBytes)
	}
	return int(n), n * int64(h.Kind.Size()), nil
}

// readData reads exactly n bytes, growing the buffer with the data read
// so that a header that lies about the size costs no memory.
func readData(r io.Reader, n int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(n, chunk)))
	got, err := io.Copy(&buf, io.LimitReader(r, n))
	if err != nil {
		return nil, err
	}
	if got != n {
		return nil, fmt.Errorf("the file is truncated: %d bytes of data", got)
	}
	return buf.Bytes(), nil
}

// decode converts the raw data to a tensor in C order.
func decode(data []byte, h *Header, n int) (*tensor.Tensor, error) {
	var order binary.ByteOrder = binary.LittleEndian
	if h.BigEndian {
		order = binary.BigEndian
	}
	shape := h.Shape
	if h.FortranOrder {
		shape = reversed(h.Shape)
	}
	t := tensor.New(h.Kind.DType(), shape...)
	sz := h.Kind.Size()
	switch h.Kind {
	case Float32:
		d := t.Float32s()
		for i := range n {
			d[i] = math.Float32frombits(order.Uint32(data[i*sz:]))
		}
	case Float64:
		d := t.Float64s()
		for i := range n {
			d[i] = math.Float64frombits(order.Uint64(data[i*sz:]))
		}
	case Int32:
		d := t.Int64s()
		for i := range n {
			d[i] = int64(int32(order.Uint32(data[i*sz:])))
		}
	case Int64:
		d := t.Int64s()
		for i := range n {
			d[i] = int64(order.Uint64(data[i*sz:]))
		}
	case Uint8, Bool:
		d := t.Int64s()
		for i := range n {
			if h.Kind == Bool && data[i] > 1 {
				return nil, fmt.Errorf("bool element %d holds %d, not 0 or 1", i, data[i])
			}
			d[i] = int64(data[i])
		}
	}
	if h.FortranOrder && len(shape) > 1 {
		return transposeAll(t), nil
	}
	return t, nil
}

// reversed returns s reversed.
func reversed(s []int) []int {
	out := make([]int, len(s))
	for i, d := range s {
		out[len(s)-1-i] = d
	}
	return out
}
