package tensorboard

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// appendEvent appends the protocol-buffer encoding of e to b. Zero scalar
// fields are left out, as proto3 does.
func appendEvent(b []byte, e *Event) []byte {
	b = appendDouble(b, eventWallTime, e.WallTime)
	if e.Step != 0 {
		b = protowire.AppendTag(b, eventStep, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(e.Step))
	}
	if e.FileVersion != "" {
		b = protowire.AppendTag(b, eventFileVersion, protowire.BytesType)
		b = protowire.AppendString(b, e.FileVersion)
	}
	if len(e.Values) > 0 {
		var s []byte
		for i := range e.Values {
			s = protowire.AppendTag(s, summaryValue, protowire.BytesType)
			s = protowire.AppendBytes(s, appendValue(nil, &e.Values[i]))
		}
		b = protowire.AppendTag(b, eventSummary, protowire.BytesType)
		b = protowire.AppendBytes(b, s)
	}
	return b
}

// appendValue appends the encoding of a Summary.Value.
func appendValue(b []byte, v *Value) []byte {
	b = protowire.AppendTag(b, valueTag, protowire.BytesType)
	b = protowire.AppendString(b, v.Tag)
	switch {
	case v.Simple != nil:
		b = protowire.AppendTag(b, valueSimple, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(*v.Simple))
	case v.Tensor != nil:
		var t []byte
		t = protowire.AppendTag(t, tensorDType, protowire.VarintType)
		t = protowire.AppendVarint(t, dtDouble)
		t = protowire.AppendTag(t, tensorShape, protowire.BytesType)
		t = protowire.AppendBytes(t, nil) // rank 0
		t = protowire.AppendTag(t, tensorDoubleVal, protowire.BytesType)
		t = protowire.AppendBytes(t, protowire.AppendFixed64(nil, math.Float64bits(*v.Tensor)))
		b = protowire.AppendTag(b, valueTensor, protowire.BytesType)
		b = protowire.AppendBytes(b, t)
	case v.Histogram != nil:
		b = protowire.AppendTag(b, valueHisto, protowire.BytesType)
		b = protowire.AppendBytes(b, appendHistogram(nil, v.Histogram))
	}
	return b
}

// appendHistogram appends the encoding of a HistogramProto.
func appendHistogram(b []byte, h *Histogram) []byte {
	b = appendDouble(b, histoMin, h.Min)
	b = appendDouble(b, histoMax, h.Max)
	b = appendDouble(b, histoNum, h.Num)
	b = appendDouble(b, histoSum, h.Sum)
	b = appendDouble(b, histoSumSquares, h.SumSquares)
	b = appendPackedDoubles(b, histoBucketLimit, h.BucketLimit)
	return appendPackedDoubles(b, histoBucket, h.Bucket)
}

// appendDouble appends a double field, unless v is +0, which proto3
// leaves out (so the encoding is the canonical one protobuf libraries
// produce).
func appendDouble(b []byte, num protowire.Number, v float64) []byte {
	if math.Float64bits(v) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.Fixed64Type)
	return protowire.AppendFixed64(b, math.Float64bits(v))
}

// appendPackedDoubles appends a packed repeated double field (nothing if
// vs is empty).
func appendPackedDoubles(b []byte, num protowire.Number, vs []float64) []byte {
	if len(vs) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(8*len(vs)))
	for _, v := range vs {
		b = protowire.AppendFixed64(b, math.Float64bits(v))
	}
	return b
}
