package callbacks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupAndRestoreBacksUpEachEpochAndDeletesAtTheEnd: a backup after
// every epoch alternates between two model files; a finished Fit deletes
// the backup, unless KeepBackup.
func TestBackupAndRestoreBacksUpEachEpochAndDeletesAtTheEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "backup")
	m := &fakeModel{}
	c := &BackupAndRestore{BackupDir: dir, KeepBackup: true}
	if first, err := c.Restore(m); first != 0 || err != nil || m.restores != 0 {
		t.Fatalf("no backup: Restore = %d, %v (%d restores)", first, err, m.restores)
	}
	fit(c, m, "loss", []float64{1, 1, 1})
	if c.Err() != nil || m.wholeSaves != 3 {
		t.Fatalf("err %v, %d saves", c.Err(), m.wholeSaves)
	}
	if got := strings.Join(files(t, dir), " "); got != "backup-a.neurite backup-b.neurite training_metadata.json" {
		t.Fatalf("files %s", got)
	}
	meta, err := os.ReadFile(filepath.Join(dir, backupMetaFile))
	if err != nil || string(meta) != `{"epoch":3,"model":"backup-a.neurite"}`+"\n" {
		t.Fatalf("metadata %q, %v", meta, err)
	}
	if e := savedEpoch(t, filepath.Join(dir, backupModelA)); e != 2 {
		t.Fatalf("the current backup holds epoch %v, want 2", e)
	}
	// The kept backup must be restored before the next Fit.
	c2 := &BackupAndRestore{BackupDir: dir}
	fit(c2, &fakeModel{}, "loss", []float64{1})
	if c2.Err() == nil || !strings.Contains(c2.Err().Error(), "resume at epoch 3: call Restore(model)") {
		t.Fatalf("an unrestored backup: %v", c2.Err())
	}
	m2 := &fakeModel{}
	if first, err := c2.Restore(m2); first != 3 || err != nil || m2.w != 2 {
		t.Fatalf("Restore = %d, %v, weight %v", first, err, m2.w)
	}
	c2.SetModel(m2)
	c2.OnTrainBegin(&Logs{})
	c2.OnEpochBegin(3, &Logs{})
	c2.OnEpochEnd(3, &Logs{})
	c2.OnTrainEnd(&Logs{})
	if _, err := os.Stat(dir); c2.Err() != nil || !os.IsNotExist(err) {
		t.Fatalf("after a finished Fit: err %v, backup folder %v", c2.Err(), err)
	}
}

// TestBackupAndRestoreKeepsTheBackupOfAFailedEpoch: a Fit that ends inside
// an epoch (a failed step) keeps the backup of the last whole epoch; a Fit
// that starts at another epoch than Restore said stops with an error.
func TestBackupAndRestoreKeepsTheBackupOfAFailedEpoch(t *testing.T) {
	dir := t.TempDir()
	m := &fakeModel{}
	c := &BackupAndRestore{BackupDir: dir}
	c.SetModel(m)
	c.OnTrainBegin(&Logs{})
	c.OnEpochBegin(0, &Logs{})
	m.w = 7
	c.OnEpochEnd(0, &Logs{})
	c.OnEpochBegin(1, &Logs{})
	c.OnTrainEnd(&Logs{})
	if c.Err() != nil || len(files(t, dir)) != 2 {
		t.Fatalf("err %v, files %q", c.Err(), files(t, dir))
	}
	m2 := &fakeModel{}
	if first, err := c.Restore(m2); first != 1 || err != nil || m2.w != 7 {
		t.Fatalf("Restore = %d, %v, weight %v", first, err, m2.w)
	}
	c.SetModel(m2)
	c.OnTrainBegin(&Logs{})
	c.OnEpochBegin(0, &Logs{})
	if c.Err() == nil || !strings.Contains(c.Err().Error(), "Fit starts at epoch 0, but the restored backup resumes at epoch 1") || m2.stops != 1 {
		t.Fatalf("wrong InitialEpoch: %v, %d stops", c.Err(), m2.stops)
	}
}

// TestBackupAndRestoreSaveFreqAndErrors: SaveFreq backs up within the
// epoch, to resume at its start; bad settings and bad metadata are errors.
func TestBackupAndRestoreSaveFreqAndErrors(t *testing.T) {
	dir := t.TempDir()
	m := &fakeModel{}
	c := &BackupAndRestore{BackupDir: dir, SaveFreq: 3, KeepBackup: true}
	c.SetModel(m)
	c.OnTrainBegin(&Logs{})
	for e := 0; e < 2; e++ {
		c.OnEpochBegin(e, &Logs{})
		for b := 0; b < 4; b++ {
			m.w = float32(10*e + b)
			c.OnTrainBatchEnd(b, &Logs{})
		}
		c.OnEpochEnd(e, &Logs{})
	}
	// Saves after batch 2 of epoch 0 and batch 1 of epoch 1.
	m2 := &fakeModel{}
	if first, err := c.Restore(m2); first != 1 || err != nil || m2.w != 11 || m.wholeSaves != 2 {
		t.Fatalf("Restore = %d, %v, weight %v, %d saves", first, err, m2.w, m.wholeSaves)
	}
	for _, tc := range []struct {
		c    *BackupAndRestore
		want string
	}{
		{&BackupAndRestore{}, "BackupDir is empty"},
		{&BackupAndRestore{BackupDir: dir, SaveFreq: -1}, "SaveFreq must be 0"},
	} {
		tc.c.SetModel(&fakeModel{})
		tc.c.OnTrainBegin(&Logs{})
		if tc.c.Err() == nil || !strings.Contains(tc.c.Err().Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.c, tc.c.Err(), tc.want)
		}
	}
	for _, meta := range []string{`{"epoch":1,"model":"../x"}`, `{"epoch":-1,"model":"backup-a.neurite"}`, `{"epoch":1}x`, `{"epoch":1,"model":"backup-a.neurite","x":1}`} {
		if err := os.WriteFile(filepath.Join(dir, backupMetaFile), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Restore(&fakeModel{}); err == nil || !strings.Contains(err.Error(), backupMetaFile) {
			t.Errorf("metadata %s: %v", meta, err)
		}
	}
}
