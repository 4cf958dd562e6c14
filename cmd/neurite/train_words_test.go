package main

import "testing"

// One epoch of neurite train words on half the training words (the race
// detector's budget) is far above chance (1/3);
// train_words_norace_test.go checks the 85% target.
func TestTrainWordsOneEpochLearns(t *testing.T) {
	skipWithoutWordLists(t)
	res := runJSON(t, "words", "--epochs", "1", "--validation-split", "0.5")
	if res.Test["accuracy"] < 0.6 {
		t.Errorf("test accuracy %.4f after one epoch on 3600 words, want at least 0.6", res.Test["accuracy"])
	}
	if _, ok := res.Validation["accuracy"]; !ok || res.Dataset != "words" {
		t.Errorf("unexpected result %+v", res)
	}
}
