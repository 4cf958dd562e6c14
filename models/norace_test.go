//go:build !race

package models

// raceEnabled is set when the race detector is on.
const raceEnabled = false
