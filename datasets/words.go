package datasets

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/neurite/neurite/tensor"
)

// Word list layout: wordsPerLanguage words per language, of which
// wordsTestPerLanguage go to the test set.
const (
	wordsPerLanguage     = 3000
	wordsTestPerLanguage = 600
)

// wordFiles are the embedded word lists, indexed by label.
var wordFiles = []string{"words_en.txt", "words_de.txt", "words_fr.txt"}

// WordLanguages returns the languages of [LoadWords] indexed by label:
// english (0), german (1), french (2). It returns a new slice on every
// call.
func WordLanguages() []string {
	return []string{"english", "german", "french"}
}

// LoadWordsAll returns all 9000 words of the embedded word lists, 3000
// per language in the order of [WordLanguages] and alphabetical within a
// language, with their labels as an int64 (9000,) tensor.
//
// The words are lower-case samples of Debian 12's word lists: wamerican
// 2020.12.07-2 (SCOWL, permissive licence), wngerman 20161207-11
// (igerman98, GPL-2+) and wfrench 1.2.7-2 (GPL-2+), embedded in the package
// and checked against their SHA-256 on every call. The selection rule and
// the licences are in the package's data/README.md: words of 3 to 15
// letters, lower-cased, without those that occur in more than one of the
// three lists, 3000 evenly spaced in sorted order. The only possible
// errors report a corrupted build.
func LoadWordsAll() (words []string, labels *tensor.Tensor, err error) {
	ls := make([]int64, 0, len(wordFiles)*wordsPerLanguage)
	for lang, name := range wordFiles {
		b, err := embeddedFile(name)
		if err != nil {
			return nil, nil, err
		}
		ws, err := parseWords(name, b)
		if err != nil {
			return nil, nil, err
		}
		words = append(words, ws...)
		for range ws {
			ls = append(ls, int64(lang))
		}
	}
	return words, tensor.FromSlice(ls, len(ls)), nil
}

// LoadWords returns a stratified, shuffled split of [LoadWordsAll]: 7200
// training words (2400 per language) and 1800 test words (600 per
// language), with their labels as int64 tensors (see [WordLanguages]).
// The split depends only on seed, as [LoadIris]'s does:
//
//  1. r := tensor.NewRNG(seed).
//  2. For each language in label order, take its 3000 words in file order,
//     draw p := r.Perm(3000), send words p[0:600] to the test list and
//     p[600:3000] to the training list, appending in the order of p.
//  3. Shuffle the training list with r.Perm(7200), then the test list with
//     r.Perm(1800): sample k is list[perm[k]].
func LoadWords(seed uint64) (trainWords []string, yTrain *tensor.Tensor, testWords []string, yTest *tensor.Tensor, err error) {
	words, labels, err := LoadWordsAll()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	train, test := wordsSplit(labels.Int64s(), seed)
	trainWords, yTrain = wordsRowsOf(words, labels, train)
	testWords, yTest = wordsRowsOf(words, labels, test)
	return trainWords, yTrain, testWords, yTest, nil
}

// wordsSplit returns the training and test indices of the split documented
// at LoadWords; labels hold wordsPerLanguage words of each language in
// label order.
func wordsSplit(labels []int64, seed uint64) (train, test []int) {
	r := tensor.NewRNG(seed)
	for lang := range wordFiles {
		first := lang * wordsPerLanguage
		for k, pk := range r.Perm(wordsPerLanguage) {
			if k < wordsTestPerLanguage {
				test = append(test, first+pk)
			} else {
				train = append(train, first+pk)
			}
		}
	}
	return irisPermute(r, train), irisPermute(r, test)
}

// wordsRowsOf gathers the given words and labels.
func wordsRowsOf(words []string, labels *tensor.Tensor, rows []int) ([]string, *tensor.Tensor) {
	ld := labels.Int64s()
	ws := make([]string, len(rows))
	ls := make([]int64, len(rows))
	for k, i := range rows {
		ws[k], ls[k] = words[i], ld[i]
	}
	return ws, tensor.FromSlice(ls, len(rows))
}

// parseWords reads one word per line ("\n" line ends) and checks that
// there are wordsPerLanguage of them, each of 3 to 15 lower-case letters.
func parseWords(name string, b []byte) ([]string, error) {
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) == 0 || len(lines[len(lines)-1]) != 0 {
		return nil, fmt.Errorf("datasets: %s: the last line does not end with a line feed", name)
	}
	lines = lines[:len(lines)-1]
	if len(lines) != wordsPerLanguage {
		return nil, fmt.Errorf("datasets: %s: got %d words, want %d", name, len(lines), wordsPerLanguage)
	}
	words := make([]string, len(lines))
	for i, l := range lines {
		w := string(l)
		if err := checkWord(w); err != nil {
			return nil, fmt.Errorf("datasets: %s: line %d: %q %v", name, i+1, w, err)
		}
		words[i] = w
	}
	return words, nil
}

// checkWord reports whether w is valid UTF-8 made of 3 to 15 letters none
// of which is upper-case.
func checkWord(w string) error {
	if !utf8.ValidString(w) {
		return fmt.Errorf("is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(w); n < 3 || n > 15 {
		return fmt.Errorf("has %d letters, want 3 to 15", n)
	}
	for _, r := range w {
		if !unicode.IsLetter(r) || unicode.IsUpper(r) {
			return fmt.Errorf("holds %q, not a lower-case letter", r)
		}
	}
	return nil
}
