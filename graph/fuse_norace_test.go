//go:build !race

package graph

// fuseRace is set when the race detector is on.
const fuseRace = false
