package datasets

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
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

// wordFiles are the names of Debian's word lists, indexed by label.
var wordFiles = []string{"american-english", "ngerman", "french"}

// WordListDirs returns the folders LoadWords reads the word lists from, in
// order: words/ under $NEURITE_DATA if it is set, then /usr/share/dict.
func WordListDirs() []string {
	var dirs []string
	if d := os.Getenv(DataEnv); d != "" {
		dirs = append(dirs, filepath.Join(d, "words"))
	}
	return append(dirs, "/usr/share/dict")
}

// WordLanguages returns the languages of [LoadWords] indexed by label:
// english (0), german (1), french (2). It returns a new slice on every
// call.
func WordLanguages() []string {
	return []string{"english", "german", "french"}
}

// LoadWordsAll returns 9000 words, 3000 per language in the order of
// [WordLanguages] and alphabetical within a language, with their labels as
// an int64 (9000,) tensor.
//
// The words come from Debian's word lists, read at run time from the first
// of [WordListDirs] that holds all three: american-english (package
// wamerican; SCOWL, permissive licence), ngerman (wngerman; igerman98,
// GPL-2+) and french (wfrench; GPL-2+). They are not embedded: the German
// and French lists are GPL-licensed, so a Neurite binary must not carry
// them. Install them with `apt-get install wamerican wngerman wfrench`.
// The selection, the same for each list (Go semantics: unicode.IsLetter,
// strings.ToLower, byte order):
//
//  1. keep the lines whose characters are all letters and that have 3 to
//     15 of them;
//  2. lower-case them and drop duplicates;
//  3. drop the words that also result from step 2 on another list, so that
//     no word has two labels;
//  4. sort the n words left and keep those at indices ⌊k·n/3000⌋ for
//     k = 0…2999.
//
// With Debian 12's lists (wamerican 2020.12.07-2, wngerman 20161207-11,
// wfrench 1.2.7-2) n is 61,527, 294,282 and 324,300.
func LoadWordsAll() (words []string, labels *tensor.Tensor, err error) {
	wordsCache.Lock()
	defer wordsCache.Unlock()
	if wordsCache.words == nil {
		if wordsCache.words, wordsCache.labels, err = selectWords(); err != nil {
			return nil, nil, err
		}
	}
	return append([]string(nil), wordsCache.words...), wordsCache.labels.Clone(), nil
}

// wordsCache keeps the selected words: reading and selecting the three
// lists takes a while, and they do not change while a program runs.
var wordsCache struct {
	sync.Mutex
	words  []string
	labels *tensor.Tensor
}

// selectWords reads the word lists and applies the selection of
// LoadWordsAll.
func selectWords() (words []string, labels *tensor.Tensor, err error) {
	dir, err := wordListDir()
	if err != nil {
		return nil, nil, err
	}
	sets := make([]map[string]bool, len(wordFiles))
	for lang, name := range wordFiles {
		if sets[lang], err = readWordList(filepath.Join(dir, name)); err != nil {
			return nil, nil, err
		}
	}
	ls := make([]int64, 0, len(wordFiles)*wordsPerLanguage)
	for lang, name := range wordFiles {
		var own []string
		for w := range sets[lang] {
			shared := false
			for other := range sets {
				if other != lang && sets[other][w] {
					shared = true
					break
				}
			}
			if !shared {
				own = append(own, w)
			}
		}
		if len(own) < wordsPerLanguage {
			return nil, nil, fmt.Errorf("datasets: %s: only %d usable words, want %d", filepath.Join(dir, name), len(own), wordsPerLanguage)
		}
		sort.Strings(own)
		for k := 0; k < wordsPerLanguage; k++ {
			words = append(words, own[k*len(own)/wordsPerLanguage])
			ls = append(ls, int64(lang))
		}
	}
	return words, tensor.FromSlice(ls, len(ls)), nil
}

// wordListDir returns the first of WordListDirs that holds all three
// lists, or an error saying how to install them.
func wordListDir() (string, error) {
	dirs := WordListDirs()
	for _, d := range dirs {
		all := true
		for _, name := range wordFiles {
			if _, err := os.Stat(filepath.Join(d, name)); err != nil {
				all = false
				break
			}
		}
		if all {
			return d, nil
		}
	}
	return "", fmt.Errorf("datasets: LoadWords needs Debian's word lists %s in one of %s: install them with `apt-get install wamerican wngerman wfrench`",
		strings.Join(wordFiles, ", "), strings.Join(dirs, ", "))
}

// readWordList applies steps 1 and 2 of LoadWordsAll's selection to a
// word list file (one word per line, UTF-8).
func readWordList(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	set := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		w := sc.Text()
		if !utf8.ValidString(w) {
			continue
		}
		n, letters := 0, true
		for _, r := range w {
			n++
			if !unicode.IsLetter(r) {
				letters = false
				break
			}
		}
		if letters && n >= 3 && n <= 15 {
			set[strings.ToLower(w)] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	return set, nil
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
	return permuteRows(r, train), permuteRows(r, test)
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
