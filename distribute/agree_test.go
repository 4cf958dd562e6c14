package distribute

import (
	"strings"
	"testing"
)

func TestAgree(t *testing.T) {
	errs := runRanks(3, func(r *Rank) error { return Agree(r, "model", 535818, 60000) })
	for k, err := range errs {
		if err != nil {
			t.Errorf("rank %d: equal values: %v", k, err)
		}
	}
	errs = runRanks(4, func(r *Rank) error {
		samples := 60000.0
		if r.Rank()%2 == 1 {
			samples = 50000
		}
		return Agree(r, "model and data size", 535818, samples)
	})
	for k, err := range errs {
		want := "distribute: the ranks disagree on model and data size: rank 0 has [535818 60000], ranks [1 3] differ"
		if k%2 == 1 {
			want += " (rank " + string(rune('0'+k)) + " has [535818 50000])"
		}
		if err == nil || err.Error() != want {
			t.Errorf("rank %d: got %v\nwant %s", k, err, want)
		}
	}
	if err := Agree(Local(1)[0], "nothing"); err != nil {
		t.Errorf("no values on one rank: %v", err)
	}
	errs = runRanks(2, func(r *Rank) error {
		if r.Rank() == 1 {
			r.Abort(nil)
			return nil
		}
		return Agree(r, "x", 1)
	})
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "rank 1 failed: aborted") {
		t.Errorf("after an abort: got %v", errs[0])
	}
}
