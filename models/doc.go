// Package models holds Keras-style models: [Model], made with the
// functional API from symbolic tensors (NewModel), and [Sequential], a
// stack of layers. Both share one trainer: Compile with an optimizer,
// losses and metrics; Fit with a progress bar and callbacks; Evaluate;
// Predict; the allocation-free on-batch methods.
//
//	model, err := models.NewSequential(
//		&layers.Dense{Units: 6, InputShape: []int{4}, Activation: "tanh"},
//		&layers.Dense{Units: 3, Activation: "softmax"},
//	)
//	err = model.Compile(&optimizers.Adam{}, losses.CategoricalCrossentropy{}, metrics.Accuracy{})
//	history, err := model.Fit(xTrain, yTrain, models.FitOptions{Epochs: 100, ValidationSplit: 0.2})
//	scores, err := model.Evaluate(xTest, yTest)
//	probs, err := model.Predict(xTest)
//
// The functional API, as Keras's, for several inputs, several outputs,
// shared layers, residual connections and models nested in models:
//
//	price, kind := layers.NamedInput("price", 3), layers.NamedInput("kind", 5)
//	h := layers.Call(&layers.Concatenate{},
//		layers.Call(&layers.Dense{Units: 8, Activation: "relu"}, price),
//		layers.Call(&layers.Dense{Units: 8, Activation: "relu"}, kind))
//	value := layers.Call(&layers.Dense{Units: 1, Name: "value"}, h)
//	model, err := models.NewModel([]*layers.Tensor{price, kind}, []*layers.Tensor{value})
//
// Fit, Evaluate and Predict take each input and label as a *tensor.Tensor,
// a []*tensor.Tensor in order, or a map by name (see [Data]).
//
// Underneath, a model is graphs: building it creates its layers' weights
// and the inference graph that Predict runs; training and evaluation run
// in a graph of their own per kind of labels, with the model's training
// pass (Dropout active, layer updates registered), its inference pass, the
// losses, their gradients and the optimizer's update. All these graphs bind
// the same weight storage. A mistake in the labels or the training setup
// is an error for that call and leaves Predict working. Every mistake a
// user can make at this level returns an error naming the layer or
// argument. See Model for what is safe to call concurrently.
//
// An input may declare a dimension None (layers.None), as Keras's
// Input(shape=(None, features)) for sequences of any length: such a model
// builds its graphs for the input shapes of the data it is given and
// keeps those of its last few shapes, all sharing the weights and the
// optimizer's state, so Predict, Fit and the on-batch methods take
// sequences of one length in one call and of another in the next.
package models
