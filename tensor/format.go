package tensor

import (
	"math"
	"strconv"
	"strings"
)

// Print options, fixed at numpy's defaults.
const (
	fmtThreshold = 1000 // summarise tensors with more elements than this
	fmtEdgeItems = 3    // elements kept at each end of a summarised axis
	fmtLineWidth = 75   // wrap rows that would be wider than this
	fmtPrecision = 8    // most digits after the decimal point
)

// String formats t the way numpy's str() prints an array with the default
// print options, for example
//
//	[[1.   2.5 ]
//	 [3.   4.  ]]
//
// Floats are printed with at most 8 digits after the decimal point (the
// shortest digits that identify the value, rounded at 8 and with trailing
// zeros trimmed), padded so that decimal points line up. Scientific
// notation is used for the whole tensor when the largest nonzero magnitude
// is at least 1e8, the smallest is below 1e-4, or their ratio exceeds 1000
// (for float32 tensors these tests are done in float32, as numpy 2 does).
// Integers are right-aligned to a common width. Rows are wrapped at 75
// characters, and a tensor of more than 1000 elements is summarised with
// "..." showing 3 items at each end of every long axis. A scalar prints
// like a numpy scalar ("3.5", "1e-05", "7"), a tensor with no elements as
// "[]".
func (t *Tensor) String() string {
	if t == nil {
		return "<nil>"
	}
	if len(t.shape) == 0 {
		return fmtScalar(t)
	}
	if t.Size() == 0 {
		return "[]"
	}
	p := &fmtPrinter{
		shape:     t.shape,
		strides:   t.shape.Strides(),
		summarize: t.Size() > fmtThreshold,
	}
	shown := p.shownOffsets()
	switch d := t.data.(type) {
	case []float32:
		p.elem = fmtFloats(d, shown, 32)
	case []float64:
		p.elem = fmtFloats(d, shown, 64)
	case []int64:
		p.elem = fmtInts(d, shown)
	}
	return p.rec(0, 0, " ", fmtLineWidth)
}

// fmtScalar formats a rank-0 tensor like numpy's str of a scalar: floats
// positionally with the shortest round-trip digits (at least one decimal)
// when x is 0 or 1e-4 <= |x| < 1e16 (1e6 for float32, as in numpy 2.3 and
// later), and in shortest scientific form otherwise.
func fmtScalar(t *Tensor) string {
	switch d := t.data.(type) {
	case []float32:
		return fmtScalarFloat(float64(d[0]), 32)
	case []float64:
		return fmtScalarFloat(d[0], 64)
	case []int64:
		return strconv.FormatInt(d[0], 10)
	}
	return ""
}

func fmtScalarFloat(x float64, bitSize int) string {
	if s, ok := fmtNonFinite(x); ok {
		return s
	}
	a, maxPositional := math.Abs(x), 1e16
	if bitSize == 32 {
		maxPositional = 1e6 // numpy >= 2.3 switches float32 scalars earlier
	}
	if a == 0 || (a >= 1e-4 && a < maxPositional) {
		s := strconv.FormatFloat(x, 'f', -1, bitSize)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	return strconv.FormatFloat(x, 'e', -1, bitSize)
}

// fmtNonFinite returns numpy's spelling of NaN and the infinities.
func fmtNonFinite(x float64) (string, bool) {
	switch {
	case math.IsNaN(x):
		return "nan", true
	case math.IsInf(x, 1):
		return "inf", true
	case math.IsInf(x, -1):
		return "-inf", true
	}
	return "", false
}

// fmtPrinter lays out the elements of a tensor as numpy's _formatArray does.
type fmtPrinter struct {
	shape     Shape
	strides   []int
	summarize bool
	elem      func(off int) string // formats the element at a flat offset
}

// showSummary reports whether axis is cut down to its edge items.
func (p *fmtPrinter) showSummary(axis int) bool {
	return p.summarize && p.shape[axis] > 2*fmtEdgeItems
}

// shownOffsets returns the flat offsets of the elements that will be
// printed; numpy chooses the number format from these alone.
func (p *fmtPrinter) shownOffsets() []int {
	var out []int
	var walk func(axis, off int)
	walk = func(axis, off int) {
		if axis == len(p.shape) {
			out = append(out, off)
			return
		}
		n := p.shape[axis]
		for i := 0; i < n; i++ {
			if p.showSummary(axis) && i == fmtEdgeItems {
				i = n - fmtEdgeItems
			}
			walk(axis+1, off+i*p.strides[axis])
		}
	}
	walk(0, 0)
	return out
}

// rec formats the sub-tensor at axis starting at flat offset off. hang is
// the indentation of continuation lines and width the space left on a line.
func (p *fmtPrinter) rec(axis, off int, hang string, width int) string {
	if axis == len(p.shape) {
		return p.elem(off)
	}
	n, stride := p.shape[axis], p.strides[axis]
	// indices to print: all, or the edge items around a "..." marker
	idx := make([]int, 0, min(n, 2*fmtEdgeItems))
	summary := p.showSummary(axis)
	for i := 0; i < n; i++ {
		if summary && i == fmtEdgeItems {
			i = n - fmtEdgeItems
		}
		idx = append(idx, i)
	}
	nextHang, nextWidth := hang+" ", width-1
	var s string
	if axis == len(p.shape)-1 {
		elemWidth := width - 1 // room for the closing bracket
		line := hang
		for k, i := range idx {
			if summary && k == fmtEdgeItems {
				s, line = fmtExtendLine(s, line, "...", elemWidth, hang)
				line += " "
			}
			s, line = fmtExtendLine(s, line, p.rec(axis+1, off+i*stride, nextHang, nextWidth), elemWidth, hang)
			if k < len(idx)-1 {
				line += " "
			}
		}
		s += line
	} else {
		sep := strings.Repeat("\n", len(p.shape)-axis-1)
		for k, i := range idx {
			if summary && k == fmtEdgeItems {
				s += hang + "..." + sep
			}
			s += hang + p.rec(axis+1, off+i*stride, nextHang, nextWidth)
			if k < len(idx)-1 {
				s += sep
			}
		}
	}
	return "[" + s[len(hang):] + "]"
}

// fmtExtendLine appends word to line, first moving line into s and starting
// a new line with prefix if word would overflow width (numpy's _extendLine).
func fmtExtendLine(s, line, word string, width int, prefix string) (string, string) {
	if len(line)+len(word) > width && len(line) > len(prefix) {
		s += strings.TrimRight(line, " ") + "\n"
		line = prefix
	}
	return s, line + word
}

// fmtInts returns a formatter that right-aligns integers to the width of
// the longest of the shown ones.
func fmtInts(d []int64, shown []int) func(int) string {
	w := 0
	for _, off := range shown {
		w = max(w, len(strconv.FormatInt(d[off], 10)))
	}
	return func(off int) string {
		s := strconv.FormatInt(d[off], 10)
		return strings.Repeat(" ", w-len(s)) + s
	}
}

// fmtFloatFormat is numpy's FloatingFormat with precision 8, floatmode
// 'maxprec' and sign '-': the layout shared by all elements of a tensor.
type fmtFloatFormat struct {
	bitSize  int
	exp      bool // scientific notation
	padLeft  int  // width of the integer part (with sign)
	padRight int  // width after the decimal point (positional), or of "digits e±XX"
	digits   int  // scientific: mantissa digits after the point
	expSize  int  // scientific: exponent digits
}

// fmtFloats returns a formatter for the float elements of d, choosing the
// layout from the elements at the shown offsets.
func fmtFloats[T Float](d []T, shown []int, bitSize int) func(int) string {
	f := fmtFloatFormat{bitSize: bitSize}
	vals := make([]float64, 0, len(shown))
	for _, off := range shown {
		vals = append(vals, float64(d[off]))
	}
	f.fill(vals, fmtUseExp(d, shown))
	return func(off int) string { return f.format(float64(d[off])) }
}

// fmtUseExp applies numpy's rule for scientific notation to the finite
// nonzero shown elements. Comparisons and the ratio are computed in T, as
// numpy does for float32 arrays.
func fmtUseExp[T Float](d []T, shown []int) bool {
	var lo, hi T
	found := false
	for _, off := range shown {
		v := d[off]
		if v != v || v == 0 || math.IsInf(float64(v), 0) {
			continue
		}
		if v < 0 {
			v = -v
		}
		if !found {
			lo, hi, found = v, v, true
			continue
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	if !found {
		return false
	}
	var small, big, ratio T = 1e-4, 1e8, 1000
	return hi >= big || lo < small || hi/lo > ratio
}

// fill computes the paddings from a first formatting pass over vals.
func (f *fmtFloatFormat) fill(vals []float64, exp bool) {
	f.exp = exp
	finite := 0
	negInf := false
	for _, x := range vals {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			negInf = negInf || math.IsInf(x, -1)
			continue
		}
		finite++
		if exp {
			mant, e := f.sci(x)
			ip, fp, _ := strings.Cut(mant, ".")
			f.padLeft = max(f.padLeft, len(ip))
			f.digits = max(f.digits, len(fp))
			f.expSize = max(f.expSize, len(e)-1)
		} else {
			ip, fp, _ := strings.Cut(f.pos(x), ".")
			f.padLeft = max(f.padLeft, len(ip))
			f.padRight = max(f.padRight, len(fp))
		}
	}
	if exp && finite > 0 {
		f.padRight = f.expSize + 2 + f.digits
	}
	if finite < len(vals) {
		infLen := 3
		if negInf {
			infLen = 4
		}
		f.padLeft = max(f.padLeft, 3-(f.padRight+1), infLen-(f.padRight+1))
	}
}

// format lays out one element with the tensor-wide paddings.
func (f *fmtFloatFormat) format(x float64) string {
	if s, ok := fmtNonFinite(x); ok {
		return fmtPadLeft(s, f.padLeft+f.padRight+1)
	}
	if f.exp {
		mant, e := f.sci(x)
		if _, fp, _ := strings.Cut(mant, "."); len(fp) < f.digits {
			// like numpy's min_digits: more digits of the exact value, not zeros
			mant, e, _ = strings.Cut(strconv.FormatFloat(x, 'e', f.digits, f.bitSize), "e")
		}
		ip, fp, _ := strings.Cut(mant, ".")
		sign, ed := e[:1], e[1:]
		return fmtPadLeft(ip, f.padLeft) + "." + fp + "e" + sign + strings.Repeat("0", f.expSize-len(ed)) + ed
	}
	ip, fp, _ := strings.Cut(f.pos(x), ".")
	return fmtPadLeft(ip, f.padLeft) + "." + fp + strings.Repeat(" ", f.padRight-len(fp))
}

// pos formats x positionally with the shortest round-trip digits, or
// rounded to 8 decimals with trailing zeros dropped if that is shorter;
// the result always has a decimal point ("2.", "0.5").
func (f *fmtFloatFormat) pos(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, f.bitSize)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > fmtPrecision {
		s = strings.TrimRight(strconv.FormatFloat(x, 'f', fmtPrecision, f.bitSize), "0")
	}
	if !strings.Contains(s, ".") {
		s += "."
	}
	return s
}

// sci formats x in scientific notation like pos, returning the mantissa
// ("1.", "-2.5") and the signed exponent ("-05", "+100").
func (f *fmtFloatFormat) sci(x float64) (mant, exp string) {
	s := strconv.FormatFloat(x, 'e', -1, f.bitSize)
	mant, exp, _ = strings.Cut(s, "e")
	if i := strings.IndexByte(mant, '.'); i >= 0 && len(mant)-i-1 > fmtPrecision {
		s = strconv.FormatFloat(x, 'e', fmtPrecision, f.bitSize)
		mant, exp, _ = strings.Cut(s, "e")
		mant = strings.TrimRight(mant, "0")
	}
	if !strings.Contains(mant, ".") {
		mant += "."
	}
	return mant, exp
}

// fmtPadLeft right-aligns s in a field of width n.
func fmtPadLeft(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat(" ", n-len(s)) + s
}
