package models

import (
	"errors"
	"fmt"
)

// Distributor connects the processes of a data-parallel training job, as
// Keras's MultiWorkerMirroredStrategy or PyTorch's DDP do: every process
// (rank) runs the same program on the same data; Fit splits each global
// batch across the ranks, averages the gradients over them with an
// all-reduce, and reduces the logged loss and metrics, so that every rank
// holds the same weights after every step. Package distribute provides
// one over MPI; set it in CompileConfig.Distributor.
//
// Every method is a collective operation: all ranks call it in the same
// order, and it returns the same result on every rank. An error (a rank
// that died, a failed transfer) must end the call on every rank.
type Distributor interface {
	// Rank returns this process's number, 0 to Size()-1; rank 0 prints
	// and writes files.
	Rank() int
	// Size returns the number of processes.
	Size() int
	// SumFloat32s replaces xs, on every rank, with the elementwise sum of
	// every rank's xs; the result must be bit-identical on all ranks.
	SumFloat32s(xs []float32) error
	// SumFloat64s is SumFloat32s for float64.
	SumFloat64s(xs []float64) error
	// BroadcastFloat32s replaces xs, on every rank, with rank 0's xs.
	BroadcastFloat32s(xs []float32) error
	// BroadcastFloat64s is BroadcastFloat32s for float64.
	BroadcastFloat64s(xs []float64) error
}

// SetDistributor makes Fit train data-parallel over d's ranks (nil: this
// process alone), as CompileConfig.Distributor does, for a model already
// compiled. It must be called before the first Fit after Compile.
func (m *Model) SetDistributor(d Distributor) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.comp == nil {
		return errors.New("models: SetDistributor: the model is not compiled")
	}
	if m.comp.train != nil {
		return errors.New("models: SetDistributor: the model has trained since Compile; call it right after Compile")
	}
	if d == nil {
		m.comp.dist = nil
		return nil
	}
	if d.Size() < 1 || d.Rank() < 0 || d.Rank() >= d.Size() {
		return fmt.Errorf("models: SetDistributor: the Distributor has rank %d of %d", d.Rank(), d.Size())
	}
	m.comp.dist = &distributed{d: d}
	return nil
}
