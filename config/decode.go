package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Decode returns a new value of the class that c names, configured as c
// says. Keys the config leaves out keep the class's defaults.
func Decode(c *Config) (any, error) {
	v, err := decodeAs(c, nil)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return v, nil
}

// Unmarshal decodes a JSON config.
func Unmarshal(data []byte) (any, error) {
	tree, err := ParseJSON(data)
	if err != nil {
		return nil, err
	}
	c, err := FromTree(tree)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Decode(c)
}

// ParseJSON parses JSON into a tree of map[string]any, []any, string,
// bool, json.Number and nil, the form Decode reads. Trailing data is an
// error.
func ParseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("config: invalid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("config: invalid JSON: data after the value")
	}
	return tree, nil
}

// FromTree reads a Config from a parsed JSON object with the keys
// "class_name", "config" and optionally "module".
func FromTree(tree any) (*Config, error) {
	m, ok := tree.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a {\"class_name\", \"config\"} object, got %s", kindOf(tree))
	}
	c := &Config{}
	for k, v := range m {
		switch k {
		case "module", "class_name":
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%q must be a string, got %s", k, kindOf(v))
			}
			if k == "module" {
				c.Module = s
			} else {
				c.ClassName = s
			}
		case "config":
			if v == nil {
				continue
			}
			if c.Config, ok = v.(map[string]any); !ok {
				return nil, fmt.Errorf("\"config\" must be an object, got %s", kindOf(v))
			}
		default:
			return nil, fmt.Errorf("unknown key %q (want module, class_name, config)", k)
		}
	}
	if c.ClassName == "" {
		return nil, errors.New("the class_name is missing")
	}
	return c, nil
}

// decodeAs decodes c into a value that must be assignable to want (nil:
// any).
func decodeAs(c *Config, want reflect.Type) (any, error) {
	e, err := lookup(c.Module, c.ClassName, want)
	if err != nil {
		return nil, err
	}
	if want != nil && !e.typ.AssignableTo(want) {
		return nil, fmt.Errorf("%s: a %v is needed here, and %v is not one", c.ClassName, want, e.typ)
	}
	v := e.factory()
	rv := reflect.ValueOf(v)
	target := rv
	if rv.Kind() == reflect.Pointer {
		target = rv.Elem()
	} else {
		target = reflect.New(rv.Type()).Elem()
		target.Set(rv)
	}
	present, err := decodeStruct(target, c.Config)
	if err == nil {
		err = checkRepresentable(target, present)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.ClassName, err)
	}
	if rv.Kind() != reflect.Pointer {
		v = target.Interface()
	}
	if lr, ok := v.(learningRater); ok && !scheduled(c.Config) {
		if x, has := c.Config["learning_rate"]; has {
			rate, err := toFloat(x, 64)
			if err == nil {
				err = lr.SetLearningRate(rate)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: learning_rate: %w", c.ClassName, err)
			}
		}
	}
	return v, nil
}

// decodeStruct sets the fields of struct v from a config object and
// returns the Go names of the fields given. Unknown keys are an error.
func decodeStruct(v reflect.Value, m map[string]any) (map[string]bool, error) {
	fs, err := fieldsOf(v.Type())
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]field, len(fs))
	for _, f := range fs {
		byKey[f.key] = f
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error reported does not depend on map order
	present := map[string]bool{}
	for _, k := range keys {
		f, ok := byKey[k]
		if !ok {
			return nil, fmt.Errorf("unknown key %q (known: %s)", k, knownKeys(fs))
		}
		x := m[k]
		if f.inverted {
			b, ok := x.(bool)
			if !ok {
				return nil, fmt.Errorf("%s: want true or false, got %s", k, kindOf(x))
			}
			x = !b
		}
		if f.none {
			x = nullToNone(x)
		}
		if err := decodeValue(v.FieldByIndex(f.index), x); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		present[f.name] = true
	}
	return present, nil
}

// knownKeys lists the keys of fs, sorted.
func knownKeys(fs []field) string {
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// decodeValue sets dst from a JSON tree.
func decodeValue(dst reflect.Value, x any) error {
	if x == nil {
		switch dst.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Func:
			dst.SetZero()
			return nil
		}
		return fmt.Errorf("null is not a %v", dst.Type())
	}
	switch dst.Kind() {
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return fmt.Errorf("want true or false, got %s", kindOf(x))
		}
		dst.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s, err := numberText(x)
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || dst.OverflowInt(n) {
			return fmt.Errorf("%s is not a %v", s, dst.Type())
		}
		dst.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s, err := numberText(x)
		if err != nil {
			return err
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || dst.OverflowUint(n) {
			return fmt.Errorf("%s is not a %v", s, dst.Type())
		}
		dst.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := toFloat(x, dst.Type().Bits())
		if err != nil {
			return err
		}
		dst.SetFloat(f)
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return fmt.Errorf("want a string, got %s", kindOf(x))
		}
		dst.SetString(s)
	case reflect.Slice, reflect.Array:
		return decodeList(dst, x)
	case reflect.Map:
		return decodeMap(dst, x)
	case reflect.Pointer:
		p := reflect.New(dst.Type().Elem())
		if err := decodeValue(p.Elem(), x); err != nil {
			return err
		}
		dst.Set(p)
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return fmt.Errorf("want an object, got %s", kindOf(x))
		}
		present, err := decodeStruct(dst, m)
		if err == nil {
			err = checkRepresentable(dst, present)
		}
		return err
	case reflect.Interface:
		c, err := FromTree(x)
		if err != nil {
			return err
		}
		v, err := decodeAs(c, dst.Type())
		if err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(v))
	case reflect.Func:
		if dst.Type() != funcType {
			return fmt.Errorf("values of type %v cannot be read from a config", dst.Type())
		}
		s, ok := x.(string)
		if !ok {
			return fmt.Errorf("want an activation name, got %s", kindOf(x))
		}
		f, err := activationByName(s)
		if err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(f))
	default:
		return fmt.Errorf("values of type %v cannot be read from a config", dst.Type())
	}
	return nil
}

// decodeList sets a slice or array from a JSON array.
func decodeList(dst reflect.Value, x any) error {
	xs, ok := x.([]any)
	if !ok {
		return fmt.Errorf("want an array, got %s", kindOf(x))
	}
	if dst.Kind() == reflect.Array {
		if len(xs) != dst.Len() {
			return fmt.Errorf("want %d elements, got %d", dst.Len(), len(xs))
		}
	} else {
		dst.Set(reflect.MakeSlice(dst.Type(), len(xs), len(xs)))
	}
	for i, e := range xs {
		if err := decodeValue(dst.Index(i), e); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return nil
}

// decodeMap sets a map with string keys from a JSON object.
func decodeMap(dst reflect.Value, x any) error {
	if dst.Type().Key().Kind() != reflect.String {
		return fmt.Errorf("maps with %v keys cannot be read from a config", dst.Type().Key())
	}
	m, ok := x.(map[string]any)
	if !ok {
		return fmt.Errorf("want an object, got %s", kindOf(x))
	}
	out := reflect.MakeMapWithSize(dst.Type(), len(m))
	for k, e := range m {
		ev := reflect.New(dst.Type().Elem()).Elem()
		if err := decodeValue(ev, e); err != nil {
			return fmt.Errorf("[%q]: %w", k, err)
		}
		out.SetMapIndex(reflect.ValueOf(k).Convert(dst.Type().Key()), ev)
	}
	dst.Set(out)
	return nil
}

// numberText returns the text of a JSON number (json.Number, or a Go
// number in a tree built by hand).
func numberText(x any) (string, error) {
	switch n := x.(type) {
	case json.Number:
		return string(n), nil
	case float64:
		return strconv.FormatFloat(n, 'g', -1, 64), nil
	case int:
		return strconv.Itoa(n), nil
	case int64:
		return strconv.FormatInt(n, 10), nil
	case uint64:
		return strconv.FormatUint(n, 10), nil
	}
	return "", fmt.Errorf("want a number, got %s", kindOf(x))
}

// toFloat parses a JSON number as a float of the given bits, rejecting
// values out of range.
func toFloat(x any, bits int) (float64, error) {
	s, err := numberText(x)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		return 0, fmt.Errorf("%s is not a float%d", s, bits)
	}
	return f, nil
}

// kindOf names the JSON kind of a tree value for messages.
func kindOf(x any) string {
	switch v := x.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return strconv.Quote(v)
	case json.Number:
		return "the number " + string(v)
	case float64, int, int64, uint64:
		return fmt.Sprintf("the number %v", v)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", x)
}
