package main

import (
	"io"
	"math"
	"os"
	"strings"
	"testing"
)

func TestParseDistBench(t *testing.T) {
	c, err := parseDistBench([]string{"--distributed", "--np", "3", "--model", "convnet", "--allreduce"}, io.Discard)
	if err != nil || c.np != 3 || c.model != "convnet" || !c.allreduce || c.rounds != 5 || c.steps != 30 || c.scaling != "strong" {
		t.Fatalf("got %+v, %v", c, err)
	}
	if c, err := parseDistBench([]string{"--distributed", "--scaling", "weak"}, io.Discard); err != nil || c.scaling != "weak" {
		t.Fatalf("--scaling weak: got %+v, %v", c, err)
	}
	for _, bad := range [][]string{{"--distributed", "--np", "0"}, {"--distributed", "--model", "lstm"}, {"--distributed", "extra"},
		{"--distributed", "--scaling", "linear"}} {
		if _, err := parseDistBench(bad, io.Discard); err != errUsage {
			t.Errorf("%q: got %v, want errUsage", bad, err)
		}
	}
	if !isDistributedBench([]string{"--quick", "--distributed"}) || isDistributedBench([]string{"mlp"}) {
		t.Error("isDistributedBench")
	}
}

// The efficiency compares samples per second: 2 ranks taking 1.25 ms
// for a shared batch that one rank takes 2 ms for are 80% efficient; 2
// ranks taking 2.5 ms for a batch each, as well.
func TestDistBenchEfficiency(t *testing.T) {
	alone := distBenchLine{Ranks: 1, WallMSPerStep: 2, CPUMSPerStep: 2}
	for _, c := range []struct {
		scaling string
		job     distBenchLine
	}{
		{"strong", distBenchLine{Ranks: 2, WallMSPerStep: 1.25, CPUMSPerStep: 1.25}},
		{"weak", distBenchLine{Ranks: 2, WallMSPerStep: 2.5, CPUMSPerStep: 2.5}},
	} {
		wall, cpu := (&distBenchConfig{np: 2, scaling: c.scaling}).efficiency(alone, c.job)
		if math.Abs(wall-0.8) > 1e-12 || math.Abs(cpu-0.8) > 1e-12 {
			t.Errorf("%s: efficiency %v, %v; want 0.8", c.scaling, wall, cpu)
		}
	}
}

// Outside mpirun the worker mode refuses to run.
func TestDistBenchWorkerNeedsMPIRun(t *testing.T) {
	for _, v := range []string{"OMPI_COMM_WORLD_SIZE", "PMIX_RANK"} {
		t.Setenv(v, "") // restored afterwards
		os.Unsetenv(v)
	}
	var stderr strings.Builder
	if code := run([]string{"bench", "--distributed", "--worker"}, io.Discard, &stderr); code != 1 || !strings.Contains(stderr.String(), "under mpirun only") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

// One step of the benchmark's models runs alone, and its timing is positive.
func TestDistBenchTimesSteps(t *testing.T) {
	for _, name := range []string{"mlp", "convnet"} {
		m, err := distBenchModel(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		l, err := timeSteps(m, &distBenchConfig{steps: 1, model: name}, nil)
		if err != nil || l.Ranks != 1 || l.WallMSPerStep <= 0 {
			t.Fatalf("%s: %+v, %v", name, l, err)
		}
	}
}
