package main

import (
	"fmt"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
)

// mnistCNNValidationSplit is the fraction of the training images Keras's
// MNIST convnet example holds out for validation.
const mnistCNNValidationSplit = 0.1

// mnistCNNExample is Keras's simple MNIST convnet: Conv2D 32 3×3 ReLU,
// MaxPooling 2, Conv2D 64 3×3 ReLU, MaxPooling 2, Flatten, Dropout 0.5,
// Dense 10 softmax on the 28×28×1 MNIST images scaled to [0, 1], Adam,
// sparse categorical crossentropy, batches of 128 and 12 epochs unless the
// flags say otherwise (Keras's example runs 15). As in Keras's example the
// model holds out 10% of the training images for validation, unless
// --validation-split is given. The data comes from datasets.LoadMNIST
// ($NEURITE_DATA/mnist, downloaded if missing).
func mnistCNNExample(c *trainConfig) (*example, error) {
	if c.raw {
		return nil, fmt.Errorf("--raw applies to boston and iris only: MNIST pixels are always scaled to [0, 1]")
	}
	if c.epochs == 0 {
		c.epochs = 12
	}
	if c.lr == 0 {
		c.lr = 0.001
	}
	if !c.set["batch-size"] {
		c.batchSize = 128
	}
	if !c.set["validation-split"] {
		c.valSplit = mnistCNNValidationSplit
	}
	xTrain, yTrain, xTest, yTest, err := datasets.LoadMNIST()
	if err != nil {
		return nil, err
	}
	model, err := models.NewSequential(
		&layers.Conv2D{Filters: 32, KernelSize: [2]int{3, 3}, Activation: "relu", InputShape: []int{28, 28, 1}},
		&layers.MaxPooling2D{PoolSize: [2]int{2, 2}},
		&layers.Conv2D{Filters: 64, KernelSize: [2]int{3, 3}, Activation: "relu"},
		&layers.MaxPooling2D{PoolSize: [2]int{2, 2}},
		&layers.Flatten{},
		&layers.Dropout{Rate: 0.5},
		&layers.Dense{Units: 10, Activation: "softmax"},
	)
	if err != nil {
		return nil, err
	}
	model.Seed = c.seed
	if err := model.Compile(&optimizers.Adam{LearningRate: c.lr}, losses.SparseCategoricalCrossentropy{}, mustMetric("accuracy")); err != nil {
		return nil, err
	}
	return &example{model: model, xTrain: xTrain, yTrain: yTrain, xTest: xTest, yTest: yTest, names: []string{"loss", "accuracy"}}, nil
}
