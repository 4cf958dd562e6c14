package main

import (
	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/preprocessing"
)

// wordsMaxLen is the longest word of the embedded word lists, in
// characters.
const wordsMaxLen = 15

// wordsExample classifies words as English, German or French from their
// characters (examples/text has the same model): a CharTokenizer fitted
// on the training words, indices padded with 0 at the end; an encoder
// (Embedding whose padding mask makes a Bidirectional LSTM skip the
// padding) nested in a Sequential model before a Dense softmax; sparse
// categorical crossentropy, Adam, accuracy. The split is LoadWords(seed).
func wordsExample(c *trainConfig) (*example, error) {
	if c.epochs == 0 {
		c.epochs = 10
	}
	if c.lr == 0 {
		c.lr = 0.005
	}
	trainWords, yTrain, testWords, yTest, err := datasets.LoadWords(c.seed)
	if err != nil {
		return nil, err
	}
	tok := &preprocessing.CharTokenizer{}
	tok.FitOnTexts(trainWords)
	pad := preprocessing.PadOptions{MaxLen: wordsMaxLen, Padding: "post", Truncating: "post"}
	xTrain, err := tok.TextsToPadded(trainWords, pad)
	if err != nil {
		return nil, err
	}
	xTest, err := tok.TextsToPadded(testWords, pad)
	if err != nil {
		return nil, err
	}
	ids := layers.Input(wordsMaxLen)
	emb := layers.Call(&layers.Embedding{InputDim: tok.VocabularySize(), OutputDim: 16, MaskZero: true}, ids)
	h := layers.Call(&layers.Bidirectional{Layer: &layers.LSTM{Units: 32}}, emb)
	encoder, err := models.NewModel([]*layers.Tensor{ids}, []*layers.Tensor{h})
	if err != nil {
		return nil, err
	}
	encoder.Name = "char_encoder"
	model, err := models.NewSequential(encoder, &layers.Dense{Units: len(datasets.WordLanguages()), Activation: "softmax"})
	if err != nil {
		return nil, err
	}
	model.Seed = c.seed
	if err := model.Compile(&optimizers.Adam{LearningRate: c.lr}, losses.SparseCategoricalCrossentropy{}, mustMetric("accuracy")); err != nil {
		return nil, err
	}
	return &example{model: model, xTrain: xTrain, yTrain: yTrain, xTest: xTest, yTest: yTest, names: []string{"loss", "accuracy"}}, nil
}
