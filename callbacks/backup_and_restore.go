package callbacks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/neurite/neurite/saving"
)

// BackupAndRestore backs the model up during Fit so that training killed
// half-way (a crash, a pre-empted machine) resumes where it stopped, as
// Keras's BackupAndRestore: at the end of every epoch (or every SaveFreq
// batches) it saves the whole model — weights, optimizer state and random
// streams, with the model's Save — into BackupDir, with the number of the
// epoch to resume at; when training ends it deletes the backup.
//
// As in Keras, passing it to Fit is all it takes: Fit calls Restore (it
// is a [Resumer]) before training and starts at the epoch the backup
// resumes at:
//
//	backup := &callbacks.BackupAndRestore{BackupDir: "backup"}
//	hist, err := model.Fit(x, y, models.FitOptions{Epochs: 10,
//		Callbacks: []callbacks.Callback{backup}})
//
// Restore may also be called by hand before Fit (it returns the epoch to
// pass as FitOptions.InitialEpoch).
//
// A run resumed from an epoch-end backup continues bit for bit as if it
// had not stopped (History holds the epochs run after the restore). A
// backup made every SaveFreq batches resumes, as in Keras, at the start of
// the epoch it was made in, with the weights it had then. Fit with a backup
// in BackupDir that Restore has not loaded is an error before any training
// step, so that a backup is never silently overwritten.
//
// The backup is deleted when Fit ends after a whole epoch — all epochs
// run, or stopped by a callback such as EarlyStopping —, as Keras's
// delete_checkpoint=True does, unless KeepBackup; a Fit that fails inside
// an epoch keeps it. Each file is written atomically, and the file naming
// the current backup is replaced only once the backup is complete, so a
// kill at any moment leaves a usable backup.
type BackupAndRestore struct {
	Base
	// BackupDir is the folder of the backup (required); it is created if
	// missing. It must not be shared by two trainings at once.
	BackupDir string
	// SaveFreq is 0 to back up at the end of every epoch (Keras's "epoch",
	// the default), or n > 0 to back up every n training batches.
	SaveFreq int
	// KeepBackup keeps the backup after training ends (Keras's
	// delete_checkpoint=False).
	KeepBackup bool

	pending       bool // Restore ran and no Fit has used it yet
	firstEpoch    int  // the epoch Restore said to start at
	checkFirst    bool
	epoch         int
	epochOpen     bool
	batchesSince  int
	lastBatchSeen int
	err           error
}

// backupMeta is the backup's training_metadata.json: the epoch to resume
// at and the model file holding the backup.
type backupMeta struct {
	Epoch int    `json:"epoch"`
	Model string `json:"model"`
}

// The backup's files: the metadata names one of two model files, which
// backups write in turn.
const (
	backupMetaFile = "training_metadata.json"
	backupModelA   = "backup-a.neurite"
	backupModelB   = "backup-b.neurite"
	maxBackupMeta  = 1 << 16
)

// Restore loads the backup in BackupDir, if there is one, into m (the
// model about to be trained) and returns the epoch Fit must start at,
// FitOptions.InitialEpoch; without a backup it returns 0 and leaves m as
// it is. m must have the architecture, compile settings and optimizer of
// the backed-up model.
func (c *BackupAndRestore) Restore(m ModelRestorer) (int, error) {
	if c.BackupDir == "" {
		return 0, errors.New("callbacks: BackupAndRestore: BackupDir is empty")
	}
	meta, ok, err := c.readMeta()
	if err != nil {
		return 0, err
	}
	epoch := 0
	if ok {
		if err := m.Restore(filepath.Join(c.BackupDir, meta.Model)); err != nil {
			return 0, fmt.Errorf("callbacks: BackupAndRestore: %w", err)
		}
		epoch = meta.Epoch
	}
	c.pending, c.firstEpoch = true, epoch
	return epoch, nil
}

// readMeta reads the backup's metadata; ok is false if there is no
// backup.
func (c *BackupAndRestore) readMeta() (backupMeta, bool, error) {
	var meta backupMeta
	path := filepath.Join(c.BackupDir, backupMetaFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return meta, false, nil
	}
	if err != nil {
		return meta, false, fmt.Errorf("callbacks: BackupAndRestore: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxBackupMeta+1))
	if err == nil && len(b) > maxBackupMeta {
		err = errors.New("larger than 64 KiB")
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		err = dec.Decode(&meta)
		if err == nil && dec.More() {
			err = errors.New("data after the JSON value")
		}
	}
	if err == nil && (meta.Epoch < 0 || meta.Model != backupModelA && meta.Model != backupModelB) {
		err = fmt.Errorf("epoch %d, model %q: want an epoch >= 0 and %s or %s", meta.Epoch, meta.Model, backupModelA, backupModelB)
	}
	if err != nil {
		return meta, false, fmt.Errorf("callbacks: BackupAndRestore: %s: %w", path, err)
	}
	return meta, true, nil
}

// OnTrainBegin checks the configuration and that a backup in BackupDir
// has been restored.
func (c *BackupAndRestore) OnTrainBegin(*Logs) {
	c.err, c.checkFirst, c.epochOpen, c.batchesSince, c.lastBatchSeen = nil, false, false, 0, 0
	switch {
	case c.BackupDir == "":
		c.err = errors.New("callbacks: BackupAndRestore: BackupDir is empty")
		return
	case c.SaveFreq < 0:
		c.err = fmt.Errorf("callbacks: BackupAndRestore: SaveFreq must be 0 (every epoch) or a positive number of batches, got %d", c.SaveFreq)
		return
	}
	if c.pending {
		c.pending, c.checkFirst = false, true
		return
	}
	meta, ok, err := c.readMeta()
	switch {
	case err != nil:
		c.err = err
	case ok:
		c.err = fmt.Errorf("callbacks: BackupAndRestore: %s holds a backup to resume at epoch %d: call Restore(model) before Fit and pass the epoch it returns as InitialEpoch (or delete the backup)",
			c.BackupDir, meta.Epoch)
	}
}

// OnEpochBegin checks that Fit starts at the epoch Restore returned.
func (c *BackupAndRestore) OnEpochBegin(epoch int, _ *Logs) {
	c.epoch, c.epochOpen = epoch, true
	if c.checkFirst {
		c.checkFirst = false
		if epoch != c.firstEpoch && c.err == nil {
			c.err = fmt.Errorf("callbacks: BackupAndRestore: Fit starts at epoch %d, but the restored backup resumes at epoch %d: pass the epoch Restore returned as InitialEpoch",
				epoch, c.firstEpoch)
			c.Model.StopTraining()
		}
	}
}

// OnTrainBatchEnd backs up every SaveFreq batches when SaveFreq is set.
func (c *BackupAndRestore) OnTrainBatchEnd(batch int, _ *Logs) {
	if c.err != nil || c.SaveFreq <= 0 {
		return
	}
	add := batch - c.lastBatchSeen // batch numbers restart each epoch
	if batch <= c.lastBatchSeen {
		add = batch + 1
	}
	c.batchesSince += add
	c.lastBatchSeen = batch
	if c.batchesSince >= c.SaveFreq {
		c.batchesSince = 0
		c.backup(c.epoch)
	}
}

// OnEpochEnd backs up when SaveFreq is 0 (every epoch).
func (c *BackupAndRestore) OnEpochEnd(epoch int, _ *Logs) {
	c.epochOpen = false
	if c.err == nil && c.SaveFreq == 0 {
		c.backup(epoch + 1)
	}
}

// OnTrainEnd deletes the backup unless KeepBackup, an error, or a Fit that
// ended inside an epoch.
func (c *BackupAndRestore) OnTrainEnd(*Logs) {
	if c.KeepBackup || c.err != nil || c.epochOpen || c.BackupDir == "" {
		return
	}
	for _, name := range []string{backupMetaFile, backupModelA, backupModelB} {
		if err := os.Remove(filepath.Join(c.BackupDir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			c.err = fmt.Errorf("callbacks: BackupAndRestore: deleting the backup: %w", err)
			return
		}
	}
	os.Remove(c.BackupDir) // only if empty; a folder with other files stays
}

// backup saves the model into the model file the metadata does not name,
// then points the metadata at it, to resume at epoch resume.
func (c *BackupAndRestore) backup(resume int) {
	s, ok := c.Model.(ModelSaver)
	if !ok {
		c.err = fmt.Errorf("callbacks: BackupAndRestore: the model cannot save itself whole (%T has no Save method)", c.Model)
		return
	}
	if err := os.MkdirAll(c.BackupDir, 0o755); err != nil {
		c.err = fmt.Errorf("callbacks: BackupAndRestore: %w", err)
		return
	}
	meta, _, err := c.readMeta()
	if err != nil {
		c.err = err
		return
	}
	next := backupModelA
	if meta.Model == backupModelA {
		next = backupModelB
	}
	if err := s.Save(filepath.Join(c.BackupDir, next)); err != nil {
		c.err = fmt.Errorf("callbacks: BackupAndRestore: backing up epoch %d: %w", c.epoch+1, err)
		return
	}
	b, err := json.Marshal(backupMeta{Epoch: resume, Model: next})
	if err == nil {
		err = saving.WriteFileAtomic(filepath.Join(c.BackupDir, backupMetaFile), func(w io.Writer) error {
			_, err := w.Write(append(b, '\n'))
			return err
		})
	}
	if err != nil {
		c.err = fmt.Errorf("callbacks: BackupAndRestore: %w", err)
	}
}

// Err returns the first error: an invalid configuration, a backup that
// was not restored, or a failed backup.
func (c *BackupAndRestore) Err() error { return c.err }
