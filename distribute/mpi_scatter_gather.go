package distribute

import "unsafe"

// The sums of SumScatterGather. Every value of the result is formed on
// one rank and copied, bit for bit, to the others (ring), or formed by
// every rank from the same inputs in the same order by the same Go code
// (gatherSum); either way the ranks cannot disagree, whatever algorithms
// Open MPI picks for its collectives.

// gatherSum sums c values by gathering every rank's c values on every
// rank (MPI_Allgather), then adding them in rank order.
func (m *MPI) gatherSum(d, s unsafe.Pointer, c, size int, dtype uintptr) error {
	all := m.scratchFor(m.size * c * size)
	if err := m.check("MPI_Allgather", m.do2(m.lib.allgather, s, all,
		uintptr(s), uintptr(c), dtype, uintptr(all), uintptr(c), dtype, m.lib.commWorld)); err != nil {
		return err
	}
	if size == 4 {
		addRanks((*float32)(d), (*float32)(all), c, m.size)
	} else {
		addRanks((*float64)(d), (*float64)(all), c, m.size)
	}
	return nil
}

// addRanks sets the c values at d to the sums, in rank order, of the n
// ranks' c values laid one rank after the other at all.
func addRanks[T float32 | float64](d, all *T, c, n int) {
	dst, xs := unsafe.Slice(d, c), unsafe.Slice(all, n*c)
	copy(dst, xs[:c])
	for q := 1; q < n; q++ {
		for i, x := range xs[q*c : (q+1)*c] {
			dst[i] += x
		}
	}
}

// scratchFor returns the scratch buffer, grown to at least bytes bytes
// (and at least one value, so that its address is valid).
func (m *MPI) scratchFor(bytes int) unsafe.Pointer {
	if need := max(1, (bytes+7)/8); len(m.scratch) < need {
		m.scratch = make([]uint64, need)
	}
	return unsafe.Pointer(&m.scratch[0])
}

// ringTag is the tag of the ring's messages.
const ringTag = 0x4e52

// ring sums c values over a ring of the ranks, rank r sending to r+1 and
// receiving from r−1: first, in N−1 steps, each block is passed along the
// ring and every rank adds its values (MPI_Sendrecv, MPI_Reduce_local),
// so that block q is complete on rank q only; then, in N−1 more steps,
// the complete blocks are passed along the ring and copied as they are.
// The calls are made as one batch (handed to the MPI thread at once
// where MPI provides only MPI_THREAD_FUNNELED).
func (m *MPI) ring(d, s unsafe.Pointer, c, size int, dtype uintptr) error {
	n, r := m.size, m.rank
	if n == 1 {
		if d != s {
			copy(unsafe.Slice((*byte)(d), c*size), unsafe.Slice((*byte)(s), c*size))
		}
		return nil
	}
	mod := func(b int) int { return ((b % n) + n) % n }
	off := func(b int) int { return mod(b) * c / n * size }
	cnt := func(b int) uintptr { return uintptr((mod(b)+1)*c/n - mod(b)*c/n) }
	next, prev := uintptr((r+1)%n), uintptr((r+n-1)%n)
	var scratch unsafe.Pointer
	if d == s {
		scratch = m.scratchFor((c/n + 1) * size)
	}
	m.batch = m.batch[:0]
	for k := range n - 1 {
		sb, rb := r-k-1, r-k-2 // the block sent on, the block received
		from := d              // the partial sum of sb, from the last step
		if k == 0 {
			from = s
		}
		send, mine := unsafe.Add(from, off(sb)), unsafe.Add(d, off(rb))
		if d == s { // in place: receive beside, then add to this rank's values
			m.add(m.lib.sendrecv, "MPI_Sendrecv", send, scratch, uintptr(send), cnt(sb), dtype, next, ringTag,
				uintptr(scratch), cnt(rb), dtype, prev, ringTag, m.lib.commWorld, mpiStatusIgnore)
			m.add(m.lib.reduceLocal, "MPI_Reduce_local", scratch, mine, uintptr(scratch), uintptr(mine), cnt(rb), dtype, m.lib.opSum)
			continue
		}
		m.add(m.lib.sendrecv, "MPI_Sendrecv", send, mine, uintptr(send), cnt(sb), dtype, next, ringTag,
			uintptr(mine), cnt(rb), dtype, prev, ringTag, m.lib.commWorld, mpiStatusIgnore)
		src := unsafe.Add(s, off(rb))
		m.add(m.lib.reduceLocal, "MPI_Reduce_local", src, mine, uintptr(src), uintptr(mine), cnt(rb), dtype, m.lib.opSum)
	}
	for k := range n - 1 {
		sb, rb := r-k, r-k-1
		send, recv := unsafe.Add(d, off(sb)), unsafe.Add(d, off(rb))
		m.add(m.lib.sendrecv, "MPI_Sendrecv", send, recv, uintptr(send), cnt(sb), dtype, next, ringTag,
			uintptr(recv), cnt(rb), dtype, prev, ringTag, m.lib.commWorld, mpiStatusIgnore)
	}
	return m.flush()
}
