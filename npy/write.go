package npy

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// WriteOptions choose how Write stores an array.
type WriteOptions struct {
	// Kind is the element type in the file; 0 means the tensor's own
	// (float32, float64 or int64). Int32, Uint8 and Bool need values that
	// fit (integers in range; 0 or 1 for Bool), else Write fails.
	Kind Kind
	// FortranOrder stores the elements in Fortran (column-major) order.
	FortranOrder bool
}

// Write writes t as a .npy array (format 1.0, little-endian, or 2.0 when
// the header needs it).
func Write(w io.Writer, t *tensor.Tensor, opts WriteOptions) error {
	if t == nil {
		return fmt.Errorf("npy: Write: nil tensor")
	}
	k := opts.Kind
	if k == 0 {
		k = kindOf(t.DType())
	}
	if _, ok := kinds[k]; !ok {
		return fmt.Errorf("npy: Write: unknown kind %v", k)
	}
	if t.Rank() > MaxRank {
		return fmt.Errorf("npy: Write: rank %d is more than %d", t.Rank(), MaxRank)
	}
	src := t
	if opts.FortranOrder && t.Rank() > 1 {
		src = transposeAll(t)
	}
	data, err := encode(src, k)
	if err != nil {
		return fmt.Errorf("npy: Write: %w", err)
	}
	if _, err := w.Write(encodeHeader(k, opts.FortranOrder, t.Shape())); err != nil {
		return fmt.Errorf("npy: Write: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("npy: Write: %w", err)
	}
	return nil
}

// WriteFile writes t to path atomically (see Write).
func WriteFile(path string, t *tensor.Tensor, opts WriteOptions) error {
	return saving.WriteFileAtomic(path, func(w io.Writer) error { return Write(w, t, opts) })
}

// kindOf returns the kind a tensor dtype writes as.
func kindOf(d tensor.DType) Kind {
	switch d {
	case tensor.Float32:
		return Float32
	case tensor.Float64:
		return Float64
	}
	return Int64
}

// encode returns t's elements as little-endian bytes of kind k.
func encode(t *tensor.Tensor, k Kind) ([]byte, error) {
	sz := k.Size()
	out := make([]byte, t.Size()*sz)
	le := binary.LittleEndian
	switch {
	case k == Float32 && t.DType() == tensor.Float32:
		for i, v := range t.Float32s() {
			le.PutUint32(out[i*4:], math.Float32bits(v))
		}
		return out, nil
	case k == Float64:
		for i, v := range t.Values() {
			le.PutUint64(out[i*8:], math.Float64bits(v))
		}
		return out, nil
	case k == Float32:
		for i, v := range t.Values() {
			le.PutUint32(out[i*4:], math.Float32bits(float32(v)))
		}
		return out, nil
	}
	lo, hi := integerRange(k)
	for i, v := range t.Values() {
		if v != math.Trunc(v) || v < lo || v > hi {
			return nil, fmt.Errorf("element %d is %v, which %v cannot hold", i, v, k)
		}
		switch sz {
		case 1:
			out[i] = byte(v)
		case 4:
			le.PutUint32(out[i*4:], uint32(int32(v)))
		case 8:
			le.PutUint64(out[i*8:], uint64(int64(v)))
		}
	}
	if k == Int64 && t.DType() == tensor.Int64 { // exact, beyond float64's 2^53
		for i, v := range t.Int64s() {
			le.PutUint64(out[i*8:], uint64(v))
		}
	}
	return out, nil
}

// integerRange returns the values an integer kind holds.
func integerRange(k Kind) (float64, float64) {
	switch k {
	case Int32:
		return math.MinInt32, math.MaxInt32
	case Uint8:
		return 0, 255
	case Bool:
		return 0, 1
	}
	return math.MinInt64, math.Nextafter(0x1p63, 0)
}

// transposeAll reverses the axes of t (C order <-> Fortran order).
func transposeAll(t *tensor.Tensor) *tensor.Tensor {
	perm := make([]int, t.Rank())
	for i := range perm {
		perm[i] = t.Rank() - 1 - i
	}
	return tensor.Transpose(t, perm...)
}
