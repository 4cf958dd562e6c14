package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// errUsage reports a command-line mistake already explained on stderr.
var errUsage = errors.New("usage")

// trainConfig holds the flags of "neurite train".
type trainConfig struct {
	dataset   string
	epochs    int
	batchSize int
	lr        float64
	seed      uint64
	verbose   int
	valSplit  float64
	raw       bool
	jsonOut   bool
	plotPath  string          // --plot (plot.go)
	tbDir     string          // --tensorboard: TensorBoard log folder (tensorboard.go)
	savePath  string          // --save: model file to write (save.go)
	set       map[string]bool // the flags given on the command line
}

// trainExamples builds the example model of each dataset name.
var trainExamples = map[string]func(*trainConfig) (*example, error){
	"boston":     bostonExample,
	"iris":       irisExample,
	"mnist-mlp":  mnistMLPExample,   // train_mnist.go
	"mnist-cnn":  mnistCNNExample,   // train_mnist_cnn.go
	"timeseries": timeseriesExample, // train_timeseries.go
	"words":      wordsExample,      // train_words.go
}

// parseTrain reads the dataset name and flags, in any order.
func parseTrain(args []string, stderr io.Writer) (*trainConfig, error) {
	c := &trainConfig{}
	fs := flag.NewFlagSet("neurite train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.epochs, "epochs", 0, "number of epochs (default: 2000 for boston, 200 for iris, 5 for mnist-mlp, 12 for mnist-cnn, 60 for timeseries, 10 for words)")
	fs.IntVar(&c.batchSize, "batch-size", 32, "samples per gradient step (128 for mnist-mlp and mnist-cnn unless given)")
	fs.Float64Var(&c.lr, "lr", 0, "Adam learning rate (default: 0.001 for boston, mnist-mlp and mnist-cnn, 0.01 for iris, 0.005 for timeseries and words)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed for weights, shuffling and the iris and words splits")
	fs.IntVar(&c.verbose, "verbose", 1, "0 silent, 1 progress bar, 2 one line per epoch (as Keras)")
	fs.Float64Var(&c.valSplit, "validation-split", 0.2, "fraction of the training data held out for validation (unless given: mnist-mlp none, the test set validates as in Keras's example; mnist-cnn 0.1 as in Keras's example)")
	fs.BoolVar(&c.raw, "raw", false, "boston and iris: use raw features as the lecture does (default: standardised with training mean and std)")
	fs.BoolVar(&c.jsonOut, "json", false, "print one JSON object with the final metrics at the end")
	fs.StringVar(&c.plotPath, "plot", "", "after training, draw the loss and metric curves to this `file` (.png or .svg)")
	fs.StringVar(&c.tbDir, "tensorboard", "", "write TensorBoard logs (`DIR`/train, DIR/validation) for tensorboard --logdir DIR")
	fs.StringVar(&c.savePath, "save", "", "save the trained model, with its standardisation, to this `file` (for neurite predict)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: neurite train [boston|iris|mnist-mlp|mnist-cnn|timeseries|words] [flags]")
		fs.PrintDefaults()
	}
	var rest []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) > 0 {
			rest = append(rest, args[0])
			args = args[1:]
		}
	}
	c.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	switch len(rest) {
	case 0:
		c.dataset = "boston"
	case 1:
		c.dataset = strings.ToLower(rest[0])
	default:
		fmt.Fprintf(stderr, "neurite train: one dataset expected, got %q\n", rest)
		return nil, errUsage
	}
	if trainExamples[c.dataset] == nil {
		fmt.Fprintf(stderr, "neurite train: unknown dataset %q (choose boston, iris, mnist-mlp, mnist-cnn, timeseries or words)\n", c.dataset)
		return nil, errUsage
	}
	if err := checkPlotPath(c.plotPath, stderr); err != nil {
		return nil, err
	}
	return c, nil
}

// result is what --json prints; a metric that is NaN or infinite (a run
// that diverged) is printed as null.
type result struct {
	Dataset    string      `json:"dataset"`
	Epochs     int         `json:"epochs"`
	Train      metricsJSON `json:"train"`
	Validation metricsJSON `json:"validation,omitempty"`
	Test       metricsJSON `json:"test"`
	// SecondsPerEpoch is the wall time of Fit divided by the epochs: the
	// training steps and the end-of-epoch validation.
	SecondsPerEpoch float64 `json:"seconds_per_epoch"`
	// WorldSize is the number of processes that trained (mpirun -np N).
	WorldSize int `json:"world_size"`
	// NaiveMAE is the test MAE of the last-value forecast (timeseries).
	NaiveMAE *float64 `json:"naive_mae,omitempty"`
}

// train runs "neurite train".
func train(args []string, stdout, stderr io.Writer) error {
	c, err := parseTrain(args, stderr)
	if err != nil {
		return err
	}
	ex, err := trainExamples[c.dataset](c)
	if err != nil {
		return err
	}
	dist, done, err := distributor()
	if err != nil {
		return err
	}
	defer done()
	worldSize, chief := 1, true
	if dist != nil {
		if err := agreeOnLaunch(dist, c); err != nil { // distribute_*.go
			return err
		}
		if err := ex.model.SetDistributor(dist); err != nil {
			return err
		}
		worldSize, chief = dist.Size(), dist.Rank() == 0
	}
	out := stdout
	level := c.verbose
	if c.jsonOut || !chief {
		level = 0 // keep stdout a single JSON object; rank 0 prints for the job
	}
	if !chief {
		stdout, c.tbDir, c.plotPath = io.Discard, "", ""
	}
	verbose, err := models.VerbosityOf(level)
	if err != nil {
		return err
	}
	tbCallbacks, tbDone := tensorBoardCallbacks(c.tbDir)
	opts := models.FitOptions{
		Epochs: c.epochs, BatchSize: c.batchSize, ValidationSplit: c.valSplit,
		Verbose: verbose, Output: out,
		Callbacks: tbCallbacks,
	}
	if ex.xVal != nil {
		opts.ValidationSplit, opts.ValidationX, opts.ValidationY = 0, ex.xVal, ex.yVal
	}
	start := time.Now()
	hist, err := ex.model.Fit(ex.xTrain, ex.yTrain, opts)
	if err != nil {
		return err
	}
	perEpoch := time.Since(start).Seconds() / float64(c.epochs)
	if err := tbDone(); err != nil {
		return err
	}
	if err := savePlot(c.plotPath, hist); err != nil {
		return err
	}
	if err := saveTrained(c, ex.model); err != nil {
		return err
	}
	scores, err := ex.model.Evaluate(ex.xTest, ex.yTest, models.EvaluateOptions{Verbose: models.Silent})
	if err != nil {
		return err
	}
	res := summarize(c, hist, ex.names, scores)
	res.SecondsPerEpoch = perEpoch
	res.WorldSize = worldSize
	res.NaiveMAE = ex.naiveMAE
	if c.jsonOut {
		enc := json.NewEncoder(stdout)
		return enc.Encode(res)
	}
	fmt.Fprintf(stdout, "\n%.2f s per epoch\nTest (%d samples):", perEpoch, ex.xTest.Dim(0))
	for i, name := range ex.names {
		fmt.Fprintf(stdout, " %s: %s", name, callbacks.FormatValue(scores[i]))
	}
	if ex.naiveMAE != nil {
		fmt.Fprintf(stdout, " naive_mae: %s", callbacks.FormatValue(*ex.naiveMAE))
	}
	fmt.Fprintln(stdout)
	printSaved(c, stdout)
	return nil
}

// summarize collects the final train, validation and test metrics.
func summarize(c *trainConfig, hist *callbacks.History, names []string, scores []float64) result {
	res := result{Dataset: c.dataset, Epochs: c.epochs, Train: map[string]float64{}, Test: map[string]float64{}}
	for i, name := range names {
		res.Test[name] = scores[i]
		if v, ok := hist.Last(name); ok {
			res.Train[name] = v
		}
		if v, ok := hist.Last("val_" + name); ok {
			if res.Validation == nil {
				res.Validation = map[string]float64{}
			}
			res.Validation[name] = v
		}
	}
	return res
}

// example is a compiled model with its data.
type example struct {
	model                        *models.Sequential
	xTrain, yTrain, xTest, yTest *tensor.Tensor
	xVal, yVal                   *tensor.Tensor // validation data instead of --validation-split, if not nil
	names                        []string       // loss, then metrics
	naiveMAE                     *float64       // the naive forecast's test MAE (timeseries), or nil
}

// bostonExample is the lecture's model: Dense(1, linear) on 13 features,
// Adam, mean squared error, mean absolute error.
func bostonExample(c *trainConfig) (*example, error) {
	if c.epochs == 0 {
		c.epochs = 2000
	}
	if c.lr == 0 {
		c.lr = 0.001
	}
	xTrain, yTrain, xTest, yTest, err := datasets.LoadBostonHousing()
	if err != nil {
		return nil, err
	}
	if c.standardizeOutside() {
		if xTrain, xTest, err = standardize(xTrain, xTest); err != nil {
			return nil, err
		}
	}
	model, err := exampleModel(c, xTrain, &layers.Dense{Units: 1, Activation: "linear", InputShape: []int{13}})
	if err != nil {
		return nil, err
	}
	model.Seed = c.seed
	if err := model.Compile(&optimizers.Adam{LearningRate: c.lr}, losses.MeanSquaredError{}, mustMetric("mae")); err != nil {
		return nil, err
	}
	return &example{model: model, xTrain: xTrain, yTrain: yTrain, xTest: xTest, yTest: yTest, names: []string{"loss", "mae"}}, nil
}

// irisExample is a small ReLU network with a softmax output, trained with
// sparse categorical crossentropy on a stratified 120/30 split.
func irisExample(c *trainConfig) (*example, error) {
	if c.epochs == 0 {
		c.epochs = 200
	}
	if c.lr == 0 {
		c.lr = 0.01
	}
	xTrain, yTrain, xTest, yTest, err := datasets.LoadIris(c.seed)
	if err != nil {
		return nil, err
	}
	if c.standardizeOutside() {
		if xTrain, xTest, err = standardize(xTrain, xTest); err != nil {
			return nil, err
		}
	}
	model, err := exampleModel(c, xTrain,
		&layers.Dense{Units: 16, Activation: "relu", InputShape: []int{4}},
		&layers.Dense{Units: 3, Activation: "softmax"},
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

// standardize scales both sets with the training set's mean and std.
func standardize(train, test *tensor.Tensor) (*tensor.Tensor, *tensor.Tensor, error) {
	s, err := datasets.FitStandardizer(train)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.Transform(train)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.Transform(test)
	if err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

// mustMetric returns a built-in metric by a name known to exist.
func mustMetric(name string) metrics.Metric {
	m, err := metrics.Get(name)
	if err != nil {
		panic(err)
	}
	return m
}
