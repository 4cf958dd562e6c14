package models

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// localWorld is an in-process Distributor: goroutines as ranks meeting at
// a barrier, sums taken in rank order so every rank gets the same bits.
type localWorld struct {
	size  int
	mu    sync.Mutex
	cond  *sync.Cond
	gen   int
	count int
	bufs  [][]float64
	out   []float64
}

type localRank struct {
	w    *localWorld
	rank int
}

func newLocalWorld(n int) []*localRank {
	w := &localWorld{size: n, bufs: make([][]float64, n)}
	w.cond = sync.NewCond(&w.mu)
	ranks := make([]*localRank, n)
	for i := range ranks {
		ranks[i] = &localRank{w: w, rank: i}
	}
	return ranks
}

// collective deposits xs, waits for every rank, and writes f of all
// deposits into xs.
func (r *localRank) collective(xs []float64, f func(bufs [][]float64) []float64) {
	w := r.w
	w.mu.Lock()
	gen := w.gen
	w.bufs[r.rank] = append([]float64(nil), xs...)
	w.count++
	if w.count == w.size {
		w.out = f(w.bufs)
		w.count = 0
		w.gen++
		w.cond.Broadcast()
	} else {
		for gen == w.gen {
			w.cond.Wait()
		}
	}
	copy(xs, w.out)
	w.mu.Unlock()
}

func sumAll(bufs [][]float64) []float64 {
	out := make([]float64, len(bufs[0]))
	for _, b := range bufs {
		for i, v := range b {
			out[i] += v
		}
	}
	return out
}

func first(bufs [][]float64) []float64 { return append([]float64(nil), bufs[0]...) }

func (r *localRank) Rank() int { return r.rank }
func (r *localRank) Size() int { return r.w.size }
func (r *localRank) SumFloat64s(xs []float64) error {
	r.collective(xs, sumAll)
	return nil
}
func (r *localRank) BroadcastFloat64s(xs []float64) error {
	r.collective(xs, first)
	return nil
}
func (r *localRank) SumFloat32s(xs []float32) error {
	buf := toF64(xs)
	r.collective(buf, func(bufs [][]float64) []float64 {
		// Sum in float32, in rank order, as a float32 all-reduce would.
		out := make([]float64, len(bufs[0]))
		for i := range out {
			var s float32
			for _, b := range bufs {
				s += float32(b[i])
			}
			out[i] = float64(s)
		}
		return out
	})
	fromF64(xs, buf)
	return nil
}
func (r *localRank) BroadcastFloat32s(xs []float32) error {
	buf := toF64(xs)
	r.collective(buf, first)
	fromF64(xs, buf)
	return nil
}

func toF64(xs []float32) []float64 {
	out := make([]float64, len(xs))
	for i, v := range xs {
		out[i] = float64(v)
	}
	return out
}

func fromF64(dst []float32, xs []float64) {
	for i, v := range xs {
		dst[i] = float32(v)
	}
}

// distData is a small regression problem.
func distData() (*tensor.Tensor, *tensor.Tensor) {
	rng := tensor.NewRNG(11)
	x := rng.Normal(tensor.Float32, 0, 1, 100, 4)
	y := tensor.New(tensor.Float32, 100, 1)
	for i := 0; i < 100; i++ {
		y.Set(x.At(i, 0)-2*x.At(i, 1)+0.5*x.At(i, 2)*x.At(i, 3), i, 0)
	}
	return x, y
}

func distModel(seed uint64, d Distributor, opt optimizers.Optimizer) (*Sequential, error) {
	m := MustSequential(&layers.Dense{Units: 8, Activation: "tanh", InputShape: []int{4}}, &layers.Dense{Units: 1})
	m.Seed = seed
	err := m.CompileWith(CompileConfig{Optimizer: opt, Loss: losses.MeanSquaredError{}, Distributor: d})
	return m, err
}

// trainRanks trains one model per rank (each starting from its own seed:
// rank 0's weights are broadcast) and returns their weights and histories.
func trainRanks(t *testing.T, n int, newOpt func() optimizers.Optimizer, o FitOptions) ([][]*tensor.Tensor, []map[string][]float64) {
	t.Helper()
	ranks := newLocalWorld(n)
	weights := make([][]*tensor.Tensor, n)
	hists := make([]map[string][]float64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for r := 0; r < n; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			m, err := distModel(uint64(100+r), ranks[r], newOpt())
			if err != nil {
				errs[r] = err
				return
			}
			x, y := distData()
			h, err := m.Fit(x, y, o)
			if err != nil {
				errs[r] = err
				return
			}
			weights[r], hists[r] = m.WeightValues(), h.History
		}(r)
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", r, err)
		}
	}
	return weights, hists
}

// Data-parallel Fit keeps every rank's weights bit-identical, and follows
// the one-process run with the same global batch.
func TestDataParallelFitMatchesOneProcess(t *testing.T) {
	o := FitOptions{Epochs: 2, BatchSize: 10, Verbose: Silent} // 20 steps, shuffled
	sgd := func() optimizers.Optimizer { return &optimizers.SGD{LearningRate: 0.05} }
	one, err := distModel(100, nil, sgd())
	if err != nil {
		t.Fatal(err)
	}
	x, y := distData()
	oneHist, err := one.Fit(x, y, o)
	if err != nil {
		t.Fatal(err)
	}
	want := one.WeightValues()
	for _, n := range []int{2, 3} {
		weights, hists := trainRanks(t, n, sgd, o)
		for r := 1; r < n; r++ {
			for i := range weights[0] {
				if !tensor.ArrayEqual(weights[0][i], weights[r][i]) {
					t.Fatalf("%d ranks: rank %d's weight %d differs from rank 0's", n, r, i)
				}
			}
			if hists[r]["loss"][1] != hists[0]["loss"][1] {
				t.Errorf("%d ranks: rank %d logged loss %v, rank 0 %v", n, r, hists[r]["loss"], hists[0]["loss"])
			}
		}
		for i := range want {
			if d := tensor.MaxAbsDiff(want[i], weights[0][i]); d > 1e-5*math.Max(1, maxAbs(want[i])) {
				t.Errorf("%d ranks: weight %d differs from the one-process run by %g", n, i, d)
			}
		}
		for e, l := range oneHist.History["loss"] {
			if got := hists[0]["loss"][e]; math.Abs(got-l) > 1e-5*math.Max(1, l) {
				t.Errorf("%d ranks: epoch %d loss %v, one process %v", n, e, got, l)
			}
		}
	}
	// With Adam (and a batch that leaves the last step smaller than the
	// ranks' count) the ranks still agree bit for bit.
	adam := func() optimizers.Optimizer { return &optimizers.Adam{} }
	weights, _ := trainRanks(t, 3, adam, FitOptions{Epochs: 1, BatchSize: 49, Verbose: Silent}) // last batch: 2 samples
	for i := range weights[0] {
		if !tensor.ArrayEqual(weights[0][i], weights[2][i]) {
			t.Fatalf("Adam: rank 2's weight %d differs", i)
		}
	}
}

func maxAbs(t *tensor.Tensor) float64 {
	m := 0.0
	for _, v := range t.Values() {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// Ranks with different data are told so, all of them, before training.
func TestDataParallelMismatchIsAnError(t *testing.T) {
	ranks := newLocalWorld(2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			m, err := distModel(1, ranks[r], &optimizers.SGD{})
			if err != nil {
				errs[r] = err
				return
			}
			x, y := distData()
			if r == 1 {
				x, y = tensor.Rows(x, 0, 90), tensor.Rows(y, 0, 90)
			}
			_, errs[r] = m.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent})
		}(r)
	}
	wg.Wait()
	for r, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "the 2 ranks differ in their data or model") {
			t.Errorf("rank %d: %v", r, err)
		}
	}
}

// countingRank counts the float32 sums a rank takes part in.
type countingRank struct {
	*localRank
	sums int
}

func (r *countingRank) SumFloat32s(xs []float32) error {
	r.sums++
	return r.localRank.SumFloat32s(xs)
}

// Gradients of up to bucketBytes are summed over the ranks in one
// bucket, larger ones alone, and the weights still follow the
// one-process run.
func TestDataParallelBucketsSmallGradients(t *testing.T) {
	const in = 130 // the first kernel, 130×128 float32, is 66.5 kB: summed alone
	build := func(d Distributor) (*Sequential, error) {
		m := MustSequential(&layers.Dense{Units: 128, Activation: "relu", InputShape: []int{in}},
			&layers.Dense{Units: 4, Activation: "tanh"}, &layers.Dense{Units: 1})
		m.Seed = 7
		err := m.CompileWith(CompileConfig{Optimizer: &optimizers.SGD{LearningRate: 0.01}, Loss: losses.MeanSquaredError{}, Distributor: d})
		return m, err
	}
	rng := tensor.NewRNG(3)
	x := rng.Normal(tensor.Float32, 0, 1, 40, in)
	y := rng.Normal(tensor.Float32, 0, 1, 40, 1)
	o := FitOptions{Epochs: 1, BatchSize: 8, Verbose: Silent} // 5 steps
	one, err := build(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := one.Fit(x, y, o); err != nil {
		t.Fatal(err)
	}
	want := one.WeightValues()

	ranks := newLocalWorld(2)
	counted := []*countingRank{{localRank: ranks[0]}, {localRank: ranks[1]}}
	got := fitOnRanks(t, []Distributor{counted[0], counted[1]}, build, x, y, o)
	for r, c := range counted {
		if c.sums != 5*2 { // per step: the first kernel, and one bucket of the other five gradients
			t.Errorf("rank %d took part in %d float32 sums in 5 steps, want 10", r, c.sums)
		}
	}
	checkRanksFollow(t, got, want)
}

// onRanks runs train(r) for the n ranks r at once, each on its own
// goroutine, and returns the weights each returns; an error from any rank
// fails t.
func onRanks(t *testing.T, n int, train func(r int) ([]*tensor.Tensor, error)) [][]*tensor.Tensor {
	t.Helper()
	got := make([][]*tensor.Tensor, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for r := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[r], errs[r] = train(r)
		}()
	}
	wg.Wait()
	for r, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", r, err)
		}
	}
	return got
}

// fitOnRanks builds a model for each of the distributors ds with build and
// fits it on x and y, all the ranks at once (see onRanks), and returns
// each rank's weights.
func fitOnRanks(t *testing.T, ds []Distributor, build func(Distributor) (*Sequential, error), x, y *tensor.Tensor, o FitOptions) [][]*tensor.Tensor {
	t.Helper()
	return onRanks(t, len(ds), func(r int) ([]*tensor.Tensor, error) {
		m, err := build(ds[r])
		if err != nil {
			return nil, err
		}
		_, err = m.Fit(x, y, o)
		return m.WeightValues(), err
	})
}

// checkRanksFollow checks that every rank's weights are rank 0's bit for
// bit, and rank 0's those of the one-process run, want, within 1e-5
// relative.
func checkRanksFollow(t *testing.T, got [][]*tensor.Tensor, want []*tensor.Tensor) {
	t.Helper()
	for i := range want {
		for r := 1; r < len(got); r++ {
			if !tensor.ArrayEqual(got[0][i], got[r][i]) {
				t.Fatalf("rank %d's weight %d differs from rank 0's", r, i)
			}
		}
		if d := tensor.MaxAbsDiff(want[i], got[0][i]); d > 1e-5*math.Max(1, maxAbs(want[i])) {
			t.Errorf("weight %d differs from the one-process run by %g", i, d)
		}
	}
}

// A convnet's 4-D kernel goes through the bucket (flattened, then given
// its shape back) and the ranks still follow the one-process run, in
// float64 as well.
func TestDataParallelConvBucketFollowsOneProcess(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		build := func(d Distributor) (*Sequential, error) {
			m := MustSequential(
				&layers.Conv2D{Filters: 4, KernelSize: [2]int{3, 3}, Activation: "relu", InputShape: []int{6, 6, 2}},
				&layers.Flatten{},
				&layers.Dense{Units: 3},
			)
			m.DType, m.Seed = dt, 5
			err := m.CompileWith(CompileConfig{Optimizer: &optimizers.Adam{LearningRate: 0.01}, Loss: losses.MeanSquaredError{}, Distributor: d})
			return m, err
		}
		rng := tensor.NewRNG(9)
		x := rng.Normal(dt, 0, 1, 24, 6, 6, 2)
		y := rng.Normal(dt, 0, 1, 24, 3)
		o := FitOptions{Epochs: 2, BatchSize: 8, Verbose: Silent}
		one, err := build(nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := one.Fit(x, y, o); err != nil {
			t.Fatal(err)
		}
		ranks := newLocalWorld(2)
		got := fitOnRanks(t, []Distributor{ranks[0], ranks[1]}, build, x, y, o)
		checkRanksFollow(t, got, one.WeightValues())
	}
}

// Batch normalization normalizes each rank's shard by its own statistics
// (as Keras's does under a distribution strategy unless synchronized), so
// training no longer follows the one-process run, but the moving
// statistics are averaged over the ranks (all in one bucket) and every
// rank keeps the same weights, bit for bit.
func TestDataParallelBatchNormRanksAgree(t *testing.T) {
	rng := tensor.NewRNG(9)
	x := rng.Normal(tensor.Float32, 0, 1, 24, 5)
	y := rng.Normal(tensor.Float32, 0, 1, 24, 1)
	ranks := newLocalWorld(2)
	counted := []*countingRank{{localRank: ranks[0]}, {localRank: ranks[1]}}
	build := func(d Distributor) (*Sequential, error) {
		m := MustSequential(&layers.Dense{Units: 6, InputShape: []int{5}}, &layers.BatchNormalization{},
			&layers.Dense{Units: 4}, &layers.BatchNormalization{}, &layers.Dense{Units: 1})
		m.Seed = uint64(40 + d.Rank()) // rank 0's weights are broadcast
		err := m.CompileWith(CompileConfig{Optimizer: &optimizers.SGD{LearningRate: 0.05}, Loss: losses.MeanSquaredError{}, Distributor: d})
		return m, err
	}
	o := FitOptions{Epochs: 2, BatchSize: 8, Verbose: Silent} // 6 steps
	got := fitOnRanks(t, []Distributor{counted[0], counted[1]}, build, x, y, o)
	for r, c := range counted {
		if c.sums != 6*2 { // per step: one bucket of gradients, one of the four moving statistics
			t.Errorf("rank %d took part in %d float32 sums in 6 steps, want 12", r, c.sums)
		}
	}
	for i := range got[0] {
		if !tensor.ArrayEqual(got[0][i], got[1][i]) {
			t.Fatalf("rank 1's weight %d differs from rank 0's", i)
		}
	}
}
