// Package models holds Keras-style models: a [Sequential] stack of layers
// that you compile with an optimizer, a loss and metrics, fit to data with
// a progress bar, evaluate and use to predict.
//
//	model := models.NewSequential(
//		&layers.Dense{Units: 6, InputShape: []int{4}, Activation: "tanh"},
//		&layers.Dense{Units: 3, Activation: "softmax"},
//	)
//	err := model.Compile(&optimizers.Adam{}, losses.CategoricalCrossentropy{}, metrics.Accuracy{})
//	history, err := model.Fit(xTrain, yTrain, models.FitOptions{Epochs: 100, ValidationSplit: 0.2})
//	scores, err := model.Evaluate(xTest, yTest, models.EvaluateOptions{})
//	probs, err := model.Predict(xTest, models.PredictOptions{})
//
// Underneath, a model is a graph: building it adds its layers' forward pass
// to a graph.Graph (once for training, where Dropout is active, and once for
// inference, sharing the weights); the first Fit adds the loss, its
// gradients and the optimizer's updates, and each batch is one Session run.
// Every mistake a user can make at this level returns an error naming the
// layer or argument.
package models
