package distribute

import (
	"errors"
	"fmt"
	"os"
)

// launcherVars are environment variables that Open MPI's mpirun (and
// other PMIx launchers, such as Slurm's srun --mpi=pmix) set in every
// process it starts.
var launcherVars = []string{"OMPI_COMM_WORLD_SIZE", "PMIX_RANK"}

// UnderMPIRun reports whether the environment says that this process was
// started by mpirun.
func UnderMPIRun() bool {
	for _, v := range launcherVars {
		if _, ok := os.LookupEnv(v); ok {
			return true
		}
	}
	return false
}

// Detect initialises MPI when the process was started by mpirun and
// returns it with ok true; otherwise it returns nil, false, nil and loads
// nothing. Started under mpirun without a loadable libmpi, it returns ok
// true and an error saying what to install. Assign the *MPI to a
// models.Distributor only when ok is true and err is nil (a nil *MPI in an
// interface is not a nil interface), and Close it before the program
// exits.
func Detect() (m *MPI, ok bool, err error) {
	if !UnderMPIRun() {
		return nil, false, nil
	}
	m, err = InitMPI()
	var le *loadError
	if errors.As(err, &le) {
		return nil, true, fmt.Errorf("distribute: started under mpirun but libmpi.so could not be loaded: %s; install openmpi-bin/libopenmpi3", le.reason)
	}
	if err != nil {
		return nil, true, err
	}
	return m, true, nil
}
