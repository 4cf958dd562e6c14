package graph

import (
	"math"
	"runtime"
	"testing"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// expectSameAtAnyWidth runs fetch in one session with the pool at its
// full width, then at GOMAXPROCS 1, and fails unless every value is bit
// for bit the same: a sequence op's blocks of rows depend on the batch
// alone (seqBlockRows), never on the number of cores.
func expectSameAtAnyWidth(t *testing.T, what string, fetch ...*Node) {
	t.Helper()
	run := func() []*tensor.Tensor {
		out, err := NewSession(fetch[0].Graph()).Run(nil, fetch...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	wide := run()
	prev := runtime.GOMAXPROCS(1)
	for range 2048 { // Workers reads GOMAXPROCS again every 1024 calls
		parallel.Workers()
	}
	narrow := run()
	runtime.GOMAXPROCS(prev)
	for range 2048 {
		parallel.Workers()
	}
	for i := range wide {
		a, c := wide[i].Float64s(), narrow[i].Float64s()
		for j := range a {
			if math.Float64bits(a[j]) != math.Float64bits(c[j]) {
				t.Fatalf("%s, fetch %d, element %d: %v with all cores, %v with one", what, i, j, a[j], c[j])
			}
		}
	}
}
