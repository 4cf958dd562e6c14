// Package kernels is the home of Neurite's hot numeric kernels: the few
// inner loops, such as matrix multiplication ([Gemm]), that dominate the
// running time of training and inference.
//
// Gemm is a BLIS-style blocked product: it packs blocks of its operands
// into contiguous micro-panels and sweeps a register-blocked micro-kernel
// over them, on all cores through internal/parallel. The micro-kernel and
// the packing of full panels sit behind a per-type kernel table, the seam
// for SIMD code. On amd64 the table holds Go assembly kernels for AVX-512
// (14×32 float32, 14×16 float64 tiles) and AVX2+FMA (6×16 float32, 6×8
// float64), plus float32 variants that read A from the caller's matrix
// so that Gemm can skip packing it (and, with AVX-512, B's row-major
// panels too when few rows share them, as in 128-row batches), chosen at
// start-up from the CPU's features with
// golang.org/x/sys/cpu; elsewhere, or when built with -tags purego, a
// portable pure-Go kernel is used. The blocking, packing and parallel code
// around the micro-kernels is shared by all of them. One call of an
// assembly kernel computes a whole column of tiles (the tiles of a block
// that share a B panel), and the AVX-512 kernels store tiles cut by the
// right edge of C through lane masks, straight into C; the others compute
// such tiles into a scratch tile and copy the part that is inside.
//
// The elementwise kernels (ew*.go: arithmetic with broadcast rows and
// scalars, Relu and activation gradients, float32 and float64 exponentials
// with Sigmoid and Tanh on them, softmax passes, row and column sums, the
// optimizer updates Adam, SGD, momentum, RMSprop, Nadam, Adagrad and the
// decoupled weight decay, each also in a stream variant that writes the
// weights with non-temporal stores, and StreamCopy, a copy with such
// stores, for data another core reads next) follow the same pattern:
// AVX-512 and AVX2 assembly chosen at start-up, and a pure-Go twin of
// every kernel that is its specification, computing the same bits.
//
// The assembly (gemm_amd64.s, ew_amd64.s and their declarations in
// gemm_stub_amd64.go and ew_stub_amd64.go) is generated with avo by the
// asmgen directory, a separate module so that this module does not depend
// on avo; go generate ./internal/kernels/ rewrites it and asmgen/check.sh
// verifies that the committed files are exactly what the generator
// produces.
//
// GemmBiasAct and GemmReluGrad are Gemm with an epilogue: a bias per
// column and a ReLU, or the mask of a ReLU gradient, applied to each block
// of C by the task that finishes it, while the block is in cache; their
// results are bit-for-bit Gemm followed by the separate pass. The graph
// executor fuses dense layers into them. Products narrower than the
// micro-kernel's tile are computed transposed (their few columns become
// rows), and products below about 2^20 multiply-adds run on one core. A
// warm call of any of them allocates nothing: packing buffers and the
// per-call state are cached per kernel.
//
// The package works on raw slices with explicit strides and trusts its
// callers: arguments that are out of range are programming errors and make
// the kernels panic with a plain message. User-facing checks belong to the
// tensor package.
package kernels
