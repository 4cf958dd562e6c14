package distribute

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// The tests of data-parallel models.Fit over real MPI: the parents start
// mpirun, whose ranks run TestMPIChild in the modes "fit", "panic", "save"
// and "resume" (childFit).

// ckptEnv names the checkpoint file of the "save" and "resume" modes.
const ckptEnv = "NEURITE_MPI_CKPT"

// fitOptions are the Fit options of the tests: 150 samples in batches of
// 16 (the last one 6), 10 steps per epoch, shuffled.
func fitOptions(epochs int, cbs ...callbacks.Callback) models.FitOptions {
	return models.FitOptions{Epochs: epochs, BatchSize: 16, Verbose: models.Silent, Callbacks: cbs}
}

func TestMPIFit(t *testing.T) {
	runs := []struct {
		tr int
		np int
	}{{0, 2}, {0, 3}, {1, 2}}
	for _, run := range runs {
		tr := transports[run.tr]
		t.Run(fmt.Sprintf("%s/np%d", tr.name, run.np), func(t *testing.T) {
			out, err := mpirun(t, run.np, tr.mca, "fit", time.Minute)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for r := range run.np {
				want := fmt.Sprintf("NEURITE_MPI fit rank %d/%d: 20 steps", r, run.np)
				if r == 0 {
					logLines(t, out, "NEURITE_MPI fit rank 0")
				}
				if !strings.Contains(out, want) || !strings.Contains(out, fmt.Sprintf("NEURITE_MPI rank %d/%d ok", r, run.np)) {
					t.Errorf("output lacks %q or the rank's ok:\n%s", want, out)
				}
			}
		})
	}
}

// A rank that panics in the middle of Fit, while the others wait in a
// collective, ends the job within seconds; the output holds the panic and
// mpirun's report naming the rank.
func TestMPIFitPanickingRankEndsTheJob(t *testing.T) {
	start := time.Now()
	out, err := mpirun(t, 3, transports[0].mca, "panic", time.Minute)
	took := time.Since(start)
	if err == nil || strings.Contains(err.Error(), "did not finish") {
		t.Fatalf("mpirun: got %v, want a failed job\n%s", err, out)
	}
	if !strings.Contains(out, "panic: rank 1 panics at step 5 of Fit") {
		t.Errorf("output lacks the panic:\n%s", out)
	}
	// mpirun names the first rank to fail: "Process name: [[job,1],rank]".
	if !regexp.MustCompile(`Process name: \[\[\d+,\d+\],1\]`).MatchString(out) {
		t.Errorf("mpirun's report does not name rank 1:\n%s", out)
	}
	if took > 20*time.Second {
		t.Errorf("the job took %v to end; want seconds", took)
	}
	t.Logf("job ended %v after start", took.Round(time.Millisecond))
}

// A checkpoint written by rank 0 of an N-rank job resumes on M ranks and
// continues as the one-process run does.
func TestMPICheckpointResume(t *testing.T) {
	for _, nm := range [][2]int{{2, 3}, {3, 2}} {
		t.Run(fmt.Sprintf("np%d_to_np%d", nm[0], nm[1]), func(t *testing.T) {
			env := []string{ckptEnv + "=" + filepath.Join(t.TempDir(), "ckpt.keras")}
			out, err := mpirunEnv(t, nm[0], transports[0].mca, "save", env, time.Minute)
			if err != nil {
				t.Fatalf("save on %d ranks: %v\n%s", nm[0], err, out)
			}
			out, err = mpirunEnv(t, nm[1], transports[0].mca, "resume", env, time.Minute)
			if err != nil {
				t.Fatalf("resume on %d ranks: %v\n%s", nm[1], err, out)
			}
			logLines(t, out, "NEURITE_MPI resume rank 0")
			for r := range nm[1] {
				if want := fmt.Sprintf("NEURITE_MPI resume rank %d/%d: 10 steps", r, nm[1]); !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// logLines logs the lines of out that start with prefix.
func logLines(t *testing.T, out, prefix string) {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, prefix) {
			t.Log(line)
		}
	}
}

// childFit is one rank's work in the Fit modes.
func childFit(t *testing.T, m *MPI, mode string) {
	r, n := m.Rank(), m.Size()
	x, y := fitData()
	switch mode {
	case "fit":
		model := fitModel(t, 7+1000*uint64(r), m) // rank 0's weights must win
		steps := 0
		_, err := model.Fit(x, y, fitOptions(2, checksumEveryStep(t, m, model, &steps)))
		must(t, err)
		ref := fitModel(t, 7, nil)
		_, err = ref.Fit(x, y, fitOptions(2))
		must(t, err)
		d := compareWeights(t, model, ref)
		fmt.Printf("NEURITE_MPI fit rank %d/%d: %d steps, max relative difference from one process %.2g\n", r, n, steps, d)
	case "panic":
		model := fitModel(t, 7, m)
		boom := &callbacks.LambdaCallback{BatchEnd: func(batch int, _ *callbacks.Logs) {
			if r == 1 && batch == 5 {
				panic("rank 1 panics at step 5 of Fit")
			}
		}}
		_, err := model.Fit(x, y, fitOptions(50, boom))
		t.Fatalf("rank %d: Fit ended without rank 1: %v", r, err)
	case "save":
		model := fitModel(t, 7+1000*uint64(r), m)
		_, err := model.Fit(x, y, fitOptions(1))
		must(t, err)
		if r == 0 {
			must(t, model.Save(os.Getenv(ckptEnv)))
		}
	case "resume":
		model, err := models.Load(os.Getenv(ckptEnv))
		must(t, err)
		must(t, model.SetDistributor(m))
		steps := 0
		_, err = model.Fit(x, y, fitOptions(1, checksumEveryStep(t, m, model, &steps)))
		must(t, err)
		d := compareWeights(t, model, resumedReference(t, x, y))
		fmt.Printf("NEURITE_MPI resume rank %d/%d: %d steps, max relative difference from one process %.2g\n", r, n, steps, d)
	}
}

// resumedReference is the one-process run of the "save" and "resume"
// modes: one epoch, Save, Load, one more epoch.
func resumedReference(t *testing.T, x, y *tensor.Tensor) *models.Model {
	ref := fitModel(t, 7, nil)
	_, err := ref.Fit(x, y, fitOptions(1))
	must(t, err)
	path := filepath.Join(t.TempDir(), "ref.keras")
	must(t, ref.Save(path))
	loaded, err := models.Load(path)
	must(t, err)
	_, err = loaded.Fit(x, y, fitOptions(1))
	must(t, err)
	return loaded
}

// fitData is a 3-class problem of 150 samples with 8 features.
func fitData() (*tensor.Tensor, *tensor.Tensor) {
	rng := tensor.NewRNG(5)
	x := rng.Normal(tensor.Float32, 0, 1, 150, 8)
	y := tensor.New(tensor.Float32, 150)
	for i := range 150 {
		s := x.At(i, 0) - x.At(i, 1) + 0.5*x.At(i, 2)*x.At(i, 3)
		switch {
		case s > 0.5:
			y.Set(2, i)
		case s > -0.5:
			y.Set(1, i)
		}
	}
	return x, y
}

// fitModel is a small MLP (8-16-3) with Adam, compiled for d's ranks (d
// nil: one process).
func fitModel(t *testing.T, seed uint64, d models.Distributor) *models.Model {
	s, err := models.NewSequential(
		&layers.Dense{Units: 16, Activation: "tanh", InputShape: []int{8}},
		&layers.Dense{Units: 3, Activation: "softmax"},
	)
	must(t, err)
	s.Seed = seed
	acc, err := metrics.Get("accuracy")
	must(t, err)
	must(t, s.CompileWith(models.CompileConfig{
		Optimizer: &optimizers.Adam{LearningRate: 0.01}, Loss: losses.SparseCategoricalCrossentropy{},
		Metrics: []metrics.Metric{acc}, Distributor: d,
	}))
	return &s.Model
}

// checksumEveryStep returns a callback that, after every training step,
// checks with Agree that every rank's weights hash alike, counting the
// steps in *steps. Every rank gets the same error, so they stay in step.
func checksumEveryStep(t *testing.T, m *MPI, model *models.Model, steps *int) callbacks.Callback {
	return &callbacks.LambdaCallback{BatchEnd: func(int, *callbacks.Logs) {
		*steps++
		h := weightsHash(model)
		if err := Agree(m, fmt.Sprintf("the weights' hash after step %d", *steps), float64(h>>32), float64(h&0xffffffff)); err != nil {
			t.Error(err)
		}
	}}
}

// weightsHash is the FNV-1a hash of the bits of every weight.
func weightsHash(model *models.Model) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, w := range model.WeightValues() {
		for _, v := range w.Values() {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			h.Write(b[:])
		}
	}
	return h.Sum64()
}

// compareWeights fails the test unless every weight of got is within 1e-5
// of want's relative to want's largest magnitude in that weight, and
// returns the largest such relative difference.
func compareWeights(t *testing.T, got, want *models.Model) float64 {
	g, w := got.WeightValues(), want.WeightValues()
	if len(g) != len(w) {
		t.Fatalf("%d weights, want %d", len(g), len(w))
	}
	worst := 0.0
	for i := range w {
		scale := 0.0
		for _, v := range w[i].Values() {
			scale = math.Max(scale, math.Abs(v))
		}
		d := tensor.MaxAbsDiff(g[i], w[i]) / math.Max(scale, 1e-30)
		if d > 1e-5 {
			t.Errorf("weight %d differs from the one-process run by %g relative", i, d)
		}
		worst = math.Max(worst, d)
	}
	return worst
}
