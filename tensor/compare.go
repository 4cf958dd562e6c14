package tensor

// The comparisons return a tensor of the operands' dtype holding 1 where
// the relation holds and 0 where it does not: the package has no bool
// dtype, and 1/0 masks combine directly with Mul and Where. They follow
// IEEE 754, so every comparison with NaN is false except NotEqual.

// Equal returns 1 where a == b and 0 elsewhere, broadcasting a and b.
func Equal(a, b *Tensor) *Tensor { return binaryNew(opEq, "Equal", a, b) }

// NotEqual returns 1 where a != b and 0 elsewhere, broadcasting a and b.
func NotEqual(a, b *Tensor) *Tensor { return binaryNew(opNe, "NotEqual", a, b) }

// Less returns 1 where a < b and 0 elsewhere, broadcasting a and b.
func Less(a, b *Tensor) *Tensor { return binaryNew(opLt, "Less", a, b) }

// LessEqual returns 1 where a <= b and 0 elsewhere, broadcasting a and b.
func LessEqual(a, b *Tensor) *Tensor { return binaryNew(opLe, "LessEqual", a, b) }

// Greater returns 1 where a > b and 0 elsewhere, broadcasting a and b.
func Greater(a, b *Tensor) *Tensor { return binaryNew(opGt, "Greater", a, b) }

// GreaterEqual returns 1 where a >= b and 0 elsewhere, broadcasting a and b.
func GreaterEqual(a, b *Tensor) *Tensor { return binaryNew(opGe, "GreaterEqual", a, b) }

// EqualInto writes [Equal](a, b) into dst, which must have the broadcast
// shape of a and b and their dtype. It allocates nothing.
func EqualInto(dst, a, b *Tensor) { binaryInto(opEq, "EqualInto", dst, a, b) }

// NotEqualInto writes [NotEqual](a, b) into dst; see [EqualInto].
func NotEqualInto(dst, a, b *Tensor) { binaryInto(opNe, "NotEqualInto", dst, a, b) }

// LessInto writes [Less](a, b) into dst; see [EqualInto].
func LessInto(dst, a, b *Tensor) { binaryInto(opLt, "LessInto", dst, a, b) }

// LessEqualInto writes [LessEqual](a, b) into dst; see [EqualInto].
func LessEqualInto(dst, a, b *Tensor) { binaryInto(opLe, "LessEqualInto", dst, a, b) }

// GreaterInto writes [Greater](a, b) into dst; see [EqualInto].
func GreaterInto(dst, a, b *Tensor) { binaryInto(opGt, "GreaterInto", dst, a, b) }

// GreaterEqualInto writes [GreaterEqual](a, b) into dst; see [EqualInto].
func GreaterEqualInto(dst, a, b *Tensor) { binaryInto(opGe, "GreaterEqualInto", dst, a, b) }

// cmpBit converts a truth value to 1 or 0.
func cmpBit[T Number](c bool) T {
	if c {
		return 1
	}
	return 0
}

// cmpVV computes d[i] = x[i] op y[i] for a comparison op.
func cmpVV[T Number](op binOp, d, x, y []T) {
	x, y = x[:len(d)], y[:len(d)]
	switch op {
	case opEq:
		for i := range d {
			d[i] = cmpBit[T](x[i] == y[i])
		}
	case opNe:
		for i := range d {
			d[i] = cmpBit[T](x[i] != y[i])
		}
	case opLt:
		for i := range d {
			d[i] = cmpBit[T](x[i] < y[i])
		}
	case opLe:
		for i := range d {
			d[i] = cmpBit[T](x[i] <= y[i])
		}
	case opGt:
		for i := range d {
			d[i] = cmpBit[T](x[i] > y[i])
		}
	case opGe:
		for i := range d {
			d[i] = cmpBit[T](x[i] >= y[i])
		}
	}
}

// cmpVS computes d[i] = x[i] op s for a comparison op.
func cmpVS[T Number](op binOp, d, x []T, s T) {
	x = x[:len(d)]
	switch op {
	case opEq:
		for i := range d {
			d[i] = cmpBit[T](x[i] == s)
		}
	case opNe:
		for i := range d {
			d[i] = cmpBit[T](x[i] != s)
		}
	case opLt:
		for i := range d {
			d[i] = cmpBit[T](x[i] < s)
		}
	case opLe:
		for i := range d {
			d[i] = cmpBit[T](x[i] <= s)
		}
	case opGt:
		for i := range d {
			d[i] = cmpBit[T](x[i] > s)
		}
	case opGe:
		for i := range d {
			d[i] = cmpBit[T](x[i] >= s)
		}
	}
}

// cmpSV computes d[i] = s op y[i] for a comparison op, by flipping the
// relation: s < y[i] is y[i] > s.
func cmpSV[T Number](op binOp, d []T, s T, y []T) {
	switch op {
	case opLt:
		op = opGt
	case opLe:
		op = opGe
	case opGt:
		op = opLt
	case opGe:
		op = opLe
	}
	cmpVS(op, d, y, s)
}

// Where returns a tensor that holds a's element where cond is non-zero and
// b's element elsewhere, broadcasting cond, a and b together like
// numpy.where. a and b must share a dtype, which the result takes; cond may
// have any dtype (a NaN in cond counts as non-zero).
func Where(cond, a, b *Tensor) *Tensor {
	ewSameDType("Where", a, b)
	out, ok := BroadcastShapes(cond.shape, a.shape)
	if ok {
		out, ok = BroadcastShapes(out, b.shape)
	}
	if !ok {
		panicShapes("Where", "shapes cannot be broadcast together", cond.shape, a.shape, b.shape)
	}
	dst := New(a.dtype, out...)
	whereInto("Where", dst, cond, a, b)
	return dst
}

// WhereInto writes [Where](cond, a, b) into dst, which must have the
// broadcast shape of all three and the dtype of a and b. It allocates
// nothing; dst may be a or b itself when that operand has the result's
// shape.
func WhereInto(dst, cond, a, b *Tensor) { whereInto("WhereInto", dst, cond, a, b) }

// whereInto checks the operands of Where and runs its kernel.
func whereInto(name string, dst, cond, a, b *Tensor) {
	ewSameDType(name, a, b)
	ewCheckDst(name, dst, a.dtype, cond.shape, a.shape, b.shape)
	if dst.Size() == 0 {
		return
	}
	var buf ewBuf
	p := ewBuild(&buf, dst.shape, cond.shape, a.shape, b.shape)
	switch d := dst.data.(type) {
	case []float32:
		whereCond(&p, cond, d, a.data.([]float32), b.data.([]float32))
	case []float64:
		whereCond(&p, cond, d, a.data.([]float64), b.data.([]float64))
	case []int64:
		whereCond(&p, cond, d, a.data.([]int64), b.data.([]int64))
	}
}

// whereCond dispatches on cond's dtype.
func whereCond[T Number](p *ewPlan, cond *Tensor, d, x, y []T) {
	switch c := cond.data.(type) {
	case []float32:
		whereRun(p, d, c, x, y)
	case []float64:
		whereRun(p, d, c, x, y)
	case []int64:
		whereRun(p, d, c, x, y)
	}
}

// whereRun evaluates Where over plan p, in parallel for large outputs.
func whereRun[T, C Number](p *ewPlan, d []T, c []C, x, y []T) {
	_, rows := p.inner()
	if p.n < 2*ewGrain {
		whereRows(p, d, c, x, y, 0, rows)
		return
	}
	whereParallel(p, d, c, x, y) // over elements of one row, or rows
}

// whereRows evaluates Where over rows [lo, hi) of plan p.
func whereRows[T, C Number](p *ewPlan, d []T, c []C, x, y []T, lo, hi int) {
	n, _ := p.inner()
	last := len(p.shape) - 1
	sc, sx, sy := p.st[0][last], p.st[1][last], p.st[2][last]
	var ib [ewMaxRank]int
	cur := ewNewCursor(p, &ib, lo)
	for r := lo; r < hi; r++ {
		o := cur.off
		whereRow(d[r*n:(r+1)*n], c, o[0], sc, x, o[1], sx, y, o[2], sy)
		cur.next()
	}
}

// whereRow evaluates one row; each stride is 0 (broadcast) or 1.
func whereRow[T, C Number](d []T, c []C, oc, sc int, x []T, ox, sx int, y []T, oy, sy int) {
	if sc == 1 && sx == 1 && sy == 1 {
		c, x, y = c[oc:oc+len(d)], x[ox:ox+len(d)], y[oy:oy+len(d)]
		for i := range d {
			if c[i] != 0 {
				d[i] = x[i]
			} else {
				d[i] = y[i]
			}
		}
		return
	}
	for i := range d {
		if c[oc+i*sc] != 0 {
			d[i] = x[ox+i*sx]
		} else {
			d[i] = y[oy+i*sy]
		}
	}
}
