package datasets

import (
	"strings"
	"testing"
)

// skipWithoutWordLists skips a test on a machine without Debian's word
// lists (CI installs them).
func skipWithoutWordLists(t *testing.T) {
	t.Helper()
	if _, err := wordListDir(); err != nil {
		t.Skip(err)
	}
}

func TestLoadWordsAll(t *testing.T) {
	skipWithoutWordLists(t)
	words, labels, err := LoadWordsAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(words) != 9000 || labels.Dim(0) != 9000 {
		t.Fatalf("got %d words and %d labels, want 9000", len(words), labels.Dim(0))
	}
	seen := map[string]int64{}
	l := labels.Int64s()
	for i, w := range words {
		if want := int64(i / 3000); l[i] != want {
			t.Fatalf("word %d %q has label %d, want %d", i, w, l[i], want)
		}
		if prev, dup := seen[w]; dup {
			t.Fatalf("%q occurs twice (labels %d and %d)", w, prev, l[i])
		}
		seen[w] = l[i]
	}
	// Letters that only one language uses in the samples.
	for _, c := range []struct {
		letter string
		lang   int64
	}{{"ß", 1}, {"ç", 2}, {"œ", 2}} {
		for i, w := range words {
			if strings.Contains(w, c.letter) && l[i] != c.lang {
				t.Errorf("%q holds %s but has label %d", w, c.letter, l[i])
			}
		}
	}
	if got := WordLanguages(); len(got) != 3 || got[0] != "english" || got[1] != "german" || got[2] != "french" {
		t.Errorf("WordLanguages() = %v", got)
	}
}

func TestLoadWordsSplit(t *testing.T) {
	skipWithoutWordLists(t)
	trW, trY, teW, teY, err := LoadWords(7)
	if err != nil {
		t.Fatal(err)
	}
	if len(trW) != 7200 || trY.Dim(0) != 7200 || len(teW) != 1800 || teY.Dim(0) != 1800 {
		t.Fatalf("got %d/%d training and %d/%d test words and labels", len(trW), trY.Dim(0), len(teW), teY.Dim(0))
	}
	all, labels, _ := LoadWordsAll()
	lang := map[string]int64{}
	for i, w := range all {
		lang[w] = labels.Int64s()[i]
	}
	count := func(ws []string, ys []int64) [3]int {
		var n [3]int
		for i, w := range ws {
			if lang[w] != ys[i] {
				t.Fatalf("%q has label %d, want %d", w, ys[i], lang[w])
			}
			n[ys[i]]++
			delete(lang, w) // each word once across both sets
		}
		return n
	}
	if n := count(trW, trY.Int64s()); n != [3]int{2400, 2400, 2400} {
		t.Errorf("training words per language %v, want 2400 each", n)
	}
	if n := count(teW, teY.Int64s()); n != [3]int{600, 600, 600} {
		t.Errorf("test words per language %v, want 600 each", n)
	}
	if len(lang) != 0 {
		t.Errorf("%d words in neither set", len(lang))
	}
	// Shuffled, and the same seed gives the same split, another seed another.
	if trY.Int64s()[0] == trY.Int64s()[1] && trY.Int64s()[1] == trY.Int64s()[2] && trY.Int64s()[2] == trY.Int64s()[3] {
		t.Errorf("training labels start %v, not shuffled", trY.Int64s()[:4])
	}
	again, _, _, _, _ := LoadWords(7)
	other, _, _, _, _ := LoadWords(8)
	if strings.Join(again, " ") != strings.Join(trW, " ") || strings.Join(other, " ") == strings.Join(trW, " ") {
		t.Error("the split does not depend on the seed alone")
	}
}

// Without the lists, LoadWords says how to install them.
func TestLoadWordsWithoutListsSaysWhatToInstall(t *testing.T) {
	t.Setenv(DataEnv, t.TempDir())
	if _, err := wordListDir(); err == nil {
		t.Skip("the system has the word lists")
	}
	_, _, err := LoadWordsAll()
	if err == nil || !strings.Contains(err.Error(), "apt-get install wamerican wngerman wfrench") {
		t.Errorf("got %v", err)
	}
}
