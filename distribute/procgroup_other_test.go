//go:build !unix

package distribute

import "os/exec"

// killGroupOnCancel leaves cmd's cancellation as it is (killing mpirun
// alone) where there are no process groups.
func killGroupOnCancel(cmd *exec.Cmd) {}
