package saving

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/neurite/neurite/tensor"
)

// SaveWeights writes named weights to a safetensors file at path,
// replacing it atomically (see [WriteFileAtomic]).
func SaveWeights(path string, names []string, ts []*tensor.Tensor) error {
	return WriteFileAtomic(path, func(w io.Writer) error {
		return WriteSafetensors(w, names, ts, nil)
	})
}

// LoadWeights reads the named weights of a safetensors file, in the order
// they were saved.
func LoadWeights(path string) (names []string, ts []*tensor.Tensor, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("saving: %w", err)
	}
	defer f.Close()
	names, ts, _, err = ReadSafetensors(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return names, ts, nil
}
