package tensorboard

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// sampleFile returns the bytes of a written file and the offsets of its
// records.
func sampleFile(t *testing.T) ([]byte, []int) {
	t.Helper()
	raw, err := os.ReadFile(writeSample(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	var offs []int
	for off := 0; off < len(raw); {
		offs = append(offs, off)
		off += 16 + int(binary.LittleEndian.Uint64(raw[off:]))
	}
	return raw, offs
}

// readErr reads data and returns the FormatError, failing if there is none.
func readErr(t *testing.T, data []byte) (*FormatError, int) {
	t.Helper()
	events, err := ReadEvents(bytes.NewReader(data))
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a FormatError", err)
	}
	return fe, len(events)
}

func TestCorruptLengthCRC(t *testing.T) {
	raw, offs := sampleFile(t)
	raw[offs[2]+9] ^= 0x40
	fe, n := readErr(t, raw)
	if fe.Offset != int64(offs[2]) || !strings.Contains(fe.Msg, "length CRC") || n != 2 {
		t.Fatalf("%v after %d events; want the length CRC of the record at %d", fe, n, offs[2])
	}
}

func TestCorruptLengthIsCaughtByItsCRC(t *testing.T) {
	raw, offs := sampleFile(t)
	raw[offs[1]] ^= 0x01
	if fe, n := readErr(t, raw); fe.Offset != int64(offs[1]) || !strings.Contains(fe.Msg, "length CRC") || n != 1 {
		t.Fatalf("%v after %d events", fe, n)
	}
}

func TestCorruptPayloadCRC(t *testing.T) {
	for _, flip := range []func(raw []byte, off int){
		func(raw []byte, off int) { raw[off+12+3] ^= 0x01 }, // a payload byte
		func(raw []byte, off int) { // the stored payload CRC
			n := int(binary.LittleEndian.Uint64(raw[off:]))
			raw[off+12+n] ^= 0x80
		},
	} {
		raw, offs := sampleFile(t)
		flip(raw, offs[3])
		fe, n := readErr(t, raw)
		if fe.Offset != int64(offs[3]) || !strings.Contains(fe.Msg, "payload CRC") || n != 3 {
			t.Fatalf("%v after %d events; want the payload CRC of the record at %d", fe, n, offs[3])
		}
	}
}

func TestTruncatedFile(t *testing.T) {
	raw, offs := sampleFile(t)
	last := offs[len(offs)-1]
	for cut := last + 1; cut < len(raw); cut++ {
		fe, n := readErr(t, raw[:cut])
		if fe.Offset != int64(last) || !strings.Contains(fe.Msg, "truncated") || n != len(offs)-1 {
			t.Fatalf("cut at %d: %v after %d events", cut, fe, n)
		}
	}
	// A cut between records is a whole, shorter file.
	events, err := ReadEvents(bytes.NewReader(raw[:last]))
	if err != nil || len(events) != len(offs)-1 {
		t.Fatalf("%d events, %v", len(events), err)
	}
}

// A record whose CRCs are right but whose payload is not an Event.
func TestUndecodableEvent(t *testing.T) {
	bad := AppendRecord(nil, []byte{0x0a, 0x05, 'a'}) // field 1, 5 bytes, 1 given
	if fe, _ := readErr(t, bad); fe.Offset != 0 {
		t.Fatal(fe)
	}
	huge := AppendRecord(nil, nil)
	binary.LittleEndian.PutUint64(huge, math.MaxUint64)
	binary.LittleEndian.PutUint32(huge[8:], MaskedCRC(huge[:8]))
	if fe, _ := readErr(t, huge); !strings.Contains(fe.Msg, "length") {
		t.Fatal(fe)
	}
}

// Unknown fields of every wire type are skipped, and TensorFlow 2's
// tensor-valued scalars (tensor_content, float32) are read.
func TestUnknownFieldsAndTensorScalars(t *testing.T) {
	var shape []byte // rank 0: no dims
	var tensor []byte
	tensor = protowire.AppendTag(tensor, tensorDType, protowire.VarintType)
	tensor = protowire.AppendVarint(tensor, dtFloat)
	tensor = protowire.AppendTag(tensor, tensorShape, protowire.BytesType)
	tensor = protowire.AppendBytes(tensor, shape)
	tensor = protowire.AppendTag(tensor, tensorContent, protowire.BytesType)
	tensor = protowire.AppendBytes(tensor, binary.LittleEndian.AppendUint32(nil, math.Float32bits(0.125)))
	var metadata []byte // SummaryMetadata{plugin_data{plugin_name: "scalars"}}
	metadata = protowire.AppendTag(metadata, 1, protowire.BytesType)
	metadata = protowire.AppendBytes(metadata, protowire.AppendString(protowire.AppendTag(nil, 1, protowire.BytesType), "scalars"))

	var value []byte
	value = protowire.AppendTag(value, valueTag, protowire.BytesType)
	value = protowire.AppendString(value, "epoch_loss")
	value = protowire.AppendTag(value, 9, protowire.BytesType)
	value = protowire.AppendBytes(value, metadata)
	value = protowire.AppendTag(value, valueTensor, protowire.BytesType)
	value = protowire.AppendBytes(value, tensor)
	var summary []byte
	summary = protowire.AppendTag(summary, summaryValue, protowire.BytesType)
	summary = protowire.AppendBytes(summary, value)

	var ev []byte
	ev = protowire.AppendTag(ev, 99, protowire.VarintType)
	ev = protowire.AppendVarint(ev, 12345)
	ev = appendDouble(ev, eventWallTime, 42.5)
	ev = protowire.AppendTag(ev, 98, protowire.Fixed32Type)
	ev = protowire.AppendFixed32(ev, 7)
	ev = protowire.AppendTag(ev, eventStep, protowire.VarintType)
	ev = protowire.AppendVarint(ev, 3)
	ev = protowire.AppendTag(ev, 97, protowire.StartGroupType)
	ev = protowire.AppendTag(ev, 1, protowire.VarintType)
	ev = protowire.AppendVarint(ev, 1)
	ev = protowire.AppendTag(ev, 97, protowire.EndGroupType)
	ev = protowire.AppendTag(ev, eventStep, protowire.BytesType) // wrong wire type: unknown
	ev = protowire.AppendBytes(ev, []byte("x"))
	ev = protowire.AppendTag(ev, eventSummary, protowire.BytesType)
	ev = protowire.AppendBytes(ev, summary)

	events, err := ReadEvents(bytes.NewReader(AppendRecord(nil, ev)))
	if err != nil {
		t.Fatal(err)
	}
	e := events[0]
	if e.WallTime != 42.5 || e.Step != 3 || len(e.Values) != 1 || e.Values[0].Tensor == nil || *e.Values[0].Tensor != 0.125 {
		t.Fatalf("%+v", e)
	}
	if s := Scalars(events); len(s) != 1 || s[0] != (Scalar{Tag: "epoch_loss", Step: 3, WallTime: 42.5, Value: 0.125}) {
		t.Fatalf("%+v", s)
	}
}
