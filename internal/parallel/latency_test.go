package parallel

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// startTask records when each of its two chunks started; each chunk then
// busy-waits for hold, so the caller cannot take the second chunk itself
// before hold has passed.
type startTask struct {
	t0    time.Time
	hold  time.Duration
	begin [2]atomic.Int64 // nanoseconds after t0
}

func (s *startTask) Run(lo, hi int) {
	s.begin[lo].Store(int64(time.Since(s.t0)))
	for time.Since(s.t0) < s.hold {
	}
}

// benchStart reports the mean and median delay between a two-chunk loop's start and
// the start of its later chunk, which a worker runs unless it is slower
// to start than the hold time (200 µs). gap is the idle time between
// loops.
func benchStart(b *testing.B, gap time.Duration) {
	if Workers() == 1 {
		b.Skip("one worker: loops run serially")
	}
	s := &startTask{hold: 200 * time.Microsecond}
	lat := make([]int64, b.N)
	for i := range lat {
		if gap > 0 {
			time.Sleep(gap)
		}
		s.t0 = time.Now()
		ForTask(2, 1, s)
		lat[i] = max(s.begin[0].Load(), s.begin[1].Load())
	}
	slices.Sort(lat)
	var total int64
	for _, l := range lat {
		total += l
	}
	b.ReportMetric(float64(total)/float64(b.N), "mean-start-ns")
	b.ReportMetric(float64(lat[b.N/2]), "median-start-ns")
}

// BenchmarkForStartBackToBack measures how soon a worker joins a loop
// that follows another at once (the case of a training step's matrix
// products).
func BenchmarkForStartBackToBack(b *testing.B) { benchStart(b, 0) }

// BenchmarkForStartAfterIdle measures the same after 2 ms of idleness,
// when the workers have parked.
func BenchmarkForStartAfterIdle(b *testing.B) { benchStart(b, 2*time.Millisecond) }

// BenchmarkForTiny measures the whole cost of a loop of two trivial
// chunks, back to back.
func BenchmarkForTiny(b *testing.B) {
	c := new(countTask)
	for i := 0; i < b.N; i++ {
		ForTask(2, 1, c)
	}
}

// spinTask busy-waits for d in each chunk.
type spinTask struct{ d time.Duration }

func (s *spinTask) Run(lo, hi int) {
	t0 := time.Now()
	for time.Since(t0) < s.d {
	}
}

// BenchmarkForJoin measures the cost of a fork-join over the work itself:
// loops of two chunks of 10 µs each, back to back, where the caller runs
// one chunk and a worker the other (if the worker is late, the caller
// runs both). It reports the time per loop beyond the 10 µs as
// overhead-ns: handing the loop over, the later start of the worker's
// chunk, and seeing it end.
func BenchmarkForJoin(b *testing.B) {
	if Workers() == 1 {
		b.Skip("one worker: loops run serially")
	}
	const chunk = 10 * time.Microsecond
	t := &spinTask{chunk}
	for b.Loop() {
		ForTask(2, 1, t)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)-float64(chunk), "overhead-ns")
}
