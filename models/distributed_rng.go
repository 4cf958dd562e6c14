package models

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// syncRNGs gives every rank rank 0's random streams: the stream that seeds
// the training graph and, once made, the shuffling stream. A model loaded
// from a checkpoint thus shuffles on, on any number of ranks, as it would
// have in one process, and a fresh model draws the same graph seeds as in
// one process. The caller holds m.mu.
func (m *Model) syncRNGs(d Distributor) error {
	rngState, err := m.rng.MarshalBinary()
	if err != nil {
		return err
	}
	n := len(rngState)
	buf := make([]float64, 1+2*n) // has a shuffling stream; the two states, a byte each
	if m.shuffle != nil {
		buf[0] = 1
		shuffleState, err := m.shuffle.MarshalBinary()
		if err != nil {
			return err
		}
		for i, b := range shuffleState {
			buf[1+n+i] = float64(b)
		}
	}
	for i, b := range rngState {
		buf[1+i] = float64(b)
	}
	if err := d.BroadcastFloat64s(buf); err != nil {
		return err
	}
	if err := unmarshalRNG(m.rng, buf[1:1+n]); err != nil {
		return fmt.Errorf("rank 0's rng: %w", err)
	}
	m.shuffle = nil
	if buf[0] == 1 {
		m.shuffle = tensor.NewRNG(0)
		if err := unmarshalRNG(m.shuffle, buf[1+n:]); err != nil {
			return fmt.Errorf("rank 0's shuffle rng: %w", err)
		}
	}
	return nil
}

// unmarshalRNG restores r from a state sent as one float64 per byte.
func unmarshalRNG(r *tensor.RNG, state []float64) error {
	b := make([]byte, len(state))
	for i, v := range state {
		b[i] = byte(v)
	}
	return r.UnmarshalBinary(b)
}
