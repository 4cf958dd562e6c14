package tensor

import (
	"sync"

	"github.com/neurite/neurite/internal/parallel"
)

// The parallel loop bodies of the elementwise ops, the reductions and
// softmax as pooled parallel.Task values. A closure handed to parallel.For
// escapes to the heap with everything it captures; a Task taken from a
// sync.Pool and reset after the loop lets the Into forms run on all cores
// without allocating. Each task type has one pool per combination of its
// type parameters (ewtIdx numbers them).

// ewtIdx returns 0, 1 or 2 for float32, float64 and int64.
func ewtIdx[T Number]() int {
	var z T
	switch any(z).(type) {
	case float32:
		return 0
	case float64:
		return 1
	}
	return 2
}

// ewtIdx2 numbers the pairs of Number types from 0 to 8.
func ewtIdx2[T, U Number]() int { return 3*ewtIdx[T]() + ewtIdx[U]() }

// ewtGet takes a *K from pool p, or makes one.
func ewtGet[K any](p *sync.Pool) *K {
	if t, ok := p.Get().(*K); ok {
		return t
	}
	return new(K)
}

// copyInto returns a copy of p whose tables live in buf when the rank
// allows (and on the heap otherwise), so that a pooled task can own the
// plan of a loop.
func (p *ewPlan) copyInto(buf *ewBuf) ewPlan {
	r := len(p.shape)
	if r > ewMaxRank {
		return *p.clone()
	}
	q := ewPlan{n: p.n, shape: buf[0][:r:r]}
	copy(q.shape, p.shape)
	for j, st := range p.st {
		if len(st) > 0 {
			q.st[j] = buf[j+1][:r:r]
			copy(q.st[j], st)
		}
	}
	return q
}

// binTask runs a binary op over element ranges of one long row (rows
// false) or over rows of a plan.
type binTask[T Number] struct {
	op      binOp
	d, x, y []T
	sx, sy  int
	rows    bool
	p       ewPlan
	buf     ewBuf
}

func (t *binTask[T]) Run(lo, hi int) {
	if t.rows {
		binRows(t.op, &t.p, t.d, t.x, t.y, lo, hi)
		return
	}
	binRow(t.op, t.d[lo:hi], t.x, lo*t.sx, t.sx, t.y, lo*t.sy, t.sy)
}

var binTasks [3]sync.Pool

// binParallel runs binRun's parallel loop: over elements when the plan is
// one row, else over rows.
func binParallel[T Number](op binOp, p *ewPlan, d, x, y []T) {
	pool := &binTasks[ewtIdx[T]()]
	t := ewtGet[binTask[T]](pool)
	t.op, t.d, t.x, t.y = op, d, x, y
	n, rows := p.inner()
	if rows == 1 {
		t.rows, t.sx, t.sy = false, p.st[0][0], p.st[1][0]
		parallel.ForTask(n, ewGrain, t)
	} else {
		t.rows, t.p = true, p.copyInto(&t.buf)
		parallel.ForTask(rows, max(1, ewGrain/n), t)
	}
	t.d, t.x, t.y, t.p = nil, nil, nil, ewPlan{} // keep no reference to the operands
	pool.Put(t)
}

// whereTask is binTask for Where.
type whereTask[T, C Number] struct {
	d, x, y    []T
	c          []C
	sc, sx, sy int
	rows       bool
	p          ewPlan
	buf        ewBuf
}

func (t *whereTask[T, C]) Run(lo, hi int) {
	if t.rows {
		whereRows(&t.p, t.d, t.c, t.x, t.y, lo, hi)
		return
	}
	whereRow(t.d[lo:hi], t.c, lo*t.sc, t.sc, t.x, lo*t.sx, t.sx, t.y, lo*t.sy, t.sy)
}

var whereTasks [9]sync.Pool

// whereParallel runs whereRun's parallel loop.
func whereParallel[T, C Number](p *ewPlan, d []T, c []C, x, y []T) {
	pool := &whereTasks[ewtIdx2[T, C]()]
	t := ewtGet[whereTask[T, C]](pool)
	t.d, t.c, t.x, t.y = d, c, x, y
	n, rows := p.inner()
	if rows == 1 {
		t.rows, t.sc, t.sx, t.sy = false, p.st[0][0], p.st[1][0], p.st[2][0]
		parallel.ForTask(n, ewGrain, t)
	} else {
		t.rows, t.p = true, p.copyInto(&t.buf)
		parallel.ForTask(rows, max(1, ewGrain/n), t)
	}
	t.d, t.c, t.x, t.y, t.p = nil, nil, nil, nil, ewPlan{}
	pool.Put(t)
}

// mapTask runs an elementwise loop of one input: a unary op (kind
// mapUnary), a scalar op (mapScalar: x op s) or Clip (mapClip: s and s2
// are the bounds).
type mapTask[T Number] struct {
	kind  uint8
	un    unOp
	bin   binOp
	d, x  []T
	s, s2 T
}

const (
	mapUnary uint8 = iota
	mapScalar
	mapClip
)

func (t *mapTask[T]) Run(lo, hi int) {
	d, x := t.d[lo:hi], t.x[lo:hi]
	switch t.kind {
	case mapUnary:
		unLoop(t.un, d, x)
	case mapScalar:
		binVS(t.bin, d, x, t.s)
	default:
		clipLoop(d, x, t.s, t.s2)
	}
}

var mapTasks [3]sync.Pool

// mapParallel runs the loop of t's kind over d and x on all cores; t is a
// template holding the op and scalars.
func mapParallel[T Number](t mapTask[T], d, x []T) {
	pool := &mapTasks[ewtIdx[T]()]
	p := ewtGet[mapTask[T]](pool)
	*p = t
	p.d, p.x = d, x[:len(d)]
	parallel.ForTask(len(d), ewGrain, p)
	*p = mapTask[T]{}
	pool.Put(p)
}

// castTask runs a conversion over element ranges: castConv, or for
// floatInt castFloatInt (S float, D int64).
type castTask[D, S Number] struct {
	d        []D
	x        []S
	floatInt bool
}

func (t *castTask[D, S]) Run(lo, hi int) {
	if t.floatInt {
		switch x := any(t.x[lo:hi]).(type) {
		case []float32:
			castFloatInt(any(t.d[lo:hi]).([]int64), x)
		case []float64:
			castFloatInt(any(t.d[lo:hi]).([]int64), x)
		}
		return
	}
	castConv(t.d[lo:hi], t.x[lo:hi])
}

var castTasks [9]sync.Pool

// castParallel runs a conversion of x into d on all cores.
func castParallel[D, S Number](d []D, x []S, floatInt bool) {
	pool := &castTasks[ewtIdx2[D, S]()]
	t := ewtGet[castTask[D, S]](pool)
	t.d, t.x, t.floatInt = d, x[:len(d)], floatInt
	parallel.ForTask(len(d), ewGrain, t)
	t.d, t.x = nil, nil
	pool.Put(t)
}

// reduceTask runs a reduction over ranges of rows (cols false: outputs of
// contiguous runs of r) or of (slab, column block) units.
type reduceTask[T, O Number] struct {
	x            []T
	out          []O
	r, inner, bw int
	cols         bool
	k            reducer[T, O]
}

func (t *reduceTask[T, O]) Run(lo, hi int) {
	if t.cols {
		reduceColRange(t.x, t.out, t.r, t.inner, t.bw, lo, hi, t.k)
		return
	}
	reduceRowRange(t.x, t.out, t.r, lo, hi, t.k)
}

var reduceTasks [9]sync.Pool

// reduceParallel runs n units of a reduction (rows, or column units when
// cols) on all cores, grain per chunk.
func reduceParallel[T, O Number](x []T, out []O, r, inner, bw int, cols bool, k reducer[T, O], n, grain int) {
	pool := &reduceTasks[ewtIdx2[T, O]()]
	t := ewtGet[reduceTask[T, O]](pool)
	*t = reduceTask[T, O]{x: x, out: out, r: r, inner: inner, bw: bw, cols: cols, k: k}
	parallel.ForTask(n, grain, t)
	*t = reduceTask[T, O]{}
	pool.Put(t)
}

// softmaxTask runs the (log-)softmax over ranges of rows (cols false) or
// of (slab, column block) units.
type softmaxTask[T Float] struct {
	log, cols    bool
	x, y         []T
	r, inner, bw int
}

func (t *softmaxTask[T]) Run(lo, hi int) {
	if t.cols {
		softmaxColRange(t.log, t.x, t.y, t.r, t.inner, t.bw, lo, hi)
		return
	}
	softmaxRows(t.log, t.x, t.y, t.r, lo, hi)
}

var softmaxTasks [2]sync.Pool

// softmaxParallel runs n units of a softmax on all cores, grain per chunk.
func softmaxParallel[T Float](log bool, x, y []T, r, inner, bw int, cols bool, n, grain int) {
	pool := &softmaxTasks[ewtIdx[T]()]
	t := ewtGet[softmaxTask[T]](pool)
	*t = softmaxTask[T]{log: log, cols: cols, x: x, y: y, r: r, inner: inner, bw: bw}
	parallel.ForTask(n, grain, t)
	*t = softmaxTask[T]{}
	pool.Put(t)
}
