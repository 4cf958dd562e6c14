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
// they were saved. It allocates little more than the tensors themselves:
// each is read straight into its own buffer.
func LoadWeights(path string) (names []string, ts []*tensor.Tensor, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("saving: %w", err)
	}
	defer f.Close()
	// The file's size lets each tensor be read into one buffer of its size.
	names, ts, _, err = readSafetensors(bufio.NewReaderSize(f, 1<<16), remaining(f))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return names, ts, nil
}
