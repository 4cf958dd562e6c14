//go:build !race

package main

import "testing"

// neurite train words with its defaults (about 15 s; minutes under the
// race detector, hence the build tag) must reach 85% test accuracy.
func TestTrainWordsReachesTarget(t *testing.T) {
	skipWithoutWordLists(t)
	res := runJSON(t, "words")
	if res.Test["accuracy"] < 0.85 {
		t.Errorf("test accuracy %.4f, want at least 0.85", res.Test["accuracy"])
	}
}
