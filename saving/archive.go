package saving

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// Entry is one file of a model archive.
type Entry struct {
	Name string
	// Write produces the entry's bytes.
	Write func(w io.Writer) error
	// Compress stores the entry deflated (for JSON); tensors are stored
	// as they are, so that their size is the file's.
	Compress bool
}

// WriteArchive writes a zip archive of entries to path, atomically (see
// [WriteFileAtomic]): a save that fails or is killed half-way leaves the
// previous file as it was.
func WriteArchive(path string, entries []Entry) error {
	return WriteFileAtomic(path, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		for _, e := range entries {
			method := zip.Store
			if e.Compress {
				method = zip.Deflate
			}
			fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: method})
			if err != nil {
				return fmt.Errorf("saving: %s: %w", path, err)
			}
			if err := e.Write(fw); err != nil {
				return fmt.Errorf("saving: %s: writing %s: %w", path, e.Name, err)
			}
		}
		if err := zw.Close(); err != nil {
			return fmt.Errorf("saving: %s: %w", path, err)
		}
		return nil
	})
}

// Limits bound what ReadArchive accepts.
type Limits struct {
	// MaxEntries is the most entries an archive may have.
	MaxEntries int
	// MaxSize gives each entry name its largest uncompressed size; a name
	// not listed is an error.
	MaxSize map[string]uint64
	// MaxRatio bounds the uncompressed size of a deflated entry to
	// MaxRatio times its compressed size (plus 64 KiB), against zip bombs.
	MaxRatio uint64
	// Stored lists entries that must be stored uncompressed (tensors), so
	// that their size is bounded by the file's.
	Stored map[string]bool
}

// Archive is an opened model archive: its entries, read on demand with
// bounded readers.
type Archive struct {
	path  string
	f     *os.File
	files map[string]*zip.File
}

// OpenArchive opens the zip archive at path and checks its directory
// against limits: the number of entries, known names each at most once,
// the store or deflate method, sizes within bounds. It reads nothing else.
func OpenArchive(path string, limits Limits) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("saving: %w", err)
	}
	a, err := openArchive(path, f, limits)
	if err != nil {
		f.Close()
		return nil, err
	}
	return a, nil
}

// openArchive checks the directory of the zip in f.
func openArchive(path string, f *os.File, limits Limits) (*Archive, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("saving: %w", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("saving: %s is not a model file (a zip archive): %w", path, err)
	}
	if len(zr.File) > limits.MaxEntries {
		return nil, fmt.Errorf("saving: %s has %d entries, at most %d are expected", path, len(zr.File), limits.MaxEntries)
	}
	a := &Archive{path: path, f: f, files: map[string]*zip.File{}}
	for _, zf := range zr.File {
		max, known := limits.MaxSize[zf.Name]
		switch {
		case !known:
			return nil, fmt.Errorf("saving: %s holds an unexpected entry %q", path, zf.Name)
		case a.files[zf.Name] != nil:
			return nil, fmt.Errorf("saving: %s holds the entry %q twice", path, zf.Name)
		case zf.Method != zip.Store && zf.Method != zip.Deflate:
			return nil, fmt.Errorf("saving: %s: entry %q uses compression method %d (only store and deflate are read)", path, zf.Name, zf.Method)
		case limits.Stored[zf.Name] && zf.Method != zip.Store:
			return nil, fmt.Errorf("saving: %s: entry %q must be stored uncompressed", path, zf.Name)
		case zf.Method == zip.Store && zf.UncompressedSize64 != zf.CompressedSize64:
			return nil, fmt.Errorf("saving: %s: stored entry %q claims %d bytes but holds %d", path, zf.Name, zf.UncompressedSize64, zf.CompressedSize64)
		case zf.UncompressedSize64 > max:
			return nil, fmt.Errorf("saving: %s: entry %q claims %d bytes, more than the %d allowed", path, zf.Name, zf.UncompressedSize64, max)
		case zf.Method == zip.Deflate && zf.UncompressedSize64 > zf.CompressedSize64*limits.MaxRatio+64<<10:
			return nil, fmt.Errorf("saving: %s: entry %q would expand %d bytes to %d (a zip bomb?)", path, zf.Name, zf.CompressedSize64, zf.UncompressedSize64)
		case zf.CompressedSize64 > uint64(st.Size()):
			return nil, fmt.Errorf("saving: %s: entry %q claims %d bytes, more than the file's %d", path, zf.Name, zf.CompressedSize64, st.Size())
		}
		a.files[zf.Name] = zf
	}
	return a, nil
}

// Close closes the archive's file.
func (a *Archive) Close() error { return a.f.Close() }

// Has reports whether the archive holds an entry.
func (a *Archive) Has(name string) bool { return a.files[name] != nil }

// Open returns a reader of the entry that yields at most its declared
// size and reports a mismatch (a shorter entry, a longer one, a bad
// checksum) as an error naming the file and entry.
func (a *Archive) Open(name string) (io.ReadCloser, error) {
	zf := a.files[name]
	if zf == nil {
		return nil, fmt.Errorf("saving: %s has no entry %q", a.path, name)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("saving: %s: entry %q: %w", a.path, name, err)
	}
	return &boundedReader{r: rc, left: zf.UncompressedSize64, path: a.path, name: name}, nil
}

// ReadAll reads a whole entry (for the small JSON entries).
func (a *Archive) ReadAll(name string) ([]byte, error) {
	rc, err := a.Open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(rc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// boundedReader reads an entry up to its declared size and checks that it
// ends there.
type boundedReader struct {
	r          io.ReadCloser
	left       uint64
	path, name string
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left == 0 {
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("saving: %s: entry %q is longer than it claims", b.path, b.name)
		}
		if err == io.EOF {
			return 0, io.EOF
		}
		if err != nil {
			return 0, b.wrap(err)
		}
		return 0, io.EOF
	}
	if uint64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= uint64(n)
	if err == io.EOF && b.left > 0 {
		return n, fmt.Errorf("saving: %s: entry %q is shorter than it claims", b.path, b.name)
	}
	if err != nil && err != io.EOF {
		return n, b.wrap(err)
	}
	return n, nil
}

// wrap names the file and entry in a read error.
func (b *boundedReader) wrap(err error) error {
	if errors.Is(err, zip.ErrChecksum) {
		return fmt.Errorf("saving: %s: entry %q is corrupted (checksum mismatch)", b.path, b.name)
	}
	return fmt.Errorf("saving: %s: entry %q: %w", b.path, b.name, err)
}

func (b *boundedReader) Close() error { return b.r.Close() }
