package saving

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/neurite/neurite/tensor"
)

// A save killed between creating its temporary file and renaming it leaves
// the file behind; the next save of the same target removes it, but not
// a recent one (which may be a save in progress), nor another target's.
func TestSaveRemovesStaleTemporariesOfTheSameTarget(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.safetensors")
	old := time.Now().Add(-2 * staleAge)
	mk := func(name string, at time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, make([]byte, 1000), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, at, at)
		return p
	}
	stale := mk(".w.safetensors.tmp-123456", old)
	stale2 := mk(".w.safetensors.tmp-999", old)
	recent := mk(".w.safetensors.tmp-777", time.Now())
	other := mk(".v.safetensors.tmp-123456", old)
	similar := mk(".w.safetensors.tmp", old) // not made by CreateTemp's pattern
	w := tensor.FromSlice([]float32{1, 2, 3})
	if err := SaveWeights(path, []string{"w"}, []*tensor.Tensor{w}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{stale: false, stale2: false, recent: true, other: true, similar: true, path: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// A temporary file this process is writing is never removed as stale,
// however old its time stamp.
func TestSaveKeepsTemporariesInProgress(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.bin")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Fatalf("%d entries while writing", len(entries))
		}
		tmp := filepath.Join(dir, entries[0].Name())
		past := time.Now().Add(-2 * staleAge)
		os.Chtimes(tmp, past, past)
		if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write([]byte("inner")); return err }); err != nil {
			return err
		}
		if _, err := os.Stat(tmp); err != nil {
			t.Errorf("the outer save's temporary file was removed: %v", err)
		}
		_, err := w.Write([]byte("outer"))
		return err
	})
	if b, _ := os.ReadFile(path); err != nil || string(b) != "outer" {
		t.Fatalf("got %q, %v", b, err)
	}
}

// Saving to a symbolic link (also a chain of them, and a dangling one)
// replaces the file it points to and keeps the link.
func TestSaveWritesThroughSymlinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "w.safetensors")
	os.Mkdir(filepath.Dir(real), 0o755)
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.safetensors")
	if err := os.Symlink(filepath.Join("real", "w.safetensors"), link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	link2 := filepath.Join(dir, "link2")
	os.Symlink(link, link2)
	w := tensor.FromSlice([]float32{4, 5})
	for _, p := range []string{link, link2} {
		if err := SaveWeights(p, []string{"w"}, []*tensor.Tensor{w}); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s is no longer a link: %v", p, err)
		}
		if _, ts, err := LoadWeights(real); err != nil || !sameBits(ts[0], w) {
			t.Fatalf("the target was not written through %s: %v", p, err)
		}
		if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o640 {
			t.Errorf("target permissions %v, want 0640 kept", fi.Mode().Perm())
		}
	}
	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "new.safetensors"), dangling)
	if err := SaveWeights(dangling, []string{"w"}, []*tensor.Tensor{w}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadWeights(filepath.Join(dir, "new.safetensors")); err != nil {
		t.Fatalf("a dangling link's target was not created: %v", err)
	}
	loop := filepath.Join(dir, "loop")
	os.Symlink(loop, loop)
	if err := SaveWeights(loop, []string{"w"}, []*tensor.Tensor{w}); err == nil {
		t.Fatal("saving through a link loop succeeded")
	}
}
