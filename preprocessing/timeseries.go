package preprocessing

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// WindowOptions configures TimeseriesWindows, with the meaning of the
// arguments of keras.utils.timeseries_dataset_from_array.
type WindowOptions struct {
	// SequenceLength is the number of time steps per window; it must be
	// positive.
	SequenceLength int
	// SequenceStride is the distance between the starts of consecutive
	// windows (0: Keras's default 1).
	SequenceStride int
	// SamplingRate is the distance between the time steps of a window (0:
	// Keras's default 1).
	SamplingRate int
	// StartIndex and EndIndex bound the rows of data used: [StartIndex,
	// EndIndex); EndIndex 0 means the end of data.
	StartIndex, EndIndex int
}

// TimeseriesWindows cuts data, of shape (timesteps, d…), into windows of
// shape (SequenceLength, d…): window k starts at row StartIndex + k·stride
// and takes every SamplingRate-th row; windows that would read past
// EndIndex are left out. It returns the windows as one (windows,
// SequenceLength, d…) tensor and, if targets is not nil, the target of
// each window, targets[start of the window] (Keras: "targets[i] is the
// target of the window that starts at index i"), of shape (windows, t…).
// Windows whose target row would lie past the end of targets are left
// out. Keras's batching and shuffling are Fit's job here.
func TimeseriesWindows(data, targets *tensor.Tensor, opts WindowOptions) (x, y *tensor.Tensor, err error) {
	if data == nil || data.Shape().Rank() < 1 {
		return nil, nil, fmt.Errorf("preprocessing: TimeseriesWindows: data must have a time axis")
	}
	stride, rate := max(opts.SequenceStride, 1), max(opts.SamplingRate, 1)
	n := data.Shape()[0]
	end := opts.EndIndex
	if end == 0 {
		end = n
	}
	switch {
	case opts.SequenceLength <= 0 || opts.SequenceStride < 0 || opts.SamplingRate < 0:
		return nil, nil, fmt.Errorf("preprocessing: TimeseriesWindows: sequence length must be positive and stride and sampling rate not negative, got %d, %d, %d",
			opts.SequenceLength, opts.SequenceStride, opts.SamplingRate)
	case opts.StartIndex < 0 || end > n || opts.StartIndex >= end:
		return nil, nil, fmt.Errorf("preprocessing: TimeseriesWindows: need 0 <= start index < end index <= %d, got %d and %d", n, opts.StartIndex, end)
	}
	span := end - opts.StartIndex - (opts.SequenceLength-1)*rate // window starts in [0, span)
	if targets != nil {
		if targets.Shape().Rank() < 1 {
			return nil, nil, fmt.Errorf("preprocessing: TimeseriesWindows: targets must have a time axis")
		}
		span = min(span, targets.Shape()[0]-opts.StartIndex)
	}
	var starts []int
	for s := 0; s < span; s += stride {
		starts = append(starts, opts.StartIndex+s)
	}
	rows := make([]int, 0, len(starts)*opts.SequenceLength)
	for _, s := range starts {
		for k := 0; k < opts.SequenceLength; k++ {
			rows = append(rows, s+k*rate)
		}
	}
	x = gatherRows(data, rows, append([]int{len(starts), opts.SequenceLength}, data.Shape()[1:]...))
	if targets != nil {
		y = gatherRows(targets, starts, append([]int{len(starts)}, targets.Shape()[1:]...))
	}
	return x, y, nil
}

// gatherRows returns the rows of t (along axis 0) at rows, reshaped to
// shape.
func gatherRows(t *tensor.Tensor, rows []int, shape []int) *tensor.Tensor {
	out := tensor.New(t.DType(), shape...)
	inner := tensor.Shape(t.Shape()[1:]).Size()
	switch d := out.Raw().(type) {
	case []float32:
		copyRows(d, t.Float32s(), rows, inner)
	case []float64:
		copyRows(d, t.Float64s(), rows, inner)
	case []int64:
		copyRows(d, t.Int64s(), rows, inner)
	}
	return out
}

// copyRows copies rows of inner elements from src to consecutive rows of
// dst.
func copyRows[T float32 | float64 | int64](dst, src []T, rows []int, inner int) {
	for i, r := range rows {
		copy(dst[i*inner:(i+1)*inner], src[r*inner:(r+1)*inner])
	}
}
