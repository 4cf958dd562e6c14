// Command text classifies words as English, German or French from their
// characters alone, with Embedding + Bidirectional(LSTM) + Dense softmax,
// on the word lists embedded in package datasets (3000 words per
// language, a stratified 7200/1800 split):
//
//	go run ./examples/text [-epochs 10] [-seed 1]
//
// The words are lower-cased, so German nouns lose their capital letter.
// A preprocessing.CharTokenizer fitted on the training words turns each
// word into up to 15 character indices, padded with 0 at the end; the
// Embedding's padding mask makes both LSTM directions skip the padding.
// It prints the test accuracy, overall and per language, and a few test
// words with their predicted language.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	c := defaultConfig
	flag.IntVar(&c.epochs, "epochs", c.epochs, "training epochs")
	flag.Uint64Var(&c.seed, "seed", c.seed, "seed of the split, the weights and the shuffling")
	flag.Parse()
	if _, err := runAndReport(os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "text:", err)
		os.Exit(1)
	}
}

// runAndReport trains the classifier and prints its test results; it
// returns the test accuracy.
func runAndReport(w io.Writer, c config) (float64, error) {
	d, err := loadWordData(c)
	if err != nil {
		return 0, err
	}
	m, err := newClassifier(c, d.tok.VocabularySize())
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(w, "%d training and %d test words, %d characters (+ padding)\n", d.xTrain.Dim(0), d.xTest.Dim(0), d.tok.VocabularySize()-1)
	if _, err := m.Fit(d.xTrain, d.yTrain, fitOptions(c)); err != nil {
		return 0, err
	}
	r, err := evaluate(m, d)
	if err != nil {
		return 0, err
	}
	r.print(w, c)
	return r.accuracy, nil
}
