package distribute

import (
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/neurite/neurite/internal/kernels"
)

// The shared-memory sum of SumScatterGather, for jobs whose ranks all run
// on one host.
//
// The ring passes every block through MPI's point-to-point transport,
// which, within a host, copies each message into the receiver (one copy
// per step, by the kernel for large messages) before the receiver adds
// it. Through an MPI-3 shared-memory window (MPI_Win_allocate_shared on
// the node's communicator) every rank can read the others' memory
// directly instead: each rank puts the blocks that the others will sum
// into its own segment, adds its own block of everyone's values straight
// from their segments, and copies the other ranks' finished blocks from
// theirs. On the 2-core test machine a core reads another core's freshly
// written megabyte in about 33 µs, so the 2.14 MB of the MLP's gradients
// take about a third of the ring's time (see SumScatterGather).
//
// What a rank writes into its segment, the others read next, and the
// lines they read stay in their caches; an ordinary store to such a line
// first takes it back from them, a round trip between the cores per line
// (about half a microsecond between the 2-core test machine's far cores).
// The rank therefore writes its segment with non-temporal stores
// (kernels.StreamCopy), which go to memory without taking the lines back:
// on that machine the 2.14 MB sum fell from about 335 to 215 µs.
//
// The ranks pace each other with one counter per rank in its segment
// (stage, on a cache line of its own), which it raises after each phase
// and which the others wait for; calls alternate between two data areas
// so that a rank starting the next sum never writes where a slower rank
// may still be reading the last one. The window stays allocated for the
// next sums, and is reallocated (collectively) for a larger one.

// sharedHeader is the bytes at the start of each rank's segment that hold
// its stage counter, on a cache line of its own.
const sharedHeader = 128

// sharedWindow is the state of the shared-memory sum on one rank.
type sharedWindow struct {
	comm  uintptr          // the node's communicator (MPI_Comm)
	win   uintptr          // the window (MPI_Win), or 0 before the first sum
	area  int              // bytes of each of a segment's two data areas
	segs  []unsafe.Pointer // every rank's segment, as mapped in this process
	epoch uint64           // sums made through this window
}

// sharedMemoryAllowed reports whether the job lets ranks exchange through
// shared memory: not when its MCA parameters restrict the byte transfer
// layers (btl) to ones without it, as "--mca btl tcp,self" does to force
// the path between machines.
func sharedMemoryAllowed() bool {
	btl := os.Getenv("OMPI_MCA_btl")
	if btl == "" {
		return true
	}
	if rest, ok := strings.CutPrefix(btl, "^"); ok { // a list of excluded layers
		excluded := strings.Split(rest, ",")
		return !slices.Contains(excluded, "vader") && !slices.Contains(excluded, "sm")
	}
	layers := strings.Split(btl, ",")
	return slices.Contains(layers, "vader") || slices.Contains(layers, "sm")
}

// sharedSum returns the shared window for sums of up to bytes bytes (at
// most sharedAreaMax), setting it up (or enlarging it) first, or nil if the ranks are not all on one
// host or the job excludes shared memory. Every rank decides alike, so
// the collective calls of the setup match.
func (m *MPI) sharedSum(bytes int) (*sharedWindow, error) {
	if m.sharedOff || m.size == 1 {
		return nil, nil // one rank: the ring copies
	}
	if m.shared == nil {
		if !sharedMemoryAllowed() {
			m.sharedOff = true
			return nil, nil
		}
		w, err := m.nodeComm()
		if err != nil || w == nil {
			m.sharedOff = w == nil
			return nil, err
		}
		m.shared = w
	}
	w := m.shared
	if w.win != 0 && w.area >= bytes {
		return w, nil
	}
	return w, m.allocShared(w, max(bytes, min(2*w.area, sharedAreaMax), 64<<10))
}

// sharedAreaMax is the most bytes of a segment's data area: a larger sum
// goes through the window in parts of at most that much, so that every
// rank maps at most 2·sharedAreaMax bytes of shared memory (/dev/shm is
// small in some containers: 64 MiB by default under Docker). Tests lower
// it.
var sharedAreaMax = 4 << 20

// nodeComm splits MPI_COMM_WORLD by host and returns a window state for
// it if every rank is on this one, else nil (and frees the communicator).
func (m *MPI) nodeComm() (*sharedWindow, error) {
	out := new([2]uintptr) // the communicator, then its size
	p := unsafe.Pointer(out)
	if err := m.check("MPI_Comm_split_type", m.do(m.lib.commSplitType, p,
		m.lib.commWorld, mpiCommTypeShared, uintptr(m.rank), m.lib.infoNull, uintptr(p))); err != nil {
		return nil, err
	}
	if err := m.check("MPI_Comm_size", m.do(m.lib.commSize, p, out[0], uintptr(unsafe.Add(p, 8)))); err != nil {
		return nil, err
	}
	if int(int32(out[1])) != m.size {
		return nil, m.check("MPI_Comm_free", m.do(m.lib.commFree, p, uintptr(p)))
	}
	return &sharedWindow{comm: out[0]}, nil
}

// allocShared (re)allocates w's window with two data areas of at least
// bytes bytes per rank, maps every rank's segment and zeroes the
// counters; collective over the node.
func (m *MPI) allocShared(w *sharedWindow, bytes int) error {
	if err := m.freeWindow(w); err != nil {
		return err
	}
	area := (bytes + 63) &^ 63
	out := new(windowOut)
	p := unsafe.Pointer(out)
	if err := m.check("MPI_Win_allocate_shared", m.do(m.lib.winAllocateShared, p,
		uintptr(sharedHeader+2*area), 1, m.lib.infoNull, w.comm,
		uintptr(unsafe.Pointer(&out.base)), uintptr(unsafe.Pointer(&out.win)))); err != nil {
		return err
	}
	w.win, w.area, w.epoch = out.win, area, 0
	w.segs = make([]unsafe.Pointer, m.size)
	for q := range m.size {
		if err := m.check("MPI_Win_shared_query", m.do(m.lib.winSharedQuery, p, w.win, uintptr(q),
			uintptr(unsafe.Pointer(&out.size)), uintptr(unsafe.Pointer(&out.disp)), uintptr(unsafe.Pointer(&out.base)))); err != nil {
			return err
		}
		w.segs[q] = out.base
	}
	(*atomic.Uint64)(w.segs[m.rank]).Store(0)
	return m.check("MPI_Barrier", m.do(m.lib.barrier, nil, w.comm))
}

// windowOut receives the results of MPI_Win_allocate_shared and
// MPI_Win_shared_query: a segment's address (memory MPI mapped, outside
// Go's heap), the window's handle, and a segment's size and displacement
// unit.
type windowOut struct {
	base unsafe.Pointer
	win  uintptr
	size int64
	disp int32
}

// freeWindow frees w's window, if any; collective over the node.
func (m *MPI) freeWindow(w *sharedWindow) error {
	if w.win == 0 {
		return nil
	}
	h := new(uintptr)
	*h = w.win
	w.win, w.segs = 0, nil
	return m.check("MPI_Win_free", m.do(m.lib.winFree, unsafe.Pointer(h), uintptr(unsafe.Pointer(h))))
}

// closeShared frees the window and the node's communicator; collective.
func (m *MPI) closeShared() error {
	w := m.shared
	if w == nil {
		return nil
	}
	m.shared = nil
	if err := m.freeWindow(w); err != nil {
		return err
	}
	h := new(uintptr)
	*h = w.comm
	return m.check("MPI_Comm_free", m.do(m.lib.commFree, unsafe.Pointer(h), uintptr(unsafe.Pointer(h))))
}

// sharedSumOf sets the c values of T at d to the sum over the ranks of the c
// values at s (d == s: in place), rank r forming block r, in rank order,
// as the ring does: (x₀ + x₁) + x₂ … for every element.
func sharedSumOf[T float32 | float64](m *MPI, w *sharedWindow, d, s unsafe.Pointer, c int) {
	n, r := m.size, m.rank
	src, dst := unsafe.Slice((*T)(s), c), unsafe.Slice((*T)(d), c)
	off := sharedHeader + int(w.epoch%2)*w.area
	seg := func(q int) []T { return unsafe.Slice((*T)(unsafe.Add(w.segs[q], off)), c) }
	blk := func(b int) (int, int) { return b * c / n, (b + 1) * c / n }
	stage := 2 * w.epoch
	w.epoch++

	mine := seg(r)
	for b := range n {
		if lo, hi := blk(b); b != r {
			kernels.StreamCopy(mine[lo:hi], src[lo:hi])
		}
	}
	w.raise(r, stage+1)
	w.await(n, stage+1)

	lo, hi := blk(r)
	// Ranks 0 and 1 read their own values only in the first addition, so
	// they add straight into dst (d may be s) and then stream the block to
	// their segment; a later rank adds into its segment first, since in
	// place its own values are still needed after dst would be overwritten.
	out := dst[lo:hi]
	if r >= 2 {
		out = mine[lo:hi]
	}
	part := func(q int) []T {
		if q == r {
			return src[lo:hi]
		}
		return seg(q)[lo:hi]
	}
	if k := hi - lo; k > 0 {
		kernels.Rows(kernels.OpAdd, out, part(0), part(1), 1, k, k, k)
		for q := 2; q < n; q++ {
			kernels.Rows(kernels.OpAdd, out, out, part(q), 1, k, k, k)
		}
	}
	if r >= 2 {
		copy(dst[lo:hi], out)
	} else {
		kernels.StreamCopy(mine[lo:hi], out)
	}
	w.raise(r, stage+2)
	w.await(n, stage+2)

	for q := range n {
		if lo, hi := blk(q); q != r {
			copy(dst[lo:hi], seg(q)[lo:hi])
		}
	}
}

// raise publishes that this rank has reached stage.
func (w *sharedWindow) raise(r int, stage uint64) {
	(*atomic.Uint64)(w.segs[r]).Store(stage)
}

// await returns when every one of the n ranks has reached stage. It
// polls, and gives its core away (sched_yield) between polls after the
// first few thousand, so that ranks sharing a core with others still
// progress; a rank that dies makes mpirun end the job, this one included.
func (w *sharedWindow) await(n int, stage uint64) {
	for q := range n {
		c := (*atomic.Uint64)(w.segs[q])
		for spin := 0; c.Load() < stage; spin++ {
			if spin > 4096 {
				yieldCore()
			}
		}
	}
}
