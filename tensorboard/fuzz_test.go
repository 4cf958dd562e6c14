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
