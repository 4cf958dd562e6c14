//go:build !(386 || arm || mips || mipsle)

// These tests use sizes beyond a 32-bit int.

package layers

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/tensor"
)

// TestRecurrentUnitsOverflow checks that a recurrent layer whose gates ×
// units overflows int fails to build with an error, instead of building
// wrapped-around weight shapes and panicking in an initializer (found by
// models' FuzzSequentialBuild: LSTM{Units: 1 << 62}).
func TestRecurrentUnitsOverflow(t *testing.T) {
	for _, l := range []Layer{
		&LSTM{Units: 1 << 62, Name: "big"},
		&GRU{Units: 1 << 62, Name: "big"},
		&Bidirectional{Layer: &LSTM{Units: 1 << 62}, Name: "big"},
	} {
		err := BuildLayer(l, []tensor.Shape{{5, 5}}, tensor.Float32, tensor.NewRNG(1))
		if err == nil || !strings.Contains(err.Error(), "overflows int") {
			t.Errorf("%s: got %v, want an overflow error", l.Type(), err)
		}
	}
}

// TestUpSampling2DSizeOverflow checks that a Size whose product with the
// height or width overflows int, or cannot be allocated, is an error
// rather than a makeslice panic in Call (found by FuzzSequentialBuild:
// UpSampling2D{Size: {0, 1 << 62}} on (5, 5, 5)).
func TestUpSampling2DSizeOverflow(t *testing.T) {
	for _, size := range [][2]int{{1, 1 << 62}, {1 << 61, 1}, {1, 1 << 50}} {
		u := &UpSampling2D{Size: size, Name: "up"}
		_, err := u.OutputShapes([]tensor.Shape{{5, 5, 5}})
		if size[1] == 1<<50 { // fits an int: the index is too big to allocate
			_, err = u.repeatIndex(5, size[1])
		}
		if err == nil || !strings.Contains(err.Error(), `layer "up" (UpSampling2D)`) {
			t.Errorf("Size %v: got %v, want an error naming the layer", size, err)
		}
	}
}
