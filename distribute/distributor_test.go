package distribute_test

import (
	"github.com/neurite/neurite/distribute"
	"github.com/neurite/neurite/models"
)

// Both implementations are models.Distributors.
var (
	_ models.Distributor = (*distribute.MPI)(nil)
	_ models.Distributor = (*distribute.Rank)(nil)
)
