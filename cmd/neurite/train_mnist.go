package main

import (
	"fmt"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
)

// mnistMLPExample is Keras's mnist_mlp: Dense 512 ReLU, Dropout 0.2, Dense
// 512 ReLU, Dropout 0.2, Dense 10 softmax on the 784 pixels of each MNIST
// image scaled to [0, 1], Adam (see examples/mnist_mlp for the choice over
// Keras's RMSprop), sparse categorical crossentropy, batches of 128 and 5
// epochs unless the flags say otherwise. As in Keras's example the model
// trains on all 60,000 training images and validates on the 10,000 test
// images after each epoch, unless --validation-split is given. The data
// comes from datasets.LoadMNIST ($NEURITE_DATA/mnist, downloaded if
// missing).
func mnistMLPExample(c *trainConfig) (*example, error) {
	if c.raw {
		return nil, fmt.Errorf("--raw applies to boston and iris only: MNIST pixels are always scaled to [0, 1]")
	}
	if c.epochs == 0 {
		c.epochs = 5
	}
	if c.lr == 0 {
		c.lr = 0.001
	}
	if !c.set["batch-size"] {
		c.batchSize = 128
	}
	xTrain, yTrain, xTest, yTest, err := datasets.LoadMNIST()
	if err != nil {
		return nil, err
	}
	if xTrain, err = datasets.FlattenImages(xTrain); err != nil {
		return nil, err
	}
	if xTest, err = datasets.FlattenImages(xTest); err != nil {
		return nil, err
	}
	model, err := models.NewSequential(
		&layers.Dense{Units: 512, Activation: "relu", InputShape: []int{784}},
		&layers.Dropout{Rate: 0.2},
		&layers.Dense{Units: 512, Activation: "relu"},
		&layers.Dropout{Rate: 0.2},
		&layers.Dense{Units: 10, Activation: "softmax"},
	)
	if err != nil {
		return nil, err
	}
	model.Seed = c.seed
	if err := model.Compile(&optimizers.Adam{LearningRate: c.lr}, losses.SparseCategoricalCrossentropy{}, mustMetric("accuracy")); err != nil {
		return nil, err
	}
	ex := &example{model: model, xTrain: xTrain, yTrain: yTrain, xTest: xTest, yTest: yTest, names: []string{"loss", "accuracy"}}
	if !c.set["validation-split"] {
		ex.xVal, ex.yVal = xTest, yTest
	}
	return ex, nil
}
