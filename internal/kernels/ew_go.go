package kernels

import "math"

// The portable elementwise kernels: the specification of the assembly
// ones. Products and sums that the compiler could fuse into an FMA on some
// architectures are rounded explicitly with a conversion, so every kernel
// computes the same bits everywhere.

var negInf = math.Inf(-1)

// ewRowsGo is the portable [Rows]:
//
//	for r := 0; r < rows; r++ {
//		for i := 0; i < n; i++ {
//			d[r*n+i] = x[r*xs+i] op y[r*ys+i]
//		}
//	}
func ewRowsGo[T scalar](op Op, d, x, y []T, rows, n, xs, ys int) {
	for r := 0; r < rows; r++ {
		ewVecGo(op, d[r*n:(r+1)*n], x[r*xs:r*xs+n], y[r*ys:r*ys+n])
	}
}

// ewVecGo computes d[i] = x[i] op y[i], unrolled four times.
func ewVecGo[T scalar](op Op, d, x, y []T) {
	x, y = x[:len(d)], y[:len(d)]
	i := 0
	switch op {
	case OpAdd:
		for ; i+4 <= len(d); i += 4 {
			dd, xx, yy := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			dd[0], dd[1], dd[2], dd[3] = xx[0]+yy[0], xx[1]+yy[1], xx[2]+yy[2], xx[3]+yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] + y[i]
		}
	case OpSub:
		for ; i+4 <= len(d); i += 4 {
			dd, xx, yy := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			dd[0], dd[1], dd[2], dd[3] = xx[0]-yy[0], xx[1]-yy[1], xx[2]-yy[2], xx[3]-yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] - y[i]
		}
	case OpMul:
		for ; i+4 <= len(d); i += 4 {
			dd, xx, yy := d[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
			dd[0], dd[1], dd[2], dd[3] = xx[0]*yy[0], xx[1]*yy[1], xx[2]*yy[2], xx[3]*yy[3]
		}
		for ; i < len(d); i++ {
			d[i] = x[i] * y[i]
		}
	case OpDiv:
		for ; i < len(d); i++ {
			d[i] = x[i] / y[i]
		}
	}
}

// ewScalarGo is the portable [VecScalar]:
//
//	for i := range d {
//		d[i] = x[i] op s
//	}
func ewScalarGo[T scalar](op Op, d, x []T, s T) {
	x = x[:len(d)]
	switch op {
	case OpAdd:
		for i, v := range x {
			d[i] = v + s
		}
	case OpSub:
		for i, v := range x {
			d[i] = v - s
		}
	case OpMul:
		for i, v := range x {
			d[i] = v * s
		}
	case OpDiv:
		for i, v := range x {
			d[i] = v / s
		}
	}
}

// ewRScalarGo is the portable [ScalarVec]:
//
//	for i := range d {
//		d[i] = s op y[i]
//	}
func ewRScalarGo[T scalar](op Op, d []T, s T, y []T) {
	y = y[:len(d)]
	switch op {
	case OpAdd:
		for i, v := range y {
			d[i] = s + v
		}
	case OpSub:
		for i, v := range y {
			d[i] = s - v
		}
	case OpMul:
		for i, v := range y {
			d[i] = s * v
		}
	case OpDiv:
		for i, v := range y {
			d[i] = s / v
		}
	}
}

// ewBiasActRowsGo is the portable biasRows:
//
//	for each row r, column j: v := d[r*ld+j] + b[j]
//	if relu && 0 > v { v = 0 }
//	d[r*ld+j] = v
func ewBiasActRowsGo[T scalar](d, b []T, rows, n, ld int, relu bool) {
	if relu {
		ewBiasReluRowsGo(d, b, rows, n, ld)
	} else {
		ewBiasRowsGo(d, b, rows, n, ld)
	}
}

// ewBiasRowsGo is ewBiasActRowsGo without the activation.
func ewBiasRowsGo[T scalar](d, b []T, rows, n, ld int) {
	b = b[:n]
	for r := range rows {
		row := d[r*ld : r*ld+n]
		for j, v := range b {
			row[j] += v
		}
	}
}

// ewBiasReluRowsGo is ewBiasActRowsGo with the activation.
func ewBiasReluRowsGo[T scalar](d, b []T, rows, n, ld int) {
	b = b[:n]
	for r := range rows {
		row := d[r*ld : r*ld+n]
		for j, bj := range b {
			v := row[j] + bj
			if 0 > v {
				v = 0
			}
			row[j] = v
		}
	}
}

// ewReluGo is the portable [Relu]:
//
//	for i := range d {
//		if 0 > x[i] { d[i] = 0 } else { d[i] = x[i] }
//	}
func ewReluGo[T scalar](d, x []T) {
	x = x[:len(d)]
	for i, v := range x {
		if 0 > v {
			v = 0
		}
		d[i] = v
	}
}

// ewReluGradGo is the portable [ReluGrad]:
//
//	for i := range d {
//		if 0 < x[i] { d[i] = dy[i] } else { d[i] = alpha * dy[i] }
//	}
func ewReluGradGo[T scalar](d, x, dy []T, alpha T) {
	x, dy = x[:len(d)], dy[:len(d)]
	for i, v := range x {
		if 0 < v {
			d[i] = dy[i]
		} else {
			d[i] = alpha * dy[i]
		}
	}
}

// ewReluGradRowsGo is the portable reluGradRows: ewReluGradGo in place
// on each row r of the block, d[r*ld:] masked by x[r*ldx:].
func ewReluGradRowsGo[T scalar](d, x []T, rows, n, ld, ldx int, alpha T) {
	for r := range rows {
		row := d[r*ld : r*ld+n]
		ewReluGradGo(row, x[r*ldx:r*ldx+n], row, alpha)
	}
}

// ewSigmoidGradGo is the portable [SigmoidGrad]:
//
//	for i := range d {
//		d[i] = (dy[i] * y[i]) * (1 - y[i])
//	}
func ewSigmoidGradGo[T scalar](d, y, dy []T) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = T(dy[i]*v) * (1 - v)
	}
}

// ewTanhGradGo is the portable [TanhGrad]:
//
//	for i := range d {
//		d[i] = dy[i] * (1 - y[i]*y[i])
//	}
func ewTanhGradGo[T scalar](d, y, dy []T) {
	y, dy = y[:len(d)], dy[:len(d)]
	for i, v := range y {
		d[i] = dy[i] * (1 - T(v*v))
	}
}

// ewAdamGo is the portable [Adam]:
//
//	for i := range w {
//		m[i] = m[i] + (g[i]-m[i])*c1
//		v[i] = v[i] + (g[i]*g[i]-v[i])*c2
//		w[i] = w[i] - (m[i]*alpha)/(sqrt(v[i])+eps)
//	}
//
// with every operation rounded to T (the float32 square root is the
// correctly rounded one).
func ewAdamGo[T scalar](w, m, v, g []T, alpha, c1, c2, eps T) {
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	for i := range w {
		gi := g[i]
		mi, vi := momentsOf(m[i], v[i], gi, c1, c2)
		m[i], v[i] = mi, vi
		w[i] -= T(mi*alpha) / (T(math.Sqrt(float64(vi))) + eps)
	}
}

// ewColSumGo is the portable [ColSum]:
//
//	for r := 0; r < rows; r++ {
//		for j := range acc {
//			acc[j] += float64(x[r*stride+j])
//		}
//	}
func ewColSumGo[T scalar](acc []float64, x []T, rows, stride int) {
	for r := 0; r < rows; r++ {
		row := x[r*stride : r*stride+len(acc)]
		for j, v := range row {
			acc[j] += float64(v)
		}
	}
}

// ewMaxGo is the portable [Max32]:
//
//	m := -Inf
//	for _, v := range x {
//		if v > m { m = v }
//	}
//	return m
func ewMaxGo(x []float32) float32 {
	m := float32(negInf)
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	return m
}

// ewSumGo is the portable [Sum32]:
//
//	var s [32]float64
//	for i, v := range x {
//		s[i%32] += float64(v)
//	}
//	return ewTree(s[:])
func ewSumGo(x []float32) float64 {
	var s [32]float64
	i := 0
	for ; i+32 <= len(x); i += 32 {
		b := x[i : i+32 : i+32]
		for j, v := range b {
			s[j] += float64(v)
		}
	}
	for j, v := range x[i:] {
		s[j] += float64(v)
	}
	return ewTree(s[:])
}

// ewTree sums s (of a power-of-two length) pairwise by halving: s[j] +=
// s[j+h] for j < h, h = len(s)/2, len(s)/4, ..., 1; it returns s[0].
func ewTree(s []float64) float64 {
	for h := len(s) / 2; h >= 1; h /= 2 {
		for j := 0; j < h; j++ {
			s[j] += s[j+h]
		}
	}
	return s[0]
}

// ewSumBlock64Go is the portable [SumBlock64]:
//
//	r := x[0:8]
//	for i := 8; i+8 <= len(x); i += 8 {
//		r[j] += x[i+j] for j < 8
//	}
//	s := ((r[0]+r[1])+(r[2]+r[3])) + ((r[4]+r[5])+(r[6]+r[7]))
//	s += x[i] for the last len(x)%8 elements, in order
func ewSumBlock64Go(x []float64) float64 {
	n := len(x)
	r0, r1, r2, r3 := x[0], x[1], x[2], x[3]
	r4, r5, r6, r7 := x[4], x[5], x[6], x[7]
	i := 8
	for ; i+8 <= n; i += 8 {
		b := x[i : i+8 : i+8]
		r0 += b[0]
		r1 += b[1]
		r2 += b[2]
		r3 += b[3]
		r4 += b[4]
		r5 += b[5]
		r6 += b[6]
		r7 += b[7]
	}
	s := ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
	for ; i < n; i++ {
		s += x[i]
	}
	return s
}

// ewSGDGo is the portable [SGD]:
//
//	for i := range w {
//		w[i] = w[i] - g[i]*lr
//	}
//
// with every operation rounded to T. Keras adds -g*lr, which gives the
// same bits.
func ewSGDGo[T scalar](w, g []T, lr T) {
	g = g[:len(w)]
	for i := range w {
		w[i] -= T(g[i] * lr)
	}
}

// ewMomentumGo is the portable [Momentum] without Nesterov:
//
//	for i := range w {
//		vel[i] = vel[i]*mu - g[i]*lr
//		w[i] = w[i] + vel[i]
//	}
//
// with every operation rounded to T (Keras's -g*lr + vel*mu gives the
// same bits).
func ewMomentumGo[T scalar](w, vel, g []T, lr, mu T) {
	vel, g = vel[:len(w)], g[:len(w)]
	for i := range w {
		v := T(vel[i]*mu) - T(g[i]*lr)
		vel[i] = v
		w[i] += v
	}
}

// ewNesterovGo is the portable [Momentum] with Nesterov:
//
//	for i := range w {
//		vel[i] = vel[i]*mu - g[i]*lr
//		w[i] = w[i] + (vel[i]*mu - g[i]*lr)
//	}
//
// with every operation rounded to T (Keras's step + v*mu, step = -g*lr,
// gives the same bits).
func ewNesterovGo[T scalar](w, vel, g []T, lr, mu T) {
	vel, g = vel[:len(w)], g[:len(w)]
	for i := range w {
		step := T(g[i] * lr)
		v := T(vel[i]*mu) - step
		vel[i] = v
		w[i] += T(v*mu) - step
	}
}

// ewRMSpropGo is the portable [RMSprop]: with mom and avg nil unless the
// update has momentum or is centered,
//
//	for i := range w {
//		vel[i] = rho*vel[i] + omr*(g[i]*g[i])
//		denom := vel[i] + eps                     // not centered
//		avg[i] = rho*avg[i] + omr*g[i]            // centered
//		denom := (vel[i] - avg[i]*avg[i]) + eps   // centered
//		inc := (lr*g[i]) / sqrt(denom)
//		inc = mu*mom[i] + inc; mom[i] = inc       // with momentum
//		w[i] = w[i] - inc
//	}
//
// with every operation rounded to T, in the order of Keras's operations
// (omr is 1 - rho).
func ewRMSpropGo[T scalar](w, vel, mom, avg, g []T, lr, rho, omr, mu, eps T) {
	vel, g = vel[:len(w)], g[:len(w)]
	for i := range w {
		gi := g[i]
		v := T(rho*vel[i]) + T(omr*T(gi*gi))
		vel[i] = v
		denom := v + eps
		if avg != nil {
			a := T(rho*avg[i]) + T(omr*gi)
			avg[i] = a
			denom = T(v-T(a*a)) + eps
		}
		inc := T(lr*gi) / T(math.Sqrt(float64(denom)))
		if mom != nil {
			inc = T(mu*mom[i]) + inc
			mom[i] = inc
		}
		w[i] -= inc
	}
}

// ewWeightDecayGo is the portable [WeightDecay]:
//
//	for i := range w {
//		w[i] = w[i] - (w[i]*decay)*lr
//	}
//
// with every operation rounded to T, in Keras's order (variable -
// variable * wd * lr).
func ewWeightDecayGo[T scalar](w []T, lr, decay T) {
	for i, wi := range w {
		w[i] = wi - T(T(wi*decay)*lr)
	}
}

// ewNadamGo is the portable [Nadam]:
//
//	for i := range w {
//		m[i] = m[i] + (g[i]-m[i])*c1
//		v[i] = v[i] + (g[i]*g[i]-v[i])*c2
//		mHat := mCoef*m[i] + gCoef*g[i]
//		w[i] = w[i] - (mHat*lr)/(sqrt(v[i]/vCorr)+eps)
//	}
//
// with every operation rounded to T, in the order of Keras's operations.
func ewNadamGo[T scalar](w, m, v, g []T, lr, c1, c2, eps, mCoef, gCoef, vCorr T) {
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	for i := range w {
		gi := g[i]
		mi, vi := momentsOf(m[i], v[i], gi, c1, c2)
		m[i], v[i] = mi, vi
		mHat := T(mCoef*mi) + T(gCoef*gi)
		w[i] -= T(mHat*lr) / (T(math.Sqrt(float64(vi/vCorr))) + eps)
	}
}

// ewAdagradGo is the portable [Adagrad]:
//
//	for i := range w {
//		acc[i] = acc[i] + g[i]*g[i]
//		w[i] = w[i] - (lr*g[i])/sqrt(acc[i]+eps)
//	}
//
// with every operation rounded to T, in the order of Keras's operations.
func ewAdagradGo[T scalar](w, acc, g []T, lr, eps T) {
	acc, g = acc[:len(w)], g[:len(w)]
	for i := range w {
		gi := g[i]
		a := acc[i] + T(gi*gi)
		acc[i] = a
		w[i] -= T(lr*gi) / T(math.Sqrt(float64(a+eps)))
	}
}

// momentsOf returns the moments Adam and Nadam keep, updated by gradient
// g: m + (g-m)*c1 and v + (g*g-v)*c2, every operation rounded to T.
func momentsOf[T scalar](m, v, g, c1, c2 T) (T, T) {
	return m + T((g-m)*c1), v + T((T(g*g)-v)*c2)
}
