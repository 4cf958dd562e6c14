//go:build !linux

package parallel

// haveThreadCPU says whether threadCPU works on this system: without a
// per-thread CPU clock the governor never narrows the pool.
const haveThreadCPU = false

// threadCPU is not available here.
func threadCPU() int64 { return 0 }
