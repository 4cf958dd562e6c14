package layers

import "math"

// This file is a plain-Go reference of the recurrent layers, written from
// the equations in their documentation, one sample at a time, in float64.

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

// refParams are the weights of a recurrent layer, row-major, in Keras's
// layouts: w (features, gates·units), u (units, gates·units), b
// (gates·units), or for GRU with the reset gate after, b (2, 3·units).
type refParams struct {
	w, u, b     []float64
	features    int
	units       int
	resetBefore bool
	act, recAct func(float64) float64
}

// vecMat returns x·m[:, lo:hi] for m of cols columns.
func vecMat(x, m []float64, cols, lo, hi int) []float64 {
	out := make([]float64, hi-lo)
	for k, xv := range x {
		for j := lo; j < hi; j++ {
			out[j-lo] += xv * m[k*cols+j]
		}
	}
	return out
}

// refLSTMStep is one LSTM step: returns h, c.
func refLSTMStep(p refParams, x, h, c []float64) ([]float64, []float64) {
	u := p.units
	z := vecMat(x, p.w, 4*u, 0, 4*u)
	r := vecMat(h, p.u, 4*u, 0, 4*u)
	hn, cn := make([]float64, u), make([]float64, u)
	for j := 0; j < u; j++ {
		g := func(k int) float64 {
			v := z[k*u+j] + r[k*u+j]
			if p.b != nil {
				v += p.b[k*u+j]
			}
			return v
		}
		i, f, gg, o := p.recAct(g(0)), p.recAct(g(1)), p.act(g(2)), p.recAct(g(3))
		cn[j] = f*c[j] + i*gg
		hn[j] = o * p.act(cn[j])
	}
	return hn, cn
}

// refGRUStep is one GRU step.
func refGRUStep(p refParams, x, h []float64) []float64 {
	u := p.units
	xp := vecMat(x, p.w, 3*u, 0, 3*u)
	var rb []float64
	if p.b != nil {
		for j := range xp {
			xp[j] += p.b[j]
		}
		if !p.resetBefore {
			rb = p.b[3*u:]
		}
	}
	out := make([]float64, u)
	if !p.resetBefore {
		rec := vecMat(h, p.u, 3*u, 0, 3*u)
		for j := range rec {
			if rb != nil {
				rec[j] += rb[j]
			}
		}
		for j := 0; j < u; j++ {
			z := p.recAct(xp[j] + rec[j])
			r := p.recAct(xp[u+j] + rec[u+j])
			hh := p.act(xp[2*u+j] + r*rec[2*u+j])
			out[j] = z*h[j] + (1-z)*hh
		}
		return out
	}
	rzr := vecMat(h, p.u, 3*u, 0, 2*u)
	rh := make([]float64, u)
	z := make([]float64, u)
	for j := 0; j < u; j++ {
		z[j] = p.recAct(xp[j] + rzr[j])
		rh[j] = p.recAct(xp[u+j]+rzr[u+j]) * h[j]
	}
	recH := vecMat(rh, p.u, 3*u, 2*u, 3*u)
	for j := 0; j < u; j++ {
		hh := p.act(xp[2*u+j] + recH[j])
		out[j] = z[j]*h[j] + (1-z[j])*hh
	}
	return out
}

// refSimpleStep is one SimpleRNN step.
func refSimpleStep(p refParams, x, h []float64) []float64 {
	y := vecMat(x, p.w, p.units, 0, p.units)
	r := vecMat(h, p.u, p.units, 0, p.units)
	for j := range y {
		y[j] += r[j]
		if p.b != nil {
			y[j] += p.b[j]
		}
		y[j] = p.act(y[j])
	}
	return y
}

// refRun runs kind ("lstm", "gru", "simple") over one sample's sequence
// x (steps × features, row-major) from states h, c (c for LSTM only),
// with mask m (nil: all steps), backwards or not. It returns the outputs
// in processing order and the final states, with Keras's mask rule (a
// masked step keeps the states; its output is the previous output, or
// zeros with zeroOut).
func refRun(kind string, p refParams, x []float64, steps int, h, c, m []float64, backwards, zeroOut bool) (outs [][]float64, hf, cf []float64) {
	prev := make([]float64, p.units)
	for k := 0; k < steps; k++ {
		t := k
		if backwards {
			t = steps - 1 - k
		}
		xt := x[t*p.features : (t+1)*p.features]
		var hn, cn []float64
		switch kind {
		case "lstm":
			hn, cn = refLSTMStep(p, xt, h, c)
		case "gru":
			hn = refGRUStep(p, xt, h)
		default:
			hn = refSimpleStep(p, xt, h)
		}
		out := hn
		if m != nil && m[t] == 0 {
			out = prev
			if zeroOut {
				out = make([]float64, p.units)
			}
		} else {
			h, c = hn, cn
		}
		outs = append(outs, out)
		prev = out
	}
	return outs, h, c
}
