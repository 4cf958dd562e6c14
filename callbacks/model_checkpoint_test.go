package callbacks

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/neurite/neurite/saving"
)

// files lists the names in dir, sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// savedEpoch reads a checkpoint and returns its weight, the epoch it was
// saved at.
func savedEpoch(t *testing.T, path string) float32 {
	t.Helper()
	names, ts, err := saving.LoadWeights(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != "w" {
		t.Fatalf("%s holds %q", path, names)
	}
	return ts[0].Float32s()[0]
}

func TestModelCheckpointSaveBestOnlyFormatsNames(t *testing.T) {
	// val_loss improves at epochs 0, 1 and 3 (numbered 1, 2, 4 in names).
	dir := t.TempDir()
	var out bytes.Buffer
	c := &ModelCheckpoint{Filepath: filepath.Join(dir, "sub", "w.{epoch:02d}-{val_loss:.2f}.safetensors"),
		SaveBestOnly: true, Verbose: 1, Out: &out}
	fit(c, &fakeModel{}, "val_loss", []float64{0.5, 0.4, 0.45, 0.3})
	if c.Err() != nil {
		t.Fatal(c.Err())
	}
	got := strings.Join(files(t, filepath.Join(dir, "sub")), " ")
	if got != "w.01-0.50.safetensors w.02-0.40.safetensors w.04-0.30.safetensors" {
		t.Fatalf("files %s", got)
	}
	for name, epoch := range map[string]float32{"w.01-0.50": 0, "w.02-0.40": 1, "w.04-0.30": 3} {
		if e := savedEpoch(t, filepath.Join(dir, "sub", name+".safetensors")); e != epoch {
			t.Errorf("%s holds the weights of epoch %v, want %v", name, e, epoch)
		}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n\n")
	if len(lines) != 4 || lines[0] != "Epoch 1: val_loss improved from inf to 0.50000, saving model to "+filepath.Join(dir, "sub", "w.01-0.50.safetensors") ||
		lines[2] != "Epoch 3: val_loss did not improve from 0.40000" {
		t.Fatalf("printed %q", out.String())
	}
}

func TestModelCheckpointEveryEpochAndOverwrite(t *testing.T) {
	dir := t.TempDir()
	c := &ModelCheckpoint{Filepath: filepath.Join(dir, "e{epoch}.safetensors")}
	fit(c, &fakeModel{}, "val_loss", []float64{3, 2, 1})
	if got := strings.Join(files(t, dir), " "); got != "e1.safetensors e2.safetensors e3.safetensors" {
		t.Fatalf("files %s", got)
	}
	// A fixed name with SaveBestOnly keeps the best epoch's weights.
	path := filepath.Join(dir, "best.safetensors")
	c = &ModelCheckpoint{Filepath: path, SaveBestOnly: true}
	fit(c, &fakeModel{}, "val_loss", []float64{3, 1, 2, 4})
	if e := savedEpoch(t, path); e != 1 || len(c.Saved()) != 2 || c.Best() != 1 {
		t.Fatalf("best file holds epoch %v; saved %q; best %v", e, c.Saved(), c.Best())
	}
}

func TestModelCheckpointModesAndThreshold(t *testing.T) {
	dir := t.TempDir()
	// "acc" in the name means larger is better.
	c := &ModelCheckpoint{Filepath: filepath.Join(dir, "a{epoch}"), Monitor: "val_acc", SaveBestOnly: true}
	fit(c, &fakeModel{}, "val_acc", []float64{0.5, 0.4, 0.6})
	if got := strings.Join(c.Saved(), " "); got != filepath.Join(dir, "a1")+" "+filepath.Join(dir, "a3") {
		t.Fatalf("val_acc saved %s", got)
	}
	c = &ModelCheckpoint{Filepath: filepath.Join(dir, "f{epoch}"), Monitor: "fmeasure_x", SaveBestOnly: true}
	fit(c, &fakeModel{}, "fmeasure_x", []float64{0.5, 0.4, 0.6})
	if len(c.Saved()) != 2 {
		t.Fatalf("fmeasure saved %q", c.Saved())
	}
	// The best is kept across Fit calls, as in Keras.
	fit(c, &fakeModel{}, "fmeasure_x", []float64{0.55})
	if len(c.Saved()) != 2 {
		t.Fatalf("second fit saved %q, although 0.55 < 0.6", c.Saved())
	}
	// InitialValueThreshold: nothing is saved until val_loss beats 0.42.
	c = &ModelCheckpoint{Filepath: filepath.Join(dir, "t{epoch}"), SaveBestOnly: true, InitialValueThreshold: new(0.42)}
	fit(c, &fakeModel{}, "val_loss", []float64{0.5, 0.45, 0.4})
	if len(c.Saved()) != 1 || c.Saved()[0] != filepath.Join(dir, "t3") {
		t.Fatalf("threshold saved %q", c.Saved())
	}
}

func TestModelCheckpointSaveFreqCountsBatches(t *testing.T) {
	// 4 batches an epoch, SaveFreq 3: saves after the 3rd batch (epoch 1,
	// batch 3) and the 6th (epoch 2, batch 2), as Keras's batch counter.
	dir := t.TempDir()
	m := &fakeModel{}
	c := &ModelCheckpoint{Filepath: filepath.Join(dir, "{epoch}-{batch}-{loss}"), SaveFreq: 3}
	c.SetModel(m)
	c.OnTrainBegin(&Logs{})
	for e := 0; e < 2; e++ {
		c.OnEpochBegin(e, &Logs{})
		for b := 0; b < 4; b++ {
			c.OnTrainBatchEnd(b, logsOf("loss", 0.5))
		}
		c.OnEpochEnd(e, logsOf("loss", 0.5))
	}
	if got := strings.Join(files(t, dir), " "); got != "1-3-0.5 2-2-0.5" || c.Err() != nil {
		t.Fatalf("files %s (err %v)", got, c.Err())
	}
}

func TestModelCheckpointWarningsAndErrors(t *testing.T) {
	dir := t.TempDir()
	var warned strings.Builder
	c := &ModelCheckpoint{Filepath: filepath.Join(dir, "w"), SaveBestOnly: true, Warn: &warned}
	fit(c, &fakeModel{}, "val_loss", []float64{math.NaN(), math.NaN()})
	if len(c.Saved()) != 0 || c.Err() != nil || len(c.Warnings()) != 2 ||
		c.Warnings()[0] != "Can save best model only with val_loss available, skipping." {
		t.Fatalf("saved %q, err %v, warnings %q", c.Saved(), c.Err(), c.Warnings())
	}
	if want := "UserWarning: Can save best model only with val_loss available, skipping.\n"; warned.String() != want {
		t.Fatalf("printed %q, want %q once", warned.String(), want)
	}
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	for _, c := range []struct {
		c    *ModelCheckpoint
		want string
	}{
		{&ModelCheckpoint{}, "ModelCheckpoint: Filepath is empty"},
		{&ModelCheckpoint{Filepath: "x", SaveFreq: -1}, "ModelCheckpoint: SaveFreq must be 0"},
		{&ModelCheckpoint{Filepath: "x", Mode: "best"}, `ModelCheckpoint: Mode must be "auto"`},
		{&ModelCheckpoint{Filepath: filepath.Join(dir, "{val_acc:.2f}")}, `cannot format Filepath`},
		{&ModelCheckpoint{Filepath: filepath.Join(blocker, "w")}, "ModelCheckpoint"},
	} {
		fit(c.c, &fakeModel{}, "val_loss", []float64{1, 2})
		if err := c.c.Err(); err == nil || !strings.Contains(err.Error(), c.want) || len(c.c.Saved()) != 0 {
			t.Errorf("got %v (saved %q), want %q", err, c.c.Saved(), c.want)
		}
	}
}

// TestModelCheckpointChoosesWholeModelOrWeights: by default the whole
// model is saved (Keras's save_weights_only=False); SaveWeightsOnly or a
// .safetensors name saves the weights; a model without Save is an error
// unless weights only are asked for.
func TestModelCheckpointChoosesWholeModelOrWeights(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name        string
		weightsOnly bool
		whole       int
	}{{"m{epoch}.neurite", false, 2}, {"m{epoch}.keras", false, 2}, {"w{epoch}.safetensors", false, 0}, {"w{epoch}.neurite", true, 0}} {
		m := &fakeModel{}
		c := &ModelCheckpoint{Filepath: filepath.Join(dir, tc.name), SaveWeightsOnly: tc.weightsOnly}
		fit(c, m, "val_loss", []float64{2, 1})
		if c.Err() != nil || m.wholeSaves != tc.whole || len(c.Saved()) != 2 {
			t.Fatalf("%s (weights only %v): err %v, %d whole saves, saved %q", tc.name, tc.weightsOnly, c.Err(), m.wholeSaves, c.Saved())
		}
		if e := savedEpoch(t, c.Saved()[1]); e != 1 {
			t.Errorf("%s holds epoch %v", c.Saved()[1], e)
		}
	}
	// struct{ Model } hides the fake's Save method.
	for _, weightsOnly := range []bool{false, true} {
		c := &ModelCheckpoint{Filepath: filepath.Join(dir, "x.neurite"), SaveWeightsOnly: weightsOnly}
		c.SetModel(struct{ Model }{&fakeModel{}})
		c.OnTrainBegin(&Logs{})
		c.OnEpochEnd(0, logsOf("val_loss", 1.0))
		if weightsOnly != (c.Err() == nil) || !weightsOnly && !strings.Contains(c.Err().Error(), "set SaveWeightsOnly") {
			t.Fatalf("a model without Save, weights only %v: %v", weightsOnly, c.Err())
		}
	}
}
