package main

import (
	"os/exec"
	"strings"
	"testing"
)

func TestBenchContended(t *testing.T) {
	lines := benchLines(t, "--quick", "--contended", "mlp")
	want := []struct{ metric, unit string }{
		{"samples_per_sec", "samples/s"},
		{"samples_per_sec_idle", "samples/s"},
		{"contended_idle_ratio", "x"},
		{"cpu_us_per_sample_idle", "us"},
		{"cpu_us_per_sample_contended", "us"},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d: %v", len(lines), len(want), lines)
	}
	for i, w := range want {
		checkLine(t, lines[i], "mlp_784-512-256-10_b128_contended", w.metric, w.unit)
	}
}

// The spinner runs until it is stopped, and stop leaves no process
// behind.
func TestSpinnerStops(t *testing.T) {
	sp, err := startSpinner()
	if err != nil {
		t.Fatal(err)
	}
	pid := sp.cmd.Process.Pid
	sp.stop()
	if sp.cmd.ProcessState == nil || !sp.cmd.ProcessState.Exited() && !strings.Contains(sp.cmd.ProcessState.String(), "killed") {
		t.Fatalf("spinner %d still running: %v", pid, sp.cmd.ProcessState)
	}
	if _, err := exec.LookPath("taskset"); err == nil && !strings.Contains(strings.Join(sp.cmd.Args, " "), "-c") {
		t.Fatalf("taskset is installed but the spinner was not pinned: %v", sp.cmd.Args)
	}
}

func TestParseBenchContended(t *testing.T) {
	var sink strings.Builder
	c, err := parseBench([]string{"--contended", "mlp"}, &sink)
	if err != nil || !c.contended {
		t.Fatalf("--contended not parsed: %+v, %v", c, err)
	}
	c, err = parseBench([]string{"mlp"}, &sink)
	if err != nil || c.contended {
		t.Fatalf("contended without the flag: %+v, %v", c, err)
	}
}
