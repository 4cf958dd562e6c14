// Package preprocessing prepares sequence data for recurrent models, as
// Keras's keras.utils.pad_sequences and
// keras.utils.timeseries_dataset_from_array do: PadSequences turns
// sequences of different lengths into one (samples, maxlen) tensor, and
// TimeseriesWindows cuts a time series into overlapping windows and their
// targets. CharTokenizer maps the characters of texts to indices, as
// Keras's Tokenizer(char_level=True). Their results are plain tensors,
// which Fit batches and shuffles itself.
package preprocessing
