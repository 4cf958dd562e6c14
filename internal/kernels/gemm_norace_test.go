//go:build !race

package kernels

// gemmRace is set when the race detector is on.
const gemmRace = false
