package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// contendedUsage documents --contended in the help of "neurite bench".
const contendedUsage = `Contention (--contended): the mlp workload runs as the contention
scenario instead. A second process, this program started again as a
spinner, busies one core (pinned with "taskset -c LASTCPU" when taskset is
installed, unpinned otherwise) while the MLP trains. Repetitions of 200
steps alternate between idle (no spinner, starting 0.6 s after the last
spinner stopped, past the pool's longest back-off) and contended (spinner
running), 4 of each after warm-up; the pool needs 0.1-0.2 s to notice
contention, so long repetitions measure the steady state. It prints, for
workload mlp_784-512-256-10_b128_contended: samples_per_sec (contended,
median), samples_per_sec_idle (median), contended_idle_ratio (the median
of the ratios of each contended repetition to the idle one before it),
and cpu_us_per_sample_idle and cpu_us_per_sample_contended (CPU time of
this process, spinner excluded, per sample: where other work shares the
machine, wall-clock rates are noisy and CPU time shows what spinning
cost). The target on a 2-core machine is a ratio of at least 0.6.`

// spinnerEnv, set in the environment of a child of this program, makes it
// a spinner: it busies one thread until its parent exits or kills it.
const spinnerEnv = "NEURITE_BENCH_SPINNER"

// contendedPairs is how many idle and contended repetitions
// mlpContended alternates, and contendedSteps the steps of each; quick
// runs use 2 pairs of the quick timing's steps.
const (
	contendedPairs = 4
	contendedSteps = 200
)

// settleIdle is how long the idle repetitions wait after a spinner
// stopped: longer than the pool's longest back-off (500 ms), so that they
// measure the idle machine's speed.
const settleIdle = 600 * time.Millisecond

func init() {
	if os.Getenv(spinnerEnv) != "" {
		runSpinner()
	}
}

// runSpinner spins on one thread forever, exiting when its parent is
// gone. It first writes one line to stdout, to say it is running.
func runSpinner() {
	runtime.GOMAXPROCS(1)
	parent := os.Getppid()
	fmt.Println("spinning")
	x := uint64(1)
	for i := 0; ; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		if i%(1<<22) == 0 && os.Getppid() != parent {
			spinSink = x
			os.Exit(0) // the parent died: stop
		}
	}
}

// spinSink keeps the spinner's arithmetic alive.
var spinSink uint64

// spinner is a running spinner process.
type spinner struct{ cmd *exec.Cmd }

// startSpinner starts a spinner, pinned to the last CPU with taskset if
// taskset is installed, and returns once it runs.
func startSpinner() (*spinner, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var cmd *exec.Cmd
	if ts, err := exec.LookPath("taskset"); err == nil && runtime.NumCPU() > 1 {
		cmd = exec.Command(ts, "-c", strconv.Itoa(runtime.NumCPU()-1), exe)
	} else {
		cmd = exec.Command(exe)
	}
	cmd.Env = append(os.Environ(), spinnerEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("the spinner did not start: %v", err)
	}
	return &spinner{cmd}, nil
}

// stop kills the spinner and waits for it.
func (s *spinner) stop() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// mlpContended runs the contention scenario (see contendedUsage).
func (r *benchRun) mlpContended() {
	wl := mlpWorkload + "_contended"
	r.guard(wl, func() error {
		m, xs, ys, err := newBenchMLP()
		if err != nil {
			return err
		}
		pairs, steps := contendedPairs, contendedSteps
		if r.t.mlpSteps < 50 {
			pairs, steps = 2, r.t.mlpSteps // --quick
		}
		for i := 0; i < r.t.mlpWarm; i++ {
			if _, err := m.TrainOnBatch(xs[i%len(xs)], ys[i%len(ys)]); err != nil {
				return err
			}
		}
		var idle, cont, ratio, idleCPU, contCPU []float64
		var idleStats, contStats parallel.Stats
		for p := 0; p < pairs; p++ {
			if p > 0 {
				time.Sleep(settleIdle)
			}
			s0 := parallel.ReadStats()
			rate, cpu, err := r.timeSteps(m, xs, ys, steps)
			if err != nil {
				return err
			}
			idle, idleCPU = append(idle, rate), append(idleCPU, cpu)
			sp, err := startSpinner()
			if err != nil {
				return err
			}
			s1 := parallel.ReadStats()
			rate, cpu, err = r.timeSteps(m, xs, ys, steps)
			s2 := parallel.ReadStats()
			sp.stop()
			if err != nil {
				return err
			}
			idleStats, contStats = addStats(idleStats, s0, s1), addStats(contStats, s1, s2)
			cont, contCPU = append(cont, rate), append(contCPU, cpu)
			ratio = append(ratio, rate/idle[p])
		}
		if r.log != nil {
			fmt.Fprintf(r.log, "neurite bench: pool governor, idle repetitions: %+v; contended: %+v\n", idleStats, contStats)
		}
		r.emit(wl, "samples_per_sec", median(cont), "samples/s")
		r.emit(wl, "samples_per_sec_idle", median(idle), "samples/s")
		r.emit(wl, "contended_idle_ratio", median(ratio), "x")
		if !math.IsNaN(idleCPU[0]) {
			r.emit(wl, "cpu_us_per_sample_idle", median(idleCPU), "us")
			r.emit(wl, "cpu_us_per_sample_contended", median(contCPU), "us")
		}
		return nil
	})
}

// addStats returns acc plus the counts from a to b.
func addStats(acc, a, b parallel.Stats) parallel.Stats {
	acc.Stalls += b.Stalls - a.Stalls
	acc.Narrowed += b.Narrowed - a.Narrowed
	acc.Probes += b.Probes - a.Probes
	acc.Deferred += b.Deferred - a.Deferred
	return acc
}

// timeSteps runs one repetition of steps training steps (stopped after
// mlpCap) and returns its samples per second and the
// process's CPU time per sample in µs (NaN where it cannot be read).
func (r *benchRun) timeSteps(m *models.Sequential, xs, ys []*tensor.Tensor, steps int) (rate, cpuPerSample float64, err error) {
	c0, ok0 := processCPU()
	t0 := time.Now()
	k := 0
	for k < steps {
		out, err := m.TrainOnBatch(xs[k%len(xs)], ys[k%len(ys)])
		if err != nil {
			return 0, 0, err
		}
		if math.IsNaN(out[0]) {
			return 0, 0, errors.New("loss is NaN")
		}
		k++
		if time.Since(t0) > r.t.mlpCap {
			break
		}
	}
	sec := time.Since(t0).Seconds()
	samples := float64(k * mlpBatch)
	c1, ok1 := processCPU()
	if !ok0 || !ok1 {
		return samples / sec, math.NaN(), nil
	}
	return samples / sec, (c1 - c0).Seconds() * 1e6 / samples, nil
}
