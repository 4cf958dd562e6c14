package datasets

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultMNISTMirrors returns the base URLs that [LoadMNIST] downloads
// missing MNIST files from, in the order tried: PyTorch's mirror
// (torchvision's first choice, https://ossci-datasets.s3.amazonaws.com/mnist/)
// and the one TensorFlow's tutorials used
// (https://storage.googleapis.com/cvdf-datasets/mnist/). Both serve the
// original gzip files, byte for byte (Yann LeCun's own page often refuses
// automated downloads). It returns a new slice on every call.
func DefaultMNISTMirrors() []string {
	return []string{
		"https://ossci-datasets.s3.amazonaws.com/mnist/",
		"https://storage.googleapis.com/cvdf-datasets/mnist/",
	}
}

// mnistEnsure makes sure dir holds f, downloading it if it is missing. A
// present file is left for mnistReadFile to check.
func mnistEnsure(o MNISTOptions, dir string, f FileSum) error {
	path := filepath.Join(dir, f.Name)
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("datasets: %w", err)
	case o.NoDownload:
		return fmt.Errorf("datasets: MNIST file %s not found (downloads are off); put the four files of MNISTFiles() in that folder or set %s", path, DataEnv)
	}
	mirrors := o.Mirrors
	if mirrors == nil {
		mirrors = DefaultMNISTMirrors()
	}
	if len(mirrors) == 0 {
		return fmt.Errorf("datasets: MNIST file %s not found and no mirror to download it from", path)
	}
	if err := mnistDownload(o, mirrors, dir, f); err != nil {
		return fmt.Errorf("datasets: MNIST file %s not found, and downloading it failed (put the four files of MNISTFiles() in that folder or set %s): %w",
			path, DataEnv, err)
	}
	return nil
}

// mnistDownload fetches f into dir from the first mirror that serves it
// with the right sum, and returns the errors of all mirrors if none does.
func mnistDownload(o MNISTOptions, mirrors []string, dir string, f FileSum) error {
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	progress := o.Progress
	if progress == nil {
		progress = os.Stderr
	}
	var errs []error
	for _, m := range mirrors {
		url := strings.TrimSuffix(m, "/") + "/" + f.Name
		_, err := fetch(ctx, url, dir, f.Name, f.SHA256, progress)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}
