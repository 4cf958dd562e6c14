package initializers

import (
	"fmt"
	"sort"
	"strings"
)

// byName maps Keras's initializer names, with underscores removed, to
// initializers with Keras's default arguments.
var byName = map[string]Initializer{
	"glorotuniform":   GlorotUniform{},
	"glorotnormal":    GlorotNormal{},
	"heuniform":       HeUniform{},
	"henormal":        HeNormal{},
	"lecununiform":    LecunUniform{},
	"lecunnormal":     LecunNormal{},
	"zeros":           Zeros{},
	"zero":            Zeros{},
	"ones":            Ones{},
	"one":             Ones{},
	"constant":        Constant{},
	"randomuniform":   RandomUniform{},
	"uniform":         RandomUniform{},
	"randomnormal":    RandomNormal{},
	"normal":          RandomNormal{},
	"truncatednormal": TruncatedNormal{},
	"orthogonal":      Orthogonal{},
	"variancescaling": VarianceScaling{},
}

// names lists the canonical Keras names for error messages.
var names = []string{"constant", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
	"lecun_normal", "lecun_uniform", "ones", "orthogonal", "random_normal", "random_uniform",
	"truncated_normal", "variance_scaling", "zeros"}

// Get returns the initializer with the given Keras name and Keras's default
// arguments, as keras.initializers.get: "glorot_uniform", "glorot_normal",
// "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "zeros",
// "ones", "constant", "random_uniform", "random_normal",
// "truncated_normal", "orthogonal", "variance_scaling", and Keras's
// aliases "zero", "one", "uniform" and "normal". Class names such as
// "GlorotUniform" work too; names are case-insensitive. An unknown or empty
// name is an error that lists the known ones.
func Get(name string) (Initializer, error) {
	key := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	if init, ok := byName[key]; ok {
		return init, nil
	}
	return nil, fmt.Errorf("unknown initializer %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Names returns the canonical Keras names of the initializers, sorted.
func Names() []string {
	out := append([]string(nil), names...)
	sort.Strings(out)
	return out
}
