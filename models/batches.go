package models

import "github.com/neurite/neurite/tensor"

// batches serves the mini-batches of a data set. In order, batches are
// views of consecutive rows, each made on first use and kept; shuffled,
// rows are gathered into buffers that are reused from batch to batch. So a
// steady-state step allocates nothing.
type batches struct {
	x, y  *tensor.Tensor // y may be nil (Predict)
	n     int
	size  int
	perm  []int // nil: in order
	views [][2]*tensor.Tensor
	bufs  map[int][2]*tensor.Tensor // gather buffers by batch length
}

// newBatches cuts x and y into batches of size rows.
func newBatches(x, y *tensor.Tensor, size int) *batches {
	b := &batches{x: x, y: y, n: x.Dim(0), size: size, bufs: map[int][2]*tensor.Tensor{}}
	b.views = make([][2]*tensor.Tensor, b.steps())
	return b
}

// steps returns the number of batches.
func (b *batches) steps() int { return (b.n + b.size - 1) / b.size }

// bounds returns the rows [lo, hi) of batch i.
func (b *batches) bounds(i int) (lo, hi int) {
	lo = i * b.size
	return lo, min(lo+b.size, b.n)
}

// shuffle draws a new order of the samples from rng.
func (b *batches) shuffle(rng *tensor.RNG) {
	if b.perm == nil {
		b.perm = make([]int, b.n)
	}
	for i := range b.perm {
		b.perm[i] = i
	}
	rng.Shuffle(b.n, b.swap)
}

func (b *batches) swap(i, j int) { b.perm[i], b.perm[j] = b.perm[j], b.perm[i] }

// get returns batch i of x and y.
func (b *batches) get(i int) (xb, yb *tensor.Tensor) {
	lo, hi := b.bounds(i)
	if b.perm == nil {
		v := &b.views[i]
		if v[0] == nil {
			v[0] = tensor.Rows(b.x, lo, hi)
			if b.y != nil {
				v[1] = tensor.Rows(b.y, lo, hi)
			}
		}
		return v[0], v[1]
	}
	buf, ok := b.bufs[hi-lo]
	if !ok {
		xs := append(tensor.Shape{hi - lo}, b.x.Shape()[1:]...)
		buf[0] = tensor.New(b.x.DType(), xs...)
		if b.y != nil {
			ys := append(tensor.Shape{hi - lo}, b.y.Shape()[1:]...)
			buf[1] = tensor.New(b.y.DType(), ys...)
		}
		b.bufs[hi-lo] = buf
	}
	idx := b.perm[lo:hi]
	tensor.GatherInto(buf[0], b.x, idx, 0)
	if b.y != nil {
		tensor.GatherInto(buf[1], b.y, idx, 0)
	}
	return buf[0], buf[1]
}

// scalar reads a one-element tensor without allocating.
func scalar(t *tensor.Tensor) float64 {
	switch d := t.Raw().(type) {
	case []float32:
		return float64(d[0])
	case []float64:
		return d[0]
	case []int64:
		return float64(d[0])
	}
	return 0
}
