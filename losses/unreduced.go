package losses

import (
	"fmt"
	"reflect"
)

// Unreduced returns a copy of l whose Call gives the per-sample values
// (Reduction "none"), and l's own reduction, so that a caller can weight
// the samples and reduce them itself, as models do for sample and class
// weights. It works for every loss of this package and for any user's loss
// that is a struct (or a pointer to one) with a Reduction field; other
// losses get an error.
func Unreduced(l Loss) (Loss, Reduction, error) {
	v := reflect.ValueOf(l)
	if !v.IsValid() {
		return nil, "", fmt.Errorf("losses: Unreduced: the loss is nil")
	}
	ptr := v.Kind() == reflect.Pointer
	if ptr {
		if v.IsNil() {
			return nil, "", fmt.Errorf("losses: Unreduced: the loss is nil")
		}
		v = v.Elem()
	}
	field := reflect.Value{}
	if v.Kind() == reflect.Struct {
		field = v.FieldByName("Reduction")
	}
	if !field.IsValid() || field.Type() != reflect.TypeOf(Reduction("")) {
		return nil, "", fmt.Errorf("losses: %s has no Reduction field, so its per-sample values cannot be weighted", l.Name())
	}
	r := Reduction(field.String())
	if err := r.check(l.Name()); err != nil {
		return nil, "", err
	}
	cp := reflect.New(v.Type()).Elem()
	cp.Set(v)
	cp.FieldByName("Reduction").SetString(string(ReductionNone))
	if ptr {
		return cp.Addr().Interface().(Loss), r, nil
	}
	return cp.Interface().(Loss), r, nil
}
