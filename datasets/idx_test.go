package datasets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// idxBytes builds an IDX file: magic 0x0000TTNN, the dimensions, then data.
func idxBytes(typ byte, dims []uint32, data []byte) []byte {
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, data...)
}

func TestReadIDX(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		dims []int
		data []byte
	}{
		{"labels", idxBytes(8, []uint32{3}, []byte{5, 0, 4}), []int{3}, []byte{5, 0, 4}},
		{"images", idxBytes(8, []uint32{2, 1, 2}, []byte{0, 255, 7, 8}), []int{2, 1, 2}, []byte{0, 255, 7, 8}},
		{"empty", idxBytes(8, []uint32{0, 28, 28}, nil), []int{0, 28, 28}, []byte{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A reader returning one byte at a time must work too.
			for _, r := range []io.Reader{bytes.NewReader(tc.in), &oneByteReader{tc.in}} {
				dims, data, err := ReadIDX(r)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(dims, tc.dims) || !bytes.Equal(data, tc.data) || data == nil {
					t.Errorf("got %v %v, want %v %v", dims, data, tc.dims, tc.data)
				}
			}
		})
	}
}

type oneByteReader struct{ b []byte }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0], r.b = r.b[0], r.b[1:]
	return 1, nil
}

func TestReadIDXErrors(t *testing.T) {
	ok := idxBytes(8, []uint32{2, 2}, []byte{1, 2, 3, 4})
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty input", nil, "reading the magic number: truncated file"},
		{"short magic", []byte{0, 0, 8}, "truncated file"},
		{"bad magic", []byte{1, 0, 8, 1, 0, 0, 0, 0}, "bad magic number 0x01000801"},
		{"float data", idxBytes(0x0D, []uint32{1}, []byte{0, 0, 0, 0}), "element type 0x0d is not supported"},
		{"no dims", []byte{0, 0, 8, 0}, "0 dimensions, want 1 to 8"},
		{"too many dims", idxBytes(8, make([]uint32, 9), nil), "9 dimensions"},
		{"truncated dims", ok[:9], "reading 2 dimension sizes: truncated file"},
		{"truncated data", ok[:len(ok)-1], "dimensions [2 2]: truncated: want 4 data bytes, got 3"},
		{"trailing data", append(slices.Clone(ok), 9), "unexpected bytes after the 4 data bytes"},
		{"huge", idxBytes(8, []uint32{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, nil), "hold more than 2147483647 bytes"},
		{"huge dim after a zero", idxBytes(8, []uint32{0, 0x80000000}, nil), "dimensions [0 2147483648] hold more than"},
		{"just over cap", idxBytes(8, []uint32{1 << 16, 1 << 15}, nil), "dimensions [65536 32768] hold more than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dims, data, err := ReadIDX(bytes.NewReader(tc.in))
			if err == nil || dims != nil || data != nil {
				t.Fatalf("got %v, %d bytes, %v", dims, len(data), err)
			}
			if !strings.HasPrefix(err.Error(), "datasets: IDX: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
	if _, _, err := ReadIDX(nil); err == nil {
		t.Error("no error for a nil reader")
	}
	// A read error is passed on.
	boom := errors.New("boom")
	_, _, err := ReadIDX(io.MultiReader(bytes.NewReader(ok[:10]), errReader{boom}))
	if !errors.Is(err, boom) {
		t.Errorf("read error: got %v", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// TestReadIDXNoHugeAllocation checks that a header announcing 2 GiB − 1 backed
// by a few bytes is rejected without allocating the announced size.
func TestReadIDXNoHugeAllocation(t *testing.T) {
	in := idxBytes(8, []uint32{1<<31 - 1}, make([]byte, 100))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := ReadIDX(bytes.NewReader(in))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "truncated: want 2147483647 data bytes, got 100") {
		t.Fatalf("error %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("allocated %d bytes for a 108-byte input", got)
	}
}

func FuzzReadIDX(f *testing.F) {
	ok := idxBytes(8, []uint32{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	f.Add(ok)
	f.Add(ok[:len(ok)-2])
	f.Add(append(slices.Clone(ok), 0))
	f.Add(idxBytes(8, []uint32{1}, []byte{9}))
	f.Add(idxBytes(8, []uint32{0}, nil))
	f.Add(idxBytes(8, []uint32{0xFFFFFFFF, 2}, nil))
	f.Add(idxBytes(8, []uint32{1 << 15, 1 << 16}, []byte{1}))
	f.Add(idxBytes(9, []uint32{1}, []byte{1}))
	f.Add([]byte{0, 0, 8, 200})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		dims, data, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			if dims != nil || data != nil {
				t.Fatalf("results along with error %v", err)
			}
			return
		}
		n := 1
		for _, d := range dims {
			n *= d
		}
		if len(data) != n || len(in) != 4+4*len(dims)+n || !bytes.Equal(data, in[len(in)-n:]) {
			t.Fatalf("dims %v, %d data bytes from %d input bytes", dims, len(data), len(in))
		}
	})
}
