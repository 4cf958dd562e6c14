// Package saving stores model weights on disk in the safetensors format
// (https://huggingface.co/docs/safetensors), which other tools (the
// safetensors Python package, PyTorch, JAX, Rust) read as well:
//
//	8 bytes   little-endian unsigned size N of the header
//	N bytes   a JSON object: for each tensor, its name mapped to
//	          {"dtype": "F32"|"F64"|"I64", "shape": [...],
//	           "data_offsets": [begin, end]}, and optionally
//	          "__metadata__": {string: string}; padded with spaces
//	the rest  the tensors' elements, little-endian, row-major, each tensor
//	          at [begin, end) of this byte buffer
//
// [ReadSafetensors] treats its input as untrusted: it never panics, bounds
// the header at 100 MB and shapes at [MaxRank] dimensions, rejects
// overflowing shapes, duplicate names, unknown fields, and offsets that
// overlap, leave holes or do not cover the buffer exactly, and allocates
// only as much as the input really holds. It reads each tensor straight
// into its own buffer, so [LoadWeights] allocates about the size of the
// data (measured by BenchmarkLoadWeights: 1.00 byte per byte).
//
// [SaveWeights] replaces a file atomically (temporary file in the same
// folder, fsync, rename), so a crash leaves either the old file or the new
// one, never a torn one; the next save removes the temporary file such a
// crash leaves, and a save through a symbolic link replaces its target.
package saving
