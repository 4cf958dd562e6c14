package datasets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// sharedMNIST returns a folder holding the four MNIST files: $NEURITE_DATA/mnist
// when NEURITE_DATA is set (CI sets it to the shared datasets folder beside
// the repository), else shared/datasets/mnist found by walking up from the
// working directory. It skips the test, saying why, when neither has the
// four files.
func sharedMNIST(t *testing.T) string {
	t.Helper()
	if d := os.Getenv(DataEnv); d != "" {
		dir := filepath.Join(d, "mnist")
		if !hasMNISTFiles(dir) {
			t.Skipf("%s=%s but %s lacks the four MNIST files; MNIST test skipped", DataEnv, d, dir)
		}
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if cand := filepath.Join(dir, "shared", "datasets", "mnist"); hasMNISTFiles(cand) {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("%s is not set and no shared/datasets/mnist folder with the four MNIST files is above the working directory; MNIST test skipped", DataEnv)
		}
		dir = parent
	}
}

// hasMNISTFiles reports whether dir holds the four files of MNISTFiles.
func hasMNISTFiles(dir string) bool {
	for _, f := range mnistFiles {
		if st, err := os.Stat(filepath.Join(dir, f.Name)); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

func TestLoadMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 11 MB of MNIST files")
	}
	dir := sharedMNIST(t)
	// LoadMNIST finds the files through NEURITE_DATA; nothing is downloaded
	// (a download would fail: tests have no network).
	t.Setenv(DataEnv, filepath.Dir(dir))
	xTrain, yTrain, xTest, yTest, err := LoadMNIST()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		x     *tensor.Tensor
		dt    tensor.DType
		shape tensor.Shape
	}{
		{"xTrain", xTrain, tensor.Float32, tensor.Shape{60000, 28, 28, 1}},
		{"yTrain", yTrain, tensor.Int64, tensor.Shape{60000}},
		{"xTest", xTest, tensor.Float32, tensor.Shape{10000, 28, 28, 1}},
		{"yTest", yTest, tensor.Int64, tensor.Shape{10000}},
	} {
		if c.x.DType() != c.dt || !c.x.Shape().Equal(c.shape) {
			t.Fatalf("%s: got %v %v, want %v %v", c.name, c.x.DType(), c.x.Shape(), c.dt, c.shape)
		}
	}
	if got, want := yTrain.Int64s()[:10], []int64{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}; !slices.Equal(got, want) {
		t.Errorf("yTrain[:10] = %v, want %v", got, want)
	}
	if got, want := yTest.Int64s()[:10], []int64{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}; !slices.Equal(got, want) {
		t.Errorf("yTest[:10] = %v, want %v", got, want)
	}
	// The well-known class counts of MNIST.
	wantCounts := map[string][10]int{
		"train": {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
		"test":  {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
	}
	for name, y := range map[string]*tensor.Tensor{"train": yTrain, "test": yTest} {
		var n [10]int
		for _, l := range y.Int64s() {
			n[l]++
		}
		if n != wantCounts[name] {
			t.Errorf("%s label counts %v, want %v", name, n, wantCounts[name])
		}
	}
	// Pixels are the raw bytes 0..255 divided by 255 in float32: each is
	// k/255 for a whole k, and both ends occur.
	for name, x := range map[string]*tensor.Tensor{"train": xTrain, "test": xTest} {
		lo, hi := float32(1), float32(0)
		for _, p := range x.Float32s() {
			if k := float32(int(p*255 + 0.5)); k/255 != p {
				t.Fatalf("%s: pixel %v is not a byte divided by 255", name, p)
			}
			lo, hi = min(lo, p), max(hi, p)
		}
		if lo != 0 || hi != 1 {
			t.Errorf("%s: pixel range [%v, %v], want [0, 1]", name, lo, hi)
		}
	}
	// The first training image (a 5) has background corners; its row 14
	// holds ink.
	if xTrain.At(0, 0, 0, 0) != 0 || xTrain.At(0, 27, 27, 0) != 0 {
		t.Error("first image corners are not background")
	}
	ink := 0.0
	for c := range 28 {
		ink += xTrain.At(0, 14, c, 0)
	}
	if ink == 0 {
		t.Error("row 14 of the first image has no ink")
	}
}

// writeIDXGz writes gzip(IDX(dims, data)) to dir/name and returns its sum.
func writeIDXGz(t *testing.T, dir, name string, dims []uint32, data []byte) FileSum {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(idxBytes(8, dims, data))
	zw.Close()
	return writeRaw(t, dir, name, b.Bytes())
}

func writeRaw(t *testing.T, dir, name string, b []byte) FileSum {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return FileSum{name, hex.EncodeToString(s[:])}
}

// tinyMNIST writes a valid 2-train/1-test MNIST-like set into dir.
func tinyMNIST(t *testing.T, dir string) [4]FileSum {
	img := func(n int) []byte {
		b := make([]byte, n*28*28)
		for i := range b {
			b[i] = byte(i % 256)
		}
		return b
	}
	return [4]FileSum{
		writeIDXGz(t, dir, "tr-img.gz", []uint32{2, 28, 28}, img(2)),
		writeIDXGz(t, dir, "tr-lab.gz", []uint32{2}, []byte{3, 9}),
		writeIDXGz(t, dir, "te-img.gz", []uint32{1, 28, 28}, img(1)),
		writeIDXGz(t, dir, "te-lab.gz", []uint32{1}, []byte{0}),
	}
}

func TestLoadMNISTSynthetic(t *testing.T) {
	dir := t.TempDir()
	files := tinyMNIST(t, dir)
	xTrain, yTrain, xTest, yTest, err := loadMNIST(MNISTOptions{Dir: dir, NoDownload: true}, files, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !xTrain.Shape().Equal(tensor.Shape{2, 28, 28, 1}) || !xTest.Shape().Equal(tensor.Shape{1, 28, 28, 1}) {
		t.Fatalf("shapes %v %v", xTrain.Shape(), xTest.Shape())
	}
	if !slices.Equal(yTrain.Int64s(), []int64{3, 9}) || !slices.Equal(yTest.Int64s(), []int64{0}) {
		t.Errorf("labels %v %v", yTrain.Int64s(), yTest.Int64s())
	}
	// Byte k of the data is k mod 256, scaled to k/255 in float32: image 1,
	// row 0, column 0 is byte 784 = 3·256 + 16.
	px := func(k int) float64 { return float64(float32(k%256) / 255) }
	if xTrain.At(0, 0, 5, 0) != px(5) || xTrain.At(1, 0, 0, 0) != px(784) || xTrain.At(0, 9, 3, 0) != px(9*28+3) {
		t.Error("pixels not copied in row-major order")
	}
	if xTrain.At(0, 9, 3, 0) != 255.0/255 || xTrain.At(0, 0, 0, 0) != 0 {
		t.Errorf("byte 255 gives %v and byte 0 %v, want 1 and 0", xTrain.At(0, 9, 3, 0), xTrain.At(0, 0, 0, 0))
	}
}

func TestLoadMNISTErrors(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, dir string, f *[4]FileSum)
		want    []string
	}{
		{"missing file", func(t *testing.T, dir string, f *[4]FileSum) {
			os.Remove(filepath.Join(dir, f[2].Name))
		}, []string{"te-img.gz not found"}},
		{"checksum", func(t *testing.T, dir string, f *[4]FileSum) {
			f[1].SHA256 = strings.Repeat("0", 64)
		}, []string{"tr-lab.gz", "SHA-256 mismatch"}},
		{"not gzip", func(t *testing.T, dir string, f *[4]FileSum) {
			f[3] = writeRaw(t, dir, f[3].Name, []byte("plain text"))
		}, []string{"te-lab.gz", "gzip"}},
		{"truncated gzip", func(t *testing.T, dir string, f *[4]FileSum) {
			b, _ := os.ReadFile(filepath.Join(dir, f[0].Name))
			f[0] = writeRaw(t, dir, f[0].Name, b[:len(b)/2])
		}, []string{"tr-img.gz: IDX", "truncated"}},
		{"bad image dims", func(t *testing.T, dir string, f *[4]FileSum) {
			f[0] = writeIDXGz(t, dir, f[0].Name, []uint32{2, 27, 29}, make([]byte, 2*27*29))
		}, []string{"tr-img.gz: image dimensions [2 27 29], want [2 28 28]"}},
		{"label count", func(t *testing.T, dir string, f *[4]FileSum) {
			f[1] = writeIDXGz(t, dir, f[1].Name, []uint32{3}, []byte{1, 2, 3})
		}, []string{"tr-lab.gz: label dimensions [3], want [2]"}},
		{"label value", func(t *testing.T, dir string, f *[4]FileSum) {
			f[3] = writeIDXGz(t, dir, f[3].Name, []uint32{1}, []byte{10})
		}, []string{"te-lab.gz: label 10 of sample 0 is not a digit"}},
		{"not IDX", func(t *testing.T, dir string, f *[4]FileSum) {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write([]byte("hello world"))
			zw.Close()
			f[2] = writeRaw(t, dir, f[2].Name, b.Bytes())
		}, []string{"te-img.gz: IDX: bad magic number"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := tinyMNIST(t, dir)
			tc.corrupt(t, dir, &files)
			x, _, _, _, err := loadMNIST(MNISTOptions{Dir: dir, NoDownload: true}, files, 2, 1)
			if err == nil || x != nil {
				t.Fatalf("got %v, %v", x, err)
			}
			for _, w := range append(tc.want, dir) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestLoadMNISTChecksum puts corrupted files under the real names:
// LoadMNIST must refuse them before parsing, naming the file, and must not
// replace them.
func TestLoadMNISTChecksum(t *testing.T) {
	dir := t.TempDir()
	for _, f := range MNISTFiles() {
		writeIDXGz(t, dir, f.Name, []uint32{1}, []byte{0})
	}
	srv, hits := fetchServer(t, []byte("unused"))
	_, _, _, _, err := LoadMNISTWith(MNISTOptions{Dir: dir, Mirrors: []string{srv.URL}})
	path := filepath.Join(dir, mnistFiles[0].Name)
	if !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "delete the file") {
		t.Errorf("error %v", err)
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests to the mirror, want none", hits.Load())
	}
	// An empty Dir means mnist/ in DefaultCacheDir.
	empty := t.TempDir()
	t.Setenv(DataEnv, empty)
	_, _, _, _, err = LoadMNISTWith(MNISTOptions{NoDownload: true})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(empty, "mnist", mnistFiles[0].Name)+" not found") {
		t.Errorf("LoadMNISTWith without Dir: error %v", err)
	}
}

func TestMNISTFiles(t *testing.T) {
	f := MNISTFiles()
	want := []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}
	for i := range want {
		if f[i].Name != want[i] || len(f[i].SHA256) != 64 {
			t.Errorf("MNISTFiles()[%d] = %v", i, f[i])
		}
	}
	f[0].Name = "x"
	if MNISTFiles()[0].Name != want[0] {
		t.Error("MNISTFiles returns shared storage")
	}
}

func TestDefaultCacheDir(t *testing.T) {
	t.Setenv(DataEnv, "/data/sets")
	if got := DefaultCacheDir(); got != "/data/sets" {
		t.Errorf("with %s: %q", DataEnv, got)
	}
	cache := t.TempDir()
	t.Setenv(DataEnv, "")
	t.Setenv("XDG_CACHE_HOME", cache) // Unix but macOS
	t.Setenv("HOME", cache)           // macOS: $HOME/Library/Caches
	t.Setenv("LocalAppData", cache)   // Windows
	t.Setenv("home", cache)           // Plan 9
	uc, err := os.UserCacheDir()
	if err != nil {
		t.Skipf("no user cache folder on this system: %v", err)
	}
	if !strings.HasPrefix(uc, cache) {
		t.Fatalf("os.UserCacheDir() = %q does not follow the environment (%q)", uc, cache)
	}
	if got, want := DefaultCacheDir(), filepath.Join(uc, "neurite"); got != want {
		t.Errorf("without %s: %q, want %q", DataEnv, got, want)
	}
}
