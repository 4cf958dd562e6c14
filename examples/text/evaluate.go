package main

import (
	"fmt"
	"io"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/models"
)

// fitOptions returns the training options of c: silent, the model's
// shuffling.
func fitOptions(c config) models.FitOptions {
	return models.FitOptions{Epochs: c.epochs, BatchSize: c.batchSize, Verbose: models.Silent}
}

// results are the test results of a trained classifier.
type results struct {
	accuracy  float64    // overall test accuracy
	perLang   []float64  // test accuracy of the words of each language
	examples  [][]string // a few test words: word, true and predicted language
	languages []string
}

// evaluate predicts the test words and scores the predictions.
func evaluate(m *models.Model, d *wordData) (*results, error) {
	probs, err := m.Predict(d.xTest, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		return nil, err
	}
	langs := datasets.WordLanguages()
	r := &results{perLang: make([]float64, len(langs)), languages: langs}
	total := make([]int, len(langs))
	p, y := probs.Float32s(), d.yTest.Int64s()
	right := 0
	for i, want := range y {
		row := p[i*len(langs) : (i+1)*len(langs)]
		got := 0
		for k := range row {
			if row[k] > row[got] {
				got = k
			}
		}
		total[want]++
		if int64(got) == want {
			right++
			r.perLang[want]++
		}
		if i < 8 {
			r.examples = append(r.examples, []string{d.testWords[i], langs[want], langs[got]})
		}
	}
	r.accuracy = float64(right) / float64(len(y))
	for k := range r.perLang {
		r.perLang[k] /= float64(max(total[k], 1))
	}
	return r, nil
}

// print writes the results.
func (r *results) print(w io.Writer, c config) {
	fmt.Fprintf(w, "Embedding(%d) + Bidirectional(LSTM(%d)) + Dense softmax, %d epochs: test accuracy %.4f\n", c.embedDim, c.units, c.epochs, r.accuracy)
	for k, a := range r.perLang {
		fmt.Fprintf(w, "  %-8s %.4f\n", r.languages[k], a)
	}
	for _, e := range r.examples {
		mark := ""
		if e[1] != e[2] {
			mark = "  (wrong)"
		}
		fmt.Fprintf(w, "  %-16s %-8s -> %s%s\n", e[0], e[1], e[2], mark)
	}
}
