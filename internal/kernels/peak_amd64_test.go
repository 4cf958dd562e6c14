//go:build amd64 && !purego

package kernels

import (
	"testing"

	"golang.org/x/sys/cpu"
)

// TestPeakLoops checks the assembly peak loops against the value their
// recurrence a = a·0.5 + 1 (from a = 1) must reach: after s steps every
// accumulator holds 2 - 2^-s, exactly while s ≤ 23, and 2 for good once
// the step rounds to it; the loops return the sum over their accumulators.
func TestPeakLoops(t *testing.T) {
	loops := []struct {
		name string
		ok   bool
		fn   func(int) float32
		accs int
	}{
		{"peakAVX512", cpu.X86.HasAVX512F, peakAVX512, 16},
		{"peakAVX2", cpu.X86.HasAVX2 && cpu.X86.HasFMA, peakAVX2, 12},
	}
	for _, l := range loops {
		if !l.ok {
			t.Logf("%s: CPU lacks the instructions, skipped", l.name)
			continue
		}
		for _, c := range []struct {
			n    int
			want float32
		}{
			{0, float32(l.accs)},
			{1, float32(l.accs) * (2 - 1.0/256)},   // 8 steps
			{2, float32(l.accs) * (2 - 1.0/65536)}, // 16 steps
			{1000, float32(l.accs) * 2},            // converged
		} {
			if got := l.fn(c.n); got != c.want {
				t.Errorf("%s(%d) = %v, want %v", l.name, c.n, got, c.want)
			}
		}
	}
}
