package config_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/neurite/neurite/config"
	"github.com/neurite/neurite/layers"
)

// A per-sample shape's None dimensions are written null, as Keras writes
// None, and read back as None; other int lists keep -1 (Reshape's target
// shape, where -1 means "infer", as in Keras).
func TestNoneShapeIsNull(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{&layers.InputLayer{Shape: []int{layers.None, 3}}, `"shape":[null,3]`},
		{&layers.LSTM{Units: 2, InputShape: []int{layers.None, 4}}, `"input_shape":[null,4]`},
		{&layers.Reshape{TargetShape: []int{-1, 2}}, `"target_shape":[-1,2]`},
	} {
		b, err := config.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.want) {
			t.Errorf("%T: %s does not hold %s", c.v, b, c.want)
		}
		var cfg config.Config
		if err := json.Unmarshal(b, &cfg); err != nil {
			t.Fatal(err)
		}
		back, err := config.Decode(&cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, c.v) {
			t.Errorf("%T: read back %+v, want %+v", c.v, back, c.v)
		}
	}
}
