//go:build !race

package main

import "testing"

// TestMNISTMLPLearns trains Keras's mnist_mlp on the first 10,000 training
// images for one epoch: it must classify at least 90% of the 10,000 test
// images (it reaches 92.4% with seed 1). It takes about 2 s; under the race
// detector, where loading MNIST alone takes about 8 s, the smaller
// TestMNISTMLPLearnsRace runs instead.
func TestMNISTMLPLearns(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 10,000 MNIST images")
	}
	if acc := trainSubset(t, 10000); acc < 0.90 {
		t.Errorf("test accuracy %.4f after one epoch on 10k images, want at least 0.90", acc)
	}
}
