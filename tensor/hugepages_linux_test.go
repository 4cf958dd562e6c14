package tensor

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// vmaFlags returns the VmFlags of the mapping of /proc/self/smaps that
// holds addr, and whether it found them.
func vmaFlags(t *testing.T, addr uintptr) (string, bool) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inside := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := vmaRange(line); ok {
			inside = lo <= addr && addr < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimPrefix(line, "VmFlags:"), true
		}
	}
	return "", false
}

// vmaRange parses the address range that starts a mapping's header line
// in /proc/self/smaps ("7f0a1b200000-7f0a1b600000 rw-p ...").
func vmaRange(line string) (lo, hi uintptr, ok bool) {
	r, _, found := strings.Cut(line, " ")
	a, b, dash := strings.Cut(r, "-")
	if !found || !dash {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}

func TestLargeTensorsAskForHugePages(t *testing.T) {
	if !hugePagesOffered() {
		t.Skipf("the kernel's THP mode is %q", thpMode())
	}
	x := New(Float32, 2048, 1024) // 8 MiB: three whole huge pages or more
	d := x.data.([]float32)
	if len(d) != 2048*1024 || cap(d) != len(d) {
		t.Fatalf("len %d cap %d, want both %d", len(d), cap(d), 2048*1024)
	}
	addr := (uintptr(unsafe.Pointer(&d[0])) + hugePage - 1) &^ (hugePage - 1) // the first whole huge page
	flags, ok := vmaFlags(t, addr)
	if !ok {
		t.Skip("no VmFlags in /proc/self/smaps")
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the first huge page inside an 8 MiB tensor is mapped with VmFlags %q, without hg (MADV_HUGEPAGE)", flags)
	}
}

func TestTensorDataIsExactlyItsSize(t *testing.T) {
	for _, n := range []int{0, 1, 1000, hugeMinBytes/4 - 1, hugeMinBytes / 4, 3 << 20} {
		d := New(Float32, n).data.([]float32)
		if len(d) != n || cap(d) != n {
			t.Errorf("New(Float32, %d): len %d cap %d", n, len(d), cap(d))
		}
	}
}
