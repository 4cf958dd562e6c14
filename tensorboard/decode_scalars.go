package tensorboard

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// appendRecordScalars decodes the Event in payload and appends its scalar
// values to dst, with tag strings interned in tags. It decodes one
// summary value at a time and keeps only the scalars, so a record full of
// histograms costs memory for one of them at a time. It accepts and
// rejects exactly the payloads [decodeEvent] does.
func appendRecordScalars(dst []Scalar, payload []byte, tags map[string]string) ([]Scalar, error) {
	var wall float64
	var step int64
	for b := payload; len(b) > 0; { // the header fields may follow the summary
		f, rest, err := nextField(b)
		if err != nil {
			return dst, fmt.Errorf("Event: %w", err)
		}
		b = rest
		switch {
		case f.is(eventWallTime, protowire.Fixed64Type):
			wall = math.Float64frombits(f.u)
		case f.is(eventStep, protowire.VarintType):
			step = int64(f.u)
		}
	}
	for b := payload; len(b) > 0; {
		f, rest, _ := nextField(b) // checked above
		b = rest
		if f.is(eventSummary, protowire.BytesType) {
			var err error
			if dst, err = appendSummaryScalars(dst, f.b, wall, step, tags); err != nil {
				return dst, fmt.Errorf("Event.summary: %w", err)
			}
		}
	}
	return dst, nil
}

// appendSummaryScalars appends the scalar values of a Summary message.
func appendSummaryScalars(dst []Scalar, b []byte, wall float64, step int64, tags map[string]string) ([]Scalar, error) {
	for i := 0; len(b) > 0; {
		f, rest, err := nextField(b)
		if err != nil {
			return dst, err
		}
		b = rest
		if !f.is(summaryValue, protowire.BytesType) {
			continue
		}
		tag, x, ok, err := scalarValue(f.b)
		if err != nil {
			return dst, fmt.Errorf("Summary.value %d: %w", i, err)
		}
		i++
		if ok {
			dst = append(dst, Scalar{Tag: intern(tags, tag), Step: step, WallTime: wall, Value: x})
		}
	}
	return dst, nil
}

// scalarValue is [decodeValue] for a reader that wants only scalars: it
// returns the tag and, if the value is a scalar, its value, checking a
// histogram without building it.
func scalarValue(b []byte) (tag []byte, x float64, ok bool, err error) {
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return nil, 0, false, err
		}
		b = rest
		switch {
		case f.is(valueTag, protowire.BytesType):
			tag = f.b
		case f.is(valueSimple, protowire.Fixed32Type):
			x, ok = float64(math.Float32frombits(uint32(f.u))), true
		case f.is(valueHisto, protowire.BytesType):
			if err := checkHistogram(f.b); err != nil {
				return nil, 0, false, fmt.Errorf("histo: %w", err)
			}
			ok = false
		case f.is(valueTensor, protowire.BytesType):
			if x, ok, err = decodeScalarTensor(f.b); err != nil {
				return nil, 0, false, fmt.Errorf("tensor: %w", err)
			}
		}
	}
	return tag, x, ok, nil
}

// checkHistogram returns the error [decodeHistogram] would for b, without
// building the histogram.
func checkHistogram(b []byte) error {
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return err
		}
		b = rest
		if f.typ != protowire.BytesType || len(f.b)%8 == 0 {
			continue
		}
		switch f.num {
		case histoBucketLimit:
			return fmt.Errorf("bucket_limit: %w", errPacked)
		case histoBucket:
			return fmt.Errorf("bucket: %w", errPacked)
		}
	}
	return nil
}

// intern returns the copy of tag kept in tags, adding one if there is none.
func intern(tags map[string]string, tag []byte) string {
	if s, ok := tags[string(tag)]; ok {
		return s
	}
	s := string(tag)
	tags[s] = s
	return s
}
