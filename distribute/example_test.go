package distribute_test

import (
	"fmt"
	"log"

	"github.com/neurite/neurite/distribute"
)

// A rank sums a gradient into another slice with MPI_Allreduce instead of
// the default ring. Run with "mpirun -np 2 ./program", every rank prints
// [2 4 6]; run alone, it says so.
func ExampleMPI_SetSumMethod() {
	m, ok, err := distribute.Detect()
	if err != nil {
		log.Fatal(err)
	}
	if !ok {
		fmt.Println("not started by mpirun: one process, no MPI")
		return
	}
	defer m.Close()
	if err := m.SetSumMethod(distribute.SumAllreduce); err != nil {
		log.Fatal(err)
	}
	grad, sum := []float32{1, 2, 3}, make([]float32, 3)
	if err := m.SumFloat32sInto(sum, grad); err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum)
	// Output:
	// not started by mpirun: one process, no MPI
}
