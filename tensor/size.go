package tensor

import (
	"fmt"
	"math"
	"math/bits"
	"runtime/debug"
	"sync/atomic"
)

// maxBytes is the largest tensor, in bytes, that New and the other
// constructors agree to allocate (see [MaxBytes]).
var maxBytes atomic.Int64

func init() { maxBytes.Store(defaultMaxBytes()) }

// MaxBytes returns the largest tensor, in bytes, that the package's
// constructors allocate. A larger one cannot succeed, so asking for it
// panics with an *Error naming the shape and size instead of killing the
// process with "out of memory". The default is the machine's memory (RAM
// plus swap where the system reports it, at most the Go memory limit set
// by debug.SetMemoryLimit or GOMEMLIMIT), or 1 TiB where it cannot be read.
func MaxBytes() int64 { return maxBytes.Load() }

// SetMaxBytes sets the limit [MaxBytes] returns and returns the previous
// one. n <= 0 restores the default.
func SetMaxBytes(n int64) (old int64) {
	if n <= 0 {
		n = defaultMaxBytes()
	}
	return maxBytes.Swap(n)
}

// defaultMaxBytes is the machine's memory, bounded by the Go memory limit.
func defaultMaxBytes() int64 {
	n := systemMemory()
	if n <= 0 {
		n = 1 << 40
	}
	if lim := debug.SetMemoryLimit(-1); lim > 0 && lim < math.MaxInt64 && lim < n {
		n = lim
	}
	return n
}

// CheckSize returns the number of elements of a tensor of dtype and shape,
// or an *Error if a dimension is negative, the element count or the byte
// size overflows int, or the bytes exceed [MaxBytes]. Every constructor
// checks its shape with it; code that allocates on its own can too.
func CheckSize(dtype DType, shape []int) (int, error) {
	n, err := checkedSize(dtype, shape)
	if err != nil {
		return 0, &Error{Op: "CheckSize", Msg: err.Error(), Shapes: []Shape{Shape(shape).Clone()}}
	}
	return n, nil
}

// mustSize is CheckSize panicking with an *Error for op.
func mustSize(op string, dtype DType, shape []int) int {
	n, err := checkedSize(dtype, shape)
	if err != nil {
		panicShapes(op, err.Error(), shape)
	}
	return n
}

// checkedSize does the work of CheckSize with a plain error.
func checkedSize(dtype DType, shape []int) (int, error) {
	n := uint64(1)
	overflow := false
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("negative dimension %d", d)
		}
		hi, lo := bits.Mul64(n, uint64(d))
		if hi != 0 || lo > math.MaxInt {
			overflow = true // keep looking: a 0 dimension makes it empty
		}
		n = lo
	}
	for _, d := range shape {
		if d == 0 {
			return 0, nil
		}
	}
	if overflow {
		return 0, fmt.Errorf("the element count overflows int")
	}
	es := uint64(max(dtype.Size(), 1))
	hi, b := bits.Mul64(n, es)
	if hi != 0 || b > math.MaxInt64 {
		return 0, fmt.Errorf("%d elements of %v overflow the byte size", n, dtype)
	}
	if lim := MaxBytes(); int64(b) > lim {
		return 0, fmt.Errorf("%d elements of %v need %s, more than the %s limit (tensor.MaxBytes)",
			n, dtype, formatBytes(b), formatBytes(uint64(lim)))
	}
	return int(n), nil
}

// formatBytes prints a byte count with a binary unit: "12 TiB", "1.5 GiB".
func formatBytes(b uint64) string {
	const units = "KMGTPE"
	if b < 1024 {
		return fmt.Sprintf("%d B", b)
	}
	v, i := float64(b)/1024, 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return fmt.Sprintf("%.4g %ciB", v, units[i])
}
