package saving

import (
	"bytes"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// bigWeights returns weights of about mb megabytes in a few tensors, as a
// model's would be.
func bigWeights(mb int) ([]string, []*tensor.Tensor) {
	n := mb << 20 / 4
	return []string{"dense/kernel", "dense/bias", "out/kernel", "step"}, []*tensor.Tensor{
		tensor.NewRNG(1).Uniform(tensor.Float32, -1, 1, n/1024-1, 1024),
		tensor.Full(float32(0.5), 1024),
		tensor.NewRNG(2).Normal(tensor.Float64, 0, 1, 8, 64),
		tensor.Scalar(int64(7)),
	}
}

// dataBytes returns the bytes of the tensors' elements.
func dataBytes(ts []*tensor.Tensor) uint64 {
	var n uint64
	for _, t := range ts {
		n += uint64(t.Size() * t.DType().Size())
	}
	return n
}

// allocated returns the bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLoadWeightsAllocatesAboutTheData loads a 64 MB weights file and
// checks that the loader allocates at most 1.2 bytes per byte of data (the
// total allocated bounds the peak), and the same through ReadSafetensors
// from a reader of unknown size, which grows its buffers by doubling.
func TestLoadWeightsAllocatesAboutTheData(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MB")
	}
	names, ts := bigWeights(64)
	path := filepath.Join(t.TempDir(), "w.safetensors")
	if err := SaveWeights(path, names, ts); err != nil {
		t.Fatal(err)
	}
	data := dataBytes(ts)
	var got []*tensor.Tensor
	alloc := allocated(func() {
		var err error
		if _, got, err = LoadWeights(path); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("LoadWeights: %d MB of data, %.3f bytes allocated per byte", data>>20, float64(alloc)/float64(data))
	if float64(alloc) > 1.2*float64(data) {
		t.Errorf("LoadWeights allocated %d bytes for %d bytes of data; want at most 1.2x", alloc, data)
	}
	for i := range ts {
		if got[i].DType() != ts[i].DType() || !tensor.ArrayEqual(got[i], ts[i]) {
			t.Fatalf("%s differs after loading", names[i])
		}
	}

	var buf bytes.Buffer
	if err := WriteSafetensors(&buf, names, ts, nil); err != nil {
		t.Fatal(err)
	}
	alloc = allocated(func() {
		if _, _, _, err := ReadSafetensors(io.MultiReader(&buf)); err != nil { // hides the size
			t.Fatal(err)
		}
	})
	t.Logf("ReadSafetensors of a stream of unknown size: %.3f bytes allocated per byte", float64(alloc)/float64(data))
	if float64(alloc) > 2.2*float64(data) {
		t.Errorf("ReadSafetensors allocated %d bytes for %d bytes of data; want at most 2.2x", alloc, data)
	}
}

// A header that describes more data than the input holds is refused before
// any tensor is allocated when the size is known, and costs only what
// arrives when it is not.
func TestReadSafetensorsRefusesMoreDataThanTheInputHolds(t *testing.T) {
	var buf bytes.Buffer
	WriteSafetensors(&buf, []string{"a"}, []*tensor.Tensor{tensor.New(tensor.Float32, 1<<24)}, nil)
	cut := buf.Bytes()[:buf.Len()-(1<<24)*4+100] // 64 MB claimed, 100 bytes given
	for _, r := range []io.Reader{bytes.NewReader(cut), io.MultiReader(bytes.NewReader(cut))} {
		var err error
		alloc := allocated(func() { _, _, _, err = ReadSafetensors(r) })
		if err == nil || !strings.Contains(err.Error(), "truncated") || alloc > 4<<20 {
			t.Errorf("%T: error %v after allocating %d bytes; want a truncation error and little memory", r, err, alloc)
		}
	}
}

// Shapes of more than MaxRank dimensions are refused while the header is
// parsed, whatever the header's size.
func TestReadSafetensorsBoundsRank(t *testing.T) {
	dims := strings.Repeat("1,", 10_000_000) + "1"
	h := `{"a":{"dtype":"F32","shape":[` + dims + `],"data_offsets":[0,4]}}`
	raw := append(le64(uint64(len(h))), h...)
	raw = append(raw, 0, 0, 0, 0)
	_, _, _, err := ReadSafetensors(bytes.NewReader(raw))
	if err == nil || !strings.Contains(err.Error(), "more than 64 values") {
		t.Fatalf("a rank-10M shape: %v", err)
	}
	h = `{"a":{"dtype":"F32","shape":[` + strings.Repeat("1,", 63) + `1],"data_offsets":[0,4]}}`
	raw = append(append(le64(uint64(len(h))), h...), 0, 0, 0, 0)
	if _, ts, _, err := ReadSafetensors(bytes.NewReader(raw)); err != nil || ts[0].Rank() != 64 {
		t.Fatalf("a rank-64 shape: %v", err)
	}
}

// le64 encodes n as 8 little-endian bytes.
func le64(n uint64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	return b
}

// BenchmarkLoadWeights loads a 64 MB weights file and reports the bytes
// allocated per byte of data.
func BenchmarkLoadWeights(b *testing.B) {
	names, ts := bigWeights(64)
	path := filepath.Join(b.TempDir(), "w.safetensors")
	if err := SaveWeights(path, names, ts); err != nil {
		b.Fatal(err)
	}
	data := dataBytes(ts)
	b.SetBytes(int64(data))
	var total uint64
	for b.Loop() {
		total += allocated(func() {
			if _, _, err := LoadWeights(path); err != nil {
				b.Fatal(err)
			}
		})
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(data), "alloc/databyte")
}
