package metrics

import (
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/internal/labels"
	"github.com/neurite/neurite/tensor"
)

// IoU is Keras's IoU metric, the intersection over union of classes in a
// confusion matrix accumulated over every value seen (an [Accumulator], so
// exact over an epoch): per class c, IoU = tp / (tp + fp + fn), and the
// result is the mean over the classes of TargetClassIDs that occur
// (tp + fp + fn > 0; absent classes are left out of the mean), with
// Keras's ε = 1e-7 in each denominator.
//
// By default labels and predictions are class ids of one shape (Keras's
// sparse_y_true and sparse_y_pred): float predictions are truncated to
// integers, as Keras's cast does, so a model's probabilities need
// DenseYPred, which takes the arg max of the last axis. DenseYTrue does
// the same for one-hot labels. Pairs whose label or prediction lies
// outside [0, NumClasses), or whose label is IgnoreClass, are not counted.
type IoU struct {
	// NumClasses is the number of classes; it must be > 0.
	NumClasses int
	// TargetClassIDs are the classes averaged; at least one, each in
	// [0, NumClasses).
	TargetClassIDs []int
	// IgnoreClass, when not nil, is a label not counted (Keras's
	// ignore_class, such as a "void" class).
	IgnoreClass *int
	// DenseYTrue takes the arg max of the labels' last axis (Keras's
	// sparse_y_true=False).
	DenseYTrue bool `keras:"!sparse_y_true"`
	// DenseYPred takes the arg max of the predictions' last axis (Keras's
	// sparse_y_pred=False).
	DenseYPred bool `keras:"!sparse_y_pred"`
}

// Name returns "io_u", Keras's default name for IoU.
func (IoU) Name() string { return "io_u" }

// Statistics returns the batch's confusion matrix, NumClasses² counts
// (row: label, column: prediction).
func (m IoU) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return iouSpec{m.Name(), m.NumClasses, m.TargetClassIDs, m.IgnoreClass, m.DenseYTrue, m.DenseYPred}.statistics(yTrue, yPred)
}

// Result returns the mean IoU of the target classes.
func (m IoU) Result(sums []float64) float64 {
	return iouSpec{m.Name(), m.NumClasses, m.TargetClassIDs, m.IgnoreClass, m.DenseYTrue, m.DenseYPred}.result(sums)
}

// Call returns the IoU of one batch.
func (m IoU) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return iouSpec{m.Name(), m.NumClasses, m.TargetClassIDs, m.IgnoreClass, m.DenseYTrue, m.DenseYPred}.call(yTrue, yPred)
}

// MeanIoU is Keras's MeanIoU metric: [IoU] with every class a target, the
// mean intersection over union of the classes that occur.
type MeanIoU struct {
	// NumClasses is the number of classes; it must be > 0.
	NumClasses int
	// IgnoreClass, when not nil, is a label not counted.
	IgnoreClass *int
	// DenseYTrue takes the arg max of the labels' last axis.
	DenseYTrue bool `keras:"!sparse_y_true"`
	// DenseYPred takes the arg max of the predictions' last axis.
	DenseYPred bool `keras:"!sparse_y_pred"`
}

// Name returns "mean_io_u", Keras's default name for MeanIoU.
func (MeanIoU) Name() string { return "mean_io_u" }

// spec returns the IoU computation over every class.
func (m MeanIoU) spec() iouSpec {
	ids := make([]int, max(m.NumClasses, 0))
	for i := range ids {
		ids[i] = i
	}
	return iouSpec{m.Name(), m.NumClasses, ids, m.IgnoreClass, m.DenseYTrue, m.DenseYPred}
}

// Statistics returns the batch's confusion matrix, as [IoU.Statistics].
func (m MeanIoU) Statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return m.spec().statistics(yTrue, yPred)
}

// Result returns the mean IoU over the classes.
func (m MeanIoU) Result(sums []float64) float64 { return m.spec().result(sums) }

// Call returns the mean IoU of one batch.
func (m MeanIoU) Call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	return m.spec().call(yTrue, yPred)
}

// iouSpec is the computation shared by IoU and MeanIoU.
type iouSpec struct {
	name                 string
	classes              int
	targets              []int
	ignore               *int
	denseTrue, densePred bool
}

// check validates the configuration.
func (s iouSpec) check() error {
	if s.classes <= 0 {
		return fmt.Errorf("metrics: %s: NumClasses must be > 0, got %d", s.name, s.classes)
	}
	if len(s.targets) == 0 {
		return fmt.Errorf("metrics: %s: TargetClassIDs must name at least one class", s.name)
	}
	for _, c := range s.targets {
		if c < 0 || c >= s.classes {
			return fmt.Errorf("metrics: %s: target class id %d is outside [0, %d)", s.name, c, s.classes)
		}
	}
	return nil
}

// ids returns the class ids of x: the arg max of its last axis when
// dense, else x truncated to integers; flattened, as float64.
func ids(x *graph.Node, dense bool) *graph.Node {
	if dense {
		x = graph.ArgMax(x, -1)
	} else {
		x = graph.Cast(x, tensor.Int64)
	}
	return graph.Reshape(graph.Cast(x, tensor.Float64), -1, 1)
}

// confusion returns the batch's confusion matrix (C, C) in float64.
func (s iouSpec) confusion(yTrue, yPred *graph.Node) (*graph.Node, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := labels.CheckPredictions(what(s.name), yPred); err != nil {
		return nil, err
	}
	yt, yp := ids(yTrue, s.denseTrue), ids(yPred, s.densePred)
	if n, m := yt.Shape()[0], yp.Shape()[0]; n != graph.Unknown && m != graph.Unknown && n != m {
		return nil, labels.Mismatch(what(s.name), yTrue, yPred, "")
	}
	g := yp.Graph()
	classes := tensor.New(tensor.Float64, 1, s.classes)
	for c := range s.classes {
		classes.Set(float64(c), 0, c)
	}
	ohTrue := graph.Equal(yt, g.Const(classes)) // (M, C); 0 rows out of range
	ohPred := graph.Equal(yp, g.Const(classes))
	if s.ignore != nil {
		ohTrue = graph.Mul(ohTrue, graph.NotEqual(yt, g.Scalar(float64(*s.ignore))))
	}
	return graph.MatMulT(ohTrue, ohPred, true, false), nil
}

// statistics returns the confusion matrix flattened.
func (s iouSpec) statistics(yTrue, yPred *graph.Node) (*graph.Node, error) {
	cm, err := s.confusion(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	return finish(s.name, graph.Reshape(cm, s.classes*s.classes))
}

// result computes Keras's IoU.result from the summed confusion matrix.
func (s iouSpec) result(cm []float64) float64 {
	c := s.classes
	var sum, valid float64
	for _, k := range s.targets {
		var row, col float64
		for j := range c {
			row += cm[k*c+j]
			col += cm[j*c+k]
		}
		tp := cm[k*c+k]
		denom := row + col - tp
		if denom > 1e-9 {
			sum += tp / (denom + kerasEpsilon)
			valid++
		}
	}
	return sum / (valid + kerasEpsilon)
}

// call computes the IoU of one batch as graph ops.
func (s iouSpec) call(yTrue, yPred *graph.Node) (*graph.Node, error) {
	cm, err := s.confusion(yTrue, yPred)
	if err != nil {
		return nil, err
	}
	g := cm.Graph()
	eye := tensor.New(tensor.Float64, s.classes, s.classes)
	pick := tensor.New(tensor.Float64, s.classes)
	for c := range s.classes {
		eye.Set(1, c, c)
	}
	counts := make([]float64, s.classes) // a class listed twice counts twice, as in Keras
	for _, k := range s.targets {
		counts[k]++
	}
	for c, n := range counts {
		pick.Set(n, c)
	}
	tp := graph.Sum(graph.Mul(cm, g.Const(eye)), []int{0}, false)
	denom := graph.Sub(graph.Add(graph.Sum(cm, []int{0}, false), graph.Sum(cm, []int{1}, false)), tp)
	valid := graph.Mul(graph.Greater(denom, g.Scalar(1e-9)), g.Const(pick))
	iou := graph.Mul(graph.Div(tp, graph.Add(denom, g.Scalar(kerasEpsilon))), valid)
	out := graph.Div(graph.Sum(iou, nil, false), graph.Add(graph.Sum(valid, nil, false), g.Scalar(kerasEpsilon)))
	return finish(s.name, graph.Cast(out, yPred.DType()))
}
