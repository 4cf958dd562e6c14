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
			fs = append(fs, field{index: idx, name: f.Name, key: key, inverted: inv})
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
