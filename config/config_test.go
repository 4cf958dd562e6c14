package config

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/graph"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/regularizers"
)

// roundTrip encodes v to JSON, decodes it and returns the value and both
// JSON texts.
func roundTrip(t *testing.T, v any) (any, string, string) {
	t.Helper()
	b, err := Marshal(v)
	if err != nil {
		t.Fatalf("Marshal(%T): %v", v, err)
	}
	w, err := Unmarshal(b)
	if err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	b2, err := Marshal(w)
	if err != nil {
		t.Fatalf("Marshal(decoded %T): %v", w, err)
	}
	return w, string(b), string(b2)
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Units": "units", "KernelInitializer": "kernel_initializer", "Beta1": "beta_1",
		"L1": "l1", "L2RegularizationStrength": "l2_regularization_strength", "TMul": "t_mul",
		"HTTPServer": "http_server", "InputShape": "input_shape", "FromLogits": "from_logits",
	} {
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEveryRegisteredClassRoundTrips writes every registered class's
// default value, reads it back and writes it again: the configs agree and
// the decoded value has the registered type.
func TestEveryRegisteredClassRoundTrips(t *testing.T) {
	n := 0
	for _, module := range []string{"layers", "initializers", "regularizers", "losses", "metrics", "optimizers"} {
		for _, class := range Classes(module) {
			v, err := New(module, class)
			if err != nil {
				t.Fatal(err)
			}
			w, a, b := roundTrip(t, v)
			if a != b {
				t.Errorf("%s.%s: config changed on the round trip:\n%s\n%s", module, class, a, b)
			}
			if reflect.TypeOf(w) != reflect.TypeOf(v) {
				t.Errorf("%s.%s: decoded a %T, want %T", module, class, w, v)
			}
			n++
		}
	}
	if n < 60 {
		t.Errorf("only %d classes registered", n)
	}
}

// TestDenseRoundTripsEveryField sets every kind of field of Dense.
func TestDenseRoundTripsEveryField(t *testing.T) {
	d := &layers.Dense{Units: 6, Activation: "relu", ActivationFn: graph.Tanh, NoBias: true,
		KernelInitializer: initializers.RandomNormal{Mean: 0.5, Stddev: 0.25},
		BiasInitializer:   initializers.Constant{Value: 0},
		KernelRegularizer: regularizers.L1L2{L1: 0, L2: 1e-3},
		InputShape:        []int{3, 4}, Name: "head"}
	w, a, b := roundTrip(t, d)
	if a != b {
		t.Fatalf("configs differ:\n%s\n%s", a, b)
	}
	got := w.(*layers.Dense)
	if got.Units != 6 || got.Activation != "relu" || !got.NoBias || got.Name != "head" ||
		!reflect.DeepEqual(got.InputShape, []int{3, 4}) ||
		got.KernelInitializer != (initializers.RandomNormal{Mean: 0.5, Stddev: 0.25}) ||
		got.BiasInitializer != (initializers.Constant{}) ||
		got.KernelRegularizer != (regularizers.L1L2{L2: 1e-3}) || got.BiasRegularizer != nil {
		t.Errorf("decoded %+v", got)
	}
	if reflect.ValueOf(got.ActivationFn).Pointer() != reflect.ValueOf(activations.Func(graph.Tanh)).Pointer() {
		t.Error("ActivationFn is not graph.Tanh")
	}
	var tree map[string]any
	json.Unmarshal([]byte(a), &tree)
	cfg := tree["config"].(map[string]any)
	if cfg["use_bias"] != false || cfg["activation_fn"] != "tanh" || cfg["units"] != 6.0 {
		t.Errorf("Keras keys: use_bias=%v activation_fn=%v units=%v", cfg["use_bias"], cfg["activation_fn"], cfg["units"])
	}
	ki := cfg["kernel_initializer"].(map[string]any)
	if ki["class_name"] != "RandomNormal" || ki["module"] != "initializers" {
		t.Errorf("kernel_initializer = %v", ki)
	}
}

// TestZeroFieldsKeepZero checks fields whose zero is a real value.
func TestZeroFieldsKeepZero(t *testing.T) {
	for _, v := range []any{
		&layers.Dropout{Rate: 0}, regularizers.L1L2{}, &optimizers.SGD{Momentum: 0},
		initializers.RandomUniform{Minval: 0, Maxval: 1}, initializers.Constant{Value: 0},
		&optimizers.Adam{ClipNorm: 0, WeightDecay: 0},
	} {
		w, a, b := roundTrip(t, v)
		if a != b {
			t.Errorf("%T: %s != %s", v, a, b)
		}
		got, want := exported(w), exported(v)
		if _, isOpt := v.(learningRater); isOpt { // written with its effective rate and betas
			for _, k := range []string{"Momentum", "ClipNorm", "WeightDecay"} {
				if g, ok := got[k]; ok && g != 0.0 {
					t.Errorf("%T: %s = %v, want 0", v, k, g)
				}
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T: decoded %+v, want %+v", v, w, v)
		}
	}
}

// exported returns the exported fields of a struct (or pointer) as a map.
func exported(v any) map[string]any {
	rv := reflect.Indirect(reflect.ValueOf(v))
	out := map[string]any{}
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Type().Field(i); f.IsExported() && !f.Anonymous {
			out[f.Name] = rv.Field(i).Interface()
		}
	}
	return out
}

// TestEffectiveValues checks that configs hold the values in use and that
// a loaded config sets them explicitly.
func TestEffectiveValues(t *testing.T) {
	w, a, _ := roundTrip(t, &optimizers.Adam{})
	if !strings.Contains(a, `"beta_1":0.9`) || !strings.Contains(a, `"learning_rate":0.001`) || !strings.Contains(a, `"epsilon":1e-7`) {
		t.Errorf("Adam{} config %s lacks the effective values", a)
	}
	if got := w.(*optimizers.Adam); got.Beta1 != 0.9 || got.Beta2 != 0.999 || got.Epsilon != 1e-7 {
		t.Errorf("decoded %+v", got)
	}
	_, a, _ = roundTrip(t, initializers.RandomUniform{})
	if !strings.Contains(a, `"minval":-0.05`) || !strings.Contains(a, `"maxval":0.05`) {
		t.Errorf("RandomUniform{} config %s", a)
	}
	_, a, _ = roundTrip(t, losses.MeanSquaredError{})
	if !strings.Contains(a, `"reduction":"sum_over_batch_size"`) {
		t.Errorf("MeanSquaredError{} config %s", a)
	}
}

// TestLearningRateZeroIsKept: a learning rate of 0 in a config is 0, set
// through SetLearningRate, as is a rate changed after construction.
func TestLearningRateZeroIsKept(t *testing.T) {
	v, err := Unmarshal([]byte(`{"module":"optimizers","class_name":"Adam","config":{"learning_rate":0}}`))
	if err != nil {
		t.Fatal(err)
	}
	if lr := v.(*optimizers.Adam).LearningRateValue(); lr != 0 {
		t.Errorf("learning rate %v, want 0", lr)
	}
	o := &optimizers.SGD{}
	if err := o.SetLearningRate(0.25); err != nil {
		t.Fatal(err)
	}
	w, _, _ := roundTrip(t, o)
	if lr := w.(*optimizers.SGD).LearningRateValue(); lr != 0.25 {
		t.Errorf("learning rate %v, want 0.25", lr)
	}
}

// TestUnrepresentableZeros: a zero the type reads as its default is an
// error naming the class and key.
func TestUnrepresentableZeros(t *testing.T) {
	for cfg, want := range map[string]string{
		`{"module":"optimizers","class_name":"Adam","config":{"beta_1":0}}`:                                                                                `Adam: beta_1 = 0 cannot be represented`,
		`{"module":"initializers","class_name":"RandomUniform","config":{"minval":0,"maxval":0}}`:                                                          `RandomUniform: minval = 0`,
		`{"module":"layers","class_name":"Dense","config":{"units":2,"kernel_regularizer":{"module":"regularizers","class_name":"L2","config":{"l2":0}}}}`: `Dense: kernel_regularizer: L2: l2 = 0 cannot be represented`,
	} {
		_, err := Unmarshal([]byte(cfg))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", cfg, err, want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for cfg, want := range map[string]string{
		`{"module":"layers","class_name":"Conv9D","config":{}}`:                                                                            `unknown class "Conv9D" in module "layers"`,
		`{"class_name":"Nope","config":{}}`:                                                                                                `unknown class "Nope"`,
		`{"module":"layers","class_name":"Dense","config":{"unitz":3}}`:                                                                    `Dense: unknown key "unitz"`,
		`{"module":"layers","class_name":"Dense","config":{"units":"3"}}`:                                                                  `Dense: units: want a number, got "3"`,
		`{"module":"layers","class_name":"Dense","config":{"units":1.5}}`:                                                                  `units: 1.5 is not a int`,
		`{"module":"layers","class_name":"Dense","config":{"units":1e400}}`:                                                                `units: 1e400 is not a int`,
		`{"module":"layers","class_name":"Dropout","config":{"rate":1e400}}`:                                                               `rate: 1e400 is not a float64`,
		`{"module":"layers","class_name":"Dense","config":{"use_bias":1}}`:                                                                 `use_bias: want true or false`,
		`{"module":"layers","class_name":"Dense","config":{"units":null}}`:                                                                 `units: null is not a int`,
		`{"module":"layers","class_name":"Dense","config":{"activation_fn":"nope"}}`:                                                       `unknown activation "nope"`,
		`{"module":"layers","class_name":"Dense","config":{"kernel_initializer":{"module":"regularizers","class_name":"L1","config":{}}}}`: `a initializers.Initializer is needed here`,
		`{"class_name":"MeanSquaredError","config":{}}`:                                                                                    `ambiguous`,
		`{"module":"layers","class_name":"Dense","extra":1}`:                                                                               `unknown key "extra"`,
		`[1]`: `want a {"class_name", "config"} object`,
		`{"module":"layers","class_name":"Dense","config":{}} x`: `invalid JSON`,
	} {
		_, err := Unmarshal([]byte(cfg))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", cfg, err, want)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	if _, err := Marshal(&layers.Dense{Units: 1, ActivationFn: func(x *graph.Node) *graph.Node { return x }}); err == nil ||
		!strings.Contains(err.Error(), "Dense: activation_fn: the activation function is not registered") {
		t.Errorf("unregistered activation: %v", err)
	}
	if _, err := Marshal(struct{}{}); err == nil || !strings.Contains(err.Error(), "is not registered") {
		t.Errorf("unregistered type: %v", err)
	}
	if _, err := Marshal(&layers.Dropout{Rate: 0.5, Seed: 1, Name: "x"}); err != nil {
		t.Errorf("Dropout: %v", err)
	}
}

// myLayer is a user's layer: one Register call makes it round-trip,
// including a nested layer and a map.
type myLayer struct {
	Scale  float32
	Inner  layers.Layer
	Tags   map[string]int
	Limits *[2]float64 `keras:"clip_limits"`
	Hidden int         `keras:"-"`
	layers.Base
	private int
}

func TestUserTypeRoundTrips(t *testing.T) {
	Register("MyLayer", func() any { return &myLayer{} })
	v := &myLayer{Scale: 1.5, Inner: &layers.Dense{Units: 2}, Tags: map[string]int{"a": 1}, Limits: &[2]float64{-1, 1}, Hidden: 7, private: 3}
	w, a, b := roundTrip(t, v)
	if a != b {
		t.Fatalf("%s != %s", a, b)
	}
	got := w.(*myLayer)
	if got.Scale != 1.5 || got.Inner.(*layers.Dense).Units != 2 || got.Tags["a"] != 1 || *got.Limits != [2]float64{-1, 1} || got.Hidden != 0 {
		t.Errorf("decoded %+v", got)
	}
	if !strings.Contains(a, `"module":"config","class_name":"MyLayer"`) || !strings.Contains(a, `"clip_limits":[-1,1]`) {
		t.Errorf("config %s", a)
	}
}

// TestEveryLayerRegistered parses package layers and checks that every
// exported layer type (a struct with a Type method) is registered, so a new
// layer cannot be forgotten.
func TestEveryLayerRegistered(t *testing.T) {
	for _, pkg := range []struct{ dir, module string }{{"../layers", "layers"}, {"../initializers", "initializers"},
		{"../losses", "losses"}, {"../optimizers", "optimizers"}, {"../regularizers", "regularizers"}, {"../metrics", "metrics"}} {
		registered := map[string]bool{}
		for _, c := range Classes(pkg.module) {
			registered[c] = true
		}
		for _, name := range catalogTypes(t, pkg.dir) {
			if !registered[name] {
				t.Errorf("%s.%s is not registered in config/builtin.go", pkg.module, name)
			}
		}
	}
}

// catalogTypes lists the exported struct types of a package folder that
// have a method named Type, Init, Penalty, Call, Apply or Rate (the
// catalog's interfaces), test files excluded.
func catalogTypes(t *testing.T, dir string) []string {
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	structs := map[string]bool{}
	methods := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.IsExported() {
						if _, isStruct := ts.Type.(*ast.StructType); isStruct {
							structs[ts.Name.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) == 0 {
					continue
				}
				switch d.Name.Name {
				case "Type", "Init", "Penalty", "Call", "Apply", "Rate":
				default:
					continue
				}
				rt := d.Recv.List[0].Type
				if st, ok := rt.(*ast.StarExpr); ok {
					rt = st.X
				}
				if id, ok := rt.(*ast.Ident); ok {
					methods[id.Name] = true
				}
			}
		}
	}
	var out []string
	for name := range structs {
		if methods[name] {
			out = append(out, name)
		}
	}
	return out
}

// TestKerasNamesResolve checks that every name the Get functions know maps
// to a registered type.
func TestKerasNamesResolve(t *testing.T) {
	for _, n := range initializers.Names() {
		v, _ := initializers.Get(n)
		if _, _, ok := ClassOf(v); !ok {
			t.Errorf("initializer %q (%T) is not registered", n, v)
		}
	}
	for _, n := range metrics.Names() {
		v, _ := metrics.Get(n)
		if _, _, ok := ClassOf(v); !ok {
			t.Errorf("metric %q (%T) is not registered", n, v)
		}
	}
	for _, n := range losses.Names() {
		v, _ := losses.Get(n)
		if _, _, ok := ClassOf(v); !ok {
			t.Errorf("loss %q (%T) is not registered", n, v)
		}
	}
	for _, n := range []string{"adadelta", "adafactor", "adagrad", "adam", "adamax", "adamw", "ftrl", "lion", "nadam", "rmsprop", "sgd"} {
		v, _ := optimizers.Get(n)
		if _, _, ok := ClassOf(v); !ok {
			t.Errorf("optimizer %q (%T) is not registered", n, v)
		}
	}
}

// TestEMAFields: every optimizer writes use_ema, ema_momentum (0.99 when
// zero) and ema_overwrite_frequency with Keras's keys, and reads them back.
func TestEMAFields(t *testing.T) {
	for _, name := range optimizers.Names() {
		o, _ := optimizers.Get(name)
		reflect.ValueOf(o).Elem().FieldByName("UseEMA").SetBool(true)
		reflect.ValueOf(o).Elem().FieldByName("EMAOverwriteFrequency").SetInt(5)
		w, a, b := roundTrip(t, o)
		if a != b {
			t.Errorf("%s: %s != %s", name, a, b)
		}
		for _, key := range []string{`"use_ema":true`, `"ema_momentum":0.99`, `"ema_overwrite_frequency":5`} {
			if !strings.Contains(a, key) {
				t.Errorf("%s: config %s lacks %s", name, a, key)
			}
		}
		if got := reflect.ValueOf(w).Elem(); !got.FieldByName("UseEMA").Bool() || got.FieldByName("EMAMomentum").Float() != 0.99 ||
			got.FieldByName("EMAOverwriteFrequency").Int() != 5 {
			t.Errorf("%s: decoded %+v", name, w)
		}
	}
}

// TestActivityRegularizerField: a layer's ActivityRegularizer is written
// as Keras's activity_regularizer and read back.
func TestActivityRegularizerField(t *testing.T) {
	w, a, b := roundTrip(t, &layers.Dense{Units: 2, ActivityRegularizer: regularizers.L2{L2: 0.25}})
	if a != b || !strings.Contains(a, `"activity_regularizer":{`) || !strings.Contains(a, `"l2":0.25`) {
		t.Errorf("config %s (again %s) lacks activity_regularizer", a, b)
	}
	if got, ok := w.(*layers.Dense).ActivityRegularizer.(regularizers.L2); !ok || got.L2 != 0.25 {
		t.Errorf("decoded ActivityRegularizer %#v", w.(*layers.Dense).ActivityRegularizer)
	}
}
