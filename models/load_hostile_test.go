package models

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/saving"
	"github.com/neurite/neurite/tensor"
)

// smallModelFile saves a small trained model and returns the file's bytes.
func smallModelFile(t testing.TB) []byte {
	s := MustSequential(&layers.Dense{Units: 2, InputShape: []int{2}, Activation: "relu"}, &layers.Dense{Units: 1})
	s.Seed = 3
	if err := s.CompileNamed("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	x, y := linearData(4)
	if _, err := s.Fit(x, y, FitOptions{Epochs: 1, Verbose: Silent}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.neurite")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rezip rewrites a model file, passing every entry through edit (nil drops
// it) and appending extra entries.
func rezip(t *testing.T, file []byte, edit func(name string, b []byte) []byte, extra map[string][]byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	write := func(name string, b []byte, method uint16) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if b = edit(f.Name, b); b != nil {
			write(f.Name, b, f.Method)
		}
	}
	for name, b := range extra {
		write(name, b, zip.Deflate)
	}
	zw.Close()
	return out.Bytes()
}

// replace returns an edit that substitutes old by new in entry name.
func replace(entry, old, new string) func(string, []byte) []byte {
	return func(name string, b []byte) []byte {
		if name == entry {
			return []byte(strings.Replace(string(b), old, new, 1))
		}
		return b
	}
}

func keep(_ string, b []byte) []byte { return b }

// TestLoadRejectsHostileFiles checks each bad file's message.
func TestLoadRejectsHostileFiles(t *testing.T) {
	good := smallModelFile(t)
	otherWeights := func(name string, b []byte) []byte {
		if name != entryWeights {
			return b
		}
		var buf bytes.Buffer
		saving.WriteSafetensors(&buf, []string{"dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"},
			[]*tensor.Tensor{tensor.New(tensor.Float32, 4, 1), tensor.New(tensor.Float32, 2),
				tensor.New(tensor.Float32, 2, 1), tensor.New(tensor.Float32, 1)}, nil)
		return buf.Bytes()
	}
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"not a zip", []byte("hello"), "is not a model file (a zip archive)"},
		{"truncated", good[:len(good)/2], "is not a model file (a zip archive)"},
		{"newer version", rezip(t, good, replace(entryMetadata, `"format_version": 1`, `"format_version": 2`), nil), "format version 2 is not supported"},
		{"missing weights", rezip(t, good, func(n string, b []byte) []byte {
			if n == entryWeights {
				return nil
			}
			return b
		}, nil), "the entry model.weights.safetensors is missing"},
		{"unknown layer", rezip(t, good, replace(entryConfig, `"class_name": "Dense"`, `"class_name": "Conv9D"`), nil), `layer "dense": config: unknown class "Conv9D" in module "layers"`},
		{"huge units", rezip(t, good, replace(entryConfig, `"units": 2`, `"units": 100000000`), nil), "larger than what the file holds"},
		{"units beyond memory", rezip(t, good, replace(entryConfig, `"units": 2`, `"units": 1099511627776`), nil), "tensor.MaxBytes"},
		{"negative units", rezip(t, good, replace(entryConfig, `"units": 2`, `"units": -2`), nil), "units must be positive"},
		{"unknown key", rezip(t, good, replace(entryConfig, `"units": 2`, `"units": 2, "unitz": 3`), nil), `unknown key "unitz"`},
		{"huge input shape", rezip(t, good, replace(entryConfig, `"input_shape": [`, `"input_shape": [0, `), nil), "expects inputs of shape (None, 0, 2)"},
		{"wrong weight shape", rezip(t, good, otherWeights, nil), "weight dense/kernel is float32 (2, 2) in the model but float32 (4, 1)"},
		{"extra entry", rezip(t, good, keep, map[string][]byte{"evil.sh": []byte("rm -rf /")}), "has 6 entries, at most 5"},
		{"unexpected entry", rezip(t, good, func(n string, b []byte) []byte {
			if n == entryOptimizer {
				return nil
			}
			return b
		}, map[string][]byte{"evil.sh": []byte("rm -rf /")}), `unexpected entry "evil.sh"`},
		{"missing optimizer", rezip(t, good, func(n string, b []byte) []byte {
			if n == entryOptimizer {
				return nil
			}
			return b
		}, nil), "optimizer.safetensors and the labels in state.json must come together"},
		{"zip bomb", rezip(t, good, keep, map[string][]byte{}), ""},
		{"bad state", rezip(t, good, replace(entryState, `"rng": "`, `"rng": "AA`), nil), "state.json"},
		{"corrupted weights", corrupt(t, good), "model.weights.safetensors"},
	}
	bomb := rezip(t, good, func(n string, b []byte) []byte {
		if n == entryConfig {
			return append(b[:len(b)-1], bytes.Repeat([]byte(" "), 8<<20)...)
		}
		return b
	}, nil)
	for i := range cases {
		if cases[i].name == "zip bomb" {
			cases[i].file, cases[i].want = bomb, "(a zip bomb?)"
		}
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "bad.neurite")
		os.WriteFile(path, c.file, 0o644)
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming %s and saying %q", c.name, err, path, c.want)
		}
	}
}

// corrupt flips a byte inside the stored weights entry, which the zip
// checksum catches.
func corrupt(t *testing.T, file []byte) []byte {
	b := append([]byte{}, file...)
	i := bytes.Index(b, []byte(`"dense/kernel"`))
	if i < 0 {
		t.Fatal("no weights header in the file")
	}
	end := bytes.Index(b[i:], []byte("PK"))
	b[i+end-3] ^= 0xff // in the tensor data just before the next zip record
	return b
}

// TestSaveKeepsPreviousFileOnFailure: a save that fails (here, a layer that
// is not registered) leaves the previous file intact and loadable.
func TestSaveKeepsPreviousFileOnFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.neurite")
	good := smallModelFile(t)
	os.WriteFile(path, good, 0o644)
	s := MustSequential(&unregistered{Dense: layers.Dense{Units: 1, InputShape: []int{2}}})
	err := s.Save(path)
	if err == nil || !strings.Contains(err.Error(), "is not registered") {
		t.Fatalf("Save: %v", err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, good) {
		t.Fatal("the previous file changed")
	}
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// unregistered is a layer type not registered with package config.
type unregistered struct{ layers.Dense }

// FuzzLoad checks that Load never panics or hangs on any file.
func FuzzLoad(f *testing.F) {
	f.Add(smallModelFile(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.neurite")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if m, err := Load(path); err == nil && m == nil {
			t.Fatal("Load returned neither a model nor an error")
		}
	})
}
