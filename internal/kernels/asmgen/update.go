package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// This file generates the SGD and momentum updates of the ew family, each
// also in a stream variant that writes the weights with non-temporal
// stores (see storeWeights).

// updateName is the name and doc comment of an update kernel: base, or
// base+"Stream" for the stream variant of the exported function
// exported+"Stream", whose w must be aligned to a vector; twin is the
// pure-Go twin.
func (g ewg) updateName(base, exported, twin string, stream bool) (string, string) {
	if stream {
		name := g.fname(base + "Stream")
		return name, name + " is the kernel of " + exported + "Stream: " + twin +
			" with w, aligned to a vector, written by non-temporal stores."
	}
	name := g.fname(base)
	return name, name + " is the kernel of " + twin + "."
}

// storeWeights stores the updated weights: with stream, full vectors by
// non-temporal stores (VMOVNTPS/PD: w must be aligned to a vector), the
// masked tail as usual.
func (g ewg) storeWeights(v VecVirtual, m Mem, mk *ewMask, stream bool) {
	switch {
	case !stream || mk != nil:
		g.store(v, m, mk)
	case g.f64:
		VMOVNTPD(v, m)
	default:
		VMOVNTPS(v, m)
	}
}

// endUpdate ends an update kernel: a stream variant first waits until
// its non-temporal stores are ordered before any later store.
func endUpdate(stream bool) {
	if stream {
		SFENCE()
	}
	ret()
}

// sgd emits the SGD update of ewSGDGo: w[i] = w[i] - g[i]*lr.
func (g ewg) sgd(stream bool) {
	name, doc := g.updateName("ewSGD", "SGD", "ewSGDGo", stream)
	g.text(name, "func(w, grad *%s, n int, lr %[1]s)", doc)
	p := loadPtrs("w", "grad", "n")
	w, gr, n := p[0], p[1], p[2]
	lr := g.vec()
	g.bcast(paramAddr("lr"), lr)
	g.loop(name, n, []GPVirtual{w, gr}, 4, func(k int, mk *ewMask) {
		for i := 0; i < k; i++ {
			t, wv := g.vec(), g.vec()
			g.load(g.vmem(gr, i), t, mk)
			g.op(iMul, lr, t, t) // g*lr
			g.load(g.vmem(w, i), wv, mk)
			g.op(iSub, t, wv, wv) // w - g*lr
			g.storeWeights(wv, g.vmem(w, i), mk, stream)
		}
	})
	endUpdate(stream)
}

// momentum emits the momentum update of ewMomentumGo (nesterov false) or
// ewNesterovGo.
func (g ewg) momentum(nesterov, stream bool) {
	base, twin := "ewMomentum", "ewMomentumGo"
	if nesterov {
		base, twin = "ewNesterov", "ewNesterovGo"
	}
	name, doc := g.updateName(base, "Momentum", twin, stream)
	g.text(name, "func(w, vel, grad *%s, n int, lr, mu %[1]s)", doc)
	p := loadPtrs("w", "vel", "grad", "n")
	w, vel, gr, n := p[0], p[1], p[2], p[3]
	lr, mu := g.vec(), g.vec()
	g.bcast(paramAddr("lr"), lr)
	g.bcast(paramAddr("mu"), mu)
	g.loop(name, n, []GPVirtual{w, vel, gr}, 2, func(k int, mk *ewMask) {
		for i := 0; i < k; i++ {
			step, v, wv := g.vec(), g.vec(), g.vec()
			g.load(g.vmem(gr, i), step, mk)
			g.op(iMul, lr, step, step) // g*lr
			g.load(g.vmem(vel, i), v, mk)
			g.op(iMul, mu, v, v)   // vel*mu
			g.op(iSub, step, v, v) // vel*mu - g*lr
			g.store(v, g.vmem(vel, i), mk)
			if nesterov {
				g.op(iMul, mu, v, v)   // v*mu
				g.op(iSub, step, v, v) // v*mu - g*lr
			}
			g.load(g.vmem(w, i), wv, mk)
			g.op(iAdd, v, wv, wv) // w + …
			g.storeWeights(wv, g.vmem(w, i), mk, stream)
		}
	})
	endUpdate(stream)
}

// rmsprop emits the RMSprop update of ewRMSpropGo, centered or not and
// with momentum or not.
func (g ewg) rmsprop(centered, momentum, stream bool) {
	base := "ewRMSprop"
	if centered {
		base += "Centered"
	}
	if momentum {
		base += "Momentum"
	}
	name, doc := g.updateName(base, "RMSprop", "ewRMSpropGo", stream)
	g.text(name, "func(w, vel, mom, avg, grad *%s, n int, lr, rho, omr, mu, eps %[1]s)", doc)
	p := loadPtrs("w", "vel", "mom", "avg", "grad", "n")
	w, vel, mom, avg, gr, n := p[0], p[1], p[2], p[3], p[4], p[5]
	ps := []GPVirtual{w, vel, gr}
	if momentum {
		ps = append(ps, mom)
	}
	if centered {
		ps = append(ps, avg)
	}
	sc := g.vecs(5)
	for i, s := range []string{"lr", "rho", "omr", "mu", "eps"} {
		g.bcast(paramAddr(s), sc[i])
	}
	lr, rho, omr, mu, eps := sc[0], sc[1], sc[2], sc[3], sc[4]
	g.loop(name, n, ps, 1, func(k int, mk *ewMask) {
		gv, v, t := g.vec(), g.vec(), g.vec()
		g.load(g.vmem(gr, 0), gv, mk)
		g.load(g.vmem(vel, 0), v, mk)
		g.op(iMul, rho, v, v) // rho*vel
		g.op(iMul, gv, gv, t) // g*g
		g.op(iMul, omr, t, t) // omr*(g*g)
		g.op(iAdd, t, v, v)   // v
		g.store(v, g.vmem(vel, 0), mk)
		den := g.vec()
		if centered {
			a := g.vec()
			g.load(g.vmem(avg, 0), a, mk)
			g.op(iMul, rho, a, a)  // rho*avg
			g.op(iMul, omr, gv, t) // omr*g
			g.op(iAdd, t, a, a)    // a
			g.store(a, g.vmem(avg, 0), mk)
			g.op(iMul, a, a, t)   // a*a
			g.op(iSub, t, v, den) // v - a*a
			g.op(iAdd, eps, den, den)
		} else {
			g.op(iAdd, eps, v, den) // v + eps
		}
		if g.f64 {
			VSQRTPD(den, den)
		} else {
			VSQRTPS(den, den)
		}
		inc := g.vec()
		g.op(iMul, lr, gv, inc)   // lr*g
		g.op(iDiv, den, inc, inc) // (lr*g) / sqrt(denom)
		if momentum {
			m := g.vec()
			g.load(g.vmem(mom, 0), m, mk)
			g.op(iMul, mu, m, m)    // momentum*mom
			g.op(iAdd, inc, m, inc) // momentum*mom + inc
			g.store(inc, g.vmem(mom, 0), mk)
		}
		wv := g.vec()
		g.load(g.vmem(w, 0), wv, mk)
		g.op(iSub, inc, wv, wv) // w - inc
		g.storeWeights(wv, g.vmem(w, 0), mk, stream)
	})
	endUpdate(stream)
}

// weightDecay emits the decoupled weight decay of ewWeightDecayGo:
// w[i] = w[i] - (w[i]*decay)*lr.
func (g ewg) weightDecay(stream bool) {
	name, doc := g.updateName("ewWeightDecay", "WeightDecay", "ewWeightDecayGo", stream)
	g.text(name, "func(w *%s, n int, lr, decay %[1]s)", doc)
	p := loadPtrs("w", "n")
	w, n := p[0], p[1]
	lr, decay := g.vec(), g.vec()
	g.bcast(paramAddr("lr"), lr)
	g.bcast(paramAddr("decay"), decay)
	g.loop(name, n, []GPVirtual{w}, 4, func(k int, mk *ewMask) {
		for i := 0; i < k; i++ {
			wv, t := g.vec(), g.vec()
			g.load(g.vmem(w, i), wv, mk)
			g.op(iMul, decay, wv, t) // w*decay
			g.op(iMul, lr, t, t)     // (w*decay)*lr
			g.op(iSub, t, wv, wv)    // w - …
			g.storeWeights(wv, g.vmem(w, i), mk, stream)
		}
	})
	endUpdate(stream)
}

// nadam emits the Nadam update of ewNadamGo.
func (g ewg) nadam(stream bool) {
	name, doc := g.updateName("ewNadam", "Nadam", "ewNadamGo", stream)
	g.text(name, "func(w, m, v, grad *%s, n int, lr, c1, c2, eps, mCoef, gCoef, vCorr %[1]s)", doc)
	p := loadPtrs("w", "m", "v", "grad", "n")
	w, m, v, gr, n := p[0], p[1], p[2], p[3], p[4]
	sc := g.vecs(7)
	for i, s := range []string{"lr", "c1", "c2", "eps", "mCoef", "gCoef", "vCorr"} {
		g.bcast(paramAddr(s), sc[i])
	}
	lr, c1, c2, eps, mCoef, gCoef, vCorr := sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6]
	g.loop(name, n, []GPVirtual{w, m, v, gr}, 1, func(k int, mk *ewMask) {
		gv, mv, vv, t := g.moments(gr, m, v, 0, c1, c2, mk)
		hat := g.vec()
		g.op(iMul, mCoef, mv, hat) // mCoef*m
		g.op(iMul, gCoef, gv, t)   // gCoef*g
		g.op(iAdd, t, hat, hat)    // m̂
		g.op(iMul, lr, hat, hat)   // m̂*lr
		g.op(iDiv, vCorr, vv, t)   // v/vCorr
		if g.f64 {
			VSQRTPD(t, t)
		} else {
			VSQRTPS(t, t)
		}
		g.op(iAdd, eps, t, t)   // sqrt(v/vCorr) + eps
		g.op(iDiv, t, hat, hat) // m̂*lr / (…)
		wv := g.vec()
		g.load(g.vmem(w, 0), wv, mk)
		g.op(iSub, hat, wv, wv) // w - …
		g.storeWeights(wv, g.vmem(w, 0), mk, stream)
	})
	endUpdate(stream)
}

// adagrad emits the Adagrad update of ewAdagradGo.
func (g ewg) adagrad(stream bool) {
	name, doc := g.updateName("ewAdagrad", "Adagrad", "ewAdagradGo", stream)
	g.text(name, "func(w, acc, grad *%s, n int, lr, eps %[1]s)", doc)
	p := loadPtrs("w", "acc", "grad", "n")
	w, acc, gr, n := p[0], p[1], p[2], p[3]
	lr, eps := g.vec(), g.vec()
	g.bcast(paramAddr("lr"), lr)
	g.bcast(paramAddr("eps"), eps)
	g.loop(name, n, []GPVirtual{w, acc, gr}, 2, func(k int, mk *ewMask) {
		for i := 0; i < k; i++ {
			gv, a, t := g.vec(), g.vec(), g.vec()
			g.load(g.vmem(gr, i), gv, mk)
			g.load(g.vmem(acc, i), a, mk)
			g.op(iMul, gv, gv, t) // g*g
			g.op(iAdd, t, a, a)   // acc + g*g
			g.store(a, g.vmem(acc, i), mk)
			g.op(iAdd, eps, a, a) // acc + eps
			if g.f64 {
				VSQRTPD(a, a)
			} else {
				VSQRTPS(a, a)
			}
			g.op(iMul, lr, gv, t) // lr*g
			g.op(iDiv, a, t, t)   // lr*g / sqrt(acc+eps)
			wv := g.vec()
			g.load(g.vmem(w, i), wv, mk)
			g.op(iSub, t, wv, wv) // w - …
			g.storeWeights(wv, g.vmem(w, i), mk, stream)
		}
	})
	endUpdate(stream)
}
