// Package tensor provides n-dimensional arrays — the numpy of Neurite.
//
// A [Tensor] is a dense, row-major array of float32 (the default for model
// weights), float64 or int64 (labels and indices) elements. The package
// creates tensors (from Go slices, constants, ranges, seeded random
// generators), reshapes and rearranges them, and computes with them:
// elementwise arithmetic and math with numpy's broadcasting rules,
// reductions over any set of axes, and matrix multiplication.
//
// # Errors
//
// Like gonum/mat, the tensor API treats a shape mismatch, a wrong dtype or
// an out-of-range axis as a programming error: the function panics with an
// [*Error] that names the operation and the shapes involved, for example
//
//	tensor.Add: shapes cannot be broadcast together (shapes (2, 3) and (4,))
//
// This keeps arithmetic chainable. Code that prefers errors defers [Catch],
// which turns such a panic into an error value. The higher layers of
// Neurite (the graph and Keras-level packages) check shapes before calling
// into this package and return errors to their users.
//
// # Memory
//
// Operations return new tensors. Functions whose names end in Into write
// their result into a destination tensor the caller provides, which lets an
// executor reuse buffers. [FromSlice] wraps a slice without copying it.
package tensor
