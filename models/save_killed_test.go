package models

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/saving"
)

// envKillDir tells a child of TestSaveKilledHalfwayKeepsThePreviousFile
// where to save.
const envKillDir = "NEURITE_KILL_DIR"

// bigModel is a model whose file takes a while to write (16 MB of
// weights), every weight set to v.
func bigModel(t *testing.T, v float64) *Model {
	s := MustSequential(&layers.Dense{Units: 2000, InputShape: []int{2000}})
	s.Seed = 3
	setAll(t, &s.Model, v)
	return &s.Model
}

// setAll sets every weight of m to v.
func setAll(t *testing.T, m *Model, v float64) {
	ws := m.WeightValues()
	for _, w := range ws {
		w.Fill(v)
	}
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
}

// uniformVersion returns the value all of m's weights hold, or an error if
// they differ.
func uniformVersion(m *Model) (float64, error) {
	var first *float64
	for _, w := range m.WeightValues() {
		for _, v := range w.Values() {
			if first == nil {
				first = &v
			} else if v != *first {
				return 0, errors.New("the weights mix two saves")
			}
		}
	}
	return *first, nil
}

// temporaries returns the temporary files of saves of model.neurite in
// dir.
func temporaries(dir string) []string {
	out, _ := filepath.Glob(filepath.Join(dir, ".model.neurite.tmp-*"))
	return out
}

// TestSaveKilledHalfwayKeepsThePreviousFile: a child process saves a
// large model again and again, each save with other weights; it is killed
// (SIGKILL) while a temporary file is being written. The model file is
// then one complete save — loadable, every weight from the same save —
// and a later save removes the killed one's temporary file once stale.
func TestSaveKilledHalfwayKeepsThePreviousFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaveKilledChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envKillDir+"="+dir)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	deadline := time.Now().Add(2 * time.Minute)
	killed := ""
	for killed == "" && time.Now().Before(deadline) {
		if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
			for _, tmp := range temporaries(dir) {
				if st, err := os.Stat(tmp); err == nil && st.Size() > 0 {
					killed = tmp
					break
				}
			}
		}
		if killed == "" {
			time.Sleep(200 * time.Microsecond)
		}
	}
	if killed == "" {
		t.Fatal("the child never started writing a second save")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(temporaries(dir)) == 0 {
		t.Fatal("no temporary file is left: the child was not killed while saving")
	}
	path := filepath.Join(dir, "model.neurite")
	m, err := Load(path)
	if err != nil {
		t.Fatalf("after a save was killed, the previous file does not load: %v", err)
	}
	v, err := uniformVersion(m)
	if err != nil || v < 1 || v != float64(int(v)) {
		t.Fatalf("the file holds weights %v (%v), want one complete save", v, err)
	}
	// A temporary file untouched for a while (saving's staleAge, a
	// minute) was left by a killed save: age them, as time would.
	old := time.Now().Add(-2 * time.Minute)
	for _, tmp := range temporaries(dir) {
		if err := os.Chtimes(tmp, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	if left := temporaries(dir); len(left) != 0 {
		t.Errorf("the next save left the killed save's temporaries %v", left)
	}
}

// TestSaveKilledChild is the child of
// TestSaveKilledHalfwayKeepsThePreviousFile: it saves version 1, says it
// is ready, then saves versions 2, 3, … until killed.
func TestSaveKilledChild(t *testing.T) {
	dir := os.Getenv(envKillDir)
	if dir == "" {
		t.Skip("runs only as a child of TestSaveKilledHalfwayKeepsThePreviousFile")
	}
	m := bigModel(t, 1)
	path := filepath.Join(dir, "model.neurite")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for k := 2; k < 10000; k++ {
		setAll(t, m, float64(k))
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("not killed")
}

// TestSaveFailingMidFileKeepsThePreviousFile injects a write failure into
// the atomic writer that Save uses: the bytes of a new model file are cut
// at several points and the write then fails, as a full disk would make
// it. Each time the error comes back, the previous file loads with its
// weights and no temporary file is left.
func TestSaveFailingMidFileKeepsThePreviousFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.neurite")
	old := seqModel(&optimizers.SGD{})
	if err := old.Save(path); err != nil {
		t.Fatal(err)
	}
	next := seqModel(&optimizers.SGD{})
	setAll(t, next, 0.5)
	nextPath := filepath.Join(t.TempDir(), "next.neurite")
	if err := next.Save(nextPath); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(nextPath)
	if err != nil {
		t.Fatal(err)
	}
	injected := errors.New("injected: no space left on device")
	for _, cut := range []int{0, 1, 30, len(content) / 2, len(content) - 1} {
		err := saving.WriteFileAtomic(path, func(w io.Writer) error {
			if _, err := w.Write(content[:cut]); err != nil {
				return err
			}
			return injected
		})
		if !errors.Is(err, injected) {
			t.Fatalf("cut at %d: error %v, want the injected one", cut, err)
		}
		got, err := Load(path)
		if err != nil {
			t.Fatalf("cut at %d: the previous file does not load: %v", cut, err)
		}
		if bits(got.WeightValues()...) != bits(old.WeightValues()...) {
			t.Fatalf("cut at %d: the file's weights changed", cut)
		}
		if left := temporaries(dir); len(left) != 0 {
			t.Fatalf("cut at %d: temporaries left: %v", cut, left)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("stray file %s", e.Name())
		}
	}
}
