//go:build !race

package tensor

// matmulRace is set when the race detector is on.
const matmulRace = false
