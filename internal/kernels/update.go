package kernels

// The optimizer updates other than Adam (ew.go): SGD and momentum, and
// the stream variants of all three, which write the weights with
// non-temporal stores for updates whose weights other cores read next
// (a parallel update whose blocks of rows the other cores' products read
// by columns, as the forward pass of a Dense layer does). Like
// StreamCopy, a stream variant returns when those stores are ordered
// before any later store; without the assembly kernels it is the
// ordinary update. Every variant computes the same bits as its pure-Go
// twin.

// SGD applies plain gradient descent in place: w[i] -= g[i]*lr (see
// [ewSGDGo]).
func SGD[T scalar](w, g []T, lr T) {
	if len(w) == 0 {
		return
	}
	if !sgdAsm(w, g[:len(w)], lr, false) {
		ewSGDGo(w, g, lr)
	}
}

// SGDStream is SGD with w written by non-temporal stores.
func SGDStream[T scalar](w, g []T, lr T) {
	if len(w) == 0 {
		return
	}
	g = g[:len(w)]
	head := streamHead(w)
	SGD(w[:head], g[:head], lr)
	if head < len(w) && !sgdAsm(w[head:], g[head:], lr, true) {
		ewSGDGo(w[head:], g[head:], lr)
	}
}

// Momentum applies Keras's SGD with momentum mu in place (see
// [ewMomentumGo] and, with nesterov, [ewNesterovGo]).
func Momentum[T scalar](w, vel, g []T, lr, mu T, nesterov bool) {
	if len(w) == 0 {
		return
	}
	if !momentumAsm(w, vel[:len(w)], g[:len(w)], lr, mu, nesterov, false) {
		momentumGo(w, vel, g, lr, mu, nesterov)
	}
}

// MomentumStream is Momentum with w written by non-temporal stores.
func MomentumStream[T scalar](w, vel, g []T, lr, mu T, nesterov bool) {
	if len(w) == 0 {
		return
	}
	vel, g = vel[:len(w)], g[:len(w)]
	head := streamHead(w)
	Momentum(w[:head], vel[:head], g[:head], lr, mu, nesterov)
	if head < len(w) && !momentumAsm(w[head:], vel[head:], g[head:], lr, mu, nesterov, true) {
		momentumGo(w[head:], vel[head:], g[head:], lr, mu, nesterov)
	}
}

// AdamStream is Adam with w written by non-temporal stores.
func AdamStream[T scalar](w, m, v, g []T, alpha, c1, c2, eps T) {
	if len(w) == 0 {
		return
	}
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	head := streamHead(w)
	Adam(w[:head], m[:head], v[:head], g[:head], alpha, c1, c2, eps)
	if head == len(w) {
		return
	}
	w, m, v, g = w[head:], m[head:], v[head:], g[head:]
	var ok bool
	switch ww := any(w).(type) {
	case []float32:
		mm, vv, gg := any(m).([]float32), any(v).([]float32), any(g).([]float32)
		ok = ewAdamStreamAsmS(ww, mm, vv, gg, any(alpha).(float32), any(c1).(float32), any(c2).(float32), any(eps).(float32))
	case []float64:
		mm, vv, gg := any(m).([]float64), any(v).([]float64), any(g).([]float64)
		ok = ewAdamStreamAsmD(ww, mm, vv, gg, any(alpha).(float64), any(c1).(float64), any(c2).(float64), any(eps).(float64))
	}
	if !ok {
		ewAdamGo(w, m, v, g, alpha, c1, c2, eps)
	}
}

// sgdAsm runs the assembly SGD kernel for T, if any (w non-empty).
func sgdAsm[T scalar](w, g []T, lr T, stream bool) bool {
	switch ww := any(w).(type) {
	case []float32:
		return ewSGDAsmS(ww, any(g).([]float32), any(lr).(float32), stream)
	case []float64:
		return ewSGDAsmD(ww, any(g).([]float64), any(lr).(float64), stream)
	}
	return false
}

// momentumAsm runs the assembly momentum kernel for T, if any (w
// non-empty).
func momentumAsm[T scalar](w, vel, g []T, lr, mu T, nesterov, stream bool) bool {
	switch ww := any(w).(type) {
	case []float32:
		return ewMomentumAsmS(ww, any(vel).([]float32), any(g).([]float32), any(lr).(float32), any(mu).(float32), nesterov, stream)
	case []float64:
		return ewMomentumAsmD(ww, any(vel).([]float64), any(g).([]float64), any(lr).(float64), any(mu).(float64), nesterov, stream)
	}
	return false
}

// momentumGo is the portable momentum update, with or without Nesterov.
func momentumGo[T scalar](w, vel, g []T, lr, mu T, nesterov bool) {
	if nesterov {
		ewNesterovGo(w, vel, g, lr, mu)
		return
	}
	ewMomentumGo(w, vel, g, lr, mu)
}

// RMSprop applies Keras's RMSprop in place (see [ewRMSpropGo]); mom is nil
// without momentum and avg nil unless centered, and omr is 1 - rho as the
// caller rounds it.
func RMSprop[T scalar](w, vel, mom, avg, g []T, lr, rho, omr, mu, eps T) {
	rmsprop(w, vel, mom, avg, g, lr, rho, omr, mu, eps, false)
}

// RMSpropStream is RMSprop with w written by non-temporal stores.
func RMSpropStream[T scalar](w, vel, mom, avg, g []T, lr, rho, omr, mu, eps T) {
	if len(w) == 0 {
		return
	}
	head := streamHead(w)
	rmsprop(w[:head], vel[:head], part(mom, 0, head), part(avg, 0, head), g[:head], lr, rho, omr, mu, eps, false)
	if head < len(w) {
		rmsprop(w[head:], vel[head:len(w)], part(mom, head, len(w)), part(avg, head, len(w)), g[head:len(w)], lr, rho, omr, mu, eps, true)
	}
}

// part is x[lo:hi], or nil for a nil x.
func part[T scalar](x []T, lo, hi int) []T {
	if x == nil {
		return nil
	}
	return x[lo:hi]
}

// rmsprop runs the RMSprop kernel, streaming w if stream.
func rmsprop[T scalar](w, vel, mom, avg, g []T, lr, rho, omr, mu, eps T, stream bool) {
	n := len(w)
	if n == 0 {
		return
	}
	vel, g, mom, avg = vel[:n], g[:n], part(mom, 0, n), part(avg, 0, n)
	var ok bool
	switch ww := any(w).(type) {
	case []float32:
		ok = ewRMSpropAsmS(ww, any(vel).([]float32), any(mom).([]float32), any(avg).([]float32), any(g).([]float32),
			any(lr).(float32), any(rho).(float32), any(omr).(float32), any(mu).(float32), any(eps).(float32), stream)
	case []float64:
		ok = ewRMSpropAsmD(ww, any(vel).([]float64), any(mom).([]float64), any(avg).([]float64), any(g).([]float64),
			any(lr).(float64), any(rho).(float64), any(omr).(float64), any(mu).(float64), any(eps).(float64), stream)
	}
	if !ok {
		ewRMSpropGo(w, vel, mom, avg, g, lr, rho, omr, mu, eps)
	}
}

// WeightDecay applies Keras's decoupled weight decay in place: w[i] -=
// (w[i]*decay)*lr (see [ewWeightDecayGo]).
func WeightDecay[T scalar](w []T, lr, decay T) { weightDecay(w, lr, decay, false) }

// WeightDecayStream is WeightDecay with w written by non-temporal stores.
func WeightDecayStream[T scalar](w []T, lr, decay T) {
	if len(w) == 0 {
		return
	}
	head := streamHead(w)
	weightDecay(w[:head], lr, decay, false)
	weightDecay(w[head:], lr, decay, true)
}

// weightDecay runs the weight-decay kernel, streaming w if stream.
func weightDecay[T scalar](w []T, lr, decay T, stream bool) {
	if len(w) == 0 {
		return
	}
	var ok bool
	switch ww := any(w).(type) {
	case []float32:
		ok = ewWeightDecayAsmS(ww, any(lr).(float32), any(decay).(float32), stream)
	case []float64:
		ok = ewWeightDecayAsmD(ww, any(lr).(float64), any(decay).(float64), stream)
	}
	if !ok {
		ewWeightDecayGo(w, lr, decay)
	}
}

// Nadam applies Keras's Nadam in place (see [ewNadamGo]); mCoef and gCoef
// weigh m and the gradient in m̂, and vCorr is v's bias correction, as the
// caller computes them for the step.
func Nadam[T scalar](w, m, v, g []T, lr, c1, c2, eps, mCoef, gCoef, vCorr T) {
	nadam(w, m, v, g, lr, c1, c2, eps, mCoef, gCoef, vCorr, false)
}

// NadamStream is Nadam with w written by non-temporal stores.
func NadamStream[T scalar](w, m, v, g []T, lr, c1, c2, eps, mCoef, gCoef, vCorr T) {
	if len(w) == 0 {
		return
	}
	h := streamHead(w)
	nadam(w[:h], m[:h], v[:h], g[:h], lr, c1, c2, eps, mCoef, gCoef, vCorr, false)
	nadam(w[h:], m[h:len(w)], v[h:len(w)], g[h:len(w)], lr, c1, c2, eps, mCoef, gCoef, vCorr, true)
}

// nadam runs the Nadam kernel, streaming w if stream.
func nadam[T scalar](w, m, v, g []T, lr, c1, c2, eps, mCoef, gCoef, vCorr T, stream bool) {
	n := len(w)
	if n == 0 {
		return
	}
	m, v, g = m[:n], v[:n], g[:n]
	var ok bool
	switch ww := any(w).(type) {
	case []float32:
		f := func(x T) float32 { return any(x).(float32) }
		ok = ewNadamAsmS(ww, any(m).([]float32), any(v).([]float32), any(g).([]float32),
			f(lr), f(c1), f(c2), f(eps), f(mCoef), f(gCoef), f(vCorr), stream)
	case []float64:
		f := func(x T) float64 { return any(x).(float64) }
		ok = ewNadamAsmD(ww, any(m).([]float64), any(v).([]float64), any(g).([]float64),
			f(lr), f(c1), f(c2), f(eps), f(mCoef), f(gCoef), f(vCorr), stream)
	}
	if !ok {
		ewNadamGo(w, m, v, g, lr, c1, c2, eps, mCoef, gCoef, vCorr)
	}
}

// Adagrad applies Keras's Adagrad in place (see [ewAdagradGo]).
func Adagrad[T scalar](w, acc, g []T, lr, eps T) { adagrad(w, acc, g, lr, eps, false) }

// AdagradStream is Adagrad with w written by non-temporal stores.
func AdagradStream[T scalar](w, acc, g []T, lr, eps T) {
	if len(w) == 0 {
		return
	}
	h := streamHead(w)
	adagrad(w[:h], acc[:h], g[:h], lr, eps, false)
	adagrad(w[h:], acc[h:len(w)], g[h:len(w)], lr, eps, true)
}

// adagrad runs the Adagrad kernel, streaming w if stream.
func adagrad[T scalar](w, acc, g []T, lr, eps T, stream bool) {
	n := len(w)
	if n == 0 {
		return
	}
	acc, g = acc[:n], g[:n]
	var ok bool
	switch ww := any(w).(type) {
	case []float32:
		ok = ewAdagradAsmS(ww, any(acc).([]float32), any(g).([]float32), any(lr).(float32), any(eps).(float32), stream)
	case []float64:
		ok = ewAdagradAsmD(ww, any(acc).([]float64), any(g).([]float64), any(lr).(float64), any(eps).(float64), stream)
	}
	if !ok {
		ewAdagradGo(w, acc, g, lr, eps)
	}
}
