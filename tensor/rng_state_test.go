package tensor

import "testing"

// TestRNGStateRoundTrip saves a stream mid-way (with a spare normal
// pending) and checks that the restored copy continues identically.
func TestRNGStateRoundTrip(t *testing.T) {
	r := NewRNG(7)
	r.Uint64()
	r.NormFloat64() // leaves a spare deviate
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c := NewRNG(99)
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if x, y := r.NormFloat64(), c.NormFloat64(); x != y {
			t.Fatalf("draw %d: %v != %v", i, x, y)
		}
		if x, y := r.Uint64(), c.Uint64(); x != y {
			t.Fatalf("draw %d: %v != %v", i, x, y)
		}
	}
	for _, bad := range [][]byte{nil, make([]byte, 41), append(append([]byte{}, b[:40]...), 2)} {
		if err := c.UnmarshalBinary(bad); err == nil {
			t.Errorf("UnmarshalBinary(%v) accepted", bad)
		}
	}
}
