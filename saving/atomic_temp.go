package saving

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// staleAge is how long a temporary file must have gone unmodified before
// a later save of the same target removes it: a save in progress writes to
// its file all the time, so one untouched this long was left by a save
// that was killed.
const staleAge = time.Minute

// active holds the temporary files this process is writing, which are
// never stale whatever their age.
var active sync.Map

// tempPattern is the os.CreateTemp pattern of the temporary files of a
// target named base: hidden, and named after the target.
func tempPattern(base string) string { return "." + base + ".tmp-*" }

// removeStale removes the temporary files of the target base in dir that
// an earlier save left behind (killed between creating and renaming
// them): those not being written by this process and unmodified for
// [staleAge]. Failures are ignored: a file that cannot be removed now may
// be on the next save.
func removeStale(dir, base string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := strings.TrimSuffix(tempPattern(base), "*")
	for _, e := range entries {
		m := filepath.Join(dir, e.Name())
		if _, busy := active.Load(m); busy || !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleAge {
			os.Remove(m)
		}
	}
}

// resolveLinks follows path while it is a symbolic link and returns the
// file it finally names (which need not exist yet), so that a save writes
// through a link instead of replacing it.
func resolveLinks(path string) (string, error) {
	for range 40 { // as many links as Linux follows
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return path, nil
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("saving: %w", err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", fmt.Errorf("saving: %s: too many levels of symbolic links", path)
}
