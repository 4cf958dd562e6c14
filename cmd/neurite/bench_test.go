package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// benchLines runs "neurite bench" with args and decodes its stdout, one
// JSON object per line, checking that each has exactly the peer harness's
// fields, in its order.
func benchLines(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"bench"}, args...), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut.String(), out.String())
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(l, `{"workload":"`) || !regexp.MustCompile(`^\{"workload":.*,"system":.*,"metric":.*,"value":.*,"unit":"[^"]*"\}$`).MatchString(l) {
			t.Fatalf("line is not in the harness's field order: %s", l)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line is not JSON: %v: %s", err, l)
		}
		if len(m) != 5 {
			t.Fatalf("line has fields other than workload, system, metric, value, unit: %s", l)
		}
		lines = append(lines, m)
	}
	return lines
}

// checkLine checks one measurement's strings and that its value is a
// positive number.
func checkLine(t *testing.T, got map[string]any, workload, metric, unit string) {
	t.Helper()
	system := fmt.Sprintf("neurite-%s-quick-%dthreads", version, runtime.GOMAXPROCS(0))
	if got["workload"] != workload || got["system"] != system || got["metric"] != metric || got["unit"] != unit {
		t.Fatalf("got %v, want workload %s, system %s, metric %s, unit %s", got, workload, system, metric, unit)
	}
	if v, ok := got["value"].(float64); !ok || !(v > 0) {
		t.Fatalf("value %v is not a positive number", got["value"])
	}
}

func TestBenchLinreg(t *testing.T) {
	lines := benchLines(t, "--quick", "--workloads", "linreg")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %v", len(lines), lines)
	}
	checkLine(t, lines[0], "linreg_13-1_b32", "us_per_step", "us")
}

func TestBenchSGEMM(t *testing.T) {
	lines := benchLines(t, "--quick", "--workloads", "sgemm", "--sizes", "128,16x32x8")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2: %v", len(lines), lines)
	}
	checkLine(t, lines[0], "sgemm_128x128x128", "gflops", "GFLOP/s")
	checkLine(t, lines[1], "sgemm_16x32x8", "gflops", "GFLOP/s")
}

// Workloads may be given as arguments, as to the peer programs; they run
// in the peers' order.
func TestBenchWorkloadArguments(t *testing.T) {
	lines := benchLines(t, "--quick", "--sizes", "8", "linreg", "sgemm")
	if len(lines) != 2 || lines[0]["workload"] != "sgemm_8x8x8" || lines[1]["workload"] != "linreg_13-1_b32" {
		t.Fatalf("got %v", lines)
	}
}

func TestBenchBadCommandLines(t *testing.T) {
	for _, args := range [][]string{
		{"--workloads", "resnet"},
		{"--workloads", ","},
		{"--sizes", "12x3"},
		{"--sizes", "0"},
		{"--sizes", "a"},
		{"--nope"},
	} {
		var out, errOut bytes.Buffer
		if code := run(append([]string{"bench"}, args...), &out, &errOut); code != 2 || out.Len() != 0 || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, nothing, a message", args, code, out.String(), errOut.String())
		}
	}
}

// A measurement that fails prints the harness's error line and the run
// goes on.
func TestBenchErrorLine(t *testing.T) {
	var out bytes.Buffer
	r := &benchRun{out: &out, system: "neurite-test-2threads", t: quickTiming}
	r.guard("sgemm_1x1x1", func() error { panic("boom") })
	r.emit("linreg_13-1_b32", "us_per_step", 12.34567, "us")
	want := `{"workload":"sgemm_1x1x1","system":"neurite-test-2threads","metric":"error","value":null,"unit":"","error":"panic: boom"}
{"workload":"linreg_13-1_b32","system":"neurite-test-2threads","metric":"us_per_step","value":12.346,"unit":"us"}
`
	if out.String() != want || r.failed != 1 {
		t.Fatalf("got\n%s(failed %d), want\n%s", out.String(), r.failed, want)
	}
}
