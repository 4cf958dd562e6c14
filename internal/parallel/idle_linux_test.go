package parallel

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time the process has used so far.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Spinning workers park soon after the last loop: an idle pool uses
// (almost) no CPU.
func TestIdlePoolUsesNoCPU(t *testing.T) {
	if Workers() == 1 {
		t.Skip("one worker: no pool")
	}
	c := new(countTask)
	for i := 0; i < 1000; i++ {
		ForTask(1000, 1, c)
	}
	time.Sleep(20 * time.Millisecond) // far longer than spinTime
	before := cpuTime(t)
	time.Sleep(200 * time.Millisecond)
	if used := cpuTime(t) - before; used > 20*time.Millisecond {
		t.Fatalf("the idle pool used %v of CPU in 200ms", used)
	}
}
