//go:build !race

package distribute

// raceEnabled is set when the race detector is on.
const raceEnabled = false
