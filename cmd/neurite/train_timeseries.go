package main

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/preprocessing"
	"github.com/neurite/neurite/tensor"
)

// The sunspot forecaster's setup (examples/timeseries has the same): each
// forecast reads the tsWindow years before the forecast year, and the
// last tsTestYears years are the test set.
const (
	tsWindow    = 12
	tsTestYears = 60
	tsUnits     = 32
)

// timeseriesExample forecasts the yearly sunspot numbers one year ahead:
// Rescaling (the training years' standardisation), LSTM(32), Dense(1)
// and the inverse Rescaling, so that the model reads and predicts sunspot
// numbers and the test "mae" is in sunspots; mean squared error, Adam.
// The test set is the forecasts of 1949–2008, whose naive (last-value)
// forecast's MAE the example carries for --json's naive_mae.
func timeseriesExample(c *trainConfig) (*example, error) {
	if c.epochs == 0 {
		c.epochs = 60
	}
	if c.lr == 0 {
		c.lr = 0.005
	}
	_, activity, err := datasets.LoadSunspots()
	if err != nil {
		return nil, err
	}
	xTrain, yTrain, xTest, yTest, err := sunspotWindows(activity)
	if err != nil {
		return nil, err
	}
	s := activity.Float32s()
	split := len(s) - tsTestYears
	mean, std := meanStd(s[:split])
	model, err := models.NewSequential(
		&layers.Rescaling{Scale: 1 / std, Offset: -mean / std, InputShape: []int{tsWindow, 1}},
		&layers.LSTM{Units: tsUnits},
		&layers.Dense{Units: 1},
		&layers.Rescaling{Scale: std, Offset: mean},
	)
	if err != nil {
		return nil, err
	}
	model.Seed = c.seed
	if err := model.Compile(&optimizers.Adam{LearningRate: c.lr}, losses.MeanSquaredError{}, mustMetric("mae")); err != nil {
		return nil, err
	}
	naive := 0.0
	for k := range tsTestYears {
		naive += math.Abs(float64(s[split+k]) - float64(s[split+k-1]))
	}
	naive /= tsTestYears
	return &example{model: model, xTrain: xTrain, yTrain: yTrain, xTest: xTest, yTest: yTest,
		names: []string{"loss", "mae"}, naiveMAE: &naive}, nil
}

// sunspotWindows cuts the series into windows of tsWindow years with the
// year after each as target: training windows are those whose target
// lies before the last tsTestYears years, test windows those whose target
// is one of them.
func sunspotWindows(series *tensor.Tensor) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	n := series.Dim(0)
	split := n - tsTestYears
	data := series.Reshape(n, 1)
	rows := make([]int, n-tsWindow)
	for i := range rows {
		rows[i] = i + tsWindow
	}
	targets := tensor.GatherRows(data, rows) // targets[k]: the year after the window starting at k
	xTrain, yTrain, err = preprocessing.TimeseriesWindows(data, targets, preprocessing.WindowOptions{
		SequenceLength: tsWindow, EndIndex: split - 1})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	xTest, yTest, err = preprocessing.TimeseriesWindows(data, targets, preprocessing.WindowOptions{
		SequenceLength: tsWindow, StartIndex: split - tsWindow})
	if err == nil && xTest.Dim(0) != tsTestYears {
		err = fmt.Errorf("sunspots: %d test windows, want %d", xTest.Dim(0), tsTestYears)
	}
	return xTrain, yTrain, xTest, yTest, err
}

// meanStd returns the mean and (population) standard deviation of xs.
func meanStd(xs []float32) (mean, std float64) {
	for _, v := range xs {
		mean += float64(v)
	}
	mean /= float64(len(xs))
	for _, v := range xs {
		std += (float64(v) - mean) * (float64(v) - mean)
	}
	return mean, math.Sqrt(std / float64(len(xs)))
}
