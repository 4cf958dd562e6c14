package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/tensor"
)

// benchLines runs "neurite bench" with args and decodes its stdout, one
// JSON object per line, checking that each has exactly the peer harness's
// fields, in its order, and at most a peak_fraction after them.
func benchLines(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"bench"}, args...), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut.String(), out.String())
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(l, `{"workload":"`) || !regexp.MustCompile(`^\{"workload":.*,"system":.*,"metric":.*,"value":.*,"unit":"[^"]*"(,"peak_fraction":[0-9.e+-]+)?\}$`).MatchString(l) {
			t.Fatalf("line is not in the harness's field order: %s", l)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line is not JSON: %v: %s", err, l)
		}
		if _, ok := m["peak_fraction"]; len(m) != 5 && !(len(m) == 6 && ok) {
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

func TestBenchConv(t *testing.T) {
	lines := benchLines(t, "--quick", "--workloads", "conv")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %v", len(lines), lines)
	}
	checkLine(t, lines[0], "conv_mnistcnn_b128", "samples_per_sec", "samples/s")
}

// The conv workload's model is the README's: Keras's simple convnet
// without Dropout, 34,826 parameters, logits of 10 classes.
func TestBenchConvModel(t *testing.T) {
	m, xs, ys, err := convBenchSetup()
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 8 || len(ys) != 8 || !xs[0].Shape().Equal(tensor.Shape{128, 28, 28, 1}) || !ys[7].Shape().Equal(tensor.Shape{128}) {
		t.Fatalf("data: %d batches of %v and %v", len(xs), xs[0].Shape(), ys[7].Shape())
	}
	var sum bytes.Buffer
	if err := m.Summary(&sum); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(None, 26, 26, 32)", "(None, 13, 13, 32)", "(None, 11, 11, 64)", "(None, 5, 5, 64)", "(None, 1600)", "(None, 10)", "Total params: 34,826"} {
		if !strings.Contains(sum.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, sum.String())
		}
	}
	if strings.Contains(sum.String(), "Dropout") {
		t.Errorf("the workload's model has no Dropout:\n%s", sum.String())
	}
}

// TestBenchSGEMM checks the sgemm lines and, where the build has SIMD
// kernels, the peak line before them and the sgemm lines' fraction of it.
func TestBenchSGEMM(t *testing.T) {
	lines := benchLines(t, "--quick", "--workloads", "sgemm", "--sizes", "128,16x32x8")
	lines = checkPeakLine(t, lines)
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2: %v", len(lines), lines)
	}
	checkLine(t, lines[0], "sgemm_128x128x128", "gflops", "GFLOP/s")
	checkLine(t, lines[1], "sgemm_16x32x8", "gflops", "GFLOP/s")
	for _, l := range lines {
		checkPeakFraction(t, l, l["value"].(float64))
	}
}

// TestBenchMLP checks the mlp line and its fraction of the peak.
func TestBenchMLP(t *testing.T) {
	lines := checkPeakLine(t, benchLines(t, "--quick", "mlp"))
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %v", len(lines), lines)
	}
	checkLine(t, lines[0], mlpWorkload, "samples_per_sec", "samples/s")
	checkPeakFraction(t, lines[0], lines[0]["value"].(float64)*flopPerSample[mlpWorkload]/1e9)
}

// checkPeakLine checks that lines start with the peak line when the build
// has SIMD kernels (and that none is a peak line otherwise), then, with
// GOMAXPROCS 2 or more, the core round trip, and returns the lines after
// them.
func checkPeakLine(t *testing.T, lines []map[string]any) []map[string]any {
	t.Helper()
	bits := kernels.PeakVectorBits()
	if bits == 0 {
		for _, l := range lines {
			if strings.HasPrefix(l["workload"].(string), "peak_") {
				t.Fatalf("a build without SIMD kernels printed %v", l)
			}
		}
	} else {
		if len(lines) == 0 {
			t.Fatal("no lines")
		}
		checkLine(t, lines[0], fmt.Sprintf("peak_fp32_fma%d", bits), peakMetric(runtime.GOMAXPROCS(0)), "GFLOP/s")
		lines = lines[1:]
	}
	if runtime.GOMAXPROCS(0) > 1 {
		if len(lines) == 0 {
			t.Fatal("no core round trip line")
		}
		checkLine(t, lines[0], "core_round_trip", "ns", "ns")
		lines = lines[1:]
	}
	return lines
}

// checkPeakFraction checks that line l carries a peak_fraction exactly
// when the build measures a peak, and that it is a positive number. (Its
// size is not checked: on a busy machine the peak may read low.)
func checkPeakFraction(t *testing.T, l map[string]any, gflops float64) {
	t.Helper()
	f, ok := l["peak_fraction"]
	if kernels.PeakVectorBits() == 0 {
		if ok {
			t.Fatalf("a build without SIMD kernels printed a peak_fraction: %v", l)
		}
		return
	}
	if v, isNum := f.(float64); !ok || !isNum || !(v > 0) || !(gflops > 0) {
		t.Fatalf("peak_fraction %v (ok %v) of %v GFLOP/s is not a positive number: %v", f, ok, gflops, l)
	}
}

// Workloads may be given as arguments, as to the peer programs; they run
// in the peers' order.
func TestBenchWorkloadArguments(t *testing.T) {
	lines := checkPeakLine(t, benchLines(t, "--quick", "--sizes", "8", "linreg", "sgemm"))
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

// TestBenchPeakFraction checks the peak_fraction field: GFLOP/s over the
// peak, rounded to three decimals, after the harness's fields; none
// without a measured peak.
func TestBenchPeakFraction(t *testing.T) {
	var out bytes.Buffer
	r := &benchRun{out: &out, system: "neurite-test-2threads", t: quickTiming}
	r.emitPeakFraction("sgemm_128x128x128", "gflops", 150.04, "GFLOP/s", 150.04)
	r.peak = 200
	r.emitPeakFraction("sgemm_128x128x128", "gflops", 150.04, "GFLOP/s", 150.04)
	r.emitPeakFraction(mlpWorkload, "samples_per_sec", 50000, "samples/s", 50000*flopPerSample[mlpWorkload]/1e9)
	want := `{"workload":"sgemm_128x128x128","system":"neurite-test-2threads","metric":"gflops","value":150,"unit":"GFLOP/s"}
{"workload":"sgemm_128x128x128","system":"neurite-test-2threads","metric":"gflops","value":150,"unit":"GFLOP/s","peak_fraction":0.75}
{"workload":"mlp_784-512-256-10_b128","system":"neurite-test-2threads","metric":"samples_per_sec","value":50000,"unit":"samples/s","peak_fraction":0.602}
`
	if out.String() != want {
		t.Fatalf("got\n%s want\n%s", out.String(), want)
	}
	if peakMetric(1) != "gflops_1thread" || peakMetric(2) != "gflops_2threads" {
		t.Errorf("peakMetric(1), peakMetric(2) = %q, %q", peakMetric(1), peakMetric(2))
	}
}

// TestBenchHelpDescribesTheWorkloads checks that "neurite bench -h" and
// "neurite help" describe the workloads themselves, with the sizes and
// repetition counts the code uses, and point nowhere outside the
// repository.
func TestBenchHelpDescribesTheWorkloads(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"bench", "-h"}, &out, &errOut); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	help := errOut.String()
	var sizes []string
	for _, s := range defaultSGEMMSizes {
		if s[0] == s[1] && s[1] == s[2] {
			sizes = append(sizes, fmt.Sprintf("%d³", s[0]))
		} else {
			sizes = append(sizes, fmt.Sprintf("%d×%d×%d", s[0], s[1], s[2]))
		}
	}
	st := specTiming
	for _, want := range []string{
		"Usage: neurite bench [flags] [sgemm|mlp|linreg|conv|lstm]...\n",
		`{"workload", "system", "metric", "value", "unit"}`,
		"for M×K×N = " + strings.Join(sizes[:len(sizes)-1], ", ") + " and\n          " + sizes[len(sizes)-1] + " (see -sizes)",
		fmt.Sprintf("median of %d batches of calls of about %v s each.", st.sgemmReps, st.sgemmBatch.Seconds()),
		"784-512-256-10 MLP (ReLU,\n          logits, sparse categorical crossentropy) with Adam at batch 128",
		fmt.Sprintf("the median of %d repetitions of %d steps after\n          %d warm-up steps.", st.mlpReps, st.mlpSteps, st.mlpWarm),
		"13→1 linear regression (one Dense layer,\n          mean squared error, Adam) at batch 32",
		fmt.Sprintf("%d batches of steps of about %v s each after %d warm-up steps.", st.linReps, st.linBatch.Seconds(), st.linWarm),
		fmt.Sprintf("the median of %d repetitions of %d steps after %d warm-up\n          steps.", st.mlpReps, lstmSteps, st.mlpWarm),
		"Keras's simple MNIST convnet without its\n          Dropout",
		fmt.Sprintf("the median of %d repetitions of %d steps after %d warm-up steps.", st.convReps, st.convSteps, st.convWarm),
		"optional peer\nharness, kept outside this repository,",
		fmt.Sprintf("the median of %d runs of %v s", specTiming.peakReps, specTiming.peakRun.Seconds()),
		"(default " + strings.Join([]string{"128", "512", "1024", "2048", "128x784x512"}, ",") + ")",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("bench -h does not say %q:\n%s", want, help)
		}
	}
	out.Reset()
	run([]string{"help"}, &out, &errOut)
	if want := "  neurite bench [flags]                 time sgemm, an MLP, a linear-regression step, a convnet and an LSTM, one JSON line each\n"; !strings.Contains(out.String(), want) {
		t.Errorf("help does not say %q:\n%s", want, out.String())
	}
	for _, text := range []string{help, out.String()} {
		if strings.Contains(text, "shared/") || strings.Contains(text, "../") {
			t.Errorf("help points outside the repository:\n%s", text)
		}
	}
}

// TestRoundFraction checks that fractions of the peak keep three decimals
// and that small ones keep three significant digits instead of reading 0
// (the race detector's 0.06 GFLOP/s on a tiny product was 0.000136 of the
// peak).
func TestRoundFraction(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{
		{0.78912, 0.789}, {1.2345, 1.235}, {0.1, 0.1}, {0.000135678, 0.000136}, {0.0123456, 0.0123}, {0, 0},
	} {
		if got := roundFraction(c.in); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("roundFraction(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// The core round trip is a positive time, printed after the peak when
// parallel loops have two threads or more, and not at all with one.
func TestBenchCoreRoundTrip(t *testing.T) {
	if ns := coreRoundTrip(3, 50); ns <= 0 || math.IsNaN(ns) || math.IsInf(ns, 0) {
		t.Fatalf("coreRoundTrip = %v ns", ns)
	}
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		var out strings.Builder
		r := &benchRun{out: &out, system: "test", t: quickTiming}
		r.measureRoundTrip()
		runtime.GOMAXPROCS(old)
		got := strings.Contains(out.String(), `"workload":"core_round_trip"`)
		if got != (procs > 1) {
			t.Errorf("GOMAXPROCS %d: printed %q", procs, out.String())
		}
	}
}
