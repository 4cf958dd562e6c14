//go:build race

package kernels

// gemmRace is set when the race detector is on; sync.Pool then drops
// items at random, so allocation counts are not meaningful.
const gemmRace = true
