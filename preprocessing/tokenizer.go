package preprocessing

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"unicode"

	"github.com/neurite/neurite/tensor"
)

// CharTokenizer turns texts into sequences of character indices, as
// Keras's keras.preprocessing.text.Tokenizer(char_level=True) does. Fit it
// on the training texts with FitOnTexts; every character (Unicode code
// point) seen gets an index from 1 up, the most frequent first (ties in
// order of first appearance), so that 0 stays free for padding. As in
// Keras, characters are lower-cased first (unless KeepCase), and no
// character is filtered out (Keras applies its filters only to words).
//
// The zero value is Keras's defaults: all characters kept, lower-cased,
// unknown characters dropped.
type CharTokenizer struct {
	// NumWords keeps only the characters with indices below NumWords (the
	// NumWords−1 most frequent, or NumWords−2 with OOV) when texts are
	// converted; 0 keeps all. It must not be negative.
	NumWords int
	// OOV reserves index 1 for characters not seen in fitting (and those
	// cut by NumWords), as Keras's oov_token; without it they are dropped.
	OOV bool
	// KeepCase turns off lower-casing (Keras's lower=False).
	KeepCase bool

	counts map[rune]int
	order  []rune // in order of first appearance
	index  map[rune]int
	docs   int
}

// FitOnTexts counts the characters of texts and rebuilds the index from
// all texts fitted so far. It may be called more than once.
func (t *CharTokenizer) FitOnTexts(texts []string) {
	if t.counts == nil {
		t.counts = map[rune]int{}
	}
	for _, s := range texts {
		t.docs++
		for _, r := range t.normalize(s) {
			if t.counts[r] == 0 {
				t.order = append(t.order, r)
			}
			t.counts[r]++
		}
	}
	sorted := append([]rune(nil), t.order...)
	sort.SliceStable(sorted, func(i, j int) bool { return t.counts[sorted[i]] > t.counts[sorted[j]] })
	first := 1
	if t.OOV {
		first = 2
	}
	t.index = make(map[rune]int, len(sorted))
	for i, r := range sorted {
		t.index[r] = first + i
	}
}

// normalize lower-cases s unless KeepCase.
func (t *CharTokenizer) normalize(s string) string {
	if t.KeepCase {
		return s
	}
	return strings.ToLower(s)
}

// TextsToSequences returns the character indices of each text. Characters
// not in the index, or with an index of NumWords or more, become 1 with
// OOV and are dropped without it. It returns an error for a negative
// NumWords.
func (t *CharTokenizer) TextsToSequences(texts []string) ([][]int, error) {
	if t.NumWords < 0 {
		return nil, fmt.Errorf("preprocessing: CharTokenizer: NumWords must not be negative, got %d", t.NumWords)
	}
	out := make([][]int, len(texts))
	for k, s := range texts {
		seq := []int{}
		for _, r := range t.normalize(s) {
			i, ok := t.index[r]
			if ok && (t.NumWords == 0 || i < t.NumWords) {
				seq = append(seq, i)
			} else if t.OOV {
				seq = append(seq, 1)
			}
		}
		out[k] = seq
	}
	return out, nil
}

// TextsToPadded is TextsToSequences followed by PadSequences with opts:
// the texts as one (len(texts), maxlen) tensor of indices, ready for an
// Embedding layer.
func (t *CharTokenizer) TextsToPadded(texts []string, opts PadOptions) (*tensor.Tensor, error) {
	seqs, err := t.TextsToSequences(texts)
	if err != nil {
		return nil, err
	}
	fs := make([][]float64, len(seqs))
	for k, s := range seqs {
		fs[k] = make([]float64, len(s))
		for j, i := range s {
			fs[k][j] = float64(i)
		}
	}
	return PadSequences(fs, opts)
}

// SequencesToTexts turns index sequences back into texts; 0 (padding) and
// unknown indices are skipped, and the OOV index 1 becomes U+FFFD. (Keras
// joins the tokens with spaces even at character level; here they are
// joined without a separator.)
func (t *CharTokenizer) SequencesToTexts(seqs [][]int) []string {
	chars := make(map[int]rune, len(t.index))
	for r, i := range t.index {
		chars[i] = r
	}
	out := make([]string, len(seqs))
	for k, s := range seqs {
		var b strings.Builder
		for _, i := range s {
			if r, ok := chars[i]; ok && (t.NumWords == 0 || i < t.NumWords) {
				b.WriteRune(r)
			} else if t.OOV && i == 1 {
				b.WriteRune(unicode.ReplacementChar)
			}
		}
		out[k] = b.String()
	}
	return out
}

// WordIndex returns a copy of the index: character to index (Keras's
// word_index; like Keras, it holds every character fitted, whatever
// NumWords).
func (t *CharTokenizer) WordIndex() map[rune]int { return maps.Clone(t.index) }

// WordCounts returns a copy of the number of times each character occurred
// in the fitted texts (Keras's word_counts).
func (t *CharTokenizer) WordCounts() map[rune]int { return maps.Clone(t.counts) }

// DocumentCount returns the number of texts fitted.
func (t *CharTokenizer) DocumentCount() int { return t.docs }

// VocabularySize returns one more than the largest index TextsToSequences
// can produce: the InputDim an Embedding layer needs for its output
// (counting index 0, the padding, and 1 with OOV).
func (t *CharTokenizer) VocabularySize() int {
	n := len(t.index) + 1
	if t.OOV {
		n++
	}
	if t.NumWords > 0 {
		n = min(n, t.NumWords)
	}
	if t.OOV {
		n = max(n, 2) // 1 is produced whatever NumWords, as in Keras
	}
	return n
}
