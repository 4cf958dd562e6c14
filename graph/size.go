package graph

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// checkStaticSize reports an error if a node's output of dtype and static
// shape could never be allocated: its element count or byte size overflows,
// or exceeds [tensor.MaxBytes], counting each Unknown dimension as 1 (the
// smallest it can be at run time). Shape inference goes through it in
// AddNode, so a BroadcastTo, OneHot or Reshape asking for more than memory
// holds fails when the graph is built.
func checkStaticSize(dtype tensor.DType, shape tensor.Shape) error {
	known := make([]int, len(shape))
	for i, d := range shape {
		known[i] = d
		if d == Unknown {
			known[i] = 1
		}
	}
	if _, err := tensor.CheckSize(dtype, known); err != nil {
		return fmt.Errorf("output %v %s is too large: %s", dtype, formatShape(shape), sizeReason(err))
	}
	return nil
}

// sizeReason returns the message of a size error without the "tensor.Op:"
// prefix and shape suffix, which the graph's messages give their own way.
func sizeReason(err error) string {
	if te, ok := err.(*tensor.Error); ok {
		return te.Msg
	}
	return err.Error()
}

// checkArenaSize reports an error if the buffers of p, each of which fits
// on its own, together exceed [tensor.MaxBytes]: running the plan would
// then die allocating them instead of returning an error.
func (p *plan) checkArenaSize() error {
	var total int64
	lim := tensor.MaxBytes()
	for _, b := range p.buffers {
		total += int64(b.size) * int64(b.dtype.Size()) // each is at most lim
		if total > lim {
			return fmt.Errorf("graph: Run: the intermediate results of this run need more than %d bytes (tensor.MaxBytes); feed a smaller batch", lim)
		}
	}
	return nil
}
