//go:build !race

package main

import "testing"

// TestMNISTCNNLearns trains Keras's MNIST convnet for one epoch on the
// first 10,000 training images (9,000 of them for training, 71 steps): it
// must classify at least 85% of the first 2,000 test images (it reaches
// 87.9% with seed 1). Under the race detector the smaller
// TestMNISTCNNLearnsRace runs instead.
func TestMNISTCNNLearns(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 10,000 MNIST images")
	}
	if acc := trainSubset(t, 10000, 2000); acc < 0.85 {
		t.Errorf("test accuracy %.4f after one epoch on 10k images, want at least 0.85", acc)
	}
}
