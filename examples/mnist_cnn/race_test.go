//go:build race

package main

import "testing"

// TestMNISTCNNLearnsRace is TestMNISTCNNLearns made small for the race
// detector: one epoch on the first 2,000 training images (1,800 of them
// for training, 15 steps) must classify at least 60% of the first 1,000
// test images.
func TestMNISTCNNLearnsRace(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 2,000 MNIST images")
	}
	if acc := trainSubset(t, 2000, 1000); acc < 0.60 {
		t.Errorf("test accuracy %.4f after one epoch on 2k images, want at least 0.60", acc)
	}
}
