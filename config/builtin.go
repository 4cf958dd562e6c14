package config

import (
	"reflect"

	"github.com/neurite/neurite/constraints"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/regularizers"
)

// RegisterType registers the type of sample under its Go type name (the
// Keras class name of the built-in types), with a factory that returns
// its zero value: a pointer for a pointer sample, a value otherwise.
func RegisterType(sample any) {
	t := reflect.TypeOf(sample)
	if t.Kind() == reflect.Pointer {
		e := t.Elem()
		Register(e.Name(), func() any { return reflect.New(e).Interface() })
		return
	}
	Register(t.Name(), func() any { return reflect.New(t).Elem().Interface() })
}

// builtinLayers are the layers of package layers. A new layer needs one
// line here (TestEveryLayerRegistered fails until it has it).
var builtinLayers = []layers.Layer{
	&layers.Activation{}, &layers.Add{}, &layers.Average{}, &layers.Concatenate{},
	&layers.Dense{}, &layers.Dot{}, &layers.Dropout{}, &layers.Flatten{},
	&layers.InputLayer{}, &layers.Maximum{}, &layers.Minimum{}, &layers.Multiply{},
	&layers.Subtract{},

	&layers.Conv1D{}, &layers.Conv2D{}, &layers.DepthwiseConv2D{}, &layers.SeparableConv2D{},
	&layers.MaxPooling1D{}, &layers.MaxPooling2D{}, &layers.AveragePooling1D{}, &layers.AveragePooling2D{},
	&layers.GlobalAveragePooling1D{}, &layers.GlobalAveragePooling2D{},
	&layers.GlobalMaxPooling1D{}, &layers.GlobalMaxPooling2D{},
	&layers.BatchNormalization{}, &layers.LayerNormalization{},
	&layers.ZeroPadding2D{}, &layers.Cropping2D{}, &layers.UpSampling2D{}, &layers.Reshape{},
	&layers.Permute{}, &layers.Rescaling{}, &layers.SpatialDropout2D{}, &layers.RandomFlip{},
	&layers.Normalization{}, &layers.Conv2DTranspose{}, &layers.RandomTranslation{},

	&layers.SimpleRNN{}, &layers.LSTM{}, &layers.GRU{}, &layers.Embedding{},
	&layers.TimeDistributed{}, &layers.Bidirectional{},

	&layers.ReLU{}, &layers.LeakyReLU{}, &layers.PReLU{}, &layers.ELU{}, &layers.Softmax{},

	&layers.Masking{},
}

// builtinOthers are the other catalog items: initializers, regularizers,
// losses, metrics, optimizers and schedules.
var builtinOthers = []any{
	initializers.Constant{}, initializers.GlorotNormal{}, initializers.GlorotUniform{},
	initializers.HeNormal{}, initializers.HeUniform{}, initializers.LecunNormal{},
	initializers.LecunUniform{}, initializers.Ones{}, initializers.Orthogonal{},
	initializers.RandomNormal{}, initializers.RandomUniform{}, initializers.TruncatedNormal{},
	initializers.VarianceScaling{}, initializers.Zeros{},

	regularizers.L1{}, regularizers.L2{}, regularizers.L1L2{},

	metrics.Accuracy{}, metrics.BinaryAccuracy{}, metrics.CategoricalAccuracy{},
	metrics.MeanAbsoluteError{}, metrics.MeanSquaredError{}, metrics.Named{},
	metrics.SparseCategoricalAccuracy{},
	metrics.CosineSimilarity{}, metrics.LogCoshError{}, metrics.MeanAbsolutePercentageError{},
	metrics.MeanSquaredLogarithmicError{}, metrics.RootMeanSquaredError{},
	metrics.SparseTopKCategoricalAccuracy{}, metrics.TopKCategoricalAccuracy{},
	metrics.Precision{}, metrics.Recall{}, metrics.AUC{}, metrics.F1Score{}, metrics.FBetaScore{},
	metrics.R2Score{}, metrics.IoU{}, metrics.MeanIoU{}, metrics.LossMetric{},

	constraints.MaxNorm{}, constraints.MinMaxNorm{}, constraints.NonNeg{}, constraints.UnitNorm{},

	&optimizers.Adadelta{}, &optimizers.Adagrad{}, &optimizers.Adam{}, &optimizers.Adamax{},
	&optimizers.AdamW{}, &optimizers.Ftrl{}, &optimizers.Lion{}, &optimizers.Nadam{},
	&optimizers.RMSprop{}, &optimizers.SGD{},
	&optimizers.Adafactor{},

	optimizers.CosineDecay{}, optimizers.CosineDecayRestarts{}, optimizers.ExponentialDecay{},
	optimizers.InverseTimeDecay{}, optimizers.PiecewiseConstantDecay{}, optimizers.PolynomialDecay{},
}

// builtinLosses are the losses of package losses.
var builtinLosses = []losses.Loss{
	losses.BinaryCrossentropy{}, losses.BinaryFocalCrossentropy{}, losses.CategoricalCrossentropy{},
	losses.CategoricalFocalCrossentropy{}, losses.CategoricalHinge{}, losses.CosineSimilarity{},
	losses.Hinge{}, losses.Huber{}, losses.KLDivergence{}, losses.LogCosh{},
	losses.MeanAbsoluteError{}, losses.MeanAbsolutePercentageError{}, losses.MeanSquaredError{},
	losses.MeanSquaredLogarithmicError{}, losses.Poisson{}, losses.SparseCategoricalCrossentropy{},
	losses.SquaredHinge{},
}

func init() {
	for _, l := range builtinLayers {
		RegisterType(l)
	}
	for _, v := range builtinOthers {
		RegisterType(v)
	}
	for _, l := range builtinLosses {
		RegisterType(l)
		if _, ok := reflect.TypeOf(l).FieldByName("Reduction"); ok {
			RegisterDefaults(l, Default{"Reduction", string(losses.ReductionSumOverBatchSize)})
		}
	}
	registerBuiltinDefaults()
}

// registerBuiltinDefaults lists the fields of the built-in types whose zero
// value means a Keras default (see the package comment).
func registerBuiltinDefaults() {
	eps := Default{"Epsilon", 1e-7}
	for _, o := range []any{optimizers.Adam{}, optimizers.AdamW{}, optimizers.Adamax{}, optimizers.Nadam{}} {
		RegisterDefaults(o, Default{"Beta1", 0.9})
		RegisterDefaults(o, Default{"Beta2", 0.999})
		RegisterDefaults(o, eps)
	}
	RegisterDefaults(optimizers.AdamW{}, Default{"WeightDecay", 0.004})
	for _, name := range optimizers.Names() {
		o, _ := optimizers.Get(name)
		RegisterDefaults(o, Default{"EMAMomentum", 0.99})
	}
	RegisterDefaults(optimizers.Lion{}, Default{"Beta1", 0.9})
	RegisterDefaults(optimizers.Lion{}, Default{"Beta2", 0.99})
	RegisterDefaults(optimizers.Adadelta{}, Default{"Rho", 0.95})
	RegisterDefaults(optimizers.Adadelta{}, eps)
	RegisterDefaults(optimizers.Adagrad{}, Default{"InitialAccumulatorValue", 0.1})
	RegisterDefaults(optimizers.Adagrad{}, eps)
	RegisterDefaults(optimizers.RMSprop{}, Default{"Rho", 0.9})
	RegisterDefaults(optimizers.RMSprop{}, eps)
	RegisterDefaults(optimizers.Ftrl{}, Default{"LearningRatePower", -0.5})
	RegisterDefaults(optimizers.Ftrl{}, Default{"InitialAccumulatorValue", 0.1})
	RegisterDefaults(optimizers.CosineDecayRestarts{}, Default{"TMul", 2.0})
	RegisterDefaults(optimizers.CosineDecayRestarts{}, Default{"MMul", 1.0})
	RegisterDefaults(optimizers.PolynomialDecay{}, Default{"Power", 1.0})
	RegisterDefaults(optimizers.Adafactor{}, Default{"Beta2Decay", -0.8})
	RegisterDefaults(optimizers.Adafactor{}, Default{"Epsilon1", 1e-30})
	RegisterDefaults(optimizers.Adafactor{}, Default{"Epsilon2", 1e-3})
	RegisterDefaults(optimizers.Adafactor{}, Default{"ClipThreshold", 1.0})

	RegisterDefaults(initializers.RandomUniform{}, Default{"Minval", -0.05}, Default{"Maxval", 0.05})
	RegisterDefaults(initializers.RandomNormal{}, Default{"Stddev", 0.05})
	RegisterDefaults(initializers.TruncatedNormal{}, Default{"Stddev", 0.05})
	RegisterDefaults(initializers.Orthogonal{}, Default{"Gain", 1.0})
	RegisterDefaults(initializers.VarianceScaling{}, Default{"Scale", 1.0})
	RegisterDefaults(initializers.VarianceScaling{}, Default{"Mode", "fan_in"})
	RegisterDefaults(initializers.VarianceScaling{}, Default{"Distribution", "truncated_normal"})

	RegisterDefaults(regularizers.L1{}, Default{"L1", 0.01})
	RegisterDefaults(regularizers.L2{}, Default{"L2", 0.01})

	RegisterDefaults(losses.Huber{}, Default{"Delta", 1.0})
	RegisterDefaults(metrics.BinaryAccuracy{}, Default{"Threshold", 0.5})
	RegisterDefaults(layers.Concatenate{}, Default{"Axis", -1})
	RegisterDefaults(layers.BatchNormalization{}, Default{"Momentum", 0.99}, Default{"Epsilon", 1e-3})
	RegisterDefaults(layers.LayerNormalization{}, Default{"Epsilon", 1e-3})
	RegisterDefaults(metrics.TopKCategoricalAccuracy{}, Default{"K", 5})
	RegisterDefaults(metrics.SparseTopKCategoricalAccuracy{}, Default{"K", 5})
	RegisterDefaults(metrics.AUC{}, Default{"NumThresholds", 200})
	RegisterDefaults(metrics.FBetaScore{}, Default{"Beta", 1.0})
}
