//go:build race

package main

import "testing"

// TestMNISTMLPLearnsRace is TestMNISTMLPLearns made small for the race
// detector: one epoch on the first 2,000 training images (16 steps) must
// classify at least 75% of the 10,000 test images (it reaches 82.8% with
// seed 1).
func TestMNISTMLPLearnsRace(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 2,000 MNIST images")
	}
	if acc := trainSubset(t, 2000); acc < 0.75 {
		t.Errorf("test accuracy %.4f after one epoch on 2k images, want at least 0.75", acc)
	}
}
