package models

import "github.com/neurite/neurite/tensor"

// batches serves the mini-batches of a data set: the same rows of several
// arrays (the inputs, then the labels). In order, batches are views of
// consecutive rows, each made on first use and kept; shuffled, rows are
// gathered into buffers that are reused from batch to batch. So a
// steady-state step allocates nothing.
type batches struct {
	arrays []*tensor.Tensor
	n      int
	size   int
	perm   []int // nil: in order
	views  [][]*tensor.Tensor
	bufs   map[int][]*tensor.Tensor // gather buffers by batch length
	// head, if set, evaluates these batches instead of the training head:
	// validation data whose inputs have other shapes (sequences of another
	// length, see shapes.go).
	head *head
}

// newBatches cuts arrays (all with the same number of rows) into batches
// of size rows; size is at least 1 and at most the number of rows.
func newBatches(arrays []*tensor.Tensor, size int) *batches {
	b := &batches{arrays: arrays, n: arrays[0].Dim(0), size: size, bufs: map[int][]*tensor.Tensor{}}
	b.views = make([][]*tensor.Tensor, b.steps())
	return b
}

// steps returns the number of batches.
func (b *batches) steps() int {
	if b.n == 0 {
		return 0
	}
	return (b.n-1)/b.size + 1
}

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

// get returns batch i of every array. The slice is reused: read it before
// the next call.
func (b *batches) get(i int) []*tensor.Tensor {
	lo, hi := b.bounds(i)
	if b.perm == nil {
		v := b.views[i]
		if v == nil {
			v = make([]*tensor.Tensor, len(b.arrays))
			for k, a := range b.arrays {
				v[k] = tensor.Rows(a, lo, hi)
			}
			b.views[i] = v
		}
		return v
	}
	buf, ok := b.bufs[hi-lo]
	if !ok {
		buf = make([]*tensor.Tensor, len(b.arrays))
		for k, a := range b.arrays {
			buf[k] = tensor.New(a.DType(), append(tensor.Shape{hi - lo}, a.Shape()[1:]...)...)
		}
		b.bufs[hi-lo] = buf
	}
	idx := b.perm[lo:hi]
	for k, a := range b.arrays {
		tensor.GatherInto(buf[k], a, idx, 0)
	}
	return buf
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
