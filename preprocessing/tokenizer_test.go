package preprocessing

import (
	"reflect"
	"strings"
	"testing"
)

func TestCharTokenizerIndexByFrequency(t *testing.T) {
	var tok CharTokenizer
	tok.FitOnTexts([]string{"Abba", "cab!"})
	// Counts after lower-casing: a 3, b 3, c 1, ! 1; ties keep the order of
	// first appearance.
	want := map[rune]int{'a': 1, 'b': 2, 'c': 3, '!': 4}
	if got := tok.WordIndex(); !reflect.DeepEqual(got, want) {
		t.Errorf("WordIndex() = %v, want %v", got, want)
	}
	if got := tok.WordCounts(); !reflect.DeepEqual(got, map[rune]int{'a': 3, 'b': 3, 'c': 1, '!': 1}) {
		t.Errorf("WordCounts() = %v", got)
	}
	seqs, err := tok.TextsToSequences([]string{"BAD", "", "ça"})
	if err != nil {
		t.Fatal(err)
	}
	// d and ç were never seen: dropped.
	if want := [][]int{{2, 1}, {}, {1}}; !reflect.DeepEqual(seqs, want) {
		t.Errorf("TextsToSequences = %v, want %v", seqs, want)
	}
	if n := tok.VocabularySize(); n != 5 {
		t.Errorf("VocabularySize() = %d, want 5", n)
	}
	if n := tok.DocumentCount(); n != 2 {
		t.Errorf("DocumentCount() = %d, want 2", n)
	}
	if got := tok.SequencesToTexts([][]int{{3, 1, 2, 0, 9}}); got[0] != "cab" {
		t.Errorf("SequencesToTexts = %q, want \"cab\"", got)
	}
}

func TestCharTokenizerRefitAccumulates(t *testing.T) {
	var tok CharTokenizer
	tok.FitOnTexts([]string{"ab"})
	tok.FitOnTexts([]string{"bb"})
	if got := tok.WordIndex(); !reflect.DeepEqual(got, map[rune]int{'b': 1, 'a': 2}) {
		t.Errorf("after two fits WordIndex() = %v, want b 1, a 2", got)
	}
}

func TestCharTokenizerOOVAndNumWords(t *testing.T) {
	tok := CharTokenizer{OOV: true, NumWords: 4}
	tok.FitOnTexts([]string{"aaabbc"})
	// a 2, b 3, c 4 (1 is OOV); NumWords 4 keeps indices below 4.
	seqs, err := tok.TextsToSequences([]string{"abcz"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 3, 1, 1}; !reflect.DeepEqual(seqs[0], want) {
		t.Errorf("got %v, want %v", seqs[0], want)
	}
	if n := tok.VocabularySize(); n != 4 {
		t.Errorf("VocabularySize() = %d, want 4", n)
	}
	if got := tok.SequencesToTexts(seqs); got[0] != "ab\uFFFD\uFFFD" {
		t.Errorf("SequencesToTexts = %q", got[0])
	}
	drop := CharTokenizer{NumWords: 2}
	drop.FitOnTexts([]string{"aaabbc"})
	seqs, _ = drop.TextsToSequences([]string{"abc"})
	if want := []int{1}; !reflect.DeepEqual(seqs[0], want) {
		t.Errorf("NumWords 2 without OOV: got %v, want %v", seqs[0], want)
	}
	if n := drop.VocabularySize(); n != 2 {
		t.Errorf("VocabularySize() = %d, want 2", n)
	}
}

func TestCharTokenizerKeepCaseAndUnicode(t *testing.T) {
	tok := CharTokenizer{KeepCase: true}
	tok.FitOnTexts([]string{"Straße", "ÉtÉ"})
	// S t r a ß e É: É twice, t twice; others once.
	idx := tok.WordIndex()
	if idx['t'] != 1 || idx['É'] != 2 || idx['S'] != 3 || idx['ß'] != 6 || idx['s'] != 0 || len(idx) != 7 {
		t.Errorf("WordIndex() = %v", idx)
	}
	lower := CharTokenizer{}
	lower.FitOnTexts([]string{"ÉtÉ"})
	if idx := lower.WordIndex(); idx['é'] != 1 || idx['t'] != 2 || len(idx) != 2 {
		t.Errorf("lower-cased WordIndex() = %v", idx)
	}
}

func TestCharTokenizerTextsToPadded(t *testing.T) {
	var tok CharTokenizer
	tok.FitOnTexts([]string{"aab"})
	x, err := tok.TextsToPadded([]string{"ab", "bbba"}, PadOptions{MaxLen: 3, Padding: "post"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := x.Float32s(), []float32{1, 2, 0, 2, 2, 1}; !reflect.DeepEqual(got, want) || x.Dim(0) != 2 || x.Dim(1) != 3 {
		t.Errorf("got %v of shape %v, want %v of shape (2, 3)", got, x.Shape(), want)
	}
	if _, err := tok.TextsToPadded([]string{"a"}, PadOptions{Padding: "middle"}); err == nil {
		t.Error("a bad padding option gave no error")
	}
}

func TestCharTokenizerErrors(t *testing.T) {
	tok := CharTokenizer{NumWords: -1}
	tok.FitOnTexts([]string{"a"})
	if _, err := tok.TextsToSequences([]string{"a"}); err == nil || !strings.Contains(err.Error(), "NumWords") {
		t.Errorf("negative NumWords: got %v, want an error naming NumWords", err)
	}
	var unfitted CharTokenizer
	seqs, err := unfitted.TextsToSequences([]string{"abc"})
	if err != nil || len(seqs[0]) != 0 {
		t.Errorf("unfitted tokenizer: got %v, %v, want an empty sequence as in Keras", seqs, err)
	}
}
