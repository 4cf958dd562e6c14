package callbacks_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// backupModel is a small compiled regression model.
func backupModel() *models.Sequential {
	m := models.MustSequential(
		&layers.Dense{Units: 5, InputShape: []int{2}, Activation: "tanh"},
		&layers.Dense{Units: 1})
	m.Seed = 3
	if err := m.Compile(&optimizers.Adam{LearningRate: 0.02}, losses.MeanSquaredError{}); err != nil {
		panic(err)
	}
	return m
}

// crashAfter panics at the end of an epoch, as a killed process stops:
// without the train-end event.
type crashAfter struct {
	callbacks.Base
	epoch int
}

func (c *crashAfter) OnEpochEnd(epoch int, _ *callbacks.Logs) {
	if epoch == c.epoch {
		panic("killed")
	}
}

// fitCrashing runs Fit until crash panics.
func fitCrashing(m *models.Sequential, x, y *tensor.Tensor, o models.FitOptions) {
	defer func() { recover() }()
	m.Fit(x, y, o)
}

// TestBackupAndRestoreResumesFitExactly: Fit killed after epoch 3 of 6,
// then a new process (a new model and callback) that restores the backup
// and fits on, ends with the weights and losses of an uninterrupted Fit,
// bit for bit, and the backup deleted.
func TestBackupAndRestoreResumesFitExactly(t *testing.T) {
	x := tensor.New(tensor.Float32, 30, 2)
	y := tensor.New(tensor.Float32, 30)
	for i := range 30 {
		a, b := float64(i%7)/7, float64(i%5)/5
		x.Set(a, i, 0)
		x.Set(b, i, 1)
		y.Set(a*a-b+0.5, i)
	}
	opts := func(first int, cbs ...callbacks.Callback) models.FitOptions {
		return models.FitOptions{Epochs: 6, InitialEpoch: first, BatchSize: 8, Verbose: models.Silent, Callbacks: cbs}
	}
	ref := backupModel()
	full, err := ref.Fit(x, y, opts(0))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backup")
	m := backupModel()
	backup := &callbacks.BackupAndRestore{BackupDir: dir}
	fitCrashing(m, x, y, opts(0, backup, &crashAfter{epoch: 2}))

	// The new process passes the callback to Fit, as in Keras; Fit
	// restores the backup and starts at epoch 3.
	resumed := backupModel()
	backup = &callbacks.BackupAndRestore{BackupDir: dir}
	hist, err := resumed.Fit(x, y, opts(0, backup))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%x", weightBits(ref)) != fmt.Sprintf("%x", weightBits(resumed)) {
		t.Error("the resumed run's weights differ from the uninterrupted run's")
	}
	for i, l := range hist.History["loss"] {
		if l != full.History["loss"][3+i] {
			t.Errorf("epoch %d: loss %v, uninterrupted %v", 3+i, l, full.History["loss"][3+i])
		}
	}
	if len(hist.Epoch) != 3 {
		t.Errorf("resumed epochs %v", hist.Epoch)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the backup is still there: %v", err)
	}
}

// weightBits returns the bits of every weight of m.
func weightBits(m *models.Sequential) []uint32 {
	var out []uint32
	for _, w := range m.WeightValues() {
		for _, v := range w.Float32s() {
			out = append(out, math.Float32bits(v))
		}
	}
	return out
}
