// Package tensorboard writes and reads TensorBoard event files, the
// "events.out.tfevents.*" files that TensorFlow's summary writers produce
// and that the TensorBoard tool (a Python program, "pip install
// tensorboard") displays.
//
// An event file is a sequence of TFRecords (see [AppendRecord]), each holding
// one Event protocol-buffer message from TensorFlow's event.proto. The first
// record carries the file version "brain.Event:2"; the others carry
// summaries: named scalars and histograms at a step and a wall time.
//
// Scalars are written the TensorFlow 1 way, as Summary.Value.simple_value (a
// float32): TensorBoard shows them under its Scalars tab, converting them to
// its scalar format when it loads the file, exactly as it does for files
// written by tf.compat.v1.summary. Histograms are written as
// HistogramProto with TensorFlow's default bucket scheme (see
// [NewHistogram]) and appear under the Histograms and Distributions tabs.
//
// The protocol buffers are encoded and decoded with
// google.golang.org/protobuf/encoding/protowire, using the field numbers of
// tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto.
// The reader checks both CRCs of every record, skips fields it does not
// know, and also understands the tensor-valued scalars that TensorFlow 2's
// tf.summary.scalar writes, so it can read logs written by Keras.
package tensorboard
