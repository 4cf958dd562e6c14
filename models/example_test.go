package models_test

import (
	"fmt"
	"strings"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// The functional API: two inputs merged with Concatenate, a residual block
// with Add, two outputs.
func ExampleNewModel() {
	features := layers.NamedInput("features", 4)
	tags := layers.NamedInput("tags", 3)
	h := layers.Call(&layers.Concatenate{},
		layers.Call(&layers.Dense{Units: 8, Activation: "relu"}, features),
		layers.Call(&layers.Dense{Units: 8, Activation: "relu"}, tags))
	block := layers.Call(&layers.Dense{Units: 16, Activation: "relu"}, h)
	h = layers.Call(&layers.Add{}, h, block) // a skip connection
	score := layers.Call(&layers.Dense{Units: 1, Name: "score"}, h)
	label := layers.Call(&layers.Dense{Units: 2, Activation: "softmax", Name: "label"}, h)
	model, err := models.NewModel([]*layers.Tensor{features, tags}, []*layers.Tensor{score, label})
	if err != nil {
		fmt.Println(err)
		return
	}
	model.Seed = 1
	fmt.Println("inputs:", model.InputNames(), "outputs:", model.OutputNames())
	out, err := model.PredictAll(map[string]*tensor.Tensor{
		"features": tensor.Ones(tensor.Float32, 5, 4),
		"tags":     tensor.Zeros(tensor.Float32, 5, 3),
	}, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("score:", out[0].Shape(), "label:", out[1].Shape())
	total, _ := model.CountParams()
	fmt.Println("parameters:", total)
	// Output:
	// inputs: [features tags] outputs: [score label]
	// score: (5, 1) label: (5, 2)
	// parameters: 395
}

// A model is a layer: here a Sequential feature extractor is shared by two
// inputs of a functional model.
func ExampleModel_nested() {
	encoder := models.MustSequential(
		&layers.Dense{Units: 4, Activation: "tanh", InputShape: []int{6}},
		&layers.Dense{Units: 2},
	)
	a, b := layers.Input(6), layers.Input(6)
	distance := layers.Call(&layers.Subtract{}, layers.Call(encoder, a), layers.Call(encoder, b))
	model, err := models.NewModel([]*layers.Tensor{a, b}, []*layers.Tensor{distance})
	if err != nil {
		fmt.Println(err)
		return
	}
	var table strings.Builder
	if err := model.Summary(&table); err != nil {
		fmt.Println(err)
	}
	// Keras pads every row to the table's width; trailing spaces are
	// trimmed here so that the output below can be checked.
	for _, line := range strings.Split(strings.TrimSpace(table.String()), "\n") {
		fmt.Println(strings.TrimRight(line, " "))
	}
	// Output:
	// Model: "model"
	// __________________________________________________________________________________________________
	// Layer (type)                    Output Shape         Param #     Connected to
	// ==================================================================================================
	// input_layer (InputLayer)        (None, 6)            0
	// __________________________________________________________________________________________________
	// input_layer_1 (InputLayer)      (None, 6)            0
	// __________________________________________________________________________________________________
	// sequential (Sequential)         (None, 2)            38          input_layer[0][0]
	//                                                                  input_layer_1[0][0]
	// __________________________________________________________________________________________________
	// subtract (Subtract)             (None, 2)            0           sequential[0][0]
	//                                                                  sequential[1][0]
	// ==================================================================================================
	// Total params: 38
	// Trainable params: 38
	// Non-trainable params: 0
	// __________________________________________________________________________________________________
}

// Class weights make rare classes count more in the loss, as Keras's
// class_weight: here class 1 weighs 4, class 0 the default 1.
func ExampleFitOptions_classWeight() {
	x := tensor.FromSlice([]float32{0, 1, 2, 3, 4, 5}, 6, 1)
	y := tensor.FromSlice([]int64{0, 0, 0, 0, 1, 1})
	model := models.MustSequential(&layers.Dense{Units: 2, Activation: "softmax", InputShape: []int{1}})
	model.Seed = 1
	if err := model.CompileNamed("sgd", "sparse_categorical_crossentropy"); err != nil {
		fmt.Println(err)
		return
	}
	plain, _ := model.Evaluate(x, y, models.EvaluateOptions{Verbose: models.Silent})
	weights := tensor.FromSlice([]float32{1, 1, 1, 1, 4, 4}) // what ClassWeight{1: 4} gives
	weighted, _ := model.Evaluate(x, y, models.EvaluateOptions{SampleWeight: weights, Verbose: models.Silent})
	fmt.Printf("weighted/plain loss ratio within [1, 4]: %v\n", weighted[0]/plain[0] >= 1 && weighted[0]/plain[0] <= 4)
	hist, err := model.Fit(x, y, models.FitOptions{Epochs: 5, ClassWeight: map[int]float64{1: 4}, Verbose: models.Silent})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("epochs trained:", len(hist.History["loss"]))
	// Output:
	// weighted/plain loss ratio within [1, 4]: true
	// epochs trained: 5
}

// Sequences of different lengths in one batch, padded with id 0: an
// Embedding with MaskZero masks the padding, and the LSTM skips the
// masked steps, so a sequence predicts the same whether it is padded at
// the end or at the start, as in Keras.
func ExampleSequential_masking() {
	model := models.MustSequential(
		&layers.Embedding{InputDim: 10, OutputDim: 4, MaskZero: true, InputShape: []int{5}},
		&layers.LSTM{Units: 2},
	)
	model.Seed = 1
	x := tensor.FromSlice([]float32{
		3, 4, 7, 0, 0, // padded at the end
		0, 0, 3, 4, 7, // padded at the start
		3, 4, 7, 7, 0, // another sequence
	}, 3, 5)
	p, err := model.Predict(x, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		fmt.Println(err)
		return
	}
	v := p.Float32s()
	fmt.Printf("end-padded   %.4f %.4f\n", v[0], v[1])
	fmt.Printf("start-padded %.4f %.4f\n", v[2], v[3])
	fmt.Println("the third differs:", fmt.Sprintf("%.4f", v[4]) != fmt.Sprintf("%.4f", v[0]))
	// Output:
	// end-padded   0.0038 0.0073
	// start-padded 0.0038 0.0073
	// the third differs: true
}
