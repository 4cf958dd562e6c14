package metrics

import (
	"math"

	"github.com/neurite/neurite/graph"
)

// aucArea is the area of Keras's AUC.result from the confusion counts at
// each threshold, in float64.
func aucArea(s aucSetup, tp, fp, tn, fn []float64) float64 {
	if s.pr && s.method == "interpolation" {
		return prInterpolated(tp, fp, fn)
	}
	n := len(tp)
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		recall := divNoNaN(tp[i], tp[i]+fn[i])
		if s.pr {
			x[i], y[i] = recall, divNoNaN(tp[i], tp[i]+fp[i])
		} else {
			x[i], y[i] = divNoNaN(fp[i], fp[i]+tn[i]), recall
		}
	}
	area := 0.0
	for i := range n - 1 {
		var h float64
		switch s.method {
		case "minoring":
			h = math.Min(y[i], y[i+1])
		case "majoring":
			h = math.Max(y[i], y[i+1])
		default:
			h = (y[i] + y[i+1]) / 2
		}
		area += (x[i] - x[i+1]) * h
	}
	return area
}

// prInterpolated is Keras's interpolate_pr_auc: between neighbouring
// thresholds A and B the true positives and the predicted positives
// P = tp + fp vary linearly, and the precision is integrated in closed
// form, slope·(ΔTP + intercept·log(P_A/P_B)) / positives at B.
func prInterpolated(tp, fp, fn []float64) float64 {
	area := 0.0
	for i := range len(tp) - 1 {
		pa, pb := tp[i]+fp[i], tp[i+1]+fp[i+1]
		dtp := tp[i] - tp[i+1]
		slope := divNoNaN(dtp, math.Max(pa-pb, 0))
		intercept := tp[i+1] - slope*pb
		ratio := 1.0
		if pa > 0 && pb > 0 {
			ratio = divNoNaN(pa, math.Max(pb, 0))
		}
		area += divNoNaN(slope*(dtp+intercept*math.Log(ratio)), math.Max(tp[i+1]+fn[i+1], 0))
	}
	return area
}

// aucAreaNode is aucArea as graph ops on the count nodes (T,).
func aucAreaNode(s aucSetup, tp, fp, tn, fn *graph.Node) *graph.Node {
	n := len(s.thresholds)
	head := func(x *graph.Node) *graph.Node { return graph.Slice(x, 0, 0, n-1) }
	tail := func(x *graph.Node) *graph.Node { return graph.Slice(x, 0, 1, n) }
	if s.pr && s.method == "interpolation" {
		return prInterpolatedNode(head, tail, tp, fp, fn)
	}
	recall := divNoNaNNode(tp, graph.Add(tp, fn))
	x, y := divNoNaNNode(fp, graph.Add(fp, tn)), recall
	if s.pr {
		x, y = recall, divNoNaNNode(tp, graph.Add(tp, fp))
	}
	var h *graph.Node
	switch s.method {
	case "minoring":
		h = graph.Minimum(head(y), tail(y))
	case "majoring":
		h = graph.Maximum(head(y), tail(y))
	default:
		h = graph.Mul(graph.Add(head(y), tail(y)), tp.Graph().Scalar(0.5))
	}
	return graph.Sum(graph.Mul(graph.Sub(head(x), tail(x)), h), nil, false)
}

// prInterpolatedNode is prInterpolated as graph ops.
func prInterpolatedNode(head, tail func(*graph.Node) *graph.Node, tp, fp, fn *graph.Node) *graph.Node {
	p := graph.Add(tp, fp)
	pa, pb := head(p), tail(p)
	zero := graph.ZerosLike(pb)
	dtp := graph.Sub(head(tp), tail(tp))
	slope := divNoNaNNode(dtp, graph.Maximum(graph.Sub(pa, pb), zero))
	intercept := graph.Sub(tail(tp), graph.Mul(slope, pb))
	both := graph.Mul(graph.Greater(pa, zero), graph.Greater(pb, zero))
	ratio := graph.Where(both, divNoNaNNode(pa, graph.Maximum(pb, zero)), graph.OnesLike(pb))
	num := graph.Mul(slope, graph.Add(dtp, graph.Mul(intercept, graph.Log(ratio))))
	inc := divNoNaNNode(num, graph.Maximum(graph.Add(tail(tp), tail(fn)), zero))
	return graph.Sum(inc, nil, false)
}
