package losses

import (
	"math"

	"github.com/neurite/neurite/tensor"
)

// The fixed cases every loss is pinned on, float64, two samples of three.
var (
	regTrue   = rows([]float64{1, -2, 0.5}, []float64{-0.4, 3, 2})
	regPred   = rows([]float64{1.5, -1.2, 0.2}, []float64{0.3, 2.2, 4})
	counts    = rows([]float64{1, 0, 2}, []float64{4, 1, 0})
	rates     = rows([]float64{0.5, 2, 1.2}, []float64{3, 0.1, 0.8})
	probs     = rows([]float64{0.2, 0.5, 0.3}, []float64{0.6, 0.1, 0.3})
	unscaled  = rows([]float64{0.4, 1.0, 0.6}, []float64{0.9, 0.15, 0.45})
	logits    = rows([]float64{0.4, -1.2, 2.0}, []float64{0.0, 0.7, -0.3})
	oneHot    = rows([]float64{0, 1, 0}, []float64{0, 0, 1})
	binary    = rows([]float64{1, 0, 1}, []float64{0, 0, 1})
	signs     = rows([]float64{1, -1, 1}, []float64{-1, -1, 1})
	softTrue  = rows([]float64{0.1, 0.6, 0.3}, []float64{0, 0.2, 0.8})
	refEps    = 1e-7
	refOneEps = 1 - 1e-7
)

// clipRef is min(max(x, lo), hi).
func clipRef(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }

// sigmoidRef is 1/(1 + exp(−x)).
func sigmoidRef(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// huberRef is the Huber loss of the error x for delta d.
func huberRef(d float64) func(y, p float64) float64 {
	return func(y, p float64) float64 {
		x := p - y
		if math.Abs(x) <= d {
			return x * x / 2
		}
		return d*math.Abs(x) - d*d/2
	}
}

// focalRef is Keras's binary focal crossentropy of one element.
func focalRef(gamma, alpha float64, balance, fromLogits bool) func(y, p float64) float64 {
	return func(y, p float64) float64 {
		if fromLogits {
			p = sigmoidRef(p)
		}
		pt := y*p + (1-y)*(1-p)
		v := math.Pow(1-pt, gamma) * bceRef(y, p, refEps, refOneEps)
		if balance {
			v *= y*alpha + (1-y)*(1-alpha)
		}
		return v
	}
}

// cceRef is the categorical crossentropy of a row of probabilities (or of
// logits), with the labels smoothed by s and the focal factor α·(1−q)^γ
// (α = 1, γ = 0 for the plain crossentropy); clip says q is clipped to
// [ε, 1−ε], as everywhere but the crossentropy of logits.
func cceRef(s, alpha, gamma float64, fromLogits, clip bool) func(y, p []float64) float64 {
	return func(y, p []float64) float64 {
		q := make([]float64, len(p))
		sum := 0.0
		for j, v := range p {
			if fromLogits {
				v = math.Exp(v)
			}
			q[j], sum = v, sum+v
		}
		loss := 0.0
		for j := range q {
			qj := q[j] / sum
			if clip {
				qj = clipRef(qj, refEps, refOneEps)
			}
			yj := y[j]*(1-s) + s/float64(len(y))
			loss -= alpha * math.Pow(1-qj, gamma) * yj * math.Log(qj)
		}
		return loss
	}
}

// cosineRef is the negative cosine similarity of two rows.
func cosineRef(y, p []float64) float64 {
	var dot, yy, pp float64
	for j := range y {
		dot, yy, pp = dot+y[j]*p[j], yy+y[j]*y[j], pp+p[j]*p[j]
	}
	return -dot / math.Sqrt(math.Max(yy, refEps*refEps)) / math.Sqrt(math.Max(pp, refEps*refEps))
}

// catHingeRef is the categorical hinge loss of a row.
func catHingeRef(y, p []float64) float64 {
	pos, neg := 0.0, math.Inf(-1)
	for j := range y {
		pos += y[j] * p[j]
		neg = math.Max(neg, (1-y[j])*p[j])
	}
	return math.Max(neg-pos+1, 0)
}

// kldRef is the KL divergence of a row, both sides clipped to [ε, 1].
func kldRef(y, p []float64) float64 {
	s := 0.0
	for j := range y {
		yj, pj := clipRef(y[j], refEps, 1), clipRef(p[j], refEps, 1)
		s += yj * math.Log(yj/pj)
	}
	return s
}

// elementwise lifts an elementwise loss to a row's mean.
func elementwise(f func(y, p float64) float64) func(y, p []float64) float64 {
	return func(y, p []float64) float64 { return meanOf(y, p, f) }
}

// catalogCase is a loss built for a reduction, its fixed inputs and its
// per-sample values from the formula, row by row.
type catalogCase struct {
	name string
	loss func(Reduction) Loss
	y, p *tensor.Tensor
	ref  func(y, p []float64) float64
	// valuesOnly leaves the case out of the gradient check, where its
	// scale defeats finite differences.
	valuesOnly bool
}

// catalog returns a case for every loss and option.
func catalog() []catalogCase {
	type c = struct {
		name string
		loss func(Reduction) Loss
		y, p *tensor.Tensor
		ref  func(y, p []float64) float64
	}
	hinge := func(y, p float64) float64 { return math.Max(1-y*p, 0) }
	entries := []c{
		{"mse", func(r Reduction) Loss { return MeanSquaredError{Reduction: r} }, regTrue, regPred,
			elementwise(func(y, p float64) float64 { return (y - p) * (y - p) })},
		{"mae", func(r Reduction) Loss { return MeanAbsoluteError{Reduction: r} }, regTrue, regPred,
			elementwise(func(y, p float64) float64 { return math.Abs(y - p) })},
		{"mape", func(r Reduction) Loss { return MeanAbsolutePercentageError{Reduction: r} }, regTrue, regPred,
			elementwise(func(y, p float64) float64 { return 100 * math.Abs(y-p) / math.Max(math.Abs(y), refEps) })},
		{"mape zero label", func(r Reduction) Loss { return MeanAbsolutePercentageError{Reduction: r} },
			rows([]float64{0, 2, 0.5}, []float64{-1, 0, 4}), regPred,
			elementwise(func(y, p float64) float64 { return 100 * math.Abs(y-p) / math.Max(math.Abs(y), refEps) })},
		{"msle", func(r Reduction) Loss { return MeanSquaredLogarithmicError{Reduction: r} }, regTrue, regPred,
			elementwise(func(y, p float64) float64 {
				d := math.Log(math.Max(p, refEps)+1) - math.Log(math.Max(y, refEps)+1)
				return d * d
			})},
		{"huber", func(r Reduction) Loss { return Huber{Reduction: r} }, regTrue, regPred, elementwise(huberRef(1))},
		{"huber delta 0.5", func(r Reduction) Loss { return Huber{Delta: 0.5, Reduction: r} }, regTrue, regPred,
			elementwise(huberRef(0.5))},
		{"log_cosh", func(r Reduction) Loss { return LogCosh{Reduction: r} }, regTrue, regPred,
			elementwise(func(y, p float64) float64 { return math.Log(math.Cosh(p - y)) })},
		{"poisson", func(r Reduction) Loss { return Poisson{Reduction: r} }, counts, rates,
			elementwise(func(y, p float64) float64 { return p - y*math.Log(p+refEps) })},
		{"kl_divergence", func(r Reduction) Loss { return KLDivergence{Reduction: r} }, softTrue, probs, kldRef},
		{"cosine_similarity", func(r Reduction) Loss { return CosineSimilarity{Reduction: r} }, regTrue, regPred, cosineRef},
		{"hinge", func(r Reduction) Loss { return Hinge{Reduction: r} }, signs, regPred, elementwise(hinge)},
		{"hinge binary labels", func(r Reduction) Loss { return Hinge{Reduction: r} }, binary, regPred,
			elementwise(func(y, p float64) float64 { return hinge(2*y-1, p) })},
		{"hinge other labels", func(r Reduction) Loss { return Hinge{Reduction: r} }, regTrue, regPred, elementwise(hinge)},
		{"squared_hinge", func(r Reduction) Loss { return SquaredHinge{Reduction: r} }, signs, regPred,
			elementwise(func(y, p float64) float64 { return hinge(y, p) * hinge(y, p) })},
		{"squared_hinge binary labels", func(r Reduction) Loss { return SquaredHinge{Reduction: r} }, binary, regPred,
			elementwise(func(y, p float64) float64 { return hinge(2*y-1, p) * hinge(2*y-1, p) })},
		{"categorical_hinge", func(r Reduction) Loss { return CategoricalHinge{Reduction: r} }, oneHot, regPred, catHingeRef},
		{"binary_crossentropy", func(r Reduction) Loss { return BinaryCrossentropy{Reduction: r} }, binary, probs,
			elementwise(func(y, p float64) float64 { return bceRef(y, p, refEps, refOneEps) })},
		{"binary_crossentropy logits smoothed", func(r Reduction) Loss {
			return BinaryCrossentropy{FromLogits: true, LabelSmoothing: 0.1, Reduction: r}
		}, binary, logits, elementwise(func(y, x float64) float64 {
			y = y*0.9 + 0.05
			return -(y*math.Log(sigmoidRef(x)) + (1-y)*math.Log(1-sigmoidRef(x)))
		})},
		{"binary_focal_crossentropy", func(r Reduction) Loss { return BinaryFocalCrossentropy{Reduction: r} }, binary, probs,
			elementwise(focalRef(2, 0.25, false, false))},
		{"binary_focal_crossentropy balanced logits", func(r Reduction) Loss {
			return BinaryFocalCrossentropy{ApplyClassBalancing: true, Alpha: new(0.4), Gamma: new(1.5), FromLogits: true, Reduction: r}
		}, binary, logits, elementwise(focalRef(1.5, 0.4, true, true))},
		{"binary_focal_crossentropy smoothed", func(r Reduction) Loss {
			return BinaryFocalCrossentropy{LabelSmoothing: 0.2, Reduction: r}
		}, binary, probs, elementwise(func(y, p float64) float64 { return focalRef(2, 0.25, false, false)(y*0.8+0.1, p) })},
		{"categorical_crossentropy", func(r Reduction) Loss { return CategoricalCrossentropy{Reduction: r} }, oneHot, unscaled,
			cceRef(0, 1, 0, false, true)},
		{"categorical_crossentropy smoothed", func(r Reduction) Loss {
			return CategoricalCrossentropy{LabelSmoothing: 0.3, Reduction: r}
		}, oneHot, unscaled, cceRef(0.3, 1, 0, false, true)},
		{"categorical_crossentropy logits smoothed", func(r Reduction) Loss {
			return CategoricalCrossentropy{FromLogits: true, LabelSmoothing: 0.3, Reduction: r}
		}, oneHot, logits, cceRef(0.3, 1, 0, true, false)},
		{"categorical_focal_crossentropy", func(r Reduction) Loss { return CategoricalFocalCrossentropy{Reduction: r} },
			oneHot, unscaled, cceRef(0, 0.25, 2, false, true)},
		{"categorical_focal_crossentropy logits", func(r Reduction) Loss {
			return CategoricalFocalCrossentropy{FromLogits: true, Alpha: new(0.5), Gamma: new(3.0), LabelSmoothing: 0.1, Reduction: r}
		}, oneHot, logits, cceRef(0.1, 0.5, 3, true, true)},
		{"sparse_categorical_crossentropy", func(r Reduction) Loss { return SparseCategoricalCrossentropy{Reduction: r} },
			rows([]float64{1}, []float64{2}), probs, func(y, p []float64) float64 { return -math.Log(p[int(y[0])]) }},
	}
	out := make([]catalogCase, len(entries))
	for i, e := range entries {
		out[i] = catalogCase{name: e.name, loss: e.loss, y: e.y, p: e.p, ref: e.ref,
			valuesOnly: e.name == "mape zero label"}
	}
	return out
}
