package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// distBenchUsage is the help text of "neurite bench --distributed".
const distBenchUsage = `Usage: neurite bench --distributed [flags]

Measures the scaling of data-parallel training over MPI: the Fit steps of
the 784-512-256-10 MLP (or --model convnet: Keras's MNIST convnet) on N ranks
of 1 thread each (mpirun -np N, GOMAXPROCS=1) against 1 rank of 1 thread
(this process, GOMAXPROCS=1, no MPI) at a batch of 128. With --scaling
strong (the default) the N ranks share a global batch of 128; with
--scaling weak each rank takes 128 samples (a global batch of 128·N), as
Horovod's and PyTorch DDP's published scaling figures do. Each round times
the one-rank steps, then starts one mpirun job; the efficiency of a round is
the N ranks' samples per second over N times one rank's: T1 / (N · TN)
(strong) or T1 / TN (weak) for the wall time per step T. It prints one JSON line
per round and one summary line with the median and range of the
efficiencies, and the CPU time per step (user+system, of rank 0 for the N
ranks; a rank waiting in a collective polls, so it counts as busy).

mpirun must be on PATH (and libmpi, from openmpi-bin, loadable).

Flags:`

// distBenchConfig holds the flags of "neurite bench --distributed".
type distBenchConfig struct {
	np, rounds, steps int
	model             string
	scaling           string // "strong": global batch 128; "weak": 128 per rank
	allreduce, worker bool
	mpirunArgs        string
}

// distBenchLine is one measurement: of one rank alone, or of rank 0 of an
// N-rank job (the worker's line on stdout).
type distBenchLine struct {
	Ranks         int     `json:"ranks"`
	WallMSPerStep float64 `json:"wall_ms_per_step"`
	CPUMSPerStep  float64 `json:"cpu_ms_per_step"`
}

// isDistributedBench reports whether the bench command line asks for the
// distributed benchmark.
func isDistributedBench(args []string) bool {
	return slices.Contains(args, "--distributed") || slices.Contains(args, "-distributed")
}

// parseDistBench reads the flags of "neurite bench --distributed".
func parseDistBench(args []string, stderr io.Writer) (*distBenchConfig, error) {
	c := &distBenchConfig{}
	fs := flag.NewFlagSet("neurite bench --distributed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("distributed", true, "run this benchmark")
	fs.IntVar(&c.np, "np", 2, "number of ranks")
	fs.IntVar(&c.rounds, "rounds", 5, "rounds (one-rank timing, then one mpirun job)")
	fs.IntVar(&c.steps, "steps", 30, "timed steps per round, after 5 untimed ones")
	fs.StringVar(&c.model, "model", "mlp", "mlp (784-512-256-10) or convnet (Keras's MNIST convnet)")
	fs.StringVar(&c.scaling, "scaling", "strong", "strong (global batch 128, split over the ranks) or weak (batch 128 per rank, global 128·N, as Horovod's and DDP's scaling figures)")
	fs.BoolVar(&c.allreduce, "allreduce", false, "sum gradients with MPI_Allreduce instead of the default distribute.SumScatterGather (a shared-memory window within a host, a ring between hosts)")
	fs.StringVar(&c.mpirunArgs, "mpirun-args", "", "more mpirun arguments, such as \"--allow-run-as-root --oversubscribe --mca btl tcp,self\"")
	fs.BoolVar(&c.worker, "worker", false, "internal: the work of one rank under mpirun")
	fs.Usage = func() { fmt.Fprintln(stderr, distBenchUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return nil, errUsage
	}
	if fs.NArg() > 0 || c.np < 1 || c.rounds < 1 || c.steps < 1 || (c.model != "mlp" && c.model != "convnet") ||
		(c.scaling != "strong" && c.scaling != "weak") {
		fs.Usage()
		return nil, errUsage
	}
	return c, nil
}

// distBenchMain runs "neurite bench --distributed" and returns the exit
// status.
func distBenchMain(args []string, stdout, stderr io.Writer) int {
	c, err := parseDistBench(args, stderr)
	if err == nil && c.worker {
		err = distBenchWorker(c, stdout)
	} else if err == nil {
		err = distBenchRun(c, stdout, stderr)
	}
	switch {
	case err == errUsage:
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "neurite:", err)
		return 1
	}
	return 0
}

// distBenchRun alternates one-rank timings and N-rank jobs and prints the
// efficiencies.
func distBenchRun(c *distBenchConfig, stdout, stderr io.Writer) error {
	runtime.GOMAXPROCS(1)
	enc := json.NewEncoder(stdout)
	var effs, cpuEffs []float64
	var one, many []distBenchLine
	for round := range c.rounds {
		m, err := distBenchModel(c.model, nil)
		if err != nil {
			return err
		}
		alone, err := timeSteps(m, c, nil)
		if err != nil {
			return err
		}
		job, err := runWorkers(c, stderr)
		if err != nil {
			return err
		}
		eff, cpuEff := c.efficiency(alone, job)
		effs, cpuEffs = append(effs, eff), append(cpuEffs, cpuEff)
		one, many = append(one, alone), append(many, job)
		if err := enc.Encode(map[string]any{"round": round, "model": c.model, "one_rank": alone, "n_ranks": job,
			"efficiency": roundValue(eff), "cpu_efficiency": roundValue(cpuEff)}); err != nil {
			return err
		}
	}
	wall := func(ls []distBenchLine) []float64 {
		return mapLines(ls, func(l distBenchLine) float64 { return l.WallMSPerStep })
	}
	cpu := func(ls []distBenchLine) []float64 {
		return mapLines(ls, func(l distBenchLine) float64 { return l.CPUMSPerStep })
	}
	return enc.Encode(map[string]any{
		"summary": true, "model": c.model, "ranks": c.np, "scaling": c.scaling, "rounds": c.rounds, "steps": c.steps, "allreduce": c.allreduce,
		"efficiency_median": roundValue(median(effs)), "efficiency_range": spread(effs),
		"cpu_efficiency_median":   roundValue(median(cpuEffs)),
		"one_rank_wall_ms_median": roundValue(median(wall(one))), "one_rank_wall_ms_range": spread(wall(one)),
		"n_ranks_wall_ms_median": roundValue(median(wall(many))), "n_ranks_wall_ms_range": spread(wall(many)),
		"one_rank_cpu_ms_median": roundValue(median(cpu(one))), "n_ranks_cpu_ms_median": roundValue(median(cpu(many))),
	})
}

// efficiency returns the scaling efficiency of the N-rank job against
// one rank, of wall time and of CPU time: the job's samples per second
// over N times one rank's. With strong scaling both run the same global
// batch, so that is T1 / (N · TN); with weak scaling each of the N ranks
// runs one rank's batch, so it is T1 / TN.
func (c *distBenchConfig) efficiency(alone, job distBenchLine) (wall, cpu float64) {
	share := float64(c.np)
	if c.scaling == "weak" {
		share = 1
	}
	return alone.WallMSPerStep / (share * job.WallMSPerStep), alone.CPUMSPerStep / (share * job.CPUMSPerStep)
}

// mapLines returns f of every line.
func mapLines(ls []distBenchLine, f func(distBenchLine) float64) []float64 {
	out := make([]float64, len(ls))
	for i, l := range ls {
		out[i] = f(l)
	}
	return out
}

// spread is the least and largest of xs, rounded.
func spread(xs []float64) [2]float64 {
	return [2]float64{roundValue(slices.Min(xs)), roundValue(slices.Max(xs))}
}

// runWorkers starts one mpirun job of c.np ranks running this executable's
// worker mode and returns rank 0's line.
func runWorkers(c *distBenchConfig, stderr io.Writer) (distBenchLine, error) {
	self, err := os.Executable()
	if err != nil {
		return distBenchLine{}, err
	}
	args := append(strings.Fields(c.mpirunArgs), "-np", strconv.Itoa(c.np), "-x", "GOMAXPROCS=1",
		self, "bench", "--distributed", "--worker", "--model", c.model, "--steps", strconv.Itoa(c.steps), "--scaling", c.scaling,
		"--allreduce="+strconv.FormatBool(c.allreduce))
	cmd := exec.Command("mpirun", args...)
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		return distBenchLine{}, fmt.Errorf("mpirun %s: %w", strings.Join(args, " "), err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		var l distBenchLine
		if json.Unmarshal(sc.Bytes(), &l) == nil && l.Ranks == c.np {
			return l, nil
		}
	}
	return distBenchLine{}, fmt.Errorf("mpirun's output has no measurement of %d ranks:\n%s", c.np, out)
}

// distBenchWorker is one rank of the N-rank job: it times the steps and
// rank 0 prints the line.
func distBenchWorker(c *distBenchConfig, stdout io.Writer) error {
	dist, done, err := distributor()
	if err != nil {
		return err
	}
	defer done()
	if dist == nil {
		return errors.New("bench --distributed --worker runs under mpirun only")
	}
	if u, ok := dist.(interface{ UseAllreduce(bool) }); ok {
		u.UseAllreduce(c.allreduce)
	}
	m, err := distBenchModel(c.model, dist)
	if err != nil {
		return err
	}
	l, err := timeSteps(m, c, dist)
	if err != nil {
		return err
	}
	if dist.Rank() == 0 {
		return json.NewEncoder(stdout).Encode(l)
	}
	return nil
}

// timeSteps runs 5 untimed steps, then c.steps timed ones, on random
// data made before the timing starts: of global batch 128, or with weak
// scaling of 128 per rank.
func timeSteps(m *models.Sequential, c *distBenchConfig, dist models.Distributor) (distBenchLine, error) {
	batch := 128
	if c.scaling == "weak" && dist != nil {
		batch *= dist.Size()
	}
	shape := []int{784}
	if c.model == "convnet" {
		shape = []int{28, 28, 1}
	}
	rng := tensor.NewRNG(42)
	data := func(steps int) (*tensor.Tensor, *tensor.Tensor) {
		return rng.Normal(tensor.Float32, 0, 1, append([]int{steps * batch}, shape...)...), rng.Integers(0, 10, steps*batch)
	}
	fit := func(x, y *tensor.Tensor) error {
		_, err := m.Fit(x, y, models.FitOptions{Epochs: 1, BatchSize: batch, NoShuffle: true, Verbose: models.Silent})
		return err
	}
	if err := fit(data(5)); err != nil {
		return distBenchLine{}, err
	}
	x, y := data(c.steps)
	if dist != nil { // start the timing together
		if err := dist.SumFloat64s([]float64{0}); err != nil {
			return distBenchLine{}, err
		}
	}
	cpu0, t0 := cpuTime(), time.Now()
	if err := fit(x, y); err != nil {
		return distBenchLine{}, err
	}
	wall, cpu := time.Since(t0), cpuTime()-cpu0
	ranks := 1
	if dist != nil {
		ranks = dist.Size()
	}
	perStep := func(d time.Duration) float64 { return roundValue(d.Seconds() * 1000 / float64(c.steps)) }
	return distBenchLine{Ranks: ranks, WallMSPerStep: perStep(wall), CPUMSPerStep: perStep(cpu)}, nil
}

// cpuTime is the user and system CPU time of this process so far, or 0
// where it cannot be read (see processCPU).
func cpuTime() time.Duration {
	d, _ := processCPU()
	return d
}

// distBenchModel is the benchmark's model, compiled with Adam for d's
// ranks (nil: one process).
func distBenchModel(name string, d models.Distributor) (*models.Sequential, error) {
	ls := []layers.Layer{
		&layers.Dense{Units: 512, Activation: "relu", InputShape: []int{784}},
		&layers.Dense{Units: 256, Activation: "relu"},
		&layers.Dense{Units: 10},
	}
	if name == "convnet" {
		ls = []layers.Layer{
			&layers.Conv2D{Filters: 32, KernelSize: [2]int{3, 3}, Activation: "relu", InputShape: []int{28, 28, 1}},
			&layers.MaxPooling2D{},
			&layers.Conv2D{Filters: 64, KernelSize: [2]int{3, 3}, Activation: "relu"},
			&layers.MaxPooling2D{},
			&layers.Flatten{},
			&layers.Dropout{Rate: 0.5},
			&layers.Dense{Units: 10},
		}
	}
	m, err := models.NewSequential(ls...)
	if err != nil {
		return nil, err
	}
	m.Seed = 42
	err = m.CompileWith(models.CompileConfig{Optimizer: &optimizers.Adam{},
		Loss: losses.SparseCategoricalCrossentropy{FromLogits: true}, Distributor: d})
	return m, err
}
