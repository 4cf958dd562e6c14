package datasets

import (
	"os"
	"path/filepath"
)

// DataEnv is the environment variable that names Neurite's data folder
// (see [DefaultCacheDir]).
const DataEnv = "NEURITE_DATA"

// DefaultCacheDir returns the folder where Neurite keeps data sets that are
// too large to embed, one sub-folder per data set (MNIST's files live in
// its mnist/ sub-folder): $NEURITE_DATA if that is set and not empty, else
// neurite/ in the user's cache folder (os.UserCacheDir: ~/.cache/neurite
// on Linux, ~/Library/Caches/neurite on macOS, %LocalAppData%\neurite on
// Windows). Keras keeps the same files in ~/.keras/datasets. If the cache
// folder is unknown, it falls back to neurite/ under os.TempDir().
func DefaultCacheDir() string {
	if d := os.Getenv(DataEnv); d != "" {
		return d
	}
	if c, err := os.UserCacheDir(); err == nil && c != "" {
		return filepath.Join(c, "neurite")
	}
	return filepath.Join(os.TempDir(), "neurite")
}
