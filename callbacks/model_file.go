package callbacks

// ModelSaver is implemented by models that save themselves whole to one
// file (models.Model's Save): ModelCheckpoint and BackupAndRestore use it.
type ModelSaver interface {
	// Save writes the whole model to path, atomically.
	Save(path string) error
}

// ModelRestorer is implemented by models that load a file written by
// their Save back into themselves — weights, optimizer state and random
// streams — so that training continues where it stopped (models.Model's
// Restore). BackupAndRestore uses it.
type ModelRestorer interface {
	ModelSaver
	// Restore loads the file at path into the model.
	Restore(path string) error
}

// Resumer is implemented by callbacks that resume an interrupted training
// (BackupAndRestore): Fit calls Restore with the model before training, as
// Keras's fit does, and starts at the epoch it returns when that is later
// than FitOptions.InitialEpoch.
type Resumer interface {
	Restore(m ModelRestorer) (epoch int, err error)
}
