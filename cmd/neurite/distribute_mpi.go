//go:build mpi

package main

import (
	"github.com/neurite/neurite/distribute"
	"github.com/neurite/neurite/models"
)

// mpiBuilt reports whether this neurite can train over MPI.
const mpiBuilt = true

// distributor returns the MPI world when neurite runs under mpirun (nil
// otherwise) and a function that finalizes MPI.
func distributor() (models.Distributor, func(), error) {
	d, ok, err := distribute.Detect()
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, func() {}, nil
	}
	return d, func() { d.Close() }, nil
}
