package distribute

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
)

// runRanks runs f on every rank of a new n-rank Local job, each on its own
// goroutine, and returns the errors by rank.
func runRanks(n int, f func(r *Rank) error) []error {
	ranks := Local(n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, r := range ranks {
		wg.Go(func() { errs[i] = f(r) })
	}
	wg.Wait()
	return errs
}

// rankValue is the value rank r holds at index i: not exactly
// representable sums, so that the order of addition shows in the bits.
func rankValue(r, i int) float64 { return math.Sin(float64(1+r*7919+i)) * math.Exp(float64(r%5)) / 3 }

func TestLocalSumsInRankOrder(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5} {
		const m = 1001
		got32 := make([][]float32, n)
		got64 := make([][]float64, n)
		errs := runRanks(n, func(r *Rank) error {
			if r.Size() != n {
				t.Errorf("Size() = %d, want %d", r.Size(), n)
			}
			x32, x64 := make([]float32, m), make([]float64, m)
			for i := range m {
				x32[i], x64[i] = float32(rankValue(r.Rank(), i)), rankValue(r.Rank(), i)
			}
			got32[r.Rank()], got64[r.Rank()] = x32, x64
			if err := r.SumFloat32s(x32); err != nil {
				return err
			}
			return r.SumFloat64s(x64)
		})
		for r, err := range errs {
			if err != nil {
				t.Fatalf("n=%d rank %d: %v", n, r, err)
			}
		}
		for i := range m {
			want32, want64 := float32(rankValue(0, i)), rankValue(0, i)
			for r := 1; r < n; r++ {
				want32 += float32(rankValue(r, i))
				want64 += rankValue(r, i)
			}
			for r := range n {
				if math.Float32bits(got32[r][i]) != math.Float32bits(want32) || math.Float64bits(got64[r][i]) != math.Float64bits(want64) {
					t.Fatalf("n=%d rank %d [%d]: got %v, %v; want %v, %v (rank-order sums)", n, r, i, got32[r][i], got64[r][i], want32, want64)
				}
			}
		}
	}
}

func TestLocalSumKnownValues(t *testing.T) {
	got := make([][]float64, 3)
	errs := runRanks(3, func(r *Rank) error {
		got[r.Rank()] = []float64{1, float64(r.Rank()), -2.5 * float64(r.Rank())}
		return r.SumFloat64s(got[r.Rank()])
	})
	for r := range 3 {
		if errs[r] != nil {
			t.Fatal(errs[r])
		}
		if want := []float64{3, 3, -7.5}; got[r][0] != want[0] || got[r][1] != want[1] || got[r][2] != want[2] {
			t.Errorf("rank %d: got %v, want %v", r, got[r], want)
		}
	}
}

func TestLocalBroadcast(t *testing.T) {
	got32 := make([][]float32, 4)
	got64 := make([][]float64, 4)
	errs := runRanks(4, func(r *Rank) error {
		k := r.Rank()
		got32[k] = []float32{float32(k), float32(10 + k)}
		got64[k] = []float64{float64(-k), 0.5, float64(k * k)}
		if err := r.BroadcastFloat32s(got32[k]); err != nil {
			return err
		}
		return r.BroadcastFloat64s(got64[k])
	})
	for k := range 4 {
		if errs[k] != nil {
			t.Fatal(errs[k])
		}
		if got32[k][0] != 0 || got32[k][1] != 10 || got64[k][0] != 0 || got64[k][1] != 0.5 || got64[k][2] != 0 {
			t.Errorf("rank %d: got %v %v, want rank 0's [0 10] [0 0.5 0]", k, got32[k], got64[k])
		}
	}
}

func TestLocalManyCollectivesInARow(t *testing.T) {
	// Back-to-back collectives reuse the group's state: a rank racing
	// ahead must not disturb a slow one (run with -race).
	const steps = 200
	errs := runRanks(3, func(r *Rank) error {
		x := []float32{1}
		for s := range steps {
			x[0] = float32(r.Rank() + s)
			if err := r.SumFloat32s(x); err != nil {
				return err
			}
			if want := float32(3*s + 3); x[0] != want {
				return errors.New("wrong sum")
			}
		}
		return nil
	})
	for k, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", k, err)
		}
	}
}

func TestLocalMismatchedCallsFailEveryRank(t *testing.T) {
	errs := runRanks(3, func(r *Rank) error {
		if r.Rank() == 2 {
			return r.SumFloat32s(make([]float32, 4))
		}
		return r.SumFloat32s(make([]float32, 5))
	})
	for k, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "rank 2 called SumFloat32s with 4") {
			t.Errorf("rank %d: got %v, want the length mismatch of rank 2", k, err)
		}
	}
	errs = runRanks(2, func(r *Rank) error {
		if r.Rank() == 1 {
			return r.BroadcastFloat64s(make([]float64, 5))
		}
		return r.SumFloat64s(make([]float64, 5))
	})
	for k, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "rank 1 called BroadcastFloat64s") {
			t.Errorf("rank %d: got %v, want the operation mismatch", k, err)
		}
	}
}

func TestLocalAbortEndsTheJob(t *testing.T) {
	boom := errors.New("out of memory")
	errs := runRanks(3, func(r *Rank) error {
		if r.Rank() == 1 {
			r.Abort(boom)
			return nil
		}
		err := r.SumFloat32s([]float32{1})
		if err2 := r.BroadcastFloat32s([]float32{1}); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("rank %d: a later collective returned %v, want %v", r.Rank(), err2, err)
		}
		return err
	})
	for _, k := range []int{0, 2} {
		if !errors.Is(errs[k], boom) || !strings.Contains(errs[k].Error(), "rank 1 failed") {
			t.Errorf("rank %d: got %v, want rank 1's error", k, errs[k])
		}
	}
}

func TestLocalEmptySlicesAndOneRank(t *testing.T) {
	errs := runRanks(2, func(r *Rank) error { return r.SumFloat64s(nil) })
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("empty sum: %v", errs)
	}
	r := Local(1)[0]
	x := []float64{1.5, -2}
	if err := r.SumFloat64s(x); err != nil || x[0] != 1.5 || x[1] != -2 {
		t.Fatalf("one rank: %v %v", x, err)
	}
}

func TestLocalPanicsOnNoRanks(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Local(0) did not panic")
		}
	}()
	Local(0)
}

func TestLocalSumAllocatesNothing(t *testing.T) {
	r := Local(1)[0]
	x := make([]float32, 64)
	if a := testing.AllocsPerRun(100, func() { _ = r.SumFloat32s(x) }); a != 0 {
		t.Errorf("SumFloat32s allocates %v times per call", a)
	}
}
