package main

import (
	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/preprocessing"
	"github.com/neurite/neurite/tensor"
)

// maxLen is the longest word of the word lists, in characters: every word
// becomes maxLen character indices, padded with 0 at the end.
const maxLen = 15

// config is the classifier's setup.
type config struct {
	embedDim  int     // size of the character embeddings
	units     int     // LSTM units per direction
	epochs    int     // training epochs
	batchSize int     // samples per gradient step
	lr        float64 // Adam learning rate
	seed      uint64  // the split, the weights and the shuffling
	trainFrac float64 // fraction of the training words used (1: all 7200)
}

// defaultConfig is the setup the example runs with.
var defaultConfig = config{embedDim: 16, units: 32, epochs: 10, batchSize: 32, lr: 0.005, seed: 1, trainFrac: 1}

// wordData is the tokenized split.
type wordData struct {
	tok                          *preprocessing.CharTokenizer
	xTrain, yTrain, xTest, yTest *tensor.Tensor
	testWords                    []string
}

// loadWordData loads the seeded split and turns the words into padded
// character indices with a tokenizer fitted on the training words.
func loadWordData(c config) (*wordData, error) {
	trainWords, yTrain, testWords, yTest, err := datasets.LoadWords(c.seed)
	if err != nil {
		return nil, err
	}
	if c.trainFrac < 1 {
		n := int(c.trainFrac * float64(len(trainWords)))
		trainWords = trainWords[:n]
		yTrain = tensor.GatherRows(yTrain, seqTo(n))
	}
	d := &wordData{tok: &preprocessing.CharTokenizer{}, yTrain: yTrain, yTest: yTest, testWords: testWords}
	d.tok.FitOnTexts(trainWords)
	pad := preprocessing.PadOptions{MaxLen: maxLen, Padding: "post", Truncating: "post"}
	if d.xTrain, err = d.tok.TextsToPadded(trainWords, pad); err != nil {
		return nil, err
	}
	if d.xTest, err = d.tok.TextsToPadded(testWords, pad); err != nil {
		return nil, err
	}
	return d, nil
}

// seqTo returns 0, 1, …, n−1.
func seqTo(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// newClassifier returns the compiled model: character indices → Embedding
// (with the padding mask) → Bidirectional LSTM, skipping the padding →
// Dense softmax over the three languages; sparse categorical
// crossentropy, Adam and accuracy.
func newClassifier(c config, vocab int) (*models.Model, error) {
	ids := layers.Input(maxLen)
	emb := layers.Call(&layers.Embedding{InputDim: vocab, OutputDim: c.embedDim, MaskZero: true}, ids)
	h := layers.Call(&layers.Bidirectional{Layer: &layers.LSTM{Units: c.units}}, emb)
	out := layers.Call(&layers.Dense{Units: len(datasets.WordLanguages()), Activation: "softmax"}, h)
	m, err := models.NewModel([]*layers.Tensor{ids}, []*layers.Tensor{out})
	if err != nil {
		return nil, err
	}
	m.Seed = c.seed
	return m, m.Compile(&optimizers.Adam{LearningRate: c.lr}, losses.SparseCategoricalCrossentropy{}, metrics.Accuracy{})
}
