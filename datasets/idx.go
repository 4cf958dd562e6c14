package datasets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// IDX limits. The largest MNIST-family file (train images) is 47 MB.
const (
	idxMaxDims  = 8         // more dimensions than any real IDX file uses
	idxMaxBytes = 1<<31 - 1 // cap on the data size a header may announce (fits an int everywhere)
	idxChunk    = 1 << 20   // first allocation; grown only as data arrives
	idxTypeU8   = 0x08      // the only IDX element type supported
)

// ReadIDX reads an uncompressed IDX file, the format of the MNIST family
// (http://yann.lecun.com/exdb/mnist/): a big-endian uint32 magic number
// 0x0000TTNN, where TT is the element type and NN the number of dimensions,
// then NN big-endian uint32 dimension sizes, then the elements in row-major
// order. It returns the dimensions and the raw data, whose length is their
// product. Wrap r in gzip.NewReader for the usual *.gz files.
//
// Only unsigned bytes (type 0x08) are supported. ReadIDX returns an error,
// without panicking or allocating for sizes the input does not back, if the
// magic number is wrong, the element type is not 0x08, there are no or more
// than 8 dimensions, the announced data exceeds 2 GiB − 1 byte, the input ends early
// (a truncated file), or bytes follow the data.
func ReadIDX(r io.Reader) (dims []int, data []byte, err error) {
	if r == nil {
		return nil, nil, errors.New("datasets: IDX: nil reader")
	}
	dims, data, err = readIDX(r)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: IDX: %w", err)
	}
	return dims, data, nil
}

// readIDX is ReadIDX with errors that do not name the format, for callers
// that add the file name.
func readIDX(r io.Reader) (dims []int, data []byte, err error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, nil, fmt.Errorf("reading the magic number: %w", idxEOF(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, nil, fmt.Errorf("bad magic number 0x%08x (the first two bytes must be zero)",
			binary.BigEndian.Uint32(magic[:]))
	}
	if magic[2] != idxTypeU8 {
		return nil, nil, fmt.Errorf("element type 0x%02x is not supported (only 0x08, unsigned byte)", magic[2])
	}
	nd := int(magic[3])
	if nd == 0 || nd > idxMaxDims {
		return nil, nil, fmt.Errorf("%d dimensions, want 1 to %d", nd, idxMaxDims)
	}
	hdr := make([]byte, 4*nd)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, nil, fmt.Errorf("reading %d dimension sizes: %w", nd, idxEOF(err))
	}
	dims = make([]int, nd)
	total := uint64(1) // stays ≤ idxMaxBytes; with d ≤ idxMaxBytes, total*d cannot overflow
	for i := range dims {
		d := uint64(binary.BigEndian.Uint32(hdr[4*i:]))
		if d > idxMaxBytes || total*d > idxMaxBytes {
			return nil, nil, fmt.Errorf("dimensions %v hold more than %d bytes", idxDimsPrefix(hdr, nd), idxMaxBytes)
		}
		dims[i] = int(d) // d ≤ idxMaxBytes fits an int everywhere
		total *= d
	}
	data, err = idxReadData(r, int(total))
	if err != nil {
		return nil, nil, fmt.Errorf("dimensions %v: %w", dims, err)
	}
	return dims, data, nil
}

// idxReadData reads exactly n bytes and checks that the input ends there.
// The buffer grows (doubling from 1 MiB) only as data actually arrives, so
// a header announcing more than the input holds cannot force a large
// allocation.
func idxReadData(r io.Reader, n int) ([]byte, error) {
	var buf []byte
	for len(buf) < n {
		k := min(max(len(buf), idxChunk), n-len(buf))
		buf = slices.Grow(buf, k)
		m, err := io.ReadFull(r, buf[len(buf):len(buf)+k])
		buf = buf[:len(buf)+m]
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("truncated: want %d data bytes, got %d", n, len(buf))
		}
		if err != nil {
			return nil, err
		}
	}
	if buf == nil {
		buf = []byte{}
	}
	var extra [1]byte
	m, err := io.ReadFull(r, extra[:])
	switch {
	case m > 0:
		return nil, fmt.Errorf("unexpected bytes after the %d data bytes", n)
	case errors.Is(err, io.EOF):
		return buf, nil
	default:
		return nil, err
	}
}

// idxEOF turns the io.ReadFull errors for short input into a clearer one.
func idxEOF(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("truncated file")
	}
	return err
}

// idxDimsPrefix formats the raw dimension sizes of a rejected header.
func idxDimsPrefix(hdr []byte, nd int) []uint32 {
	d := make([]uint32, nd)
	for i := range d {
		d[i] = binary.BigEndian.Uint32(hdr[4*i:])
	}
	return d
}
