package saving

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic replaces the file at path with what write produces,
// atomically: it writes a temporary file in the same folder, flushes it to
// disk (fsync), renames it over path and syncs the folder. If write or any
// step fails, the temporary file is removed and path is left as it was. A
// new file gets permissions 0644; a replaced file keeps its permissions.
//
// If path is a symbolic link, the file it points to is replaced and the
// link is kept. Temporary files of the same target left by an earlier save
// that was killed are removed (see [removeStale]).
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	path, err = resolveLinks(path)
	if err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return fmt.Errorf("saving: %q names a folder, not a file", path)
	}
	perm := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("saving: %s exists and is not a regular file", path)
		}
		perm = st.Mode().Perm()
	}
	removeStale(dir, base)
	f, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return fmt.Errorf("saving: %w", err)
	}
	tmp := f.Name()
	active.Store(tmp, true)
	defer active.Delete(tmp)
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("saving: writing %s: %w", path, err)
	}
	if err := f.Chmod(perm); err != nil {
		return fmt.Errorf("saving: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("saving: flushing %s to disk: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("saving: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("saving: %w", err)
	}
	// Make the rename itself durable; not every system can sync a folder,
	// and the file is complete either way, so a failure here is ignored.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
