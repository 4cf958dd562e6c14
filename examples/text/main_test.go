package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// TestShortRunLearns trains on a quarter of the training words for two
// epochs, a budget the race detector allows, and checks that the
// classifier is already far above chance (1/3); norace_test.go checks the
// 85% target with the example's full budget.
func TestShortRunLearns(t *testing.T) {
	skipWithoutWordLists(t)
	c := defaultConfig
	c.epochs, c.trainFrac = 2, 0.25
	var out bytes.Buffer
	acc, err := runAndReport(&out, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out.String())
	if acc < 0.6 {
		t.Errorf("test accuracy %.4f after a short run, want at least 0.6", acc)
	}
	if !strings.Contains(out.String(), "1800 test words") || !regexp.MustCompile(`german +0\.\d{4}`).MatchString(out.String()) {
		t.Errorf("the report lacks the test set size or the per-language accuracy:\n%s", out.String())
	}
}

// TestTokenizedWords checks the model's input: padded at the end to 15
// indices, 0 only as padding, the test words through the training
// words' tokenizer.
func TestTokenizedWords(t *testing.T) {
	skipWithoutWordLists(t)
	d, err := loadWordData(defaultConfig)
	if err != nil {
		t.Fatal(err)
	}
	if d.xTrain.Dim(0) != 7200 || d.xTrain.Dim(1) != maxLen || d.xTest.Dim(0) != 1800 {
		t.Fatalf("shapes %v and %v, want (7200, 15) and (1800, 15)", d.xTrain.Shape(), d.xTest.Shape())
	}
	seqs, err := d.tok.TextsToSequences(d.testWords[:1])
	if err != nil {
		t.Fatal(err)
	}
	row := d.xTest.Float32s()[:maxLen]
	for j := range maxLen {
		want := float32(0)
		if j < len(seqs[0]) {
			want = float32(seqs[0][j])
		}
		if row[j] != want {
			t.Fatalf("test word %q became %v, want %v then padding", d.testWords[0], row, seqs[0])
		}
	}
	if n := d.tok.VocabularySize(); n < 30 || n > 60 {
		t.Errorf("%d characters in the training words, want a Latin alphabet with accents", n-1)
	}
}
