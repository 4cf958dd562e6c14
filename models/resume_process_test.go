package models

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/saving"
)

// The fresh-process resume test runs each half of a training in a child
// process: the test binary re-executes itself with -test.run selecting
// TestResumeChild and these variables saying what to do.
const (
	envResumePhase = "NEURITE_RESUME_PHASE" // "first": Fit 2 and Save; "second": Load and Fit 2 more
	envResumeCase  = "NEURITE_RESUME_CASE"  // a resumeCase name
	envResumeDir   = "NEURITE_RESUME_DIR"   // where the model file and the results go
)

// TestSaveLoadResumesInFreshProcesses: one process builds a model, fits
// 2 epochs and saves it; a second process loads the file and fits 2 more.
// The final weights and the joined History equal a Fit of 4 epochs in this
// process bit for bit, for a Sequential and two functional models, all
// but the last with random layers.
func TestSaveLoadResumesInFreshProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, c := range resumeCases() {
		t.Run(c.name, func(t *testing.T) {
			ref := c.build()
			h4, err := ref.Fit(c.x, c.y, resumeFit(4, 0))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			runChild(t, "first", c.name, dir)
			runChild(t, "second", c.name, dir)
			h2, h3 := readHistory(t, dir, "first"), readHistory(t, dir, "second")
			names, got, err := saving.LoadWeights(filepath.Join(dir, "second.safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			want := ref.WeightValues()
			if fmt.Sprint(names) != fmt.Sprint(ref.WeightNames()) || bits(got...) != bits(want...) {
				t.Error("weights after Fit 2, Save, Load in a new process and Fit 2 differ from Fit 4")
			}
			checkHistory(t, h4, h2, h3)
		})
	}
}

// runChild runs one phase of case name in a new process of the test
// binary.
func runChild(t *testing.T, phase, name, dir string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestResumeChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envResumePhase+"="+phase, envResumeCase+"="+name, envResumeDir+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process (%s phase of %s): %v\n%s", phase, name, err, out)
	}
}

// readHistory reads the History a child wrote.
func readHistory(t *testing.T, dir, phase string) *callbacks.History {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, phase+".history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r childHistory
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &callbacks.History{Epoch: r.Epoch, History: r.History}
}

// childHistory is what a child writes of its History (JSON keeps every
// float64 exactly: it writes the shortest form that reads back the same).
type childHistory struct {
	Epoch   []int
	History map[string][]float64
}

// TestResumeChild is the child's side of TestSaveLoadResumesInFreshProcesses;
// it is skipped unless that test started this process.
func TestResumeChild(t *testing.T) {
	phase, name, dir := os.Getenv(envResumePhase), os.Getenv(envResumeCase), os.Getenv(envResumeDir)
	if phase == "" {
		t.Skip("runs only as a child of TestSaveLoadResumesInFreshProcesses")
	}
	var c *resumeCase
	for _, rc := range resumeCases() {
		if rc.name == name {
			c = &rc
		}
	}
	if c == nil {
		t.Fatalf("unknown case %q", name)
	}
	file := filepath.Join(dir, "model.neurite")
	var h *callbacks.History
	var m *Model
	var err error
	switch phase {
	case "first":
		m = c.build()
		if h, err = m.Fit(c.x, c.y, resumeFit(2, 0)); err == nil {
			err = m.Save(file)
		}
	case "second":
		if m, err = Load(file); err == nil {
			h, err = m.Fit(c.x, c.y, resumeFit(4, 2))
		}
		if err == nil {
			err = saving.SaveWeights(filepath.Join(dir, "second.safetensors"), m.WeightNames(), m.WeightValues())
		}
	default:
		t.Fatalf("unknown phase %q", phase)
	}
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(childHistory{h.Epoch, h.History})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, phase+".history.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
