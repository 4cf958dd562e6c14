package distribute

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// TestMPISums checks every SumMethod under mpirun (child mode "sums",
// childSums): bit-identical results on every rank and the right values,
// for float32 and float64, in place and into another slice, for counts
// smaller than the number of ranks, odd counts and counts sent in parts.
//
// The calls are made on the caller's thread (MPI_THREAD_SERIALIZED), and,
// in the funneled runs, handed to the MPI thread.
func TestMPISums(t *testing.T) {
	runs := []struct {
		tr, np   int
		funneled bool
	}{{0, 1, false}, {0, 2, false}, {0, 3, false}, {1, 3, false}, {0, 3, true}}
	for _, run := range runs {
		tr := transports[run.tr]
		name := fmt.Sprintf("%s/np%d", tr.name, run.np)
		if run.funneled {
			name += "/funneled"
		}
		t.Run(name, func(t *testing.T) {
			env := []string{funneledEnv + "=" + map[bool]string{false: "0", true: "1"}[run.funneled]}
			out, err := mpirunEnv(t, run.np, tr.mca, "sums", env, time.Minute)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for r := range run.np {
				want := []string{fmt.Sprintf("NEURITE_MPI rank %d/%d ok", r, run.np),
					fmt.Sprintf("NEURITE_MPI sums rank %d: calls on the caller's thread %v", r, !run.funneled),
					// Through shared memory the large sums use the node's
					// shared window; forced over TCP, the ring.
					fmt.Sprintf("NEURITE_MPI sums rank %d: shared window %v", r, tr.name == "shm" && run.np > 1)}
				for _, w := range want {
					if !strings.Contains(out, w) {
						t.Errorf("output lacks %q:\n%s", w, out)
					}
				}
			}
		})
	}
}

// sumCase is one configuration of childSums: a method and, for
// SumScatterGather, the gather limit (0 makes every sum reduce and
// scatter).
type sumCase struct {
	method      SumMethod
	gatherBytes int
}

// childSums is one rank's work in TestMPISums.
func childSums(t *testing.T, m *MPI) {
	fmt.Printf("NEURITE_MPI sums rank %d: calls on the caller's thread %v\n", m.Rank(), m.direct)
	defer func(c, g int) { mpiMaxCount, mpiGatherBytes = c, g }(mpiMaxCount, mpiGatherBytes)
	defer func() { must(t, m.SetSumMethod(SumScatterGather)) }()
	cases := []sumCase{{SumScatterGather, mpiGatherBytes}, {SumScatterGather, 0}, {SumReduceBcast, 0}, {SumAllreduce, 0}}
	counts := []int{1, 2, 3, 7, 1001, 2500, 5003}
	for _, c := range cases {
		must(t, m.SetSumMethod(c.method))
		mpiGatherBytes = c.gatherBytes
		for _, n := range counts {
			mpiMaxCount = math.MaxInt32
			if n > 2000 {
				mpiMaxCount = 1000 // parts of 1000, and a shorter last one
			}
			name := fmt.Sprintf("%v (gather limit %d) of %d values", c.method, c.gatherBytes, n)
			checkSum(t, m, name+" float32 in place", n, m.SumFloat32s, nil)
			checkSum(t, m, name+" float64 in place", n, m.SumFloat64s, nil)
			checkSum(t, m, name+" float32 into", n, nil, m.SumFloat32sInto)
			checkSum(t, m, name+" float64 into", n, nil, m.SumFloat64sInto)
		}
	}
	mpiMaxCount, mpiGatherBytes = math.MaxInt32, 16<<10
	must(t, m.SetSumMethod(SumScatterGather))
	fmt.Printf("NEURITE_MPI sums rank %d: shared window %v\n", m.Rank(), m.shared != nil)

	// A sum larger than the window reallocates it, on every rank alike;
	// one larger than sharedAreaMax goes through it in parts.
	if m.shared != nil {
		area := m.shared.area
		checkSum(t, m, "a sum larger than the shared window", area/4+3, m.SumFloat32s, nil)
		if m.shared.area <= area {
			t.Errorf("rank %d: the shared window kept %d bytes per area for a sum of %d", m.Rank(), m.shared.area, area+12)
		}
		defer func(a int) { sharedAreaMax = a }(sharedAreaMax)
		sharedAreaMax = m.shared.area
		checkSum(t, m, "a sum of 2.5 shared windows, in parts", sharedAreaMax*5/8+1, m.SumFloat32s, nil)
		checkSum(t, m, "a float64 sum of 2.5 shared windows, in parts, into", sharedAreaMax*5/16+1, nil, m.SumFloat64sInto)
		if m.shared.area != sharedAreaMax {
			t.Errorf("rank %d: the shared window grew to %d bytes per area past sharedAreaMax %d", m.Rank(), m.shared.area, sharedAreaMax)
		}
	}

	// The small sums follow rank order exactly.
	x := make([]float32, 1000) // 12,000 bytes on 3 ranks: gathered
	for i := range x {
		x[i] = float32(rankValue(m.Rank(), i))
	}
	must(t, m.SumFloat32s(x))
	for i := range x {
		want := float32(rankValue(0, i))
		for q := 1; q < m.Size(); q++ {
			want += float32(rankValue(q, i))
		}
		if math.Float32bits(x[i]) != math.Float32bits(want) {
			t.Fatalf("rank %d: a small SumFloat32s [%d] = %v, want the rank-order sum %v", m.Rank(), i, x[i], want)
		}
	}

	if err := m.SumFloat32sInto(make([]float32, 3), make([]float32, 4)); err == nil || !strings.Contains(err.Error(), "same length") {
		t.Errorf("SumFloat32sInto of 3 and 4 values: got %v", err)
	}
	y := make([]float64, 10)
	if err := m.SumFloat64sInto(y[1:6], y[:5]); err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("SumFloat64sInto of overlapping slices: got %v", err)
	}
	if err := m.SetSumMethod(SumMethod(7)); err == nil || !strings.Contains(err.Error(), "SumMethod(7)") {
		t.Errorf("SetSumMethod(7): got %v", err)
	}

	// No allocation once the scratch buffer has grown, in either path.
	if raceEnabled {
		return
	}
	big, dst := make([]float32, 535818), make([]float32, 535818)
	for k, f := range []func(){
		func() { must(t, m.SumFloat32s(big)) },
		func() { must(t, m.SumFloat32sInto(dst, big)) },
		func() { must(t, m.SumFloat64s(y)) },
	} {
		if a := testing.AllocsPerRun(5, f); a > 0 {
			t.Errorf("rank %d: sum %d allocates %v times per call; want 0", m.Rank(), k, a)
		}
	}
}

// checkSum sums n values of rankValue on every rank, in place with inPlace
// or into another slice with into (the other nil), and checks that the
// result is within rounding of the exact sum, bit-identical on every rank,
// and that into leaves its source alone.
func checkSum[T float32 | float64](t *testing.T, m *MPI, name string, n int, inPlace func([]T) error, into func(dst, src []T) error) {
	t.Helper()
	r := m.Rank()
	src := make([]T, n)
	for i := range src {
		src[i] = T(rankValue(r, i))
	}
	got := src
	if inPlace != nil {
		must(t, inPlace(src))
	} else {
		got = make([]T, n)
		must(t, into(got, src))
		for i := range src {
			if src[i] != T(rankValue(r, i)) {
				t.Fatalf("rank %d: %s changed src[%d]", r, name, i)
			}
		}
	}
	for i := range got {
		var want float64
		for q := range m.Size() {
			want += float64(T(rankValue(q, i)))
		}
		if math.Abs(float64(got[i])-want) > 1e-5*(1+math.Abs(want)) {
			t.Fatalf("rank %d: %s [%d] = %v, want %v", r, name, i, got[i], want)
		}
	}
	if d := differing(t, m, got); d != 0 {
		t.Fatalf("%s: %d values differ in their bits from rank 0's on some rank", name, d)
	}
}

// differing counts, over all ranks, the values of y whose bits differ from
// rank 0's y.
func differing[T float32 | float64](t *testing.T, m *MPI, y []T) int {
	y0 := append([]T(nil), y...)
	var d []float64
	switch v := any(y0).(type) {
	case []float32:
		must(t, m.BroadcastFloat32s(v))
		d = []float64{float64(countDiffering(y, y0))}
	case []float64:
		must(t, m.BroadcastFloat64s(v))
		d = []float64{float64(countDiffering(y, y0))}
	}
	must(t, m.SumFloat64s(d))
	return int(d[0])
}

// countDiffering counts the indices where a and b differ in their bits.
func countDiffering[T float32 | float64](a, b []T) int {
	k := 0
	for i := range a {
		if !bitsEqual(a[i], b[i]) {
			k++
		}
	}
	return k
}

// bitsEqual reports whether a and b have the same bits.
func bitsEqual[T float32 | float64](a, b T) bool {
	if unsafe.Sizeof(a) == 4 {
		return math.Float32bits(float32(a)) == math.Float32bits(float32(b))
	}
	return math.Float64bits(float64(a)) == math.Float64bits(float64(b))
}

func TestCheckInto(t *testing.T) {
	x := make([]float64, 10)
	for _, c := range []struct {
		dst, src []float64
		want     string
	}{
		{x[:5], x[:5], ""}, {x[:5], x[5:], ""}, {x[5:], x[:5], ""},
		{x[:5], x[4:9], "overlap"}, {x[4:9], x[:5], "overlap"}, {x[1:6], x[:5], "overlap"},
		{x[:4], x[5:], "same length"},
	} {
		err := checkInto(len(c.dst), len(c.src), unsafe.Pointer(&c.dst[0]), unsafe.Pointer(&c.src[0]), 8)
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("checkInto(x[%d:], x[%d:]): got %v, want %q", cap(x)-cap(c.dst), cap(x)-cap(c.src), err, c.want)
		}
	}
}

// TestSharedMemoryAllowed checks how the MCA btl parameter that mpirun
// passes to the ranks decides whether sums may use a shared window.
func TestSharedMemoryAllowed(t *testing.T) {
	for _, c := range []struct {
		btl  string
		want bool
	}{
		{"", true}, {"tcp,self", false}, {"self,vader", true}, {"sm,self", true},
		{"^tcp", true}, {"^vader", false}, {"^openib,sm", false}, {"smcuda,tcp,self", false},
	} {
		t.Setenv("OMPI_MCA_btl", c.btl)
		if got := sharedMemoryAllowed(); got != c.want {
			t.Errorf("OMPI_MCA_btl=%q: sharedMemoryAllowed() = %v, want %v", c.btl, got, c.want)
		}
	}
}

func TestSumMethodString(t *testing.T) {
	for s, want := range map[SumMethod]string{SumScatterGather: "SumScatterGather", SumReduceBcast: "SumReduceBcast",
		SumAllreduce: "SumAllreduce", SumMethod(-1): "SumMethod(-1)"} {
		if got := s.String(); got != want {
			t.Errorf("SumMethod(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}

// The sums are bit-identical on every rank by construction with the
// default method; SumAllreduce trades that promise for MPI_Allreduce.
func ExampleSumMethod() {
	for _, s := range []SumMethod{SumScatterGather, SumReduceBcast, SumAllreduce} {
		fmt.Println(s)
	}
	// Output:
	// SumScatterGather
	// SumReduceBcast
	// SumAllreduce
}
