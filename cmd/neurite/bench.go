package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// version is Neurite's version, as it appears in the system name of
// "neurite bench" ("neurite-0.1.0-2threads"). The module has no package at
// its root to hold it, and "go run" reports no module version, so it lives
// here.
const version = "0.1.0"

// The workloads of the peer benchmarks (shared/bench/README.md), in the
// order the peers run them.
var benchWorkloads = []string{"sgemm", "mlp", "linreg", "conv", "lstm"}

// defaultSGEMMSizes are the README's sgemm shapes, M×K×N.
var defaultSGEMMSizes = [][3]int{{128, 128, 128}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}, {128, 784, 512}}

// benchTiming holds the repetition counts and durations of a bench run.
type benchTiming struct {
	sgemmReps  int           // batches of calls; the median is reported
	sgemmBatch time.Duration // least duration of one batch
	mlpWarm    int           // untimed steps (graph building happens here)
	mlpReps    int           // repetitions; the median is reported
	mlpSteps   int           // steps per repetition
	mlpCap     time.Duration // a repetition stops early after this long
	linWarm    int
	linReps    int
	linBatch   time.Duration
	convWarm   int // as mlp*, for the conv workload
	convReps   int
	convSteps  int
	convCap    time.Duration
	peakReps   int           // runs of the peak loop; the median is reported
	peakRun    time.Duration // duration of one run
	rtReps     int           // runs of the core round trip; the median is reported
	rtTrips    int           // round trips per run
}

// specTiming is exactly the README's workload specification.
var specTiming = benchTiming{
	sgemmReps: 5, sgemmBatch: 300 * time.Millisecond,
	mlpWarm: 5, mlpReps: 3, mlpSteps: 50, mlpCap: 6 * time.Second,
	linWarm: 20, linReps: 5, linBatch: 300 * time.Millisecond,
	convWarm: 5, convReps: 3, convSteps: 20, convCap: 6 * time.Second,
	peakReps: 5, peakRun: 300 * time.Millisecond,
	rtReps: 5, rtTrips: 20000,
}

// quickTiming is a smoke test of the same code in well under a second per
// workload; its numbers are not comparable with the peers', so its system
// name says "-quick".
var quickTiming = benchTiming{
	sgemmReps: 3, sgemmBatch: 5 * time.Millisecond,
	mlpWarm: 1, mlpReps: 3, mlpSteps: 2, mlpCap: 6 * time.Second,
	linWarm: 2, linReps: 3, linBatch: 5 * time.Millisecond,
	convWarm: 1, convReps: 3, convSteps: 1, convCap: 6 * time.Second,
	peakReps: 1, peakRun: 5 * time.Millisecond,
	rtReps: 1, rtTrips: 100,
}

// benchUsage is the help text of "neurite bench".
const benchUsage = `Usage: neurite bench [flags] [sgemm|mlp|linreg|conv|lstm]...

Times four workloads through Neurite's public API and prints one JSON line
per measurement on stdout: {"workload", "system", "metric", "value", "unit"},
where system names Neurite's version and thread count
("neurite-0.1.0-2threads"). A measurement that fails prints a line with
"error" instead, and the exit status is 1.

  sgemm   C = A·B in float32 with tensor.MatMulInto into a preallocated C,
          A and B standard normal, for M×K×N = 128³, 512³, 1024³, 2048³ and
          128×784×512 (see -sizes): GFLOP/s counting 2·M·K·N per call, the
          median of 5 batches of calls of about 0.3 s each.
  mlp     Sequential.TrainOnBatch steps of a 784-512-256-10 MLP (ReLU,
          logits, sparse categorical crossentropy) with Adam at batch 128:
          samples per second, the median of 3 repetitions of 50 steps after
          5 warm-up steps.
  linreg  TrainOnBatch steps of a 13→1 linear regression (one Dense layer,
          mean squared error, Adam) at batch 32: µs per step, the median of
          5 batches of steps of about 0.3 s each after 20 warm-up steps.
  conv    TrainOnBatch steps of Keras's simple MNIST convnet without its
          Dropout (28×28×1 → Conv2D 32 3×3 ReLU → MaxPooling 2 → Conv2D 64
          3×3 ReLU → MaxPooling 2 → Flatten → Dense 10 logits), sparse
          categorical crossentropy, Adam, batch 128: samples per second,
          the median of 3 repetitions of 20 steps after 5 warm-up steps.

  lstm    TrainOnBatch steps of LSTM(128) over 64 steps of 32 features,
          last state only, then Dense(128→10) logits, sparse categorical
          crossentropy, Adam, batch 64 (lstm_seq64_h128_b64): samples per
          second, the median of 3 repetitions of 20 steps after 5 warm-up
          steps.

Fraction of the peak: before sgemm and mlp, the float32 peak of this
machine is measured as the peer harness's peak.c measures it (GOMAXPROCS
threads each running independent fused multiply-adds on the widest
vectors Neurite's GEMM kernels use; the median of 5 runs of 0.3 s) and
printed as peak_fp32_fma512 (or peak_fp32_fma256 on a CPU without
AVX-512), metric gflops_Nthreads. The sgemm and mlp lines then carry a
sixth field, peak_fraction: GFLOP/s over that peak, the MLP's counting
2,407,424 matmul flop per sample (forward and weight-gradient products of
the three layers, input-gradient products of the last two), as the
harness's summary does. A build without SIMD kernels (-tags purego)
measures no peak and prints no fraction. On a busy machine both figures
read low, not necessarily by the same factor.

Core round trip: after the peak, with GOMAXPROCS 2 or more, the median
time for a value one thread writes to reach another thread and come back
(two goroutines locked to their threads passing a counter; 5 runs of
20,000 round trips), printed as core_round_trip, metric ns. Parallel loops
pay it to start and finish, and data one core writes and another reads
pays it in bulk; on virtual machines it can change from minute to minute
as the host moves the virtual CPUs, and the parallel figures with it.

` + contendedUsage + `

Threads: GOMAXPROCS. The lines follow the format of an optional peer
harness, kept outside this repository, that runs the same workloads in
other frameworks, so that both outputs can be summarised together.

Flags:`

// benchConfig holds the flags of "neurite bench".
type benchConfig struct {
	workloads []string
	sizes     [][3]int
	timing    benchTiming
	system    string
	contended bool // run the mlp workload as the contention scenario
}

// parseBench reads the flags of "neurite bench". Workloads may also be
// given as arguments, as the peer programs take them.
func parseBench(args []string, stderr io.Writer) (*benchConfig, error) {
	fs := flag.NewFlagSet("neurite bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workloads := fs.String("workloads", strings.Join(benchWorkloads, ","), "comma-separated workloads to run: sgemm, mlp, linreg, conv, lstm")
	sizes := fs.String("sizes", "", "comma-separated sgemm shapes, MxKxN or N for NxNxN (default 128,512,1024,2048,128x784x512)")
	quick := fs.Bool("quick", false, "short timing for smoke tests; its numbers are not comparable with a full run's")
	contended := fs.Bool("contended", false, "run the mlp workload as the contention scenario: idle and with a busy process on one core, interleaved (see below)")
	fs.Usage = func() { fmt.Fprintln(stderr, benchUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return nil, errUsage
	}
	c := &benchConfig{timing: specTiming, contended: *contended}
	list := *workloads
	if fs.NArg() > 0 {
		list = strings.Join(fs.Args(), ",")
	}
	seen := map[string]bool{}
	for _, w := range strings.Split(list, ",") {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || seen[w] {
			continue
		}
		if !contains(benchWorkloads, w) {
			fmt.Fprintf(stderr, "neurite bench: unknown workload %q (choose from %s)\n", w, strings.Join(benchWorkloads, ", "))
			return nil, errUsage
		}
		seen[w] = true
	}
	for _, w := range benchWorkloads { // the peers' order, whatever the order given
		if seen[w] {
			c.workloads = append(c.workloads, w)
		}
	}
	if len(c.workloads) == 0 {
		fmt.Fprintln(stderr, "neurite bench: no workload given")
		return nil, errUsage
	}
	c.sizes = defaultSGEMMSizes
	if *sizes != "" {
		var err error
		if c.sizes, err = parseSizes(*sizes); err != nil {
			fmt.Fprintf(stderr, "neurite bench: --sizes: %v\n", err)
			return nil, errUsage
		}
	}
	variant := ""
	if *quick {
		c.timing, variant = quickTiming, "-quick"
	}
	c.system = fmt.Sprintf("neurite-%s%s-%dthreads", version, variant, runtime.GOMAXPROCS(0))
	return c, nil
}

// parseSizes reads "128,2048,128x784x512" into M×K×N shapes.
func parseSizes(s string) ([][3]int, error) {
	var out [][3]int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		parts := strings.Split(strings.ToLower(f), "x")
		if len(parts) != 1 && len(parts) != 3 {
			return nil, fmt.Errorf("shape %q is neither N nor MxKxN", f)
		}
		var d [3]int
		for i := range d {
			p := parts[min(i, len(parts)-1)]
			v, err := strconv.Atoi(p)
			if err != nil || v <= 0 {
				return nil, fmt.Errorf("shape %q: %q is not a positive integer", f, p)
			}
			d[i] = v
		}
		out = append(out, d)
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// benchMain runs "neurite bench" and returns its exit status: 2 for a
// bad command line, 1 if a measurement failed.
func benchMain(args []string, stdout, stderr io.Writer) int {
	if isDistributedBench(args) {
		return distBenchMain(args, stdout, stderr) // bench_distributed.go
	}
	switch err := bench(args, stdout, stderr); {
	case err == errUsage:
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "neurite:", err)
		return 1
	}
	return 0
}

// bench runs "neurite bench". Every workload prints its JSON lines (or an
// error line) and the run goes on; the error returned says whether any
// failed.
func bench(args []string, stdout, stderr io.Writer) error {
	c, err := parseBench(args, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "neurite bench: %s, GOMAXPROCS %d, %s\n", c.system, runtime.GOMAXPROCS(0), runtime.Version())
	r := &benchRun{out: stdout, log: stderr, system: c.system, t: c.timing}
	if contains(c.workloads, "sgemm") || contains(c.workloads, "mlp") && !c.contended {
		r.measurePeak()
		r.measureRoundTrip()
	}
	for _, w := range c.workloads {
		switch w {
		case "sgemm":
			for _, s := range c.sizes {
				r.sgemm(s[0], s[1], s[2])
			}
		case "mlp":
			if c.contended {
				r.mlpContended()
			} else {
				r.mlp()
			}
		case "linreg":
			r.linreg()
		case "conv":
			r.conv()
		case "lstm":
			r.lstm() // bench_lstm.go
		}
	}
	if r.failed > 0 {
		return fmt.Errorf("bench: %d measurement(s) failed (see the error lines)", r.failed)
	}
	return nil
}

// benchRun prints the measurements of one bench run.
type benchRun struct {
	out    io.Writer
	log    io.Writer // diagnostics, or nil
	system string
	t      benchTiming
	failed int
	peak   float64 // measured float32 peak in GFLOP/s, or 0 (see measurePeak)
}

// benchLine is one JSON line, with the peer harness's fields in its order
// (shared/bench/gobench/internal/res).
type benchLine struct {
	Workload string `json:"workload"`
	System   string `json:"system"`
	Metric   string `json:"metric"`
	Value    any    `json:"value"`
	Unit     string `json:"unit"`
	// PeakFraction is the measurement's GFLOP/s over the measured peak,
	// on the sgemm and mlp lines when a peak was measured.
	PeakFraction *float64 `json:"peak_fraction,omitempty"`
	Error        string   `json:"error,omitempty"`
}

// emit prints one measurement, rounded as the peers round it.
func (r *benchRun) emit(workload, metric string, v float64, unit string) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.fail(workload, fmt.Errorf("%s is %v", metric, v))
		return
	}
	r.print(benchLine{workload, r.system, metric, roundValue(v), unit, nil, ""})
}

// emitPeakFraction is emit for a measurement worth gflops GFLOP/s, adding
// its fraction of the measured peak when there is one.
func (r *benchRun) emitPeakFraction(workload, metric string, v float64, unit string, gflops float64) {
	if r.peak <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		r.emit(workload, metric, v, unit)
		return
	}
	f := roundFraction(gflops / r.peak)
	r.print(benchLine{workload, r.system, metric, roundValue(v), unit, &f, ""})
}

// roundFraction rounds a fraction of the peak to three decimals, or, below
// 0.1 (a tiny product on a busy machine), to three significant digits, so
// that a small positive fraction never prints as 0.
func roundFraction(f float64) float64 {
	if f >= 0.1 || f <= 0 {
		return math.Round(f*1000) / 1000
	}
	scale := math.Pow(10, 2-math.Floor(math.Log10(f)))
	return math.Round(f*scale) / scale
}

// peakMetric names the peak's metric as the harness does for a thread
// count: gflops_1thread, gflops_2threads.
func peakMetric(threads int) string {
	if threads == 1 {
		return "gflops_1thread"
	}
	return fmt.Sprintf("gflops_%dthreads", threads)
}

// measurePeak measures and prints the float32 peak of this machine (see
// the help's "Fraction of the peak") and keeps it for the peak_fraction
// of later lines. Without SIMD kernels it only says so on the log.
func (r *benchRun) measurePeak() {
	bits := kernels.PeakVectorBits()
	if bits == 0 {
		if r.log != nil {
			fmt.Fprintln(r.log, "neurite bench: no SIMD kernels in this build, no peak measured")
		}
		return
	}
	th := runtime.GOMAXPROCS(0)
	r.peak = kernels.PeakGFLOPS(th, r.t.peakReps, r.t.peakRun)
	r.emit(fmt.Sprintf("peak_fp32_fma%d", bits), peakMetric(th), r.peak, "GFLOP/s")
}

// fail prints the line recording that a measurement could not be made.
func (r *benchRun) fail(workload string, err error) {
	r.failed++
	r.print(benchLine{workload, r.system, "error", nil, "", nil, err.Error()})
}

func (r *benchRun) print(l benchLine) {
	b, _ := json.Marshal(l)
	fmt.Fprintln(r.out, string(b))
}

// guard runs one workload, turning a panic (a tensor shape error, say)
// into its error line.
func (r *benchRun) guard(workload string, fn func() error) {
	defer func() {
		if e := recover(); e != nil {
			r.fail(workload, fmt.Errorf("panic: %v", e))
		}
	}()
	if err := fn(); err != nil {
		r.fail(workload, err)
	}
}

// roundValue rounds as the peers' res.Emit does: one decimal from 100 up,
// three from 1 up, untouched below 1.
func roundValue(v float64) float64 {
	switch {
	case v >= 100:
		return float64(int64(v*10+0.5)) / 10
	case v >= 1:
		return float64(int64(v*1000+0.5)) / 1000
	}
	return v
}

// median of xs (sorted in place).
func median(xs []float64) float64 {
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// secondsPerCall is the peers' res.SecondsPerCall: one warm-up call, then
// a call count n calibrated so that n calls last about minBatch, then the
// median over reps batches of n calls of the seconds per call.
func secondsPerCall(fn func() error, reps int, minBatch time.Duration) (float64, error) {
	if err := fn(); err != nil { // warm-up
		return 0, err
	}
	n := 1
	for {
		t0 := time.Now()
		for i := 0; i < n; i++ {
			if err := fn(); err != nil {
				return 0, err
			}
		}
		if d := time.Since(t0); d >= minBatch/4 {
			n = int(float64(n)*float64(minBatch)/float64(d)) + 1
			break
		}
		n *= 4
	}
	v := make([]float64, reps)
	for k := range v {
		t0 := time.Now()
		for i := 0; i < n; i++ {
			if err := fn(); err != nil {
				return 0, err
			}
		}
		v[k] = time.Since(t0).Seconds() / float64(n)
	}
	return median(v), nil
}

// sgemm times C = A·B (M×K by K×N) with tensor.MatMulInto into a
// preallocated C; A and B are standard normal from a fixed seed.
func (r *benchRun) sgemm(m, k, n int) {
	wl := fmt.Sprintf("sgemm_%dx%dx%d", m, k, n)
	r.guard(wl, func() error {
		rng := tensor.NewRNG(42)
		a := rng.Normal(tensor.Float32, 0, 1, m, k)
		b := rng.Normal(tensor.Float32, 0, 1, k, n)
		c := tensor.New(tensor.Float32, m, n)
		sec, err := secondsPerCall(func() error { tensor.MatMulInto(c, a, b); return nil }, r.t.sgemmReps, r.t.sgemmBatch)
		if err != nil {
			return err
		}
		g := 2 * float64(m) * float64(n) * float64(k) / sec / 1e9
		r.emitPeakFraction(wl, "gflops", g, "GFLOP/s", g)
		return nil
	})
}

// mlp is mlp_784-512-256-10_b128: Dense(784→512)+ReLU, Dense(512→256)+ReLU,
// Dense(256→10) logits (Glorot-uniform kernels and zero biases, Keras's
// defaults), sparse softmax crossentropy from logits, Adam with Keras's
// defaults; 8 batches of 128 cycled, one TrainOnBatch per step (which
// returns the loss as a Go value). 5 warm-up steps, then the median over 3
// repetitions of 50 steps (each stopped after 6 s) of samples per second.
func (r *benchRun) mlp() {
	r.guard(mlpWorkload, func() error {
		m, xs, ys, err := newBenchMLP()
		if err != nil {
			return err
		}
		return r.throughput(mlpWorkload, m, xs, ys, mlpBatch, r.t.mlpWarm, r.t.mlpReps, r.t.mlpSteps, r.t.mlpCap)
	})
}

// The MLP workload's name and batch size.
const (
	mlpWorkload = "mlp_784-512-256-10_b128"
	mlpBatch    = 128
)

// newBenchMLP builds and compiles the MLP of the mlp workload and its 8
// batches of data.
func newBenchMLP() (*models.Sequential, []*tensor.Tensor, []*tensor.Tensor, error) {
	const nb = 8
	rng := tensor.NewRNG(42)
	xs := make([]*tensor.Tensor, nb)
	ys := make([]*tensor.Tensor, nb)
	for i := range xs {
		xs[i] = rng.Normal(tensor.Float32, 0, 1, mlpBatch, 784)
		ys[i] = rng.Integers(0, 10, mlpBatch)
	}
	m, err := models.NewSequential(
		&layers.Dense{Units: 512, Activation: "relu", InputShape: []int{784}},
		&layers.Dense{Units: 256, Activation: "relu"},
		&layers.Dense{Units: 10},
	)
	if err != nil {
		return nil, nil, nil, err
	}
	m.Seed = 42
	if err := m.Compile(&optimizers.Adam{}, losses.SparseCategoricalCrossentropy{FromLogits: true}); err != nil {
		return nil, nil, nil, err
	}
	return m, xs, ys, nil
}

// throughput runs the warm-up steps and the timed repetitions of a
// samples_per_sec workload and emits the median.
func (r *benchRun) throughput(wl string, m *models.Sequential, xs, ys []*tensor.Tensor, batch, warm, reps, steps int, limit time.Duration) error {
	nb := len(xs)
	for i := 0; i < warm; i++ {
		if _, err := m.TrainOnBatch(xs[i%nb], ys[i%nb]); err != nil {
			return err
		}
	}
	v := make([]float64, reps)
	var loss float64
	for rep := range v {
		t0 := time.Now()
		k := 0
		for k < steps {
			out, err := m.TrainOnBatch(xs[k%nb], ys[k%nb])
			if err != nil {
				return err
			}
			loss = out[0]
			k++
			if time.Since(t0) > limit {
				break
			}
		}
		v[rep] = float64(k*batch) / time.Since(t0).Seconds()
	}
	if math.IsNaN(loss) {
		return errors.New("loss is NaN")
	}
	sps := median(v)
	if flop, ok := flopPerSample[wl]; ok {
		r.emitPeakFraction(wl, "samples_per_sec", sps, "samples/s", sps*flop/1e9)
	} else {
		r.emit(wl, "samples_per_sec", sps, "samples/s")
	}
	return nil
}

// flopPerSample is the matmul work of one training sample of the
// samples_per_sec workloads whose lines carry a peak_fraction, counted as
// the peer harness's summary counts it. The MLP's: the forward and
// weight-gradient products of its three layers and the input-gradient
// products of the last two (the first layer's input needs no gradient),
// 2·(784·512 + 512·256 + 256·10)·2 + 2·(512·256 + 256·10) = 2,407,424.
var flopPerSample = map[string]float64{
	mlpWorkload: 2*(784*512+512*256+256*10)*2 + 2*(512*256+256*10),
}

// linreg is linreg_13-1_b32: Dense(13→1), mean squared error, Adam; 8
// batches of 32 (x, y standard normal) cycled, one TrainOnBatch per step.
// 20 warm-up steps, then the median over 5 calibrated batches of steps
// (each lasting about 0.3 s) of µs per step.
func (r *benchRun) linreg() {
	const wl, batch, nb = "linreg_13-1_b32", 32, 8
	r.guard(wl, func() error {
		rng := tensor.NewRNG(7)
		xs := make([]*tensor.Tensor, nb)
		ys := make([]*tensor.Tensor, nb)
		for i := range xs {
			xs[i] = rng.Normal(tensor.Float32, 0, 1, batch, 13)
			ys[i] = rng.Normal(tensor.Float32, 0, 1, batch, 1)
		}
		m, err := models.NewSequential(&layers.Dense{Units: 1, InputShape: []int{13}})
		if err != nil {
			return err
		}
		m.Seed = 7
		if err := m.Compile(&optimizers.Adam{}, losses.MeanSquaredError{}); err != nil {
			return err
		}
		i := 0
		var loss float64
		step := func() error {
			out, err := m.TrainOnBatch(xs[i%nb], ys[i%nb])
			if err != nil {
				return err
			}
			loss = out[0]
			i++
			return nil
		}
		for i < r.t.linWarm {
			if err := step(); err != nil {
				return err
			}
		}
		sec, err := secondsPerCall(step, r.t.linReps, r.t.linBatch)
		if err != nil {
			return err
		}
		if math.IsNaN(loss) {
			return errors.New("loss is NaN")
		}
		r.emit(wl, "us_per_step", sec*1e6, "us")
		return nil
	})
}
