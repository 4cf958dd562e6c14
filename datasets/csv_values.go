package datasets

// csvValues collects parsed numbers in chunks, so that growing never copies
// what was read (append would copy and double), then returns them as one
// slice: the memory used is about twice the values' size, whatever their
// number.
type csvValues[T float32 | float64] struct {
	chunks [][]T
	cur    []T
	n      int
}

// Chunk sizes, in values: the first chunk is small for small inputs, each
// next one doubles up to the largest.
const (
	csvFirstChunk = 1 << 10
	csvLastChunk  = 1 << 18
)

// add appends v.
func (c *csvValues[T]) add(v T) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.chunks = append(c.chunks, c.cur)
		}
		c.cur = make([]T, 0, min(max(2*cap(c.cur), csvFirstChunk), csvLastChunk))
	}
	c.cur = append(c.cur, v)
	c.n++
}

// len returns the number of values.
func (c *csvValues[T]) len() int { return c.n }

// slice returns the values in order, in a slice of exactly their length.
func (c *csvValues[T]) slice() []T {
	if len(c.chunks) == 0 && len(c.cur) == cap(c.cur) {
		return c.cur
	}
	out := make([]T, 0, c.n)
	for _, ch := range c.chunks {
		out = append(out, ch...)
	}
	return append(out, c.cur...)
}
