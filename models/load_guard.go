package models

import (
	"fmt"
	"reflect"

	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/tensor"
)

// budgetInit stands in for every initializer of the layers Load builds:
// the weights are read from the file afterwards, so their initial values
// do not matter, and it refuses any weight that would not fit in what the
// file holds — a config with a huge shape fails here, before allocating.
type budgetInit struct {
	left *int64 // elements of the file's weights not yet claimed
}

// Init returns zeros of the shape if the budget allows them.
func (b budgetInit) Init(_ *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	n := int64(1)
	for _, d := range shape {
		if d < 0 {
			return nil, fmt.Errorf("negative dimension in shape %v", shape)
		}
		if d > 0 && n > *b.left/int64(d) {
			return nil, fmt.Errorf("a weight of shape %v is larger than what the file holds", shape)
		}
		n *= int64(d)
	}
	if n > *b.left {
		return nil, fmt.Errorf("a weight of shape %v is larger than what the file holds", shape)
	}
	*b.left -= n
	return tensor.New(dtype, shape...), nil
}

var initializerType = reflect.TypeOf((*initializers.Initializer)(nil)).Elem()

// guardInitializers sets every exported initializer field reachable from v
// (nested structs and layers included) to b and returns a function that
// puts the configured initializers back.
func guardInitializers(v any, b budgetInit) (undo func()) {
	var undos []func()
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || v.Elem().Kind() != reflect.Struct || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				f := v.Field(i)
				if !v.Type().Field(i).IsExported() {
					continue
				}
				if f.Type() == initializerType && f.CanSet() {
					old := reflect.ValueOf(f.Interface())
					f.Set(reflect.ValueOf(b))
					undos = append(undos, func() {
						if old.IsValid() {
							f.Set(old)
						} else {
							f.SetZero()
						}
					})
					continue
				}
				walk(f)
			}
		}
	}
	walk(reflect.ValueOf(v))
	return func() {
		for _, u := range undos {
			u()
		}
	}
}
