package graph

import (
	"slices"
	"testing"

	"github.com/neurite/neurite/internal/parallel"
)

// An update that runs as one of several blocks streams its weights (the
// ones written in Go a piece at a time, see weightPieces); split into
// blocks at any point, it must give the bits of one run over the whole
// variable.
func TestBlockedGoUpdatesMatchWholeRun(t *testing.T) {
	const n = 3*streamPiece + 37
	fill := func(k int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32((i*k)%23)/11 - 1
		}
		return x
	}
	tasks := map[string]func() (parallel.Task, []float32, [][]float32){
		"Adagrad": func() (parallel.Task, []float32, [][]float32) {
			w, acc := fill(3), fill(5)
			for i := range acc {
				acc[i] = acc[i]*acc[i] + 0.1
			}
			return &adagradTask[float32]{w: w, acc: acc, g: fill(7), lr: 0.01, eps: 1e-7}, w, [][]float32{acc}
		},
		"Adamax (written in Go)": func() (parallel.Task, []float32, [][]float32) {
			w, m, u := fill(3), fill(5), fill(9)
			for i := range u {
				u[i] = u[i]*u[i] + 0.1
			}
			return &adamaxTask[float32]{w: w, m: m, u: u, g: fill(7), lr: 0.002, correction: 0.1, c1: 0.1, beta2: 0.999, eps: 1e-7},
				w, [][]float32{m, u}
		},
		"RMSprop centered with momentum": func() (parallel.Task, []float32, [][]float32) {
			w, vel, mom, avg := fill(3), fill(5), fill(9), fill(11)
			for i := range vel {
				vel[i] = vel[i]*vel[i] + 1
			}
			return &rmspropTask[float32]{w: w, vel: vel, mom: mom, avg: avg, g: fill(7),
				lr: 0.01, rho: 0.9, oneMinusRho: 0.1, momentum: 0.5, eps: 1e-7}, w, [][]float32{vel, mom, avg}
		},
		"weight decay": func() (parallel.Task, []float32, [][]float32) {
			w := fill(3)
			return &weightDecayTask[float32]{w: w, lr: 0.01, decay: 0.004}, w, nil
		},
	}
	for name, mk := range tasks {
		whole, ww, ws := mk()
		whole.Run(0, n)
		for _, cut := range []int{1, 1000, n / 2, n - streamPiece - 1} {
			blocks, bw, bs := mk()
			blocks.Run(0, cut)
			blocks.Run(cut, n)
			if !slices.Equal(bw, ww) {
				t.Fatalf("%s: weights after blocks cut at %d differ from one run", name, cut)
			}
			for k := range bs {
				if !slices.Equal(bs[k], ws[k]) {
					t.Fatalf("%s: slot %d after blocks cut at %d differs from one run", name, k, cut)
				}
			}
		}
	}
}
