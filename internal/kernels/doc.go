// Package kernels is the home of Neurite's hot numeric kernels: the few
// inner loops, such as matrix multiplication ([Gemm]), that dominate the
// running time of training and inference.
//
// The kernels are written in pure Go today. Each one keeps its innermost,
// architecture-specific piece (for Gemm, the register-blocked micro-kernel)
// behind a package-level function value with a fixed signature, so that
// SIMD implementations in Go assembly (for example generated with avo) can
// later replace it at init time, selected by CPU feature, without touching
// the blocking, packing or parallel code around it and without changing any
// exported signature.
//
// The package works on raw slices with explicit strides and trusts its
// callers: arguments that are out of range are programming errors and make
// the kernels panic with a plain message. User-facing checks belong to the
// tensor package.
package kernels
