package graph

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/internal/kernels"
	"github.com/neurite/neurite/internal/parallel"
	"github.com/neurite/neurite/tensor"
)

// This file holds what the recurrent-cell ops (the nodes of LSTMCell,
// GRUCell, GRUCellResetBefore, GRUResetHidden and their gradients) share:
// the shape rule of a cell op, whose inputs and output are
// (batch, k·units) matrices, and the runner of their fused kernels, which
// cuts the batch rows into blocks of at most rnnBlock units and runs a
// block function on each block, on all cores when the batch is large. A
// block function works on slices of its row with the vectorised
// elementwise kernels (Sigmoid and Tanh of float32, or the math package
// for float64; products, SigmoidGrad and TanhGrad), keeping what it needs
// between them in small arrays on its stack, so a cell op reads each
// input once and allocates nothing.

// rnnBlock is the most units a block function handles at once.
const rnnBlock = 128

// rnnGrain is the least number of (row, unit) elements a parallel chunk of
// a cell kernel handles; a cell evaluates several transcendentals per
// element, so chunks are smaller than the plain activations' actGrain.
const rnnGrain = 4096

// rnnInfer is the shape rule of the cell ops: input i is a float matrix
// (batch, mult[i]·units), all of one dtype, batch size and number of
// units; the output is (batch, outMult·units).
func rnnInfer(d []tensor.DType, s []tensor.Shape, mult []int, outMult int) (tensor.DType, tensor.Shape, error) {
	if err := checkArity(s, len(mult)); err != nil {
		return 0, nil, err
	}
	dt, err := floatDType(d)
	if err != nil {
		return 0, nil, err
	}
	batch, units := Unknown, Unknown
	for i, sh := range s {
		if len(sh) != 2 {
			return 0, nil, fmt.Errorf("input %d must be a matrix (batch, %d·units), got shape %s", i, mult[i], formatShape(sh))
		}
		if sh[0] != Unknown {
			if batch != Unknown && batch != sh[0] {
				return 0, nil, fmt.Errorf("inputs have different batch sizes: %s", formatShapes(s))
			}
			batch = sh[0]
		}
		if sh[1] == Unknown {
			continue
		}
		if sh[1]%mult[i] != 0 {
			return 0, nil, fmt.Errorf("input %d has %d columns, not a multiple of %d (it must be (batch, %d·units))", i, sh[1], mult[i], mult[i])
		}
		if u := sh[1] / mult[i]; units != Unknown && u != units {
			return 0, nil, fmt.Errorf("inputs disagree on the number of units: shapes %s, want columns %v × units", formatShapes(s), mult)
		} else {
			units = u
		}
	}
	cols := Unknown
	if units != Unknown {
		cols = outMult * units
	}
	return dt, tensor.Shape{batch, cols}, nil
}

// rnnArgs is the state of one cell kernel: the output, up to five inputs
// (row-major matrices), the number of units, and the block function that
// computes units [j0, j1) of one row.
type rnnArgs[T tensor.Float] struct {
	out   []T
	in    [5][]T
	units int
	block func(a *rnnArgs[T], row, j0, j1 int)
}

// rnnCompute runs block functions b32 or b64 (per out's dtype) over the
// rows of out, with units units and the inputs in. b32 and b64 must be
// instantiated outside generic code, so that passing them allocates
// nothing.
func rnnCompute(out *tensor.Tensor, in []*tensor.Tensor, units int,
	b32 func(*rnnArgs[float32], int, int, int), b64 func(*rnnArgs[float64], int, int, int)) {
	rows := out.Shape()[0]
	switch d := out.Raw().(type) {
	case []float32:
		t := parallel.GetTask[rnnTask[float32]](&rnnTasks)
		t.a = rnnArgs[float32]{out: d, units: units, block: b32}
		for i, x := range in {
			t.a.in[i] = x.Float32s()
		}
		rnnRun(t, rows)
	case []float64:
		t := parallel.GetTask[rnnTask[float64]](&rnnTasks)
		t.a = rnnArgs[float64]{out: d, units: units, block: b64}
		for i, x := range in {
			t.a.in[i] = x.Float64s()
		}
		rnnRun(t, rows)
	}
}

// rnnTask is the loop of a cell kernel over (row, block) pairs. It lives
// in rnnTasks between runs, so that the arguments its blocks point to
// need no new memory per run.
type rnnTask[T tensor.Float] struct {
	a      rnnArgs[T]
	blocks int
}

var rnnTasks parallel.TaskCache

// rnnRun calls t.a.block on every block of every row, in parallel chunks
// of at least rnnGrain elements when there are enough rows, then clears t
// and returns it to rnnTasks.
func rnnRun[T tensor.Float](t *rnnTask[T], rows int) {
	units := t.a.units
	t.blocks = (units + rnnBlock - 1) / rnnBlock
	switch n := rows * t.blocks; {
	case n == 0:
	case rows*units < 2*rnnGrain:
		t.Run(0, n)
	default:
		parallel.ForTask(n, max(1, rnnGrain/min(units, rnnBlock)), t)
	}
	*t = rnnTask[T]{}
	rnnTasks.Put(t)
}

// Run runs blocks lo..hi: block k is row k/blocks, units from
// rnnBlock·(k%blocks).
func (t *rnnTask[T]) Run(lo, hi int) {
	for k := lo; k < hi; k++ {
		j0 := (k % t.blocks) * rnnBlock
		t.a.block(&t.a, k/t.blocks, j0, min(j0+rnnBlock, t.a.units))
	}
}

// rnnSigmoid computes d[i] = σ(x[i]) with the vectorised float32 kernel or
// rnnSigmoid64. It is called directly, never through a function value, so
// that the block functions' stack arrays stay on the stack.
func rnnSigmoid[T tensor.Float](d, x []T) {
	switch d := any(d).(type) {
	case []float32:
		kernels.Sigmoid32(d, any(x).([]float32))
	case []float64:
		rnnSigmoid64(d, any(x).([]float64))
	}
}

// rnnTanh computes d[i] = tanh(x[i]) like rnnSigmoid.
func rnnTanh[T tensor.Float](d, x []T) {
	switch d := any(d).(type) {
	case []float32:
		kernels.Tanh32(d, any(x).([]float32))
	case []float64:
		rnnTanh64(d, any(x).([]float64))
	}
}

// rnnSigmoid64 computes d[i] = 1/(1+e^-x[i]) without overflow.
func rnnSigmoid64(d, x []float64) {
	x = x[:len(d)]
	for i, v := range x {
		if v >= 0 {
			d[i] = 1 / (1 + math.Exp(-v))
		} else {
			e := math.Exp(v)
			d[i] = e / (1 + e)
		}
	}
}

// rnnTanh64 computes d[i] = tanh(x[i]).
func rnnTanh64(d, x []float64) {
	x = x[:len(d)]
	for i, v := range x {
		d[i] = math.Tanh(v)
	}
}
