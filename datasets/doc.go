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
//   - [LoadSunspots]: the yearly sunspot numbers of 1700–2008, a real time
//     series for forecasting.
//   - [LoadWords] and [LoadWordsAll]: 3000 English, German and French words
//     each, for classifying words by language from their characters, with a
//     documented, seeded, stratified 7200/1800 split.
//   - [LoadMNIST]: the MNIST handwritten digits, read from gzip IDX files in a
//     cache folder ([DefaultCacheDir]); [Fetch] fills the cache from a URL.
//
// Boston housing, iris, the sunspots and the word lists are embedded in
// the binary (the files, their provenance and their licences are in the
// package's data folder: the German and French word lists are GPL-2+) and
// checked against their SHA-256 on every load. MNIST is too large to embed; its files are checked
// against their known SHA-256 before they are parsed.
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
