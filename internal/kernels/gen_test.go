package kernels

import (
	"os"
	"os/exec"
	"testing"
)

// TestGeneratedAssemblyUpToDate runs asmgen/check.sh, which regenerates the
// assembly kernels and compares them with the committed files. It needs
// the avo module (module cache or network), so it only runs when
// NEURITE_CHECK_GENERATE=1.
func TestGeneratedAssemblyUpToDate(t *testing.T) {
	if os.Getenv("NEURITE_CHECK_GENERATE") != "1" {
		t.Skip("set NEURITE_CHECK_GENERATE=1 to regenerate the assembly and compare (needs the avo module)")
	}
	out, err := exec.Command("sh", "asmgen/check.sh").CombinedOutput()
	if err != nil {
		t.Fatalf("asmgen/check.sh: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
