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
// compiled. A model that already has a training step — it has trained, or
// was loaded by Load from a checkpoint — is recompiled from its saved
// compile settings, keeping the optimizer's state and the random streams,
// so that a checkpoint written by an N-rank job resumes on M ranks (every
// rank loads the file, then calls SetDistributor). It must not be called
// during Fit.
func (m *Model) SetDistributor(d Distributor) error {
	if d != nil && (d.Size() < 1 || d.Rank() < 0 || d.Rank() >= d.Size()) {
		return fmt.Errorf("models: SetDistributor: the Distributor has rank %d of %d", d.Rank(), d.Size())
	}
	m.mu.Lock()
	if m.comp == nil {
		m.mu.Unlock()
		return errors.New("models: SetDistributor: the model is not compiled")
	}
	if m.comp.train != nil {
		m.mu.Unlock()
		return m.redistribute(d)
	}
	defer m.mu.Unlock()
	m.comp.dist = nil
	if d != nil {
		m.comp.dist = &distributed{d: d}
	}
	return nil
}
