//go:build !unix

package main

import "time"

// processCPU cannot read the CPU time on this platform.
func processCPU() (time.Duration, bool) { return 0, false }
