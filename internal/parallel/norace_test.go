//go:build !race

package parallel

// raceEnabled is set when the race detector is on.
const raceEnabled = false
