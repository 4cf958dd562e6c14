// Command functional shows Keras's functional API in Neurite: a model with
// two inputs and two outputs, and a residual network with skip connections.
//
// The first model prices houses from a numeric branch (area, age, rooms)
// and a categorical branch (one of five districts, one-hot), merged with
// Concatenate; it predicts the price (regression, mean squared error) and
// whether the house sells above the median (classification, crossentropy).
// The data are generated, so the example runs anywhere.
//
// The second part trains a residual MLP (Dense blocks with Add skip
// connections) and a plain MLP of the same size on the Boston housing data
// with the same budget, and prints both test errors.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

func main() {
	epochs := flag.Int("epochs", 300, "epochs for the Boston comparison")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := run(os.Stdout, *epochs, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "functional:", err)
		os.Exit(1)
	}
}

// run trains both parts and prints their test metrics to w.
func run(w io.Writer, bostonEpochs int, seed uint64) error {
	if err := twoInputsTwoOutputs(w, seed); err != nil {
		return err
	}
	return residualVersusPlain(w, bostonEpochs, seed)
}

// houses generates n houses: numeric features (n, 3), a one-hot district
// (n, 5), the price (n, 1) and whether it is above 0 (n,) as 0 or 1.
func houses(n int, rng *tensor.RNG) (numeric, district, price, above *tensor.Tensor) {
	numeric = rng.Normal(tensor.Float32, 0, 1, n, 3)
	ids := rng.Integers(0, 5, n)
	district = tensor.OneHot(ids, 5, tensor.Float32)
	price = tensor.New(tensor.Float32, n, 1)
	above = tensor.New(tensor.Int64, n)
	effect := []float64{-1.5, -0.5, 0, 0.8, 1.6}
	for i := 0; i < n; i++ {
		area, age, rooms := numeric.At(i, 0), numeric.At(i, 1), numeric.At(i, 2)
		p := 2*area - 0.7*age + 0.5*rooms*rooms + effect[int(ids.At(i))] + 0.1*rng.Float64()
		price.Set(p, i, 0)
		if p > 0.5 {
			above.Set(1, i)
		}
	}
	return numeric, district, price, above
}

// twoInputsTwoOutputs builds, trains and evaluates the house model.
func twoInputsTwoOutputs(w io.Writer, seed uint64) error {
	numeric := layers.NamedInput("numeric", 3)
	district := layers.NamedInput("district", 5)
	n := layers.Call(&layers.Dense{Units: 16, Activation: "relu"}, numeric)
	d := layers.Call(&layers.Dense{Units: 4, Activation: "relu"}, district)
	h := layers.Call(&layers.Concatenate{}, n, d)
	h = layers.Call(&layers.Dense{Units: 16, Activation: "relu"}, h)
	price := layers.Call(&layers.Dense{Units: 1, Name: "price"}, h)
	above := layers.Call(&layers.Dense{Units: 2, Activation: "softmax", Name: "above_median"}, h)
	model, err := models.NewModel([]*layers.Tensor{numeric, district}, []*layers.Tensor{price, above})
	if err != nil {
		return err
	}
	model.Seed = seed
	err = model.CompileWith(models.CompileConfig{
		Optimizer: &optimizers.Adam{LearningRate: 0.005},
		Losses: map[string]losses.Loss{
			"price":        losses.MeanSquaredError{},
			"above_median": losses.SparseCategoricalCrossentropy{},
		},
		OutputMetrics: map[string][]metrics.Metric{
			"price":        {metrics.MeanAbsoluteError{}},
			"above_median": {metrics.Accuracy{}},
		},
	})
	if err != nil {
		return err
	}
	if err := model.Summary(w); err != nil {
		return err
	}
	rng := tensor.NewRNG(seed)
	xn, xd, yp, ya := houses(2000, rng)
	x := map[string]*tensor.Tensor{"numeric": xn, "district": xd}
	y := map[string]*tensor.Tensor{"price": yp, "above_median": ya}
	if _, err := model.Fit(x, y, models.FitOptions{Epochs: 30, ValidationSplit: 0.2, Verbose: models.Silent}); err != nil {
		return err
	}
	tn, td, tp, ta := houses(500, rng)
	scores, err := model.Evaluate([]*tensor.Tensor{tn, td}, []*tensor.Tensor{tp, ta}, models.EvaluateOptions{Verbose: models.Silent})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "two inputs, two outputs — test set of 500 houses:")
	for i, name := range model.MetricsNames() {
		fmt.Fprintf(w, "  %-28s %.4f\n", name, scores[i])
	}
	return nil
}

// mlp builds a Boston regressor: a projection to width units, then blocks
// of two Dense layers, with an Add skip connection around each block when
// residual is true, and a linear output.
func mlp(width, blocks int, residual bool) (*models.Model, error) {
	x := layers.Input(13)
	h := layers.Call(&layers.Dense{Units: width, Activation: "relu"}, x)
	for b := 0; b < blocks; b++ {
		f := layers.Call(&layers.Dense{Units: width, Activation: "relu"}, h)
		f = layers.Call(&layers.Dense{Units: width}, f)
		if residual {
			f = layers.Call(&layers.Add{}, h, f)
		}
		h = layers.Call(&layers.Activation{Fn: "relu"}, f)
	}
	out := layers.Call(&layers.Dense{Units: 1}, h)
	return models.NewModel([]*layers.Tensor{x}, []*layers.Tensor{out})
}

// residualVersusPlain trains both MLPs on Boston with the same budget.
func residualVersusPlain(w io.Writer, epochs int, seed uint64) error {
	xTrain, yTrain, xTest, yTest, err := datasets.LoadBostonHousing()
	if err != nil {
		return err
	}
	s, err := datasets.FitStandardizer(xTrain)
	if err != nil {
		return err
	}
	if xTrain, err = s.Transform(xTrain); err != nil {
		return err
	}
	if xTest, err = s.Transform(xTest); err != nil {
		return err
	}
	fmt.Fprintf(w, "Boston housing, 32 units, 4 blocks of two Dense layers, Adam 0.001, %d epochs, batch 32:\n", epochs)
	for _, residual := range []bool{false, true} {
		m, err := mlp(32, 4, residual)
		if err != nil {
			return err
		}
		m.Seed = seed
		if err := m.Compile(&optimizers.Adam{}, losses.MeanSquaredError{}, metrics.MeanAbsoluteError{}); err != nil {
			return err
		}
		hist, err := m.Fit(xTrain, yTrain, models.FitOptions{Epochs: epochs, Verbose: models.Silent})
		if err != nil {
			return err
		}
		scores, err := m.Evaluate(xTest, yTest, models.EvaluateOptions{Verbose: models.Silent})
		if err != nil {
			return err
		}
		name := "plain MLP   "
		if residual {
			name = "residual MLP"
		}
		train := hist.History["loss"]
		total, _ := m.CountParams()
		fmt.Fprintf(w, "  %s %d params: train MSE %.2f, test MSE %.2f, test MAE %.2f\n", name, total, train[len(train)-1], scores[0], scores[1])
	}
	return nil
}
