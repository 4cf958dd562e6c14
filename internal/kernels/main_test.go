package kernels

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// kernelsFlag selects the kernel set the tests and benchmarks start with,
// so that the benchmarks can time a set other than the best one:
// go test -bench Sgemm ./internal/kernels/ -args -kernels avx2.
var kernelsFlag = flag.String("kernels", "", "kernel set to use (avx512, avx2, go); default: the best this CPU runs")

func TestMain(m *testing.M) {
	flag.Parse()
	if *kernelsFlag != "" && !useKernelSet(*kernelsFlag) {
		fmt.Fprintf(os.Stderr, "-kernels %s: this machine has no such kernel set\n", *kernelsFlag)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
