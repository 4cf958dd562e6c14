package npy

import (
	"bytes"
	"encoding/binary"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// npyBytes builds a version 1.0 file from a header dict and data, padded
// as numpy pads.
func npyBytes(dict string, data []byte) []byte {
	pad := (64 - (10+len(dict)+1)%64) % 64
	h := dict + strings.Repeat(" ", pad) + "\n"
	out := append([]byte(magic), 1, 0)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(h)))
	return append(append(out, h...), data...)
}

// TestWriteMatchesNumpy: numpy.save of float32 [[1 2 3] [4 5 6]] is this
// header, padded to 64 bytes, and the little-endian data.
func TestWriteMatchesNumpy(t *testing.T) {
	var buf bytes.Buffer
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	if err := Write(&buf, x, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var data []byte
	for _, v := range []float32{1, 2, 3, 4, 5, 6} {
		data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
	}
	want := npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data)
	if !bytes.Equal(buf.Bytes(), want) || (len(want)-len(data))%64 != 0 {
		t.Fatalf("wrote\n%q\nwant\n%q", buf.Bytes(), want)
	}
}

// TestRoundTripEveryKindAndOrder: each kind, in C and Fortran order, of
// several ranks, reads back equal to what was written.
func TestRoundTripEveryKindAndOrder(t *testing.T) {
	shapes := [][]int{{}, {5}, {2, 3}, {2, 3, 2}, {0, 4}}
	for k := Float32; k <= Bool; k++ {
		for _, fortran := range []bool{false, true} {
			for _, shape := range shapes {
				src := tensor.New(tensor.Float64, shape...)
				for i := range src.Float64s() {
					src.Float64s()[i] = float64(i % 2)
					if k != Bool {
						src.Float64s()[i] = float64(i*7%11) - 3*float64(i%2)
						if k == Uint8 {
							src.Float64s()[i] = float64(i * 9 % 256)
						}
					}
				}
				var buf bytes.Buffer
				if err := Write(&buf, src, WriteOptions{Kind: k, FortranOrder: fortran}); err != nil {
					t.Fatalf("%v %v fortran %v: %v", k, shape, fortran, err)
				}
				got, h, err := Read(bytes.NewReader(buf.Bytes()), Limits{})
				if err != nil {
					t.Fatalf("%v %v fortran %v: %v", k, shape, fortran, err)
				}
				if h.Kind != k || h.FortranOrder != fortran || got.DType() != k.DType() || !got.Shape().Equal(src.Shape()) {
					t.Fatalf("%v %v fortran %v: read %+v as %v %v", k, shape, fortran, h, got.DType(), got.Shape())
				}
				for i, v := range got.Values() {
					if v != src.Values()[i] {
						t.Fatalf("%v %v fortran %v: element %d is %v, want %v", k, shape, fortran, i, v, src.Values()[i])
					}
				}
			}
		}
	}
}

// TestReadBigEndianAndFortran: a big-endian int32 (2, 2) array in Fortran
// order holds [[1 2] [3 4]] as 1, 3, 2, 4.
func TestReadBigEndianAndFortran(t *testing.T) {
	var data []byte
	for _, v := range []int32{1, 3, 2, 4} {
		data = binary.BigEndian.AppendUint32(data, uint32(v))
	}
	b := npyBytes("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 2), }", data)
	got, _, err := Read(bytes.NewReader(b), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got.DType() != tensor.Int64 || got.At(0, 1) != 2 || got.At(1, 0) != 3 || got.At(1, 1) != 4 {
		t.Fatalf("read %v", got.Values())
	}
}

// TestHostileFiles: every malformed file is an error naming the problem.
func TestHostileFiles(t *testing.T) {
	f8 := make([]byte, 8)
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"magic", []byte("\x93NUMPZ\x01\x00"), "magic"},
		{"version", append([]byte(magic), 9, 0, 0, 0), "format version 9.0"},
		{"header length", append([]byte(magic), 2, 0, 0xff, 0xff, 0xff, 0x7f), "larger than the limit"},
		{"header truncated", append([]byte(magic), 1, 0, 100, 0, '{'), "truncated"},
		{"missing key", npyBytes("{'descr': '<f8', 'shape': (1,), }", f8), `"fortran_order" is missing`},
		{"duplicate key", npyBytes("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", f8), "twice"},
		{"unknown key", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", f8), `unknown key "x"`},
		{"complex", npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", f8), "not a supported dtype"},
		{"object", npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", f8), "not a supported dtype"},
		{"negative", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", f8), "want a dimension"},
		{"no comma", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1), }", f8), "trailing comma"},
		{"order", npyBytes("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", f8), "True or False"},
		{"after dict", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } x", f8), "after the dict"},
		{"huge", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", f8), "larger than the limit"},
		{"overflow", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", f8), "larger than the limit"},
		{"truncated data", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", f8), "truncated: 8 bytes"},
		{"bool", npyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", []byte{1, 2}), "not 0 or 1"},
		{"escape", npyBytes("{'descr': '<f\\8', 'fortran_order': False, 'shape': (1,), }", f8), "escape"},
	}
	for _, tc := range cases {
		_, _, err := Read(bytes.NewReader(tc.file), Limits{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "npy: ") {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestLyingHeaderCostsNoMemory: a header claiming 4 GB over 8 bytes of
// data fails without allocating the 4 GB.
func TestLyingHeaderCostsNoMemory(t *testing.T) {
	b := npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (500000000,), }", make([]byte, 8))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := Read(bytes.NewReader(b), Limits{})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("err %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Fatalf("allocated %d bytes for 8 bytes of data", grew)
	}
}

// TestWriteChecksRanges: values an integer kind cannot hold are errors.
func TestWriteChecksRanges(t *testing.T) {
	for k, v := range map[Kind]float64{Uint8: 256, Int32: 1 << 31, Bool: 2, Int64: 0.5} {
		err := Write(&bytes.Buffer{}, tensor.FromSlice([]float64{0, v}, 2), WriteOptions{Kind: k})
		if err == nil || !strings.Contains(err.Error(), "element 1") {
			t.Errorf("%v of %v: %v", k, v, err)
		}
	}
}

// TestFilesAndNPZ: WriteFile/ReadFile and WriteNPZ/ReadNPZ round trip;
// data after an array in a file is an error.
func TestFilesAndNPZ(t *testing.T) {
	dir := t.TempDir()
	x := tensor.FromSlice([]float64{1.5, -2}, 2)
	y := tensor.FromSlice([]int64{1 << 60, -3, 7}, 3)
	path := filepath.Join(dir, "x.npy")
	if err := WriteFile(path, y, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	got, _, err := ReadFile(path, Limits{})
	if err != nil || got.Int64s()[0] != 1<<60 || got.Int64s()[1] != -3 {
		t.Fatalf("read %v, %v", got, err)
	}
	npz := filepath.Join(dir, "d.npz")
	if err := WriteNPZ(npz, []string{"x", "y"}, []*tensor.Tensor{x, y}); err != nil {
		t.Fatal(err)
	}
	names, arrays, err := ReadNPZ(npz, Limits{})
	if err != nil || strings.Join(names, ",") != "x,y" || arrays[0].Float64s()[1] != -2 || arrays[1].Int64s()[0] != 1<<60 {
		t.Fatalf("npz: %v %v %v", names, arrays, err)
	}
	if _, _, err := ReadNPZ(npz, Limits{MaxBytes: 20}); err == nil || !strings.Contains(err.Error(), "y.npy") {
		t.Fatalf("npz over the limit: %v", err)
	}
	if err := WriteNPZ(npz, []string{"x", "x"}, []*tensor.Tensor{x, y}); err == nil {
		t.Fatal("duplicate names written")
	}
	if _, _, err := ReadNPZ(path, Limits{}); err == nil || !strings.Contains(err.Error(), "not an .npz file") {
		t.Fatalf("a .npy as .npz: %v", err)
	}
}

// FuzzRead: no input makes Read panic, and whatever it accepts writes
// back and reads again to the same array.
func FuzzRead(f *testing.F) {
	for _, k := range []Kind{Float32, Float64, Int32, Int64, Uint8, Bool} {
		var buf bytes.Buffer
		Write(&buf, tensor.FromSlice([]float64{0, 1, 1, 0, 1, 1}, 2, 3), WriteOptions{Kind: k, FortranOrder: k%2 == 0})
		f.Add(buf.Bytes())
	}
	f.Add(npyBytes("{'descr': '>f8', 'fortran_order': False, 'shape': (), }", make([]byte, 8)))
	f.Add(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (9999999999,), }", nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		x, h, err := Read(bytes.NewReader(b), Limits{MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, x, WriteOptions{Kind: h.Kind, FortranOrder: h.FortranOrder}); err != nil {
			t.Fatal(err)
		}
		y, _, err := Read(&buf, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		xv, yv := x.Values(), y.Values()
		for i := range xv {
			if math.Float64bits(xv[i]) != math.Float64bits(yv[i]) && !(xv[i] != xv[i] && yv[i] != yv[i]) {
				t.Fatalf("element %d: %v then %v", i, xv[i], yv[i])
			}
		}
	})
}
