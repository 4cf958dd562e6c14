package datasets

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
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
// database. It returns a new slice on every call.
func MNISTFiles() []FileSum {
	return append([]FileSum(nil), mnistFiles[:]...)
}

// MNISTOptions are the optional settings of [LoadMNISTWith]. The zero value
// gives [LoadMNIST]'s behaviour.
type MNISTOptions struct {
	// Dir is the folder holding the four files of [MNISTFiles]; empty means
	// mnist/ in [DefaultCacheDir] ($NEURITE_DATA/mnist when that is set).
	Dir string
	// Mirrors are the base URLs that missing files are downloaded from, tried
	// in order (a file's URL is the base, a '/' and the file name); nil means
	// [DefaultMNISTMirrors].
	Mirrors []string
	// NoDownload makes a missing file an error instead of a download.
	NoDownload bool
	// Progress receives the download messages and progress bars; nil means
	// os.Stderr, and io.Discard silences them. Nothing is written when all
	// four files are present.
	Progress io.Writer
	// Context, if not nil, cancels downloads.
	Context context.Context
}

// LoadMNIST returns the MNIST handwritten digits, downloading the files it
// lacks: it is [LoadMNISTWith] with the zero [MNISTOptions].
func LoadMNIST() (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	return LoadMNISTWith(MNISTOptions{})
}

// LoadMNISTWith returns the MNIST handwritten digits in Keras's standard
// split, the one keras.datasets.mnist.load_data() returns: the 60,000
// training and 10,000 test images in file order, unshuffled. The pixels
// are scaled as Keras's examples do (x.astype("float32") / 255): xTrain
// is float32 (60000, 28, 28, 1) and xTest float32 (10000, 28, 28, 1), in
// [0, 1] with 0 the background, channels-last as Conv2D expects; use
// [FlattenImages] for the (N, 784) rows of a Dense network. yTrain (60000,)
// and yTest (10000,) are int64 labels 0 to 9. The x tensors take 220 MB.
//
// The four files of [MNISTFiles] are read from o.Dir, each checked against
// its SHA-256 before it is parsed. A missing file is downloaded from the
// first of o.Mirrors that serves it, with a progress bar on o.Progress,
// into a temporary file that is renamed into place only once its SHA-256
// is right (see [Fetch]), so an interrupted download never leaves a partial
// file under the real name. An existing file with the wrong sum is an
// error wrapping [ErrChecksum] (it is not replaced: delete it to download
// it again), as are a failed download and a corrupted file; every error
// names the file.
func LoadMNISTWith(o MNISTOptions) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	return loadMNIST(o, mnistFiles, mnistTrain, mnistTest)
}

// loadMNIST reads the four files (train images, train labels, test images,
// test labels), downloading the missing ones, expecting nTrain and nTest
// samples.
func loadMNIST(o MNISTOptions, files [4]FileSum, nTrain, nTest int) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	dir := o.Dir
	if dir == "" {
		dir = filepath.Join(DefaultCacheDir(), "mnist")
	}
	for _, f := range files {
		if err := mnistEnsure(o, dir, f); err != nil {
			return nil, nil, nil, nil, err
		}
	}
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
	return tensor.FromSlice(scaleBytes(pix, 255), n, mnistSide, mnistSide, 1), tensor.FromSlice(ys, n), nil
}

// scaleBytes returns float32(b[i]) / div for every byte, computed in
// float32 as numpy's x.astype("float32") / div is.
func scaleBytes(b []byte, div float32) []float32 {
	var table [256]float32
	for i := range table {
		table[i] = float32(i) / div
	}
	xs := make([]float32, len(b))
	for i, p := range b {
		xs[i] = table[p]
	}
	return xs
}

// mnistReadFile reads a gzip-compressed IDX file after checking its SHA-256.
func mnistReadFile(path, sum string) (dims []int, data []byte, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("datasets: MNIST file %s not found; put the four files of MNISTFiles() in that folder (see DefaultCacheDir)", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %w", err)
	}
	if err := checkSum(path, b, sum); err != nil {
		return nil, nil, fmt.Errorf("%w (delete the file to download it again)", err)
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
