package layers

import "reflect"

// IsNil reports whether l is nil or a typed nil pointer (such as
// (*Dense)(nil)), which an interface comparison with nil does not catch.
func IsNil(l Layer) bool {
	if l == nil {
		return true
	}
	v := reflect.ValueOf(l)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}
