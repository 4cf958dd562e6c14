package distribute

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The MPI tests run this test binary under mpirun: TestMPI and its
// neighbours are the parent, which starts mpirun; TestMPIChild is what
// each rank runs, selected by the NEURITE_MPI_CHILD environment variable
// ("check", "die", "bench", "sums" of mpi_sum_test.go, or the Fit modes
// of fit_mpi_test.go).
// Without mpirun on PATH they skip.

// childEnv selects the work of a rank started by mpirun.
const childEnv = "NEURITE_MPI_CHILD"

// funneledEnv=1 makes a rank hand every MPI call to the MPI thread, as
// where MPI provides only MPI_THREAD_FUNNELED.
const funneledEnv = "NEURITE_MPI_FUNNELED"

// transports are the ways the ranks exchange data: through shared memory
// (the vader BTL) and through TCP on the loopback interface, the path
// between machines. pml ob1 makes the BTL choice count (UCX, if
// installed, would bypass it).
var transports = []struct{ name, mca string }{
	{"shm", "--mca pml ob1 --mca btl self,vader"},
	{"tcp", "--mca pml ob1 --mca btl tcp,self --mca btl_tcp_if_include lo"},
}

// mpirun runs this test binary's TestMPIChild on np ranks with the given
// MCA options and child mode, and returns mpirun's combined output and
// error. It skips the test when mpirun is not installed.
func mpirun(t *testing.T, np int, mca, mode string, timeout time.Duration) (string, error) {
	t.Helper()
	return mpirunEnv(t, np, mca, mode, nil, timeout)
}

// mpirunEnv is mpirun with more environment variables (NAME=value) for
// the ranks.
func mpirunEnv(t *testing.T, np int, mca, mode string, env []string, timeout time.Duration) (string, error) {
	t.Helper()
	path, err := exec.LookPath("mpirun")
	if err != nil {
		t.Skip("mpirun not found on PATH; install openmpi-bin to run the MPI tests")
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := []string{"--allow-run-as-root", "--oversubscribe", "-np", strconv.Itoa(np)}
	args = append(args, strings.Fields(mca)...)
	for _, e := range env {
		args = append(args, "-x", e)
	}
	args = append(args, "-x", childEnv+"="+mode, os.Args[0], "-test.run=^TestMPIChild$", "-test.count=1", "-test.v")
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	killGroupOnCancel(cmd)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("mpirun did not finish within %v: %w", timeout, err)
	}
	return string(out), err
}

func TestMPI(t *testing.T) {
	for _, tr := range transports {
		for _, np := range []int{2, 3} {
			t.Run(fmt.Sprintf("%s/np%d", tr.name, np), func(t *testing.T) {
				out, err := mpirun(t, np, tr.mca, "check", time.Minute)
				if err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				for r := range np {
					if want := fmt.Sprintf("NEURITE_MPI rank %d/%d ok", r, np); !strings.Contains(out, want) {
						t.Errorf("output lacks %q:\n%s", want, out)
					}
				}
			})
		}
	}
}

func TestMPIDyingRankEndsTheJob(t *testing.T) {
	start := time.Now()
	out, err := mpirun(t, 2, transports[0].mca, "die", time.Minute)
	if err == nil || strings.Contains(err.Error(), "did not finish") {
		t.Fatalf("mpirun: got %v, want a failed job\n%s", err, out)
	}
	if !strings.Contains(out, "rank 1 exits") {
		t.Errorf("output lacks the dying rank's message:\n%s", out)
	}
	t.Logf("job ended %v after start: %v", time.Since(start).Round(time.Millisecond), err)
}

// TestMPIChild is the work of one rank started by mpirun; it skips when
// not started so.
func TestMPIChild(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		t.Skip("run by TestMPI under mpirun")
	}
	if os.Getenv(funneledEnv) == "1" {
		mpiDirect = false
	}
	m, ok, err := Detect()
	if err != nil || !ok {
		t.Fatalf("Detect() = %v, %v, %v under mpirun", m, ok, err)
	}
	wantRank, _ := strconv.Atoi(os.Getenv("OMPI_COMM_WORLD_RANK"))
	wantSize, _ := strconv.Atoi(os.Getenv("OMPI_COMM_WORLD_SIZE"))
	if m.Rank() != wantRank || m.Size() != wantSize {
		t.Fatalf("rank %d of %d; the environment says %d of %d", m.Rank(), m.Size(), wantRank, wantSize)
	}
	switch mode {
	case "check":
		childCheck(t, m)
	case "die":
		if m.Rank() == 1 {
			fmt.Println("NEURITE_MPI rank 1 exits")
			os.Exit(3)
		}
		_ = m.SumFloat32s(make([]float32, 10)) // never completes: rank 1 is gone
		t.Fatal("a collective completed without rank 1")
	case "bench":
		childBench(t, m)
	case "sums":
		childSums(t, m) // mpi_sum_test.go
	case "fit", "panic", "save", "resume":
		childFit(t, m, mode) // fit_mpi_test.go
	default:
		t.Fatalf("unknown %s=%q", childEnv, mode)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.SumFloat32s([]float32{1}); err != errClosed {
		t.Errorf("SumFloat32s after Close: got %v, want %v", err, errClosed)
	}
	fmt.Printf("NEURITE_MPI rank %d/%d ok\n", m.Rank(), m.Size())
}

// childCheck checks sums and broadcasts against known values, and that
// sums are bit-identical on every rank.
func childCheck(t *testing.T, m *MPI) {
	r, n := m.Rank(), m.Size()
	defer func(old int) { mpiMaxCount = old }(mpiMaxCount)
	mpiMaxCount = 1000 // 2500 values go in three parts

	x32, x64 := make([]float32, 2500), make([]float64, 2500)
	for i := range x32 {
		x32[i], x64[i] = float32(1000*r+i), float64(-1000*r)+float64(i)/4
	}
	must(t, m.SumFloat32s(x32))
	must(t, m.SumFloat64s(x64))
	for i := range x32 {
		tri := float64(1000 * n * (n - 1) / 2)
		if want := float32(float64(n*i) + tri); x32[i] != want {
			t.Fatalf("rank %d: SumFloat32s [%d] = %v, want %v", r, i, x32[i], want)
		}
		if want := float64(n)*float64(i)/4 - tri; x64[i] != want {
			t.Fatalf("rank %d: SumFloat64s [%d] = %v, want %v", r, i, x64[i], want)
		}
	}

	for i := range x32 {
		x32[i], x64[i] = float32(r*i), float64(r-i)
	}
	must(t, m.BroadcastFloat32s(x32))
	must(t, m.BroadcastFloat64s(x64))
	for i := range x32 {
		if x32[i] != 0 || x64[i] != float64(-i) {
			t.Fatalf("rank %d: after broadcast [%d] = %v, %v; want rank 0's 0, %v", r, i, x32[i], x64[i], -i)
		}
	}

	mpiMaxCount = math.MaxInt32
	const mlp = 535818 // the 784-512-256-10 MLP's parameters
	y := make([]float32, mlp)
	for i := range y {
		y[i] = float32(rankValue(r, i))
	}
	must(t, m.SumFloat32s(y))
	for i := 0; i < len(y); i += 61 { // a sample: the reference is slow under -race
		var want float64
		for q := range n {
			want += float64(float32(rankValue(q, i)))
		}
		if math.Abs(float64(y[i])-want) > 1e-5*(1+math.Abs(want)) {
			t.Fatalf("rank %d: SumFloat32s [%d] = %v, want %v", r, i, y[i], want)
		}
	}
	if d := differingFromRank0(t, m, y); d != 0 {
		t.Fatalf("SumFloat32s: %d values differ in their bits from rank 0's on some rank", d)
	}
	// MPI_Allreduce, chosen by UseAllreduce, in parts as well.
	m.UseAllreduce(true)
	mpiMaxCount = 100000
	for i := range y {
		y[i] = float32(rankValue(r, i))
	}
	must(t, m.SumFloat32s(y))
	x64 = x64[:1]
	x64[0] = float64(r) + 0.5
	must(t, m.SumFloat64s(x64))
	if want := float64(n*(n-1)/2) + float64(n)/2; x64[0] != want {
		t.Fatalf("rank %d: SumFloat64s with MPI_Allreduce = %v, want %v", r, x64[0], want)
	}
	if d := differingFromRank0(t, m, y); d != 0 {
		t.Fatalf("MPI_Allreduce: %d values differ in their bits from rank 0's on some rank", d)
	}
	for i := 0; i < len(y); i += 61 {
		var want float64
		for q := range n {
			want += float64(float32(rankValue(q, i)))
		}
		if math.Abs(float64(y[i])-want) > 1e-5*(1+math.Abs(want)) {
			t.Fatalf("rank %d: SumFloat32s with MPI_Allreduce [%d] = %v, want %v", r, i, y[i], want)
		}
	}
	m.UseAllreduce(false)
	mpiMaxCount = math.MaxInt32

	must(t, Agree(m, "the MLP's size", 535818))
	if err := Agree(m, "rank", float64(r)); err == nil || !strings.Contains(err.Error(), "rank 0 has [0], ranks [1") {
		t.Fatalf("rank %d: Agree on different values: got %v", r, err)
	}

	small := make([]float32, 16)
	if a := testing.AllocsPerRun(20, func() { must(t, m.SumFloat32s(small)) }); a > 0 {
		t.Errorf("rank %d: SumFloat32s allocates %v times per call; want 0", r, a)
	}
}

// differingFromRank0 counts, over all ranks, the values of y whose bits
// differ from rank 0's y.
func differingFromRank0(t *testing.T, m *MPI, y []float32) int {
	y0 := append([]float32(nil), y...)
	must(t, m.BroadcastFloat32s(y0))
	d := []float64{0}
	for i := range y {
		if math.Float32bits(y[i]) != math.Float32bits(y0[i]) {
			d[0]++
		}
	}
	must(t, m.SumFloat64s(d))
	return int(d[0])
}

// must fails the test on a non-nil error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
