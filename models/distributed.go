package models

import (
	"errors"
	"fmt"

	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/tensor"
)

// allReduceOp sums its input over the ranks of a Distributor: the node
// that averages a gradient in data-parallel training. Every rank runs the
// same plan, so the ops meet in the same order on every rank.
type allReduceOp struct {
	d    Distributor
	into intoSummer // d, if it sums into another slice; else nil
}

// intoSummer is a Distributor that can set one slice to the sum over the
// ranks of another, which it leaves alone (distribute.MPI can): the
// AllReduce op then sums its input straight into its output instead of
// copying it there first.
type intoSummer interface {
	SumFloat32sInto(dst, src []float32) error
	SumFloat64sInto(dst, src []float64) error
}

// newAllReduce returns the AllReduce op over d.
func newAllReduce(d Distributor) allReduceOp {
	into, _ := d.(intoSummer)
	return allReduceOp{d: d, into: into}
}

func (allReduceOp) Type() string { return "AllReduce" }

// InPlace lets a plan sum the gradient in its own buffer (graph.InPlacer):
// the gradient is still in cache, where a separate output is not, which
// made the shared-memory sum of the MLP's 2.14 MB about a quarter faster
// (distribute's TestMPITiming: in place 174-196 µs, into another slice
// 230-255 µs). Compute handles out and in[0] being the same values.
func (allReduceOp) InPlace() int { return 0 }

func (allReduceOp) Infer(dt []tensor.DType, sh []tensor.Shape) (tensor.DType, tensor.Shape, error) {
	if len(dt) != 1 || !dt[0].IsFloat() {
		return 0, nil, errors.New("AllReduce takes one float input")
	}
	return dt[0], sh[0].Clone(), nil
}

func (o allReduceOp) Compute(out *tensor.Tensor, in []*tensor.Tensor) {
	var err error
	if o.into != nil {
		switch d := out.Raw().(type) {
		case []float32:
			err = o.into.SumFloat32sInto(d, in[0].Raw().([]float32))
		case []float64:
			err = o.into.SumFloat64sInto(d, in[0].Raw().([]float64))
		}
	} else {
		out.CopyFrom(in[0])
		switch d := out.Raw().(type) {
		case []float32:
			err = o.d.SumFloat32s(d)
		case []float64:
			err = o.d.SumFloat64s(d)
		}
	}
	if err != nil {
		panic(&tensor.Error{Op: "AllReduce", Msg: err.Error()})
	}
}

func (allReduceOp) Gradient(*graph.Node, *graph.Node) ([]*graph.Node, error) {
	return nil, fmt.Errorf("AllReduce: %w", graph.ErrNoGradient)
}

// distributed is the state of data-parallel training on one rank.
type distributed struct {
	d      Distributor
	synced bool                              // seed and weights broadcast from rank 0
	shards map[*tensor.Tensor]*tensor.Tensor // global batch array → this rank's rows
	scale  *tensor.Tensor                    // this rank's share of the batch, fed each step
	sums   []float64                         // one step's values, reduced over the ranks
	one    []*tensor.Tensor                  // a one-row stand-in for an empty shard
}

// shardLoss returns the loss whose gradients a rank computes in
// data-parallel training: its shard's loss scaled by its share of the
// global batch (the scale placeholder, fed each step), so that the sum of
// the ranks' gradients (reduceGradients) is the batch-size-weighted mean.
// Scaling the loss rather than the gradients scales only the scalar that
// starts back-propagation, not every gradient value.
func (m *Model) shardLoss(h *head, loss *graph.Node) *graph.Node {
	if m.comp.dist == nil {
		return loss
	}
	return graph.Mul(loss, m.shardScale(h))
}

// shardScale returns the placeholder of this rank's share of the global
// batch, adding it on first use.
func (m *Model) shardScale(h *head) *graph.Node {
	if h.shardScale == nil {
		dtype, _ := m.dtype()
		h.shardScale = h.g.Placeholder("shard_scale", dtype)
	}
	return h.shardScale
}

// reduceGradients sums every gradient over the ranks (AllReduce); the
// gradients are those of shardLoss, already scaled by the rank's share.
func (m *Model) reduceGradients(h *head, grads []*graph.Node) []*graph.Node {
	if m.comp.dist == nil {
		return grads
	}
	return m.sumOverRanks(h, grads)
}

// reduceUpdates makes each layer update's value (a new moving statistic)
// the batch-size-weighted mean of the ranks' values.
func (m *Model) reduceUpdates(h *head, values []*graph.Node) []*graph.Node {
	scaled := make([]*graph.Node, len(values))
	for i, v := range values {
		scaled[i] = graph.Mul(v, m.shardScale(h))
	}
	return m.sumOverRanks(h, scaled)
}

// sumOverRanks returns, for each of values, its sum over the ranks
// (AllReduce). Values of at most bucketBytes are first joined into one
// bucket per dtype (see bucket), as PyTorch's DDP does with gradients, so
// that their sum is one collective instead of one per value; larger ones
// are summed each in its own buffer (AllReduce's InPlace).
func (m *Model) sumOverRanks(h *head, values []*graph.Node) []*graph.Node {
	out := make([]*graph.Node, len(values))
	small := map[tensor.DType][]int{}
	var dtypes []tensor.DType // in order of first appearance, so every rank builds alike
	for i, v := range values {
		if bytes, ok := knownBytes(v); ok && bytes <= bucketBytes {
			if _, seen := small[v.DType()]; !seen {
				dtypes = append(dtypes, v.DType())
			}
			small[v.DType()] = append(small[v.DType()], i)
			continue
		}
		out[i] = h.g.AddNode(newAllReduce(m.comp.dist.d), "", v)
	}
	for _, dt := range dtypes {
		m.bucket(h, values, small[dt], out)
	}
	return out
}

// bucketBytes is the largest value, in bytes, that sumOverRanks sums in a
// bucket with others rather than alone. Each collective costs a round
// trip between the ranks at least (a few microseconds between the cores
// of one host, tens of microseconds between hosts), which dominates the
// sum of a bias or a small kernel; joining them costs a copy in and out of
// the bucket, which for values this small stays in cache. The
// 784-512-256-10 MLP sums its three biases' and its 256×10 kernel's
// gradients in one bucket (13 kB) and its two large kernels' alone;
// Keras's MNIST convnet (139 kB of weights) sums all its gradients in one
// bucket, and a model's batch normalizations all their moving statistics
// in another.
const bucketBytes = 64 << 10

// knownBytes returns the size in bytes of a value whose static shape is
// fully known.
func knownBytes(v *graph.Node) (int, bool) {
	for _, d := range v.Shape() {
		if d < 0 {
			return 0, false
		}
	}
	return v.Shape().Size() * v.DType().Size(), true
}

// bucket sums values[idx] (one dtype, known shapes) over the ranks as one
// flat bucket and sets out[i] to each one's sum, in its own shape. A
// single value needs no bucket.
func (m *Model) bucket(h *head, values []*graph.Node, idx []int, out []*graph.Node) {
	d := m.comp.dist.d
	if len(idx) == 1 {
		out[idx[0]] = h.g.AddNode(newAllReduce(d), "", values[idx[0]])
		return
	}
	flat := make([]*graph.Node, len(idx))
	for k, i := range idx {
		flat[k] = graph.Reshape(values[i], -1)
	}
	sum := h.g.AddNode(newAllReduce(d), "", graph.Concat(0, flat...))
	off := 0
	for _, i := range idx {
		shape := values[i].Shape()
		n := shape.Size()
		out[i] = graph.Reshape(graph.Slice(sum, 0, off, off+n), shape...)
		off += n
	}
}

// syncRanks runs once per Compile before the first distributed step: it
// checks that every rank has the same model and data size, takes rank 0's
// seed and random streams (so that every rank shuffles alike) and
// broadcasts rank 0's weights.
// The caller holds m.mu.
func (m *Model) syncRanks(n int) error {
	dist := m.comp.dist
	if dist.synced {
		return nil
	}
	d := dist.d
	total, _ := m.countParams()
	check := []float64{float64(n), float64(total), 1}
	if err := d.SumFloat64s(check); err != nil {
		return fmt.Errorf("models: Fit: %w", err)
	}
	size := float64(d.Size())
	if check[2] != size || check[0] != float64(n)*size || check[1] != float64(total)*size {
		return fmt.Errorf("models: Fit: the %d ranks differ in their data or model: every rank must run the same model on the same data (rank %d has %d samples and %d parameters)",
			d.Size(), d.Rank(), n, total)
	}
	seed := []float64{float64(m.Seed >> 32), float64(m.Seed & 0xffffffff)}
	if err := d.BroadcastFloat64s(seed); err != nil {
		return fmt.Errorf("models: Fit: %w", err)
	}
	m.Seed = uint64(seed[0])<<32 | uint64(seed[1])
	if err := m.syncRNGs(d); err != nil {
		return fmt.Errorf("models: Fit: %w", err)
	}
	for _, w := range m.topo.weights() {
		var err error
		switch v := w.Value().Raw().(type) {
		case []float32:
			err = d.BroadcastFloat32s(v)
		case []float64:
			err = d.BroadcastFloat64s(v)
		}
		if err != nil {
			return fmt.Errorf("models: Fit: broadcasting %s: %w", w.Name, err)
		}
	}
	dtype, _ := m.dtype()
	dist.scale = tensor.New(dtype)
	dist.shards = map[*tensor.Tensor]*tensor.Tensor{}
	dist.synced = true
	return nil
}

// shard returns this rank's rows of a global batch, and how many there
// are. A rank whose share is empty (a batch smaller than the number of
// ranks) gets the batch's first row as a stand-in, with a count of 0, so
// that it still takes part in every collective step.
func (dist *distributed) shard(batch []*tensor.Tensor) ([]*tensor.Tensor, int) {
	n := batch[0].Dim(0)
	r, size := dist.d.Rank(), dist.d.Size()
	lo, hi := r*n/size, (r+1)*n/size
	count := hi - lo
	if count == 0 {
		lo, hi = 0, 1
	}
	if dist.one == nil || len(dist.one) != len(batch) {
		dist.one = make([]*tensor.Tensor, len(batch))
	}
	for k, a := range batch {
		v, ok := dist.shards[a]
		if !ok || v.Dim(0) != hi-lo {
			v = tensor.Rows(a, lo, hi)
			dist.shards[a] = v
		}
		dist.one[k] = v
	}
	return dist.one, count
}

// reduceValues sums one step's values over the ranks — the loss and mean
// metrics weighted by each rank's sample count, the Accumulator metrics'
// statistics as they are — and adds them to sums as a batch of global
// samples.
func (dist *distributed) reduceValues(h *head, sums *means, outs []*tensor.Tensor, count, global int) error {
	need := 0
	for k := range h.names {
		need += len(sums.sums[k])
	}
	if len(dist.sums) != need {
		dist.sums = make([]float64, need)
	}
	vec := dist.sums
	clear(vec)
	off := 0
	for k := range h.names {
		if h.accs[k] == nil {
			vec[off] = scalar(outs[k]) * float64(count)
			off++
			continue
		}
		n := len(sums.sums[k])
		if count > 0 {
			switch d := outs[k].Raw().(type) {
			case []float32:
				for i, v := range d {
					vec[off+i] = float64(v)
				}
			case []float64:
				copy(vec[off:off+n], d)
			}
		}
		off += n
	}
	if err := dist.d.SumFloat64s(vec); err != nil {
		return err
	}
	sums.addSums(vec, global)
	return nil
}
