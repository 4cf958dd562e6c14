package datasets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Fetch makes sure dir holds filename with the SHA-256 sum sha256hex (64
// hex digits) and returns its path, downloading it from url if needed.
//
// If dir/filename exists and has the right sum, Fetch returns at once
// without touching the network. Otherwise it creates dir, downloads url
// with an HTTP GET (honouring ctx) into a temporary file in dir, checks the
// sum of the downloaded bytes and only then renames the temporary file to
// dir/filename, atomically replacing any stale file. A failed download, a
// server error (any status but 200) or a checksum mismatch (an error
// wrapping [ErrChecksum]) leaves nothing under the final name and removes
// the temporary file. filename must be a plain file name, without path
// separators.
func Fetch(ctx context.Context, url, dir, filename, sha256hex string) (path string, err error) {
	return fetch(ctx, url, dir, filename, sha256hex, nil)
}

// fetch is Fetch drawing a download progress bar on progress, if not nil.
func fetch(ctx context.Context, url, dir, filename, sha256hex string, progress io.Writer) (path string, err error) {
	want := strings.ToLower(sha256hex)
	if b, err := hex.DecodeString(want); err != nil || len(b) != sha256.Size {
		return "", fmt.Errorf("datasets: Fetch %s: %q is not a SHA-256 sum (64 hex digits)", filename, sha256hex)
	}
	if filename == "" || filename == "." || filename == ".." || strings.ContainsAny(filename, `/\`) ||
		filepath.Base(filename) != filename {
		return "", fmt.Errorf("datasets: Fetch: %q is not a plain file name", filename)
	}
	path = filepath.Join(dir, filename)
	ok, err := fetchHasSum(path, want)
	if err != nil {
		return "", err
	}
	if ok {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("datasets: Fetch %s: %w", filename, err)
	}
	if err := fetchInto(ctx, url, dir, path, want, progress); err != nil {
		return "", err
	}
	return path, nil
}

// fetchHasSum reports whether the file at path exists and has the SHA-256
// sum want. A missing file is not an error.
func fetchHasSum(path, want string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("datasets: Fetch: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false, fmt.Errorf("datasets: Fetch: reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)) == want, nil
}

// fetchInto downloads url to a temporary file in dir, checks its sum and
// renames it to path, drawing a progress bar on progress if it is not nil.
func fetchInto(ctx context.Context, url, dir, path, want string, progress io.Writer) (err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("datasets: Fetch %s: bad URL: %w", filepath.Base(path), err)
	}
	pre := fmt.Sprintf("datasets: Fetch %s from %s", filepath.Base(path), url)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", pre, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: server answered %s", pre, resp.Status)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.part")
	if err != nil {
		return fmt.Errorf("%s: %w", pre, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	var dst io.Writer = io.MultiWriter(tmp, h)
	if progress != nil {
		fmt.Fprintf(progress, "Downloading data from %s\n", url)
		bar := newDownloadProgress(progress, filepath.Base(path), resp.ContentLength)
		defer bar.finish()
		dst = io.MultiWriter(tmp, h, bar)
	}
	if _, err := io.Copy(dst, resp.Body); err != nil {
		return fmt.Errorf("%s: downloading: %w", pre, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%s: %w: got %s, want %s", pre, ErrChecksum, got, want)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("%s: %w", pre, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %w", pre, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", pre, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", pre, err)
	}
	return nil
}
