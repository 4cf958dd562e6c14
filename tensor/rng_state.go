package tensor

import (
	"encoding/binary"
	"errors"
	"math"
)

// rngStateSize is the size of an RNG's state as MarshalBinary writes it:
// the four xoshiro words, the spare normal deviate and its flag.
const rngStateSize = 4*8 + 8 + 1

// MarshalBinary returns the generator's state, so that a stream saved with
// a model continues where it stopped (encoding.BinaryMarshaler): 41 bytes,
// little-endian.
func (r *RNG) MarshalBinary() ([]byte, error) {
	b := make([]byte, rngStateSize)
	for i, w := range r.s {
		binary.LittleEndian.PutUint64(b[8*i:], w)
	}
	binary.LittleEndian.PutUint64(b[32:], math.Float64bits(r.spare))
	if r.hasSpare {
		b[40] = 1
	}
	return b, nil
}

// UnmarshalBinary restores a state written by MarshalBinary. A state of the
// wrong size, an all-zero xoshiro state (which would yield only zeros) or
// a flag other than 0 or 1 is an error and leaves r unchanged.
func (r *RNG) UnmarshalBinary(b []byte) error {
	if len(b) != rngStateSize {
		return errors.New("tensor: RNG state must be 41 bytes")
	}
	var s [4]uint64
	for i := range s {
		s[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	if s == [4]uint64{} {
		return errors.New("tensor: RNG state is all zero")
	}
	if b[40] > 1 {
		return errors.New("tensor: RNG state has an invalid spare flag")
	}
	r.s = s
	r.spare = math.Float64frombits(binary.LittleEndian.Uint64(b[32:]))
	r.hasSpare = b[40] == 1
	return nil
}
