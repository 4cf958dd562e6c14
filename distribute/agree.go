package distribute

import (
	"fmt"
	"math"
	"slices"
)

// Collective is the part of models.Distributor that Agree uses; *MPI and
// *Rank satisfy it.
type Collective interface {
	Rank() int
	Size() int
	SumFloat64s(xs []float64) error
	BroadcastFloat64s(xs []float64) error
}

// Agree checks that every rank holds the same values (compared bit for
// bit), such as a model's parameter count and a data set's size, to catch
// a wrong launch: ranks started with different models or data. It is
// collective, and values must have the same length on every rank. It
// returns the same error on every rank when some rank differs from rank 0,
// naming what (name) and which ranks; on a differing rank it also gives
// that rank's values.
func Agree(d Collective, name string, values ...float64) error {
	n := len(values)
	buf := make([]float64, n+d.Size())
	copy(buf, values)
	if err := d.BroadcastFloat64s(buf[:n]); err != nil {
		return err
	}
	root := slices.Clone(buf[:n])
	clear(buf[n:])
	for i, v := range values {
		if math.Float64bits(v) != math.Float64bits(root[i]) {
			buf[n+d.Rank()] = 1
		}
	}
	if err := d.SumFloat64s(buf[n:]); err != nil {
		return err
	}
	var differ []int
	for r, f := range buf[n:] {
		if f != 0 {
			differ = append(differ, r)
		}
	}
	if len(differ) == 0 {
		return nil
	}
	err := fmt.Errorf("distribute: the ranks disagree on %s: rank 0 has %v, ranks %v differ", name, root, differ)
	if slices.Contains(differ, d.Rank()) {
		err = fmt.Errorf("%w (rank %d has %v)", err, d.Rank(), values)
	}
	return err
}
