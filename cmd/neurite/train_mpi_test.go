package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// "neurite train iris" under mpirun -np 2, prints
// one JSON object (rank 0's) with world_size 2.
func TestTrainIrisUnderMPIRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds neurite and runs it under mpirun")
	}
	mpirun, err := exec.LookPath("mpirun")
	if err != nil {
		t.Skip("mpirun not found on PATH; install openmpi-bin")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is needed to build neurite")
	}
	bin := filepath.Join(t.TempDir(), "neurite")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "2",
		bin, "train", "iris", "--epochs", "20", "--json")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("mpirun: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	dec := json.NewDecoder(&stdout)
	var res result
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout.String())
	}
	var more json.RawMessage
	if err := dec.Decode(&more); err != io.EOF {
		t.Fatalf("stdout holds more than one JSON value: %s (%v)", more, err)
	}
	if res.WorldSize != 2 || res.Dataset != "iris" || res.Epochs != 20 {
		t.Errorf("got world_size %d, dataset %q, epochs %d; want 2, iris, 20", res.WorldSize, res.Dataset, res.Epochs)
	}
	if acc, ok := res.Test["accuracy"]; !ok || acc < 0.5 {
		t.Errorf("test accuracy %v (present %v); want at least 0.5 after 20 epochs", acc, ok)
	}
}
