package datasets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// fetchServer serves body at /data.bin, a 404 elsewhere, a 500 at /fail and
// a body cut short at /short; it counts requests.
func fetchServer(t *testing.T, body []byte) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch r.URL.Path {
		case "/data.bin":
			w.Write(body)
		case "/fail":
			http.Error(w, "broken", http.StatusInternalServerError)
		case "/short":
			w.Header().Set("Content-Length", "1000")
			w.Write(body[:10])
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func sumHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// dirNames lists the names in dir (none if it does not exist).
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestFetch(t *testing.T) {
	body := []byte(strings.Repeat("neurite data ", 1000))
	sum := sumHex(body)
	srv, n := fetchServer(t, body)
	dir := filepath.Join(t.TempDir(), "cache", "sub") // created by Fetch
	ctx := context.Background()

	path, err := Fetch(ctx, srv.URL+"/data.bin", dir, "data.bin", sum)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "data.bin") || n.Load() != 1 {
		t.Fatalf("path %q after %d requests", path, n.Load())
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != string(body) {
		t.Fatalf("file content wrong (%d bytes, %v)", len(got), err)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("files left in the cache: %v", names)
	}

	// A cached file with the right sum is returned without a request; the
	// sum may be given in upper case.
	if p, err := Fetch(ctx, srv.URL+"/data.bin", dir, "data.bin", strings.ToUpper(sum)); err != nil || p != path || n.Load() != 1 {
		t.Errorf("cached fetch: %q, %v after %d requests", p, err, n.Load())
	}
	// Even a dead URL works while the cache is good.
	if _, err := Fetch(ctx, srv.URL+"/fail", dir, "data.bin", sum); err != nil {
		t.Errorf("cached fetch with a failing URL: %v", err)
	}

	// A stale file is replaced.
	os.WriteFile(path, []byte("stale"), 0o644)
	if _, err := Fetch(ctx, srv.URL+"/data.bin", dir, "data.bin", sum); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(body) {
		t.Error("stale file not replaced")
	}
}

func TestFetchErrors(t *testing.T) {
	body := []byte(strings.Repeat("x", 100))
	sum := sumHex(body)
	srv, _ := fetchServer(t, body)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name     string
		ctx      context.Context
		url      string
		filename string
		sum      string
		want     []string
		isSum    bool
	}{
		{"checksum mismatch", context.Background(), "/data.bin", "f.bin", strings.Repeat("ab", 32),
			[]string{"f.bin", "/data.bin", "SHA-256 mismatch", "got " + sum}, true},
		{"server error", context.Background(), "/fail", "f.bin", sum, []string{"f.bin", "/fail", "500 Internal Server Error"}, false},
		{"not found", context.Background(), "/nope", "f.bin", sum, []string{"404 Not Found"}, false},
		{"short body", context.Background(), "/short", "f.bin", sum, []string{"f.bin", "downloading", "unexpected EOF"}, false},
		{"cancelled", cancelled, "/data.bin", "f.bin", sum, []string{"context canceled"}, false},
		{"bad sum", context.Background(), "/data.bin", "f.bin", "1234", []string{`"1234" is not a SHA-256 sum`}, false},
		{"non-hex sum", context.Background(), "/data.bin", "f.bin", strings.Repeat("zz", 32), []string{"is not a SHA-256 sum"}, false},
		{"path in name", context.Background(), "/data.bin", "../f.bin", sum, []string{`"../f.bin" is not a plain file name`}, false},
		{"subdir name", context.Background(), "/data.bin", "a/f.bin", sum, []string{"not a plain file name"}, false},
		{"empty name", context.Background(), "/data.bin", "", sum, []string{"not a plain file name"}, false},
		{"dot name", context.Background(), "/data.bin", "..", sum, []string{"not a plain file name"}, false},
		{"bad url", context.Background(), "\x7f", "f.bin", sum, []string{"Fetch f.bin: bad URL"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			url := tc.url
			if strings.HasPrefix(url, "/") {
				url = srv.URL + url
			}
			path, err := Fetch(tc.ctx, url, dir, tc.filename, tc.sum)
			if err == nil || path != "" {
				t.Fatalf("got %q, %v", path, err)
			}
			if errors.Is(err, ErrChecksum) != tc.isSum {
				t.Errorf("errors.Is(err, ErrChecksum) = %v", !tc.isSum)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("files left behind: %v", names)
			}
		})
	}
}

// TestFetchKeepsOldFileOnFailure: a failed re-download of a stale file
// leaves the stale file as it was and no temporary file.
func TestFetchKeepsOldFileOnFailure(t *testing.T) {
	body := []byte("payload")
	srv, _ := fetchServer(t, body)
	dir := t.TempDir()
	old := filepath.Join(dir, "f.bin")
	os.WriteFile(old, []byte("old"), 0o644)
	if _, err := Fetch(context.Background(), srv.URL+"/data.bin", dir, "f.bin", strings.Repeat("0", 64)); !errors.Is(err, ErrChecksum) {
		t.Fatalf("error %v", err)
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("old file changed to %q", b)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("files in dir: %v", names)
	}
	// A directory under the final name is an error, not a download.
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	if _, err := Fetch(context.Background(), srv.URL+"/data.bin", dir, "d", sumHex(body)); err == nil {
		t.Error("no error with a directory under the final name")
	}
}
