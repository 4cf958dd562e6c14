package datasets

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// mirrorServer serves the files of dir under /mnist/ (and 404s elsewhere),
// counting the requests.
func mirrorServer(t *testing.T, dir string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	files := http.StripPrefix("/mnist/", http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if !strings.HasPrefix(r.URL.Path, "/mnist/") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestLoadMNISTDownloads fills an empty cache from the second of two
// mirrors (the first answers 404), then loads it again without a request.
func TestLoadMNISTDownloads(t *testing.T) {
	src := t.TempDir()
	files := tinyMNIST(t, src)
	srv, hits := mirrorServer(t, src)
	dst := filepath.Join(t.TempDir(), "new", "mnist") // created by the download
	var progress bytes.Buffer
	o := MNISTOptions{Dir: dst, Mirrors: []string{srv.URL + "/gone", srv.URL + "/mnist/"}, Progress: &progress}
	xTrain, yTrain, xTest, yTest, err := loadMNIST(o, files, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	wx, wy, wxt, wyt, err := loadMNIST(MNISTOptions{Dir: src, NoDownload: true}, files, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(xTrain.Float32s(), wx.Float32s()) || !slices.Equal(yTrain.Int64s(), wy.Int64s()) ||
		!slices.Equal(xTest.Float32s(), wxt.Float32s()) || !slices.Equal(yTest.Int64s(), wyt.Int64s()) {
		t.Error("downloaded data differ from the served files")
	}
	if got := hits.Load(); got != 8 { // a 404 then a download for each file
		t.Errorf("%d requests, want 8", got)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if !strings.Contains(progress.String(), "Downloading data from "+srv.URL+"/mnist/"+f.Name+"\n") {
			t.Errorf("progress output lacks the URL of %s:\n%s", f.Name, progress.String())
		}
	}
	slices.Sort(names)
	if got := dirNames(t, dst); !slices.Equal(got, names) {
		t.Errorf("cache holds %v, want exactly %v (no temporary files)", got, names)
	}
	if strings.Count(progress.String(), "100% ") != 4 {
		t.Errorf("want four finished progress bars:\n%q", progress.String())
	}

	// Everything is cached now: no request and no output.
	progress.Reset()
	if _, _, _, _, err := loadMNIST(o, files, 2, 1); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 8 || progress.Len() != 0 {
		t.Errorf("second load: %d requests (want 8 in all), output %q", hits.Load(), progress.String())
	}
}

// TestLoadMNISTDownloadsOnlyMissingFiles removes two files of a full cache.
func TestLoadMNISTDownloadsOnlyMissingFiles(t *testing.T) {
	src := t.TempDir()
	files := tinyMNIST(t, src)
	srv, hits := mirrorServer(t, src)
	dst := t.TempDir()
	for _, i := range []int{0, 3} {
		b, err := os.ReadFile(filepath.Join(src, files[i].Name))
		if err != nil {
			t.Fatal(err)
		}
		writeRaw(t, dst, files[i].Name, b)
	}
	o := MNISTOptions{Dir: dst, Mirrors: []string{srv.URL + "/mnist"}, Progress: new(bytes.Buffer)}
	if _, _, _, _, err := loadMNIST(o, files, 2, 1); err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 2 {
		t.Errorf("%d requests, want 2", hits.Load())
	}
}

// TestLoadMNISTDownloadFailures: a wrong body, a server error, no mirror,
// downloads turned off and a cancelled context all fail, naming the file,
// and leave nothing in the cache.
func TestLoadMNISTDownloadFailures(t *testing.T) {
	src := t.TempDir()
	files := tinyMNIST(t, src)
	bad, _ := fetchServer(t, []byte("not the file"))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	good, hits := mirrorServer(t, src)
	tests := []struct {
		name string
		o    MNISTOptions
		want []string
		is   error
	}{
		{"wrong bytes", MNISTOptions{Mirrors: []string{bad.URL + "/data.bin?"}}, []string{"downloading it failed", "SHA-256 mismatch"}, ErrChecksum},
		{"server error", MNISTOptions{Mirrors: []string{bad.URL + "/fail?"}}, []string{"downloading it failed", "500"}, nil},
		{"all mirrors 404", MNISTOptions{Mirrors: []string{bad.URL + "/a", bad.URL + "/b"}}, []string{"/a/tr-img.gz", "/b/tr-img.gz", "404"}, nil},
		{"no mirror", MNISTOptions{Mirrors: []string{}}, []string{"no mirror"}, nil},
		{"downloads off", MNISTOptions{NoDownload: true, Mirrors: []string{good.URL + "/mnist"}}, []string{"downloads are off", DataEnv}, nil},
		{"cancelled", MNISTOptions{Context: cancelled, Mirrors: []string{good.URL + "/mnist", good.URL + "/mnist"}}, []string{"context canceled"}, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := t.TempDir()
			tc.o.Dir, tc.o.Progress = dst, new(bytes.Buffer)
			x, _, _, _, err := loadMNIST(tc.o, files, 2, 1)
			if err == nil || x != nil {
				t.Fatalf("got %v, %v", x, err)
			}
			for _, w := range append(tc.want, filepath.Join(dst, files[0].Name)) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			if names := dirNames(t, dst); len(names) != 0 {
				t.Errorf("cache holds %v after a failure", names)
			}
		})
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests to the good mirror with downloads off or cancelled", hits.Load())
	}
}

// TestLoadMNISTDownloadsRealFiles serves the real MNIST files from a local
// server to an empty cache under LoadMNIST's own names and sums: each must
// arrive byte for byte, with a progress bar. (Parsing them is
// TestLoadMNIST's job; skipping it here keeps the test fast under -race.)
func TestLoadMNISTDownloadsRealFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("copies 11 MB of MNIST files")
	}
	src := sharedMNIST(t)
	srv, _ := mirrorServer(t, src)
	cache := t.TempDir()
	t.Setenv(DataEnv, cache)
	var progress bytes.Buffer
	o := MNISTOptions{Mirrors: []string{srv.URL + "/mnist/"}, Progress: &progress}
	dir := filepath.Join(cache, "mnist")
	for _, f := range mnistFiles {
		if err := mnistEnsure(o, dir, f); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(src, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the served file", f.Name)
		}
	}
	if !strings.Contains(progress.String(), "train-images-idx3-ubyte.gz [==============================] 100% 9.9 MB/9.9 MB\n") {
		t.Errorf("progress output:\n%q", progress.String())
	}
	if got := len(dirNames(t, dir)); got != 4 {
		t.Errorf("cache holds %d files, want 4", got)
	}
}
