package distribute

import (
	"strings"
	"testing"
)

func TestDetectOutsideMPIRun(t *testing.T) {
	for _, v := range launcherVars {
		unsetenv(t, v)
	}
	m, ok, err := Detect()
	if m != nil || ok || err != nil {
		t.Fatalf("Detect() = %v, %v, %v outside mpirun; want nil, false, nil", m, ok, err)
	}
}

func TestDetectWithoutLibMPI(t *testing.T) {
	for _, v := range launcherVars {
		unsetenv(t, v)
	}
	t.Setenv("OMPI_COMM_WORLD_SIZE", "2")
	defer func(old []string) { libMPINames = old }(libMPINames)
	libMPINames = []string{"libneurite-no-such-mpi.so.40"}
	m, ok, err := Detect()
	if m != nil || !ok || err == nil {
		t.Fatalf("Detect() = %v, %v, %v; want nil, true and an error", m, ok, err)
	}
	for _, want := range []string{"started under mpirun but libmpi.so could not be loaded", "libneurite-no-such-mpi.so.40", "install openmpi-bin/libopenmpi3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestLoadLibMPIRejectsOtherLibraries(t *testing.T) {
	defer func(old []string) { libMPINames = old }(libMPINames)
	libMPINames = []string{"libc.so.6"}
	_, err := loadLibMPI()
	if err == nil || !strings.Contains(err.Error(), "libmpi has no MPI_Init_thread (is it Open MPI's?)") {
		t.Fatalf("loading libc as libmpi: got %v, want a missing-symbol error", err)
	}
}
