//go:build !race

package optimizers_test

// raceEnabled is set when the race detector is on.
const raceEnabled = false
