package saving

import (
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"math"

	"github.com/neurite/neurite/tensor"
)

// readChunk is how many bytes of tensor data are read and decoded at a time.
const readChunk = 64 << 10

// growFrom is the first buffer size, in bytes, of a tensor read from a
// stream of unknown size; the buffer doubles as data arrives.
const growFrom = 1 << 20

// remaining returns how many bytes r has left to read, or -1 if r does not
// tell.
func remaining(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }: // *bytes.Reader, *strings.Reader, *bytes.Buffer
		return int64(v.Len())
	case interface {
		Stat() (fs.FileInfo, error)
		io.Seeker
	}: // *os.File
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		at, err := v.Seek(0, io.SeekCurrent)
		if err != nil || at > fi.Size() {
			return -1
		}
		return fi.Size() - at
	case *io.SectionReader:
		at, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return v.Size() - at
	}
	return -1
}

// readTensor reads e's elements from r into a new tensor. With sized set
// the input is known to hold them, so the buffer is allocated once at its
// final size; otherwise it grows as data arrives.
func readTensor(r io.Reader, e entry, sized bool, scratch []byte) (*tensor.Tensor, error) {
	n := int(e.end-e.begin) / e.dtype.Size()
	switch e.dtype {
	case tensor.Float32:
		d, err := readElems(r, n, sized, scratch, func(b []byte) float32 {
			return math.Float32frombits(binary.LittleEndian.Uint32(b))
		})
		return shaped(d, e.shape), err
	case tensor.Float64:
		d, err := readElems(r, n, sized, scratch, func(b []byte) float64 {
			return math.Float64frombits(binary.LittleEndian.Uint64(b))
		})
		return shaped(d, e.shape), err
	default:
		d, err := readElems(r, n, sized, scratch, func(b []byte) int64 {
			return int64(binary.LittleEndian.Uint64(b))
		})
		return shaped(d, e.shape), err
	}
}

// readElems reads n little-endian elements of T, decoding each with dec,
// through scratch.
func readElems[T tensor.Number](r io.Reader, n int, sized bool, scratch []byte, dec func([]byte) T) ([]T, error) {
	size := tensor.DTypeOf[T]().Size()
	start := n
	if !sized {
		start = min(n, growFrom/size)
	}
	d := make([]T, 0, start)
	for len(d) < n {
		if len(d) == cap(d) {
			nd := make([]T, len(d), min(n, 2*cap(d)))
			copy(nd, d)
			d = nd
		}
		k := min(n-len(d), cap(d)-len(d), len(scratch)/size)
		b := scratch[:k*size]
		if got, err := io.ReadFull(r, b); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil, fmt.Errorf("truncated: got %d of its %d bytes", len(d)*size+got, n*size)
			}
			return nil, err
		}
		for i := range k {
			d = append(d, dec(b[i*size:]))
		}
	}
	return d, nil
}

// shaped wraps data in a tensor of the given shape (rank 0 for a scalar).
func shaped[T tensor.Number](data []T, shape []int) *tensor.Tensor {
	if data == nil {
		return nil
	}
	if len(shape) == 0 {
		return tensor.Scalar(data[0])
	}
	return tensor.FromSlice(data, shape...)
}
