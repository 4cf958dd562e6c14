package npy

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"

	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// maxNPZEntries is the most arrays ReadNPZ accepts.
const maxNPZEntries = 4096

// ReadNPZ reads the arrays of an .npz file (numpy.savez or
// savez_compressed), in the archive's order, named without ".npy" as
// numpy.load names them. limits.MaxBytes bounds the arrays' data in all;
// entries that are not .npy files, duplicate names and data after an
// array are errors.
func ReadNPZ(path string, limits Limits) (names []string, arrays []*tensor.Tensor, err error) {
	lim := limits.withDefaults()
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, fmt.Errorf("npy: %s: not an .npz file: %w", path, err)
	}
	defer zr.Close()
	if len(zr.File) > maxNPZEntries {
		return nil, nil, fmt.Errorf("npy: %s: %d entries, more than %d", path, len(zr.File), maxNPZEntries)
	}
	seen := map[string]bool{}
	left := lim.MaxBytes
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok || name == "" || seen[name] {
			return nil, nil, fmt.Errorf("npy: %s: entry %q is not a distinct NAME.npy", path, f.Name)
		}
		seen[name] = true
		t, h, err := readEntry(f, Limits{MaxBytes: left, MaxHeader: lim.MaxHeader})
		if err != nil {
			return nil, nil, fmt.Errorf("npy: %s: %s: %s", path, f.Name, strings.TrimPrefix(err.Error(), "npy: "))
		}
		left -= int64(t.Size()) * int64(h.Kind.Size())
		names, arrays = append(names, name), append(arrays, t)
	}
	return names, arrays, nil
}

// readEntry reads one .npy entry of an archive.
func readEntry(f *zip.File, lim Limits) (*tensor.Tensor, *Header, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	t, h, err := read(rc, lim)
	if err != nil {
		return nil, nil, err
	}
	if n, err := rc.Read(make([]byte, 1)); n > 0 {
		return nil, nil, fmt.Errorf("data after the array")
	} else if err != nil && err != io.EOF {
		return nil, nil, err // a bad checksum
	}
	return t, h, nil
}

// WriteNPZ writes arrays to path as an uncompressed .npz file (as
// numpy.savez), each under names[i] + ".npy", atomically.
func WriteNPZ(path string, names []string, arrays []*tensor.Tensor) error {
	if len(names) != len(arrays) {
		return fmt.Errorf("npy: WriteNPZ: %d names for %d arrays", len(names), len(arrays))
	}
	seen := map[string]bool{}
	entries := make([]saving.Entry, len(names))
	for i, n := range names {
		if n == "" || seen[n] || strings.ContainsAny(n, "/\\") {
			return fmt.Errorf("npy: WriteNPZ: name %q is empty, repeated or holds a slash", n)
		}
		seen[n] = true
		t := arrays[i]
		entries[i] = saving.Entry{Name: n + ".npy", Write: func(w io.Writer) error { return Write(w, t, WriteOptions{}) }}
	}
	if err := saving.WriteArchive(path, entries); err != nil {
		return fmt.Errorf("npy: WriteNPZ: %w", err)
	}
	return nil
}
