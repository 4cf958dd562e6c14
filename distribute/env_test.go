package distribute

import (
	"os"
	"testing"
)

// unsetenv unsets the environment variable v for the test, restoring it
// afterwards.
func unsetenv(t *testing.T, v string) {
	t.Helper()
	t.Setenv(v, "") // registers the restore
	if err := os.Unsetenv(v); err != nil {
		t.Fatal(err)
	}
}
