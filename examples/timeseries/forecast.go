package main

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/preprocessing"
	"github.com/neurite/neurite/tensor"
)

// config is the forecaster's setup.
type config struct {
	window    int     // years of history per forecast
	testYears int     // held-out tail: the forecasts of these years are the test set
	units     int     // LSTM units
	epochs    int     // training epochs
	batchSize int     // samples per gradient step
	lr        float64 // Adam learning rate
	seed      uint64  // weights and shuffling
}

// defaultConfig is the setup the example runs with.
var defaultConfig = config{window: 12, testYears: 60, units: 32, epochs: 40, batchSize: 16, lr: 0.005, seed: 1}

// forecast is the outcome of a run: the years of the test set, their
// true values, the LSTM's and the naive forecasts, and both test MAEs in
// sunspots.
type forecast struct {
	years              []int
	truth, lstm, naive []float64
	lstmMAE, naiveMAE  float64
	trainSamples       int
}

// windows cuts the series into windows of c.window years and the year
// after each, as training set the windows whose target year lies before
// the last c.testYears years and as test set those whose target is one of
// them (their inputs may reach back before the tail). It returns the
// index of the first test year.
func windows(series *tensor.Tensor, c config) (xTrain, yTrain, xTest, yTest *tensor.Tensor, split int, err error) {
	n := series.Dim(0)
	split = n - c.testYears
	if c.window < 1 || c.testYears < 1 || split-c.window < 2 {
		return nil, nil, nil, nil, 0, fmt.Errorf("timeseries: window %d and %d test years leave no training windows of the %d years", c.window, c.testYears, n)
	}
	data := series.Reshape(n, 1)
	// targets[k] is the year after the window that starts at k.
	targets := tensor.GatherRows(data, seq(c.window, n))
	xTrain, yTrain, err = preprocessing.TimeseriesWindows(data, targets, preprocessing.WindowOptions{
		SequenceLength: c.window, EndIndex: split - 1}) // the last target is year split−1
	if err != nil {
		return nil, nil, nil, nil, 0, err
	}
	xTest, yTest, err = preprocessing.TimeseriesWindows(data, targets, preprocessing.WindowOptions{
		SequenceLength: c.window, StartIndex: split - c.window})
	return xTrain, yTrain, xTest, yTest, split, err
}

// seq returns lo, lo+1, …, hi−1.
func seq(lo, hi int) []int {
	s := make([]int, hi-lo)
	for i := range s {
		s[i] = lo + i
	}
	return s
}

// newForecaster returns the compiled model: the window standardised with
// the training years' mean and standard deviation (a Rescaling layer),
// an LSTM, one linear unit, and the inverse scaling, so that the model
// reads and predicts sunspot numbers; mean squared error, Adam, and the
// mean absolute error as metric.
func newForecaster(c config, mean, std float64) (*models.Sequential, error) {
	m, err := models.NewSequential(
		&layers.Rescaling{Scale: 1 / std, Offset: -mean / std, InputShape: []int{c.window, 1}},
		&layers.LSTM{Units: c.units},
		&layers.Dense{Units: 1},
		&layers.Rescaling{Scale: std, Offset: mean},
	)
	if err != nil {
		return nil, err
	}
	m.Seed = c.seed
	return m, m.Compile(&optimizers.Adam{LearningRate: c.lr}, losses.MeanSquaredError{}, metrics.MeanAbsoluteError{})
}

// run trains the forecaster on the early years and forecasts each year of
// the held-out tail one step ahead from the window of years before it.
func run(c config) (*forecast, error) {
	years, activity, err := datasets.LoadSunspots()
	if err != nil {
		return nil, err
	}
	xTrain, yTrain, xTest, yTest, split, err := windows(activity, c)
	if err != nil {
		return nil, err
	}
	series := activity.Float32s()
	mean, std := meanStd(series[:split])
	m, err := newForecaster(c, mean, std)
	if err != nil {
		return nil, err
	}
	if _, err := m.Fit(xTrain, yTrain, models.FitOptions{Epochs: c.epochs, BatchSize: c.batchSize, Verbose: models.Silent}); err != nil {
		return nil, err
	}
	pred, err := m.Predict(xTest, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		return nil, err
	}
	if pred.Dim(0) != c.testYears || yTest.Dim(0) != c.testYears {
		return nil, fmt.Errorf("timeseries: %d forecasts and %d targets for %d test years", pred.Dim(0), yTest.Dim(0), c.testYears)
	}
	f := &forecast{years: years[split:], trainSamples: xTrain.Dim(0)}
	for k, p := range pred.Float32s() {
		f.truth = append(f.truth, float64(yTest.Float32s()[k]))
		f.lstm = append(f.lstm, float64(p))
		f.naive = append(f.naive, float64(series[split+k-1]))
	}
	f.lstmMAE, f.naiveMAE = mae(f.lstm, f.truth), mae(f.naive, f.truth)
	return f, nil
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

// mae is the mean absolute difference of a and b.
func mae(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += math.Abs(a[i] - b[i])
	}
	return s / float64(len(a))
}
