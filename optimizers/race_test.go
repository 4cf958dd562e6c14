//go:build race

package optimizers_test

// raceEnabled is set when the race detector is on: long training runs,
// which exercise no code the short ones do not, are skipped.
const raceEnabled = true
