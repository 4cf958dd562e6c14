package config

import (
	"fmt"
	"reflect"
	"sync"
)

// Default is the value a field takes when its Go value is zero.
type Default struct {
	Field string // the Go field name
	Value any    // convertible to the field's type
}

// defaults holds, per struct type, groups of fields whose zero values mean
// defaults: when every field of a group is zero, all take their defaults.
var defaults = struct {
	sync.RWMutex
	groups map[reflect.Type][][]Default
}{groups: map[reflect.Type][][]Default{}}

// RegisterDefaults declares that the type of sample reads the fields of
// group, when all of them are zero, as the values given (one field, as
// Adam's Beta1 of 0 meaning 0.9, or several read together, as
// RandomUniform's Minval and Maxval). Configs then hold the effective
// values, and a config that sets every field of a group to zero is
// rejected, since the type cannot hold that zero (see the package
// comment). It panics if a field does not exist or a value does not
// convert to it.
func RegisterDefaults(sample any, group ...Default) {
	t := reflect.TypeOf(sample)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for _, d := range group {
		f, ok := t.FieldByName(d.Field)
		if !ok {
			panic(fmt.Sprintf("config: RegisterDefaults: %v has no field %s", t, d.Field))
		}
		if !reflect.TypeOf(d.Value).ConvertibleTo(f.Type) {
			panic(fmt.Sprintf("config: RegisterDefaults: %v.%s is %v, the default is %T", t, d.Field, f.Type, d.Value))
		}
	}
	defaults.Lock()
	defer defaults.Unlock()
	defaults.groups[t] = append(defaults.groups[t], group)
}

// groupsOf returns the default groups of struct type t.
func groupsOf(t reflect.Type) [][]Default {
	defaults.RLock()
	defer defaults.RUnlock()
	return defaults.groups[t]
}

// allZero reports whether every field of the group is zero in struct v.
func allZero(v reflect.Value, group []Default) bool {
	for _, d := range group {
		if !v.FieldByName(d.Field).IsZero() {
			return false
		}
	}
	return true
}

// effective returns a copy of struct v with its zero default groups
// filled in.
func effective(v reflect.Value) reflect.Value {
	groups := groupsOf(v.Type())
	if len(groups) == 0 {
		return v
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	for _, g := range groups {
		if !allZero(c, g) {
			continue
		}
		for _, d := range g {
			f := c.FieldByName(d.Field)
			f.Set(reflect.ValueOf(d.Value).Convert(f.Type()))
		}
	}
	return c
}

// checkRepresentable rejects a decoded struct whose config set a default
// group to zero explicitly: the type would read those zeros as defaults.
// present holds the Go names of the fields the config gave.
func checkRepresentable(v reflect.Value, present map[string]bool) error {
	for _, g := range groupsOf(v.Type()) {
		given := false
		for _, d := range g {
			given = given || present[d.Field]
		}
		if given && allZero(v, g) {
			f, _ := v.Type().FieldByName(g[0].Field)
			key, _, _ := fieldKey(f)
			if len(g) > 1 {
				return fmt.Errorf("%s = 0 with the fields read together with it also 0 cannot be represented: %v reads all of them as 0 as its defaults", key, v.Type())
			}
			return fmt.Errorf("%s = 0 cannot be represented: %v reads 0 as its default %v", key, v.Type(), g[0].Value)
		}
	}
	return nil
}
