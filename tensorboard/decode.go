package tensorboard

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// field is one decoded protocol-buffer field: its number, wire type and
// value (u for varint and fixed-size values, b for length-delimited ones).
type field struct {
	num protowire.Number
	typ protowire.Type
	u   uint64
	b   []byte
}

// nextField decodes the field at the start of b and returns it with the
// rest of b. Groups (a wire type no TensorFlow message uses) are skipped
// whole and returned with no value.
func nextField(b []byte) (f field, rest []byte, err error) {
	num, typ, n := protowire.ConsumeTag(b)
	if n < 0 {
		return f, nil, protowire.ParseError(n)
	}
	b = b[n:]
	f.num, f.typ = num, typ
	switch typ {
	case protowire.VarintType:
		f.u, n = protowire.ConsumeVarint(b)
	case protowire.Fixed32Type:
		var v uint32
		v, n = protowire.ConsumeFixed32(b)
		f.u = uint64(v)
	case protowire.Fixed64Type:
		f.u, n = protowire.ConsumeFixed64(b)
	case protowire.BytesType:
		f.b, n = protowire.ConsumeBytes(b)
	default:
		n = protowire.ConsumeFieldValue(num, typ, b)
	}
	if n < 0 {
		return f, nil, fmt.Errorf("field %d: %w", num, protowire.ParseError(n))
	}
	return f, b[n:], nil
}

// is reports whether f is field num with wire type typ; a field with the
// right number and another wire type is treated as unknown, as protocol
// buffer parsers do.
func (f *field) is(num protowire.Number, typ protowire.Type) bool {
	return f.num == num && f.typ == typ
}

// decodeEvent decodes an Event message, skipping unknown fields. Repeated
// summaries are merged (their values concatenated), as protocol buffers
// merge repeated occurrences of a message field.
func decodeEvent(b []byte) (Event, error) {
	var e Event
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return e, fmt.Errorf("Event: %w", err)
		}
		b = rest
		switch {
		case f.is(eventWallTime, protowire.Fixed64Type):
			e.WallTime = math.Float64frombits(f.u)
		case f.is(eventStep, protowire.VarintType):
			e.Step = int64(f.u)
		case f.is(eventFileVersion, protowire.BytesType):
			e.FileVersion = string(f.b)
		case f.is(eventSummary, protowire.BytesType):
			if e.Values, err = decodeSummary(f.b, e.Values); err != nil {
				return e, fmt.Errorf("Event.summary: %w", err)
			}
		}
	}
	return e, nil
}

// decodeSummary appends the values of a Summary message to vs.
func decodeSummary(b []byte, vs []Value) ([]Value, error) {
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return vs, err
		}
		b = rest
		if f.is(summaryValue, protowire.BytesType) {
			v, err := decodeValue(f.b)
			if err != nil {
				return vs, fmt.Errorf("Summary.value %d: %w", len(vs), err)
			}
			vs = append(vs, v)
		}
	}
	return vs, nil
}

// decodeValue decodes a Summary.Value. Of the oneof value, the last one
// present wins, as in protocol buffers.
func decodeValue(b []byte) (Value, error) {
	var v Value
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return v, err
		}
		b = rest
		switch {
		case f.is(valueTag, protowire.BytesType):
			v.Tag = string(f.b)
		case f.is(valueSimple, protowire.Fixed32Type):
			v = Value{Tag: v.Tag, Simple: f32(math.Float32frombits(uint32(f.u)))}
		case f.is(valueHisto, protowire.BytesType):
			h, err := decodeHistogram(f.b)
			if err != nil {
				return v, fmt.Errorf("histo: %w", err)
			}
			v = Value{Tag: v.Tag, Histogram: h}
		case f.is(valueTensor, protowire.BytesType):
			x, ok, err := decodeScalarTensor(f.b)
			if err != nil {
				return v, fmt.Errorf("tensor: %w", err)
			}
			v = Value{Tag: v.Tag}
			if ok {
				v.Tensor = f64(x)
			}
		}
	}
	return v, nil
}

// decodeHistogram decodes a HistogramProto, accepting the repeated doubles
// packed or not.
func decodeHistogram(b []byte) (*Histogram, error) {
	h := &Histogram{}
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return nil, err
		}
		b = rest
		x := math.Float64frombits(f.u)
		switch {
		case f.is(histoMin, protowire.Fixed64Type):
			h.Min = x
		case f.is(histoMax, protowire.Fixed64Type):
			h.Max = x
		case f.is(histoNum, protowire.Fixed64Type):
			h.Num = x
		case f.is(histoSum, protowire.Fixed64Type):
			h.Sum = x
		case f.is(histoSumSquares, protowire.Fixed64Type):
			h.SumSquares = x
		case f.is(histoBucketLimit, protowire.Fixed64Type):
			h.BucketLimit = append(h.BucketLimit, x)
		case f.is(histoBucket, protowire.Fixed64Type):
			h.Bucket = append(h.Bucket, x)
		case f.is(histoBucketLimit, protowire.BytesType):
			if h.BucketLimit, err = appendDoubles(h.BucketLimit, f.b); err != nil {
				return nil, fmt.Errorf("bucket_limit: %w", err)
			}
		case f.is(histoBucket, protowire.BytesType):
			if h.Bucket, err = appendDoubles(h.Bucket, f.b); err != nil {
				return nil, fmt.Errorf("bucket: %w", err)
			}
		}
	}
	return h, nil
}

// errPacked reports a packed fixed-size field whose length is not a
// multiple of the element size.
var errPacked = errors.New("packed field length is not a multiple of the element size")

// appendDoubles appends the doubles of a packed field to vs.
func appendDoubles(vs []float64, b []byte) ([]float64, error) {
	if len(b)%8 != 0 {
		return vs, errPacked
	}
	for ; len(b) > 0; b = b[8:] {
		vs = append(vs, math.Float64frombits(binary.LittleEndian.Uint64(b)))
	}
	return vs, nil
}

// decodeScalarTensor decodes a TensorProto and returns its value if it is
// a rank-0 DT_FLOAT or DT_DOUBLE tensor (ok is false for any other tensor).
// The value may be in tensor_content or in float_val/double_val.
func decodeScalarTensor(b []byte) (x float64, ok bool, err error) {
	var (
		dtype   uint64
		rank    int
		unknown bool
		content []byte
		vals    []float64
	)
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return 0, false, err
		}
		b = rest
		switch {
		case f.is(tensorDType, protowire.VarintType):
			dtype = f.u
		case f.is(tensorShape, protowire.BytesType):
			if rank, unknown, err = decodeShape(f.b); err != nil {
				return 0, false, fmt.Errorf("tensor_shape: %w", err)
			}
		case f.is(tensorContent, protowire.BytesType):
			content = f.b
		case f.is(tensorFloatVal, protowire.Fixed32Type):
			vals = append(vals, float64(math.Float32frombits(uint32(f.u))))
		case f.is(tensorFloatVal, protowire.BytesType):
			if len(f.b)%4 != 0 {
				return 0, false, errPacked
			}
			for p := f.b; len(p) > 0; p = p[4:] {
				vals = append(vals, float64(math.Float32frombits(binary.LittleEndian.Uint32(p))))
			}
		case f.is(tensorDoubleVal, protowire.Fixed64Type):
			vals = append(vals, math.Float64frombits(f.u))
		case f.is(tensorDoubleVal, protowire.BytesType):
			if vals, err = appendDoubles(vals, f.b); err != nil {
				return 0, false, err
			}
		}
	}
	if rank != 0 || unknown {
		return 0, false, nil
	}
	switch {
	case dtype == dtFloat && len(content) == 4:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(content))), true, nil
	case dtype == dtDouble && len(content) == 8:
		return math.Float64frombits(binary.LittleEndian.Uint64(content)), true, nil
	case (dtype == dtFloat || dtype == dtDouble) && len(content) == 0 && len(vals) == 1:
		return vals[0], true, nil
	}
	return 0, false, nil
}

// decodeShape returns the number of dimensions of a TensorShapeProto and
// whether its rank is unknown.
func decodeShape(b []byte) (rank int, unknown bool, err error) {
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return 0, false, err
		}
		b = rest
		switch {
		case f.is(shapeDim, protowire.BytesType):
			rank++
		case f.is(shapeUnknownRank, protowire.VarintType):
			unknown = f.u != 0
		}
	}
	return rank, unknown, nil
}
