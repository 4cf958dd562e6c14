//go:build race

package tensor

// ewtRace is set when the race detector is on; sync.Pool then drops items
// at random, so allocation counts are not meaningful.
const ewtRace = true
