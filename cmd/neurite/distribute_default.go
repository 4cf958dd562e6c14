//go:build !mpi

package main

import (
	"errors"
	"os"

	"github.com/neurite/neurite/models"
)

// mpiBuilt reports whether this neurite can train over MPI.
const mpiBuilt = false

// distributor returns nil: this neurite is the default, static build,
// which does not load MPI. Started under mpirun with several ranks, it
// says how to get the MPI-capable build instead of training the same model
// N times.
func distributor() (models.Distributor, func(), error) {
	if n := os.Getenv("OMPI_COMM_WORLD_SIZE"); n != "" && n != "1" {
		return nil, nil, errors.New("this neurite was built without MPI support: build it with `go build -tags mpi ./cmd/neurite` to train over mpirun")
	}
	return nil, func() {}, nil
}

// agreeOnLaunch has nothing to check: this build never trains over
// several ranks (distributor returns nil).
func agreeOnLaunch(models.Distributor, *trainConfig) error { return nil }
