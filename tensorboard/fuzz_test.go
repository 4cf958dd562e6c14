package tensorboard

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// FuzzReadEvents feeds arbitrary bytes to the reader: it must never panic,
// and whatever it decodes must survive re-encoding: encoding the decoded
// events and decoding them again gives the same encoding.
func FuzzReadEvents(f *testing.F) {
	dir := f.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		f.Fatal(err)
	}
	w.AddScalar("epoch_loss", 1, 0.5, time.Time{})
	w.AddHistogram("h", 2, []float64{1, 2, 3}, time.Time{})
	w.WriteEvent(&Event{Values: []Value{{Tag: "t", Tensor: f64(2)}}})
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	raw, err := os.ReadFile(w.Path())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)-3])
	f.Add(AppendRecord(nil, []byte{0x2a, 0x03, 0x0a, 0x01, 0x0a}))
	f.Add([]byte{})
	h, _ := NewHistogram([]float64{-1, 0, 1})
	f.Add(appendEvent(nil, &Event{WallTime: 1, Step: 2, Values: []Value{{Tag: "a", Simple: f32(1)}, {Tag: "h", Histogram: h}, {Tag: "t", Tensor: f64(3)}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		// data as a file, and data as the payload of one well-framed
		// record, so that the protobuf decoder is reached past the CRCs.
		for _, file := range [][]byte{data, AppendRecord(nil, data)} {
			events, _ := ReadEvents(bytes.NewReader(file))
			once := encodeAll(events)
			again, err := ReadEvents(bytes.NewReader(once))
			if err != nil {
				t.Fatalf("re-encoded events do not read back: %v", err)
			}
			if !bytes.Equal(encodeAll(again), once) {
				t.Fatal("re-encoding is not stable")
			}
		}
	})
}

// FuzzRecordScalars checks that the scalar-only decoding ReadDir uses
// accepts and rejects the same payloads as the full decoder and finds the
// same scalars.
func FuzzRecordScalars(f *testing.F) {
	h, _ := NewHistogram([]float64{-1, 0, 1})
	f.Add(appendEvent(nil, &Event{WallTime: 1, Step: 2, Values: []Value{{Tag: "a", Simple: f32(1)}, {Tag: "h", Histogram: h}, {Tag: "t", Tensor: f64(3)}}}))
	f.Add([]byte{0x2a, 0x03, 0x0a, 0x01, 0x0a})
	f.Add([]byte{0x2a, 0x06, 0x0a, 0x04, 0x2a, 0x02, 0x32, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		e, errFull := decodeEvent(data)
		got, errScalars := appendRecordScalars(nil, data, map[string]string{})
		if (errFull == nil) != (errScalars == nil) {
			t.Fatalf("decodeEvent error %v, appendRecordScalars error %v", errFull, errScalars)
		}
		if errFull != nil {
			return
		}
		want := Scalars([]Event{e})
		if len(got) != len(want) {
			t.Fatalf("%d scalars, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] && !(got[i].Value != got[i].Value && want[i].Value != want[i].Value) {
				t.Fatalf("scalar %d: %+v, want %+v", i, got[i], want[i])
			}
		}
	})
}
