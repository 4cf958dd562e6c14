//go:build race

package tensor

// matmulRace is set when the race detector is on; sync.Pool then drops
// items at random, so allocation counts are not meaningful.
const matmulRace = true
