//go:build !race

package tensor

// ewtRace is set when the race detector is on.
const ewtRace = false
