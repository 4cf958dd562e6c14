//go:build race

package distribute

// raceEnabled is set when the race detector is on. A long MPI call hands
// the goroutine's P to another thread, and taking it back may park the
// goroutine, which under the race detector may allocate runtime
// structures, so allocation counts of large sums are not meaningful.
const raceEnabled = true
