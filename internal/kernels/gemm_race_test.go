//go:build race

package kernels

// gemmRace is set when the race detector is on. It slows parallel loops
// until callers park, and parking may allocate runtime structures, so
// allocation counts are not meaningful.
const gemmRace = true
