//go:build !(386 || arm || mips || mipsle)

// These tests use sizes beyond a 32-bit int.

package layers

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestAddWeightRefusesImpossibleSizes checks that a layer whose weights
// cannot be allocated fails to build with an error naming the layer, the
// weight and the size, instead of killing the process ("out of memory")
// or panicking in makeslice.
func TestAddWeightRefusesImpossibleSizes(t *testing.T) {
	old := tensor.SetMaxBytes(1 << 30)
	defer tensor.SetMaxBytes(old)
	cases := []struct {
		units int
		want  string
	}{
		{1 << 40, "need 12 TiB"},
		{1 << 50, "need 12 PiB"},
		{1 << 62, "element count overflows int"},
	}
	for _, c := range cases {
		l := &Dense{Units: c.units, Name: "big"}
		err := BuildLayer(l, []tensor.Shape{{3}}, tensor.Float32, tensor.NewRNG(1))
		if err == nil {
			t.Fatalf("Dense{Units: %d} built", c.units)
		}
		msg := err.Error()
		if !strings.Contains(msg, `layer "big" (Dense)`) || !strings.Contains(msg, "kernel") || !strings.Contains(msg, c.want) {
			t.Errorf("Dense{Units: %d}: error %q should name the layer, the kernel and %q", c.units, msg, c.want)
		}
		if len(l.Weights()) != 0 {
			t.Errorf("Dense{Units: %d}: a failed build kept %d weights", c.units, len(l.Weights()))
		}
	}
}
