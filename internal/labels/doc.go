// Package labels holds what Keras's losses and metrics share about labels:
// fitting their shape and dtype to the predictions the way Keras does
// (squeeze_or_expand_dimensions, match_dtype_and_rank and the flattening
// of sparse labels), and describing shapes in errors as Keras prints them,
// with None for the batch dimension.
package labels
