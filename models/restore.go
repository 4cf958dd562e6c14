package models

import (
	"fmt"

	"github.com/neurite/neurite/saving"
)

// Restore loads a file written by Save into this model, which must have
// the same architecture: every weight (matched by name, dtype and shape),
// the optimizer's variables if the file holds them (the model must then
// be compiled with the same optimizer and train on labels of the saved
// kind) and the random streams. Afterwards Fit with InitialEpoch set to
// the epochs already run continues the saved run bit for bit, as if it had
// never stopped; this is what callbacks.BackupAndRestore uses. Restore
// reads the file as warily as Load does. The weights are checked before
// any is set; an optimizer that does not match leaves the weights
// restored and returns an error.
func (m *Model) Restore(path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("models: Restore: %s: invalid model file: %v", path, r)
		}
	}()
	if err := m.requireBuilt("Restore"); err != nil {
		return err
	}
	if err := m.restore(path); err != nil {
		return fmt.Errorf("models: Restore: %s: %w", path, trimSavingPrefix(err, path))
	}
	return nil
}

// restore does Restore's work.
func (m *Model) restore(path string) error {
	a, err := saving.OpenArchive(path, archiveLimits)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := checkModelFile(a); err != nil {
		return err
	}
	var st stateFile
	if err := readJSON(a, entryState, &st); err != nil {
		return err
	}
	weights, err := readTensors(a, entryWeights)
	if err != nil {
		return err
	}
	m.mu.Lock()
	err = m.setLoadedWeights(weights)
	m.mu.Unlock()
	if err != nil {
		return err
	}
	return m.restoreState(a, &st)
}

// checkModelFile checks that an archive holds a model file of the version
// this package reads.
func checkModelFile(a *saving.Archive) error {
	for _, name := range []string{entryMetadata, entryConfig, entryWeights, entryState} {
		if !a.Has(name) {
			return fmt.Errorf("not a model file: the entry %s is missing", name)
		}
	}
	var meta metadataFile
	if err := readJSON(a, entryMetadata, &meta); err != nil {
		return err
	}
	if meta.Format != fileFormat {
		return fmt.Errorf("not a model file: format %q, want %q", meta.Format, fileFormat)
	}
	if meta.FormatVersion != fileFormatVersion {
		return fmt.Errorf("format version %d is not supported (this version of Neurite reads version %d)", meta.FormatVersion, fileFormatVersion)
	}
	return nil
}
