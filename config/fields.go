package config

import (
	"fmt"
	"reflect"
	"sync"
)

// field is one config entry of a struct type: where it is (an index path
// through embedded structs), its key and whether it is a bool written
// inverted.
type field struct {
	index    []int
	name     string // Go name, for messages and defaults
	key      string
	inverted bool
	none     bool // a per-sample shape: None (-1) is written null, see shapeField
}

// fieldCache keeps the fields of each struct type.
var fieldCache sync.Map // reflect.Type → []field

// fieldsOf returns the config fields of struct type t: its exported
// fields, and those of embedded structs, as encoding/json flattens them.
// Two fields with one key are an error.
func fieldsOf(t reflect.Type) ([]field, error) {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field), nil
	}
	var fs []field
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int{}, index...), i)
			if f.Anonymous {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					continue // embedded pointers are state, never configuration
				}
				if ft.Kind() == reflect.Struct {
					if _, tagged := f.Tag.Lookup("keras"); !tagged {
						walk(ft, idx)
						continue
					}
				}
			}
			if !f.IsExported() {
				continue
			}
			key, inv, skip := fieldKey(f)
			if skip {
				continue
			}
			fs = append(fs, field{index: idx, name: f.Name, key: key, inverted: inv, none: shapeField(f)})
		}
	}
	walk(t, nil)
	seen := map[string]string{}
	for _, f := range fs {
		if other, ok := seen[f.key]; ok {
			return nil, fmt.Errorf("%v: fields %s and %s both have the config key %q (set a keras tag)", t, other, f.name, f.key)
		}
		seen[f.key] = f.name
	}
	fieldCache.Store(t, fs)
	return fs, nil
}

// shapeField reports whether f is a per-sample shape — a []int field named
// Shape or InputShape (an InputLayer's shape, a first layer's declared
// input shape) — whose None dimensions (-1, layers.None) the config
// writes as null, as Keras writes None in batch_shape.
func shapeField(f reflect.StructField) bool {
	return (f.Name == "Shape" || f.Name == "InputShape") && f.Type == reflect.TypeOf([]int(nil))
}

// noneToNull writes the -1 entries of an encoded shape as null.
func noneToNull(x any) any {
	xs, ok := x.([]any)
	if !ok {
		return x
	}
	for i, v := range xs {
		if d, ok := v.(int64); ok && d == -1 {
			xs[i] = nil
		}
	}
	return xs
}

// nullToNone reads the null entries of a shape as -1 (None).
func nullToNone(x any) any {
	xs, ok := x.([]any)
	if !ok {
		return x
	}
	out := make([]any, len(xs))
	for i, v := range xs {
		out[i] = v
		if v == nil {
			out[i] = float64(-1)
		}
	}
	return out
}
