//go:build !race

package main

import (
	"bytes"
	"testing"
)

// TestReachesTarget runs the example as shipped (about 15 s without the
// race detector, several minutes with it, hence the build tag) and checks
// the target: at least 85% test accuracy.
func TestReachesTarget(t *testing.T) {
	skipWithoutWordLists(t)
	var out bytes.Buffer
	acc, err := runAndReport(&out, defaultConfig)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out.String())
	if acc < 0.85 {
		t.Errorf("test accuracy %.4f, want at least 0.85", acc)
	}
}
