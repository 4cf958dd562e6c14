//go:build race

package models

// raceEnabled is set when the race detector is on. It slows parallel
// loops until callers park, and parking may allocate runtime structures,
// so allocation counts of parallel work are not meaningful.
const raceEnabled = true
