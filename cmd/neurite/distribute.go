package main

import (
	"github.com/neurite/neurite/distribute"
	"github.com/neurite/neurite/models"
)

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

// agreeOnLaunch checks that every rank was started with the same dataset
// and training flags (ranks of an MPMD launch, or of a hostfile whose
// hosts run different neurite versions, may not be): with another batch
// size or number of epochs, a rank would wait forever for the others.
func agreeOnLaunch(d models.Distributor, c *trainConfig) error {
	name := 0.0
	for _, b := range []byte(c.dataset) {
		name = name*31 + float64(b)
	}
	return distribute.Agree(d, "the dataset and training flags (name hash, epochs, batch size, lr, seed, validation split)",
		name, float64(c.epochs), float64(c.batchSize), c.lr, float64(c.seed), c.valSplit)
}
