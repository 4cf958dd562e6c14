package saving

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestWriteMatchesTheSpecByteForByte pins the layout for one F32 tensor:
// 8-byte little-endian header size, the JSON header padded with spaces to a
// multiple of 8, then 1.0 = 0x3f800000 and -2.0 = 0xc0000000 little-endian.
func TestWriteMatchesTheSpecByteForByte(t *testing.T) {
	var buf bytes.Buffer
	a := tensor.FromSlice([]float32{1, -2}, 2)
	if err := WriteSafetensors(&buf, []string{"a"}, []*tensor.Tensor{a}, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	header := `{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`
	for len(header)%8 != 0 {
		header += " "
	}
	var want []byte
	want = binary.LittleEndian.AppendUint64(want, uint64(len(header)))
	want = append(want, header...)
	want = append(want, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0)
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("got\n%q\nwant\n%q", buf.Bytes(), want)
	}
}

func TestRoundTripKeepsOrderDtypesShapesAndValues(t *testing.T) {
	names := []string{"dense/kernel", "dense/bias", "counts", "scalar", "empty", "Ω/ünïcode \"q\""}
	ts := []*tensor.Tensor{
		tensor.FromSlice([]float32{1.5, -0, float32(math.Inf(1)), 3e-39, 7, 8}, 2, 3),
		tensor.FromSlice([]float64{math.Pi, -1e300}, 2),
		tensor.FromSlice([]int64{math.MinInt64, -1, 0, math.MaxInt64}, 4),
		tensor.Scalar(float32(2.5)),
		tensor.New(tensor.Float32, 0, 3),
		tensor.FromSlice([]float64{math.NaN()}, 1, 1, 1),
	}
	var buf bytes.Buffer
	meta := map[string]string{"b": "2", "a": "1"}
	if err := WriteSafetensors(&buf, names, ts, meta); err != nil {
		t.Fatal(err)
	}
	gotNames, got, gotMeta, err := ReadSafetensors(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(gotNames, "|") != strings.Join(names, "|") {
		t.Fatalf("names %q", gotNames)
	}
	if len(gotMeta) != 2 || gotMeta["a"] != "1" || gotMeta["b"] != "2" {
		t.Fatalf("metadata %v", gotMeta)
	}
	for i := range ts {
		if got[i].DType() != ts[i].DType() || !got[i].Shape().Equal(ts[i].Shape()) {
			t.Fatalf("%s: %v %v, want %v %v", names[i], got[i].DType(), got[i].Shape(), ts[i].DType(), ts[i].Shape())
		}
		if !sameBits(got[i], ts[i]) {
			t.Fatalf("%s: values %v, want %v", names[i], got[i].Values(), ts[i].Values())
		}
	}
}

// sameBits compares elements bit for bit (so NaN and -0 count).
func sameBits(a, b *tensor.Tensor) bool {
	switch x := a.Raw().(type) {
	case []float32:
		y := b.Raw().([]float32)
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
				return false
			}
		}
	case []float64:
		y := b.Raw().([]float64)
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
				return false
			}
		}
	case []int64:
		y := b.Raw().([]int64)
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
	}
	return true
}

func TestWriteRejectsBadNames(t *testing.T) {
	x := tensor.New(tensor.Float32, 1)
	for _, c := range []struct {
		names []string
		ts    []*tensor.Tensor
		want  string
	}{
		{[]string{"a", "a"}, []*tensor.Tensor{x, x}, `two tensors are named "a"`},
		{[]string{""}, []*tensor.Tensor{x}, "empty name"},
		{[]string{"__metadata__"}, []*tensor.Tensor{x}, "reserved"},
		{[]string{"a"}, []*tensor.Tensor{nil}, `tensor "a" is nil`},
		{[]string{"a", "b"}, []*tensor.Tensor{x}, "2 names for 1 tensors"},
	} {
		var buf bytes.Buffer
		err := WriteSafetensors(&buf, c.names, c.ts, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.names, err, c.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%q: wrote %d bytes before failing", c.names, buf.Len())
		}
	}
}

// file assembles a safetensors stream from a raw header and data.
func file(header string, data ...byte) []byte {
	var b []byte
	b = binary.LittleEndian.AppendUint64(b, uint64(len(header)))
	b = append(b, header...)
	return append(b, data...)
}

func TestReadRejectsMalformedInput(t *testing.T) {
	eight := make([]byte, 8)
	huge := binary.LittleEndian.AppendUint64(nil, MaxHeaderSize+1)
	claims := binary.LittleEndian.AppendUint64(nil, 1000)
	for name, c := range map[string]struct {
		in   []byte
		want string
	}{
		"empty":             {nil, "header size"},
		"short size":        {[]byte{1, 2, 3}, "header size"},
		"header too large":  {huge, "larger than"},
		"truncated header":  {append(claims, '{'), "truncated"},
		"not an object":     {file(`[]`), "start with '{'"},
		"not json":          {file(`{"a":`), "header"},
		"trailing json":     {file(`{} {}`), "after the JSON object"},
		"invalid utf-8":     {file("{\"\xff\":1}"), "UTF-8"},
		"duplicate tensor":  {file(`{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[],"data_offsets":[4,8]}}`, eight...), `duplicate key "a"`},
		"duplicate field":   {file(`{"a":{"dtype":"F32","dtype":"F32","shape":[],"data_offsets":[0,4]}}`, 0, 0, 0, 0), `duplicate key "dtype"`},
		"unknown field":     {file(`{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4],"x":1}}`, 0, 0, 0, 0), `unknown field "x"`},
		"missing field":     {file(`{"a":{"dtype":"F32","shape":[]}}`), "needs dtype, shape and data_offsets"},
		"unsupported dtype": {file(`{"a":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}`, 0, 0), `unsupported dtype "BF16"`},
		"negative dim":      {file(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, 0, 0, 0, 0), "non-negative integer"},
		"fractional dim":    {file(`{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}`, 0, 0, 0, 0), "non-negative integer"},
		"overflowing shape": {file(`{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}`, eight...), "too large"},
		"dim too large":     {file(`{"a":{"dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,4]}}`, 0, 0, 0, 0), "non-negative integer"},
		"wrong byte count":  {file(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, 0, 0, 0, 0), "needs 8"},
		"backwards offsets": {file(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}`), "backwards"},
		"three offsets":     {file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,4]}}`, 0, 0, 0, 0), "3 values"},
		"gap":               {file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight...), "gap"},
		"overlap":           {file(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, eight...), "overlaps"},
		"truncated data":    {file(`{"a":{"dtype":"F64","shape":[1000000000],"data_offsets":[0,8000000000]}}`, eight...), "truncated"},
		"trailing data":     {file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, eight...), "bytes after"},
		"metadata number":   {file(`{"__metadata__":{"k":1}}`), `metadata "k"`},
		"metadata not map":  {file(`{"__metadata__":[]}`), "expected"},
		"tensor not object": {file(`{"a":[]}`), `tensor "a"`},
	} {
		_, _, _, err := ReadSafetensors(bytes.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, c.want)
		}
	}
}

func TestReadAcceptsPaddingAndAnyEntryOrder(t *testing.T) {
	// b's data comes first though it is listed second; spaces pad the header.
	in := file(`{"a":{"dtype":"I64","shape":[1],"data_offsets":[4,12]}, "b":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}    `,
		0, 0, 0x80, 0x3f, 7, 0, 0, 0, 0, 0, 0, 0)
	names, ts, meta, err := ReadSafetensors(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if meta != nil || len(names) != 2 || names[0] != "b" || names[1] != "a" {
		t.Fatalf("names %q metadata %v", names, meta)
	}
	if ts[0].Rank() != 0 || ts[0].Item() != 1 || ts[1].Int64s()[0] != 7 {
		t.Fatalf("values %v %v", ts[0].Values(), ts[1].Values())
	}
}

func TestSaveWeightsReplacesAtomicallyAndLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.safetensors")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	w := tensor.FromSlice([]float32{1, 2, 3}, 3)
	if err := SaveWeights(path, []string{"w"}, []*tensor.Tensor{w}); err != nil {
		t.Fatal(err)
	}
	names, ts, err := LoadWeights(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != "w" || !sameBits(ts[0], w) {
		t.Fatalf("got %q %v", names, ts)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("permissions %v, want the replaced file's 0600", st.Mode().Perm())
	}
	// A failing save leaves the old file and no temporary file behind.
	if err := SaveWeights(path, []string{"w", "w"}, []*tensor.Tensor{w, w}); err == nil {
		t.Fatal("duplicate names were accepted")
	}
	if _, ts2, err := LoadWeights(path); err != nil || !sameBits(ts2[0], w) {
		t.Fatalf("the failed save damaged the file: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want only the weights file", len(entries))
	}
	if _, _, err := LoadWeights(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("loading a missing file succeeded")
	}
}

// FuzzReadSafetensors checks that no input makes the reader panic or
// allocate without bound, and that whatever it accepts writes back to a
// stream it reads the same way.
func FuzzReadSafetensors(f *testing.F) {
	var valid bytes.Buffer
	WriteSafetensors(&valid, []string{"k", "b", "s"}, []*tensor.Tensor{
		tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2),
		tensor.FromSlice([]int64{5}, 1),
		tensor.Scalar(6.0),
	}, map[string]string{"format": "neurite"})
	f.Add(valid.Bytes())
	f.Add(file(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}`))
	f.Add(file(`{}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		names, ts, meta, err := ReadSafetensors(bytes.NewReader(in))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteSafetensors(&out, names, ts, meta); err != nil {
			t.Fatalf("accepted input does not write back: %v", err)
		}
		names2, ts2, _, err := ReadSafetensors(&out)
		if err != nil {
			t.Fatalf("written file does not read: %v", err)
		}
		if len(names2) != len(names) {
			t.Fatalf("%d tensors became %d", len(names), len(names2))
		}
		for i := range names {
			if names2[i] != names[i] || !ts2[i].Shape().Equal(ts[i].Shape()) || !sameBits(ts2[i], ts[i]) {
				t.Fatalf("tensor %q changed in the round trip", names[i])
			}
		}
	})
}
