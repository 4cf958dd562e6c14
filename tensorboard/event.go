package tensorboard

import "math"

// FileVersion is the version string of the first record of every event
// file TensorFlow 2 writes, and of the files [Writer] writes.
const FileVersion = "brain.Event:2"

// Event is one record of an event file: TensorFlow's Event message, with
// the fields TensorBoard's scalar and histogram dashboards use.
type Event struct {
	// WallTime is the time of the event in seconds since the Unix epoch.
	WallTime float64
	// Step is the training step (for Keras's epoch summaries, the epoch).
	Step int64
	// FileVersion is set on the first record of a file ("brain.Event:2").
	FileVersion string
	// Values are the summary values of the event, in order.
	Values []Value
}

// Value is one named value of a summary (TensorFlow's Summary.Value).
// Exactly one of Simple, Tensor and Histogram is set for the values this
// package understands; values of other kinds (images, audio, non-scalar
// tensors) are returned with all three nil.
type Value struct {
	// Tag names the series the value belongs to ("epoch_loss").
	Tag string
	// Simple is the value of a TensorFlow 1 scalar summary (simple_value,
	// a float32), what [Writer.AddScalar] writes.
	Simple *float32
	// Tensor is the value of a rank-0 float32 or float64 tensor summary,
	// which is how TensorFlow 2's tf.summary.scalar writes scalars.
	Tensor *float64
	// Histogram is the value of a histogram summary.
	Histogram *Histogram
}

// Scalar returns the value of a scalar summary (Simple or Tensor) as a
// float64; ok is false for other kinds of values.
func (v Value) Scalar() (x float64, ok bool) {
	switch {
	case v.Simple != nil:
		return float64(*v.Simple), true
	case v.Tensor != nil:
		return *v.Tensor, true
	}
	return 0, false
}

// Histogram is TensorFlow's HistogramProto: summary statistics of a set of
// numbers and their counts in buckets. Bucket i counts the values v with
// BucketLimit[i-1] <= v < BucketLimit[i] (for i = 0, from -DBL_MAX).
type Histogram struct {
	// Min, Max, Num, Sum and SumSquares are the smallest and largest value,
	// the number of values, their sum and the sum of their squares.
	Min, Max, Num, Sum, SumSquares float64
	// BucketLimit holds the right edges of the buckets, ascending.
	BucketLimit []float64
	// Bucket holds the counts, one per limit.
	Bucket []float64
}

// Field numbers from tensorflow/core/util/event.proto,
// tensorflow/core/framework/summary.proto (Summary, Summary.Value,
// HistogramProto, now in tsl/protobuf/histogram.proto) and
// tensorflow/core/framework/tensor.proto.
const (
	eventWallTime    = 1 // double
	eventStep        = 2 // int64
	eventFileVersion = 3 // string
	eventSummary     = 5 // Summary

	summaryValue = 1 // repeated Summary.Value

	valueTag    = 1 // string
	valueSimple = 2 // float
	valueHisto  = 5 // HistogramProto
	valueTensor = 8 // TensorProto

	histoMin         = 1 // double
	histoMax         = 2 // double
	histoNum         = 3 // double
	histoSum         = 4 // double
	histoSumSquares  = 5 // double
	histoBucketLimit = 6 // repeated double, packed
	histoBucket      = 7 // repeated double, packed

	tensorDType     = 1 // DataType enum
	tensorShape     = 2 // TensorShapeProto
	tensorContent   = 4 // bytes, little endian
	tensorFloatVal  = 5 // repeated float, packed
	tensorDoubleVal = 6 // repeated double, packed

	shapeDim         = 2 // repeated TensorShapeProto.Dim
	shapeUnknownRank = 3 // bool

	dtFloat  = 1 // DT_FLOAT
	dtDouble = 2 // DT_DOUBLE
)

// f32 returns a pointer to v, for Value.Simple.
func f32(v float32) *float32 { return &v }

// f64 returns a pointer to v, for Value.Tensor.
func f64(v float64) *float64 { return &v }

// isFinite reports whether v is neither infinite nor NaN.
func isFinite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }
