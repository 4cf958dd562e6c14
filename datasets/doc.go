// Package datasets loads classic small data sets for Neurite, the way
// keras.datasets does for Keras, plus the helpers needed to use them: a
// numeric CSV reader, an IDX reader, a standardizer, and a checksummed
// download cache.
//
// Every function returns an error, and never panics, for bad input: a
// malformed or corrupted file, a checksum mismatch, a tensor of the wrong
// shape. Messages name the file and the problem (with the line number for
// CSV input).
//
// # Data sets
//
//   - [LoadBostonHousing]: Boston housing regression, 404 training and 102
//     test samples in exactly the order keras.datasets.boston_housing returns.
//   - [LoadIris] and [LoadIrisAll]: Fisher's iris classification data, with a
//     documented, seeded, stratified 120/30 split.
//   - [LoadMNIST] and [LoadMNISTWith]: the MNIST handwritten digits in
//     Keras's 60,000/10,000 split, scaled to [0, 1], shaped (N, 28, 28, 1),
//     read from gzip IDX files in mnist/ under [DefaultCacheDir]
//     ($NEURITE_DATA, else neurite/ in the user's cache folder) and
//     downloaded there, checksummed and atomically, when missing.
//   - [LoadSunspots]: the yearly sunspot numbers of 1700–2008, a real time
//     series for forecasting.
//   - [LoadWords] and [LoadWordsAll]: 3000 English, German and French words
//     each, for classifying words by language from their characters, with a
//     documented, seeded, stratified 7200/1800 split, read at run time from
//     Debian's word lists (not embedded: two of them are GPL-licensed).
//   - [LoadDigits] and [LoadDigitsAll]: scikit-learn's 1,797 8×8 digits,
//     scaled to [0, 1], shaped (N, 8, 8, 1), with a seeded, stratified
//     1,438/359 split: a data set for quick image-model tests.
//
// Boston housing, iris, the 8×8 digits and the sunspots are embedded in the binary (the
// files and their provenance are in the package's data folder) and checked
// against their SHA-256 on every load. MNIST is too large to embed; its
// files are checked against their known SHA-256 before they are parsed.
// [FlattenImages] turns (N, H, W, C) images into the (N, H·W·C) rows of a
// Dense network; [Fetch] fills a cache folder from any URL.
//
// As in Keras, the features come unscaled. [FitStandardizer] computes the
// training data's per-column mean and standard deviation, and
// [Standardizer.Transform] applies them to training and test data alike.
// [TrainTestSplit] holds out a seeded, shuffled test set as scikit-learn's
// train_test_split does, and [ToCategorical] turns class indices (int64,
// or whole-number floats read from CSV) into the one-hot rows that
// categorical crossentropy wants, as keras.utils.to_categorical does.
//
// Features are float32 tensors; class labels are int64 tensors; regression
// targets are float32 tensors.
package datasets
