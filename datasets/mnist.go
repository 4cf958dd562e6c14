package datasets

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/neurite/neurite/tensor"
)

// FileSum names a data file and its SHA-256 sum (64 lower-case hex digits).
type FileSum struct {
	Name   string
	SHA256 string
}

// mnistFiles are the four MNIST files in the order train images, train
// labels, test images, test labels, with the SHA-256 sums of the official
// gzip files (whose MD5s are those published on Yann LeCun's page).
var mnistFiles = [4]FileSum{
	{"train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
	{"train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
	{"t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
	{"t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
}

// MNIST sizes.
const (
	mnistTrain = 60000
	mnistTest  = 10000
	mnistSide  = 28
)

// MNISTFiles returns the names and SHA-256 sums of the four files
// [LoadMNIST] reads: train-images-idx3-ubyte.gz,
// train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and
// t10k-labels-idx1-ubyte.gz, the gzip-compressed IDX files of the MNIST
// database. Use it with [Fetch] to fill a cache folder from a mirror.
func MNISTFiles() []FileSum {
	return append([]FileSum(nil), mnistFiles[:]...)
}

// DefaultCacheDir returns the folder where Neurite keeps downloaded data
// sets: $NEURITE_DATASETS if that is set and not empty, else
// ~/.neurite/datasets (Keras uses ~/.keras/datasets). If the home folder
// is unknown, it falls back to neurite/datasets under os.TempDir().
func DefaultCacheDir() string {
	if d := os.Getenv("NEURITE_DATASETS"); d != "" {
		return d
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, ".neurite", "datasets")
	}
	return filepath.Join(os.TempDir(), "neurite", "datasets")
}

// LoadMNIST reads the MNIST handwritten digits from the four files of
// [MNISTFiles] in dir ([DefaultCacheDir] if dir is empty), after checking
// each file's SHA-256. Like keras.datasets.mnist.load_data(), it returns
// the standard split in file order, unshuffled: xTrain (60000, 28, 28) and
// xTest (10000, 28, 28) hold the pixels 0 (background) to 255 as float32,
// NOT scaled (divide by 255 as Keras examples do); yTrain (60000,) and
// yTest (10000,) are int64 labels 0 to 9.
//
// Nothing is downloaded: a missing file, a checksum mismatch or a corrupted
// file is an error naming the file. The x tensors take 220 MB.
func LoadMNIST(dir string) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	if dir == "" {
		dir = DefaultCacheDir()
	}
	return loadMNIST(dir, mnistFiles, mnistTrain, mnistTest)
}

// loadMNIST reads the four files (train images, train labels, test images,
// test labels) from dir, expecting nTrain and nTest samples.
func loadMNIST(dir string, files [4]FileSum, nTrain, nTest int) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	if xTrain, yTrain, err = mnistPair(dir, files[0], files[1], nTrain); err != nil {
		return nil, nil, nil, nil, err
	}
	if xTest, yTest, err = mnistPair(dir, files[2], files[3], nTest); err != nil {
		return nil, nil, nil, nil, err
	}
	return xTrain, yTrain, xTest, yTest, nil
}

// mnistPair reads an images file and its labels file holding n samples.
func mnistPair(dir string, images, labels FileSum, n int) (x, y *tensor.Tensor, err error) {
	ipath := filepath.Join(dir, images.Name)
	idims, pix, err := mnistReadFile(ipath, images.SHA256)
	if err != nil {
		return nil, nil, err
	}
	if len(idims) != 3 || idims[0] != n || idims[1] != mnistSide || idims[2] != mnistSide {
		return nil, nil, fmt.Errorf("datasets: %s: image dimensions %v, want [%d %d %d]",
			ipath, idims, n, mnistSide, mnistSide)
	}
	lpath := filepath.Join(dir, labels.Name)
	ldims, lab, err := mnistReadFile(lpath, labels.SHA256)
	if err != nil {
		return nil, nil, err
	}
	if len(ldims) != 1 || ldims[0] != n {
		return nil, nil, fmt.Errorf("datasets: %s: label dimensions %v, want [%d]", lpath, ldims, n)
	}
	ys := make([]int64, n)
	for i, l := range lab {
		if l > 9 {
			return nil, nil, fmt.Errorf("datasets: %s: label %d of sample %d is not a digit 0-9", lpath, l, i)
		}
		ys[i] = int64(l)
	}
	xs := make([]float32, len(pix))
	for i, p := range pix {
		xs[i] = float32(p)
	}
	return tensor.FromSlice(xs, n, mnistSide, mnistSide), tensor.FromSlice(ys, n), nil
}

// mnistReadFile reads a gzip-compressed IDX file after checking its SHA-256.
func mnistReadFile(path, sum string) (dims []int, data []byte, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("datasets: MNIST file %s not found; put the four files of MNISTFiles() in that folder (see DefaultCacheDir and Fetch)", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %w", err)
	}
	if err := checkSum(path, b, sum); err != nil {
		return nil, nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	dims, data, err = readIDX(zr)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %s: IDX: %w", path, err)
	}
	return dims, data, nil
}
