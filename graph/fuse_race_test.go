//go:build race

package graph

// fuseRace is set when the race detector is on; sync.Pool then drops
// items at random, so allocation counts are not meaningful.
const fuseRace = true
