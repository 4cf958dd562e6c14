package preprocessing

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// PadOptions configures PadSequences; the zero value is Keras's defaults
// except for the dtype (float32, the dtype models feed, where Keras uses
// int32).
type PadOptions struct {
	// MaxLen is the length of every output sequence; 0 means the length of
	// the longest input sequence.
	MaxLen int
	// Padding is where short sequences are padded: "pre" (the default,
	// also "") or "post".
	Padding string
	// Truncating is where long sequences lose values: "pre" (the default,
	// also "": their first values) or "post" (their last values).
	Truncating string
	// Value fills the padding (default 0).
	Value float64
	// DType is the output's dtype (0: Float32).
	DType tensor.DType
}

// PadSequences returns the sequences as one (len(seqs), maxlen) tensor,
// each padded with Value or truncated to maxlen as opts says, like
// keras.utils.pad_sequences. An empty sequence becomes all padding. With
// no sequences and MaxLen 0 the result has shape (0, 0).
func PadSequences(seqs [][]float64, opts PadOptions) (*tensor.Tensor, error) {
	prePad, err := side("padding", opts.Padding)
	if err != nil {
		return nil, err
	}
	preTrunc, err := side("truncating", opts.Truncating)
	if err != nil {
		return nil, err
	}
	dtype := opts.DType
	if dtype == 0 {
		dtype = tensor.Float32
	}
	if !dtype.Valid() {
		return nil, fmt.Errorf("preprocessing: PadSequences: invalid dtype %v", dtype)
	}
	if opts.MaxLen < 0 {
		return nil, fmt.Errorf("preprocessing: PadSequences: maxlen must not be negative, got %d", opts.MaxLen)
	}
	n := opts.MaxLen
	if n == 0 {
		for _, s := range seqs {
			n = max(n, len(s))
		}
	}
	out := make([]float64, len(seqs)*n)
	for i, s := range seqs {
		if len(s) > n {
			if preTrunc {
				s = s[len(s)-n:]
			} else {
				s = s[:n]
			}
		}
		row := out[i*n : (i+1)*n]
		for j := range row {
			row[j] = opts.Value
		}
		if prePad {
			copy(row[n-len(s):], s)
		} else {
			copy(row, s)
		}
	}
	return tensor.Cast(tensor.FromSlice(out, len(seqs), n), dtype), nil
}

// side parses a Keras "pre"/"post" option: true for "pre" or "".
func side(what, v string) (bool, error) {
	switch v {
	case "", "pre":
		return true, nil
	case "post":
		return false, nil
	}
	return false, fmt.Errorf(`preprocessing: PadSequences: %s must be "pre" or "post", got %q`, what, v)
}
