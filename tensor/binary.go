package tensor

import "math"

// This file holds the elementwise machinery shared by the binary ops, the
// comparisons, Where, the unary ops and the scalar variants: a broadcast
// "plan" that describes how the output is walked, and the arithmetic
// kernels. The kernels switch on an op code once per row, so each inner
// loop is a tight loop over contiguous memory.

// ewGrain is the smallest number of elements one parallel chunk handles.
const ewGrain = 32 << 10

// ewMaxRank is how many (coalesced) dimensions a plan keeps on the stack;
// higher ranks work but allocate their tables.
const ewMaxRank = 8

// binOp names a binary elementwise operation.
type binOp uint8

const (
	opAdd binOp = iota
	opSub
	opMul
	opDiv
	opPow
	opMax
	opMin
	opEq // comparisons follow; see compare.go
	opNe
	opLt
	opLe
	opGt
	opGe
)

// Add returns a + b elementwise, broadcasting a and b against each other
// with numpy's rules. Both must have the same dtype.
func Add(a, b *Tensor) *Tensor { return binaryNew(opAdd, "Add", a, b) }

// Sub returns a - b elementwise with broadcasting.
func Sub(a, b *Tensor) *Tensor { return binaryNew(opSub, "Sub", a, b) }

// Mul returns a * b elementwise with broadcasting.
func Mul(a, b *Tensor) *Tensor { return binaryNew(opMul, "Mul", a, b) }

// Div returns a / b elementwise with broadcasting. For Int64 it is integer
// division truncating toward zero (Go's /, not numpy's floor division), and
// a zero divisor panics with an *Error. Float division by zero gives ±Inf
// or NaN as IEEE 754 says.
func Div(a, b *Tensor) *Tensor { return binaryNew(opDiv, "Div", a, b) }

// Pow returns a raised to the power b elementwise with broadcasting, like
// math.Pow. For Int64 it is exact integer exponentiation (wrapping on
// overflow, like numpy), and a negative exponent panics with an *Error.
func Pow(a, b *Tensor) *Tensor { return binaryNew(opPow, "Pow", a, b) }

// Maximum returns the elementwise maximum of a and b with broadcasting.
// Like numpy.maximum, a NaN in either operand gives NaN.
func Maximum(a, b *Tensor) *Tensor { return binaryNew(opMax, "Maximum", a, b) }

// Minimum returns the elementwise minimum of a and b with broadcasting.
// Like numpy.minimum, a NaN in either operand gives NaN.
func Minimum(a, b *Tensor) *Tensor { return binaryNew(opMin, "Minimum", a, b) }

// AddInto writes a + b into dst, which must have the broadcast shape of a
// and b and their dtype. It allocates nothing; dst may be a or b itself
// when that operand already has the result's shape.
func AddInto(dst, a, b *Tensor) { binaryInto(opAdd, "AddInto", dst, a, b) }

// SubInto writes a - b into dst; see [AddInto] for the rules on dst.
func SubInto(dst, a, b *Tensor) { binaryInto(opSub, "SubInto", dst, a, b) }

// MulInto writes a * b into dst; see [AddInto] for the rules on dst.
func MulInto(dst, a, b *Tensor) { binaryInto(opMul, "MulInto", dst, a, b) }

// DivInto writes a / b into dst; see [Div] for the semantics and [AddInto]
// for the rules on dst.
func DivInto(dst, a, b *Tensor) { binaryInto(opDiv, "DivInto", dst, a, b) }

// PowInto writes a ** b into dst; see [Pow] for the semantics and
// [AddInto] for the rules on dst.
func PowInto(dst, a, b *Tensor) { binaryInto(opPow, "PowInto", dst, a, b) }

// MaximumInto writes the elementwise maximum of a and b into dst; see
// [Maximum] and [AddInto].
func MaximumInto(dst, a, b *Tensor) { binaryInto(opMax, "MaximumInto", dst, a, b) }

// MinimumInto writes the elementwise minimum of a and b into dst; see
// [Minimum] and [AddInto].
func MinimumInto(dst, a, b *Tensor) { binaryInto(opMin, "MinimumInto", dst, a, b) }

// binaryNew allocates the result of a binary op and fills it.
func binaryNew(op binOp, name string, a, b *Tensor) *Tensor {
	ewSameDType(name, a, b)
	dst := New(a.dtype, mustBroadcast(name, a.shape, b.shape)...)
	binaryInto(op, name, dst, a, b)
	return dst
}

// binaryInto checks the operands of a binary op and runs its kernel.
func binaryInto(op binOp, name string, dst, a, b *Tensor) {
	ewSameDType(name, a, b)
	ewCheckDst(name, dst, a.dtype, a.shape, b.shape)
	if dst.Size() == 0 {
		return
	}
	var buf ewBuf
	p := ewBuild(&buf, dst.shape, a.shape, b.shape)
	switch d := dst.data.(type) {
	case []float32:
		binRun(op, &p, d, a.data.([]float32), b.data.([]float32))
	case []float64:
		binRun(op, &p, d, a.data.([]float64), b.data.([]float64))
	case []int64:
		x, y := a.data.([]int64), b.data.([]int64)
		binCheckInt(op, name, a, b, y)
		binRun(op, &p, d, x, y)
	}
}

// binCheckInt rejects integer division by zero and negative integer powers
// before anything is written. Every element of y is used when the output
// is not empty, so a scan of y is exact.
func binCheckInt(op binOp, name string, a, b *Tensor, y []int64) {
	switch op {
	case opDiv:
		for _, v := range y {
			if v == 0 {
				panicShapes(name, "integer division by zero", a.shape, b.shape)
			}
		}
	case opPow:
		for _, v := range y {
			if v < 0 {
				panicShapes(name, "integers to negative integer powers are not allowed", a.shape, b.shape)
			}
		}
	}
}

// ewSameDType panics unless a and b share a dtype.
func ewSameDType(name string, a, b *Tensor) {
	if a.dtype != b.dtype {
		panicShapes(name, "dtype mismatch: "+a.dtype.String()+" and "+b.dtype.String(), a.shape, b.shape)
	}
}

// ewCheckDst panics unless dst has the given dtype and the shape that ins
// broadcast to. It allocates only on the error path.
func ewCheckDst(name string, dst *Tensor, dtype DType, ins ...Shape) {
	if dst == nil {
		panicf(name, "dst is nil")
	}
	if !ewBroadcastsTo(dst.shape, ins...) {
		out := ins[0]
		for _, s := range ins[1:] {
			var ok bool
			if out, ok = BroadcastShapes(out, s); !ok {
				panicShapes(name, "shapes cannot be broadcast together", ins...)
			}
		}
		panicShapes(name, "dst has shape "+dst.shape.String()+", want "+out.String(), append([]Shape{dst.shape}, ins...)...)
	}
	if dst.dtype != dtype {
		panicShapes(name, "dst has dtype "+dst.dtype.String()+", want "+dtype.String(), dst.shape)
	}
}

// ewBroadcastsTo reports whether the shapes ins broadcast exactly to out.
func ewBroadcastsTo(out Shape, ins ...Shape) bool {
	r := 0
	for _, s := range ins {
		r = max(r, len(s))
	}
	if r != len(out) {
		return false
	}
	for i, d := range out {
		want := 1
		for _, s := range ins {
			j := i - (r - len(s))
			if j < 0 || s[j] == 1 {
				continue
			}
			if want != 1 && s[j] != want {
				return false
			}
			want = s[j]
		}
		if d != want {
			return false
		}
	}
	return true
}

// ewBuf is stack storage for a plan of up to ewMaxRank coalesced dims.
type ewBuf [4][ewMaxRank]int

// ewPlan describes how to walk a contiguous output of n elements together
// with up to three broadcast inputs. Adjacent dimensions that every operand
// walks contiguously are merged, and dimensions of size 1 are dropped, so
// equal shapes become one flat loop, a scalar operand a stride-0 loop and
// a bias row ((N, D) with (D,)) two loops with a contiguous inner one.
type ewPlan struct {
	n     int      // number of output elements
	shape []int    // coalesced output dims, outermost first; never empty
	st    [3][]int // per input, its element stride along each dim (0 if broadcast)
}

// ewBuild returns the plan for the output shape out and input shapes ins
// (at most three), keeping its tables in buf when they fit. It returns the
// plan by value so that buf can stay on the caller's stack.
func ewBuild(buf *ewBuf, out Shape, ins ...Shape) ewPlan {
	var p ewPlan
	p.n = out.Size()
	p.shape = buf[0][:0]
	for j := range p.st {
		p.st[j] = buf[j+1][:0]
	}
	var acc [3]int
	for j := range acc {
		acc[j] = 1
	}
	// Walk the dims innermost first, merging each into the previous one
	// when every input continues contiguously across the boundary.
	for i := len(out) - 1; i >= 0; i-- {
		d := out[i]
		if d == 1 {
			continue
		}
		var st [3]int
		for j, s := range ins {
			if k := i - (len(out) - len(s)); k >= 0 && s[k] == d {
				st[j] = acc[j]
				acc[j] *= d
			}
		}
		if last := len(p.shape) - 1; last >= 0 && p.mergeable(last, &st, len(ins)) {
			p.shape[last] *= d
			continue
		}
		p.shape = append(p.shape, d)
		for j := range ins {
			p.st[j] = append(p.st[j], st[j])
		}
	}
	if len(p.shape) == 0 { // every dim is 1: a single element
		p.shape = append(p.shape, 1)
		for j := range ins {
			p.st[j] = append(p.st[j], 0)
		}
	}
	ewReverse(p.shape)
	for j := range ins {
		ewReverse(p.st[j])
	}
	return p
}

// mergeable reports whether a new outer dim with strides st continues the
// current outermost coalesced dim (at index last, innermost-first order).
func (p *ewPlan) mergeable(last int, st *[3]int, k int) bool {
	for j := 0; j < k; j++ {
		if st[j] != p.st[j][last]*p.shape[last] {
			return false
		}
	}
	return true
}

// clone copies p's tables to the heap (in one allocation), for a parallel
// task to own a plan too large for copyInto's buffer.
func (p *ewPlan) clone() *ewPlan {
	r := len(p.shape)
	m := make([]int, 4*r)
	q := &ewPlan{n: p.n, shape: m[:r:r]}
	copy(q.shape, p.shape)
	for j, st := range p.st {
		if len(st) > 0 {
			q.st[j] = m[(j+1)*r : (j+2)*r : (j+2)*r]
			copy(q.st[j], st)
		}
	}
	return q
}

// inner returns the length of the innermost dim and the number of rows
// (the product of the outer dims).
func (p *ewPlan) inner() (n, rows int) {
	n = p.shape[len(p.shape)-1]
	return n, p.n / n
}

// ewReverse reverses s in place.
func ewReverse(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// ewCursor walks the rows of a plan, tracking each input's offset.
type ewCursor struct {
	p   *ewPlan
	idx []int  // multi-index over the outer dims
	off [3]int // each input's element offset at the start of the row
}

// ewNewCursor returns a cursor at the start of row r of p, keeping its
// index in ib when the plan's rank allows.
func ewNewCursor(p *ewPlan, ib *[ewMaxRank]int, r int) ewCursor {
	c := ewCursor{p: p}
	if outer := len(p.shape) - 1; outer <= ewMaxRank {
		c.idx = ib[:outer]
	} else {
		c.idx = make([]int, outer)
	}
	c.seek(r)
	return c
}

// seek positions c at the start of row r.
func (c *ewCursor) seek(r int) {
	outer := len(c.p.shape) - 1
	c.off = [3]int{}
	for i := outer - 1; i >= 0; i-- {
		d := c.p.shape[i]
		c.idx[i] = r % d
		r /= d
		for j := range c.off {
			if st := c.p.st[j]; len(st) > 0 {
				c.off[j] += c.idx[i] * st[i]
			}
		}
	}
}

// next advances c to the start of the following row.
func (c *ewCursor) next() {
	for i := len(c.idx) - 1; i >= 0; i-- {
		c.idx[i]++
		if c.idx[i] < c.p.shape[i] {
			for j := range c.off {
				if st := c.p.st[j]; len(st) > 0 {
					c.off[j] += st[i]
				}
			}
			return
		}
		c.idx[i] = 0
		for j := range c.off {
			if st := c.p.st[j]; len(st) > 0 {
				c.off[j] -= (c.p.shape[i] - 1) * st[i]
			}
		}
	}
}

// binRun applies op over plan p, in parallel for large outputs.
func binRun[T Number](op binOp, p *ewPlan, d, x, y []T) {
	_, rows := p.inner()
	if p.n < 2*ewGrain {
		binRows(op, p, d, x, y, 0, rows)
		return
	}
	// One long row is split into element ranges, several rows into row
	// ranges (see binParallel).
	binParallel(op, p, d, x, y)
}

// binRows applies op to rows [lo, hi) of plan p.
func binRows[T Number](op binOp, p *ewPlan, d, x, y []T, lo, hi int) {
	n, _ := p.inner()
	sx, sy := p.st[0][len(p.shape)-1], p.st[1][len(p.shape)-1]
	if len(p.shape) == 1 {
		binRow(op, d, x, 0, sx, y, 0, sy)
		return
	}
	if len(p.shape) == 2 && sx == 1 && sy == 1 && ewkBinRows(op, d, x, y, lo, hi, n, p.st[0][0], p.st[1][0]) {
		return
	}
	var ib [ewMaxRank]int
	c := ewNewCursor(p, &ib, lo)
	for r := lo; r < hi; r++ {
		binRow(op, d[r*n:(r+1)*n], x, c.off[0], sx, y, c.off[1], sy)
		c.next()
	}
}

// binRow applies op to one row: d[i] = x[ox+i*sx] op y[oy+i*sy], where
// each stride is 0 (a broadcast scalar) or 1.
func binRow[T Number](op binOp, d, x []T, ox, sx int, y []T, oy, sy int) {
	n := len(d)
	switch {
	case sx != 0 && sy != 0:
		binVV(op, d, x[ox:ox+n], y[oy:oy+n])
	case sx != 0:
		binVS(op, d, x[ox:ox+n], y[oy])
	case sy != 0:
		binSV(op, d, x[ox], y[oy:oy+n])
	default:
		binVS(op, d[:1], x[ox:ox+1], y[oy])
		fillSlice(d, d[0])
	}
}

// The arithmetic loops below are unrolled four times: the loop overhead
// then stays small next to the memory traffic, and the speed no longer
// depends on how the compiler happens to align a five-instruction loop.

// binVV computes d[i] = x[i] op y[i].
func binVV[T Number](op binOp, d, x, y []T) {
	if ewkVV(op, d, x, y) {
		return
	}
	x, y = x[:len(d)], y[:len(d)]
	i := 0
	switch op {
	case opAdd:
		for ; i+4 <= len(d); i += 4 {
			dd, xx, yy := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			dd[0] = xx[0] + yy[0]
			dd[1] = xx[1] + yy[1]
			dd[2] = xx[2] + yy[2]
			dd[3] = xx[3] + yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] + y[i]
		}
	case opSub:
		for ; i+4 <= len(d); i += 4 {
			dd, xx, yy := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			dd[0] = xx[0] - yy[0]
			dd[1] = xx[1] - yy[1]
			dd[2] = xx[2] - yy[2]
			dd[3] = xx[3] - yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] - y[i]
		}
	case opMul:
		for ; i+4 <= len(d); i += 4 {
			dd, xx, yy := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			dd[0] = xx[0] * yy[0]
			dd[1] = xx[1] * yy[1]
			dd[2] = xx[2] * yy[2]
			dd[3] = xx[3] * yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] * y[i]
		}
	case opDiv:
		for ; i+4 <= len(d); i += 4 {
			dd, xx, yy := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			dd[0] = xx[0] / yy[0]
			dd[1] = xx[1] / yy[1]
			dd[2] = xx[2] / yy[2]
			dd[3] = xx[3] / yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] / y[i]
		}
	case opMax:
		for i := range d {
			d[i] = ewMax(x[i], y[i])
		}
	case opMin:
		for i := range d {
			d[i] = ewMin(x[i], y[i])
		}
	case opPow:
		powVV(d, x, y)
	default:
		cmpVV(op, d, x, y)
	}
}

// binVS computes d[i] = x[i] op s.
func binVS[T Number](op binOp, d, x []T, s T) {
	if ewkVS(op, d, x, s) {
		return
	}
	x = x[:len(d)]
	i := 0
	switch op {
	case opAdd:
		for ; i+4 <= len(d); i += 4 {
			dd, xx := d[i:i+4:i+4], x[i:i+4:i+4]
			dd[0] = xx[0] + s
			dd[1] = xx[1] + s
			dd[2] = xx[2] + s
			dd[3] = xx[3] + s
		}
		for ; i < len(d); i++ {
			d[i] = x[i] + s
		}
	case opSub:
		for ; i+4 <= len(d); i += 4 {
			dd, xx := d[i:i+4:i+4], x[i:i+4:i+4]
			dd[0] = xx[0] - s
			dd[1] = xx[1] - s
			dd[2] = xx[2] - s
			dd[3] = xx[3] - s
		}
		for ; i < len(d); i++ {
			d[i] = x[i] - s
		}
	case opMul:
		for ; i+4 <= len(d); i += 4 {
			dd, xx := d[i:i+4:i+4], x[i:i+4:i+4]
			dd[0] = xx[0] * s
			dd[1] = xx[1] * s
			dd[2] = xx[2] * s
			dd[3] = xx[3] * s
		}
		for ; i < len(d); i++ {
			d[i] = x[i] * s
		}
	case opDiv:
		for ; i+4 <= len(d); i += 4 {
			dd, xx := d[i:i+4:i+4], x[i:i+4:i+4]
			dd[0] = xx[0] / s
			dd[1] = xx[1] / s
			dd[2] = xx[2] / s
			dd[3] = xx[3] / s
		}
		for ; i < len(d); i++ {
			d[i] = x[i] / s
		}
	case opMax:
		for i := range d {
			d[i] = ewMax(x[i], s)
		}
	case opMin:
		for i := range d {
			d[i] = ewMin(x[i], s)
		}
	case opPow:
		powVS(d, x, s)
	default:
		cmpVS(op, d, x, s)
	}
}

// binSV computes d[i] = s op y[i].
func binSV[T Number](op binOp, d []T, s T, y []T) {
	if ewkSV(op, d, s, y) {
		return
	}
	y = y[:len(d)]
	i := 0
	switch op {
	case opAdd, opMul, opMax, opMin: // commutative
		binVS(op, d, y, s)
	case opSub:
		for ; i+4 <= len(d); i += 4 {
			dd, yy := d[i:i+4:i+4], y[i:i+4:i+4]
			dd[0] = s - yy[0]
			dd[1] = s - yy[1]
			dd[2] = s - yy[2]
			dd[3] = s - yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = s - y[i]
		}
	case opDiv:
		for ; i+4 <= len(d); i += 4 {
			dd, yy := d[i:i+4:i+4], y[i:i+4:i+4]
			dd[0] = s / yy[0]
			dd[1] = s / yy[1]
			dd[2] = s / yy[2]
			dd[3] = s / yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = s / y[i]
		}
	case opPow:
		powSV(d, s, y)
	default:
		cmpSV(op, d, s, y)
	}
}

// ewMax is numpy.maximum for one pair: NaN if either is NaN.
func ewMax[T Number](x, y T) T {
	if x > y || x != x {
		return x
	}
	return y
}

// ewMin is numpy.minimum for one pair: NaN if either is NaN.
func ewMin[T Number](x, y T) T {
	if x < y || x != x {
		return x
	}
	return y
}

// powVV computes d[i] = x[i] ** y[i].
func powVV[T Number](d, x, y []T) {
	if dd, ok := any(d).([]int64); ok {
		xx, yy := any(x).([]int64), any(y).([]int64)
		for i := range dd {
			dd[i] = powInt(xx[i], yy[i])
		}
		return
	}
	for i := range d {
		d[i] = T(math.Pow(float64(x[i]), float64(y[i])))
	}
}

// powVS computes d[i] = x[i] ** s.
func powVS[T Number](d, x []T, s T) {
	if dd, ok := any(d).([]int64); ok {
		xx := any(x).([]int64)
		for i := range dd {
			dd[i] = powInt(xx[i], int64(s))
		}
		return
	}
	switch s {
	case 1:
		copy(d, x)
	case 2:
		for i := range d {
			d[i] = x[i] * x[i]
		}
	default:
		for i := range d {
			d[i] = T(math.Pow(float64(x[i]), float64(s)))
		}
	}
}

// powSV computes d[i] = s ** y[i].
func powSV[T Number](d []T, s T, y []T) {
	if dd, ok := any(d).([]int64); ok {
		yy := any(y).([]int64)
		for i := range dd {
			dd[i] = powInt(int64(s), yy[i])
		}
		return
	}
	for i := range d {
		d[i] = T(math.Pow(float64(s), float64(y[i])))
	}
}

// powInt is x**e by squaring for e >= 0, wrapping on overflow like numpy.
func powInt(x, e int64) int64 {
	r := int64(1)
	for ; e > 0; e >>= 1 {
		if e&1 != 0 {
			r *= x
		}
		x *= x
	}
	return r
}
