package config

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"

	"github.com/neurite/neurite/activations"
)

// Config is the serialized form of one value: its class and its
// configuration, Keras's {"module", "class_name", "config"}.
type Config struct {
	Module    string         `json:"module"`
	ClassName string         `json:"class_name"`
	Config    map[string]any `json:"config"`
}

// funcType is the type of activation functions, written by name.
var funcType = reflect.TypeOf(activations.Func(nil))

// learningRater is implemented by optimizers: their learning rate in use
// is written instead of the field, so that a rate set with SetLearningRate
// is kept.
type learningRater interface {
	LearningRateValue() float64
	SetLearningRate(lr float64) error
}

// Encode returns the config of v, whose type must be registered.
func Encode(v any) (*Config, error) {
	if v == nil {
		return nil, fmt.Errorf("config: cannot encode nil")
	}
	module, class, ok := ClassOf(v)
	if !ok {
		return nil, fmt.Errorf("config: %T is not registered (call config.Register)", v)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, fmt.Errorf("config: cannot encode a nil %T", v)
		}
		rv = rv.Elem()
	}
	fields, err := encodeStruct(rv)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", class, err)
	}
	if lr, ok := v.(learningRater); ok && !scheduled(fields) {
		if _, has := fields["learning_rate"]; has {
			fields["learning_rate"] = lr.LearningRateValue()
		}
	}
	return &Config{Module: module, ClassName: class, Config: fields}, nil
}

// scheduled reports whether an optimizer's config has a schedule.
func scheduled(fields map[string]any) bool {
	s, ok := fields["schedule"]
	return ok && s != nil
}

// Marshal returns the JSON config of v.
func Marshal(v any) ([]byte, error) {
	c, err := Encode(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(c)
}

// encodeStruct writes the fields of struct v, with its defaults filled in.
func encodeStruct(v reflect.Value) (map[string]any, error) {
	fs, err := fieldsOf(v.Type())
	if err != nil {
		return nil, err
	}
	v = effective(v)
	out := make(map[string]any, len(fs))
	for _, f := range fs {
		x, err := encodeValue(v.FieldByIndex(f.index))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.key, err)
		}
		if f.inverted {
			x = !x.(bool)
		}
		if f.none {
			x = noneToNull(x)
		}
		out[f.key] = x
	}
	return out, nil
}

// encodeValue writes one value as a JSON tree.
func encodeValue(v reflect.Value) (any, error) {
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint(), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%v cannot be written in JSON", f)
		}
		return f, nil
	case reflect.String:
		return v.String(), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, nil
		}
		out := make([]any, v.Len())
		for i := range out {
			x, err := encodeValue(v.Index(i))
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = x
		}
		return out, nil
	case reflect.Map:
		return encodeMap(v)
	case reflect.Pointer:
		if v.IsNil() {
			return nil, nil
		}
		return encodeValue(v.Elem())
	case reflect.Struct:
		return encodeStruct(v)
	case reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		return Encode(v.Elem().Interface())
	case reflect.Func:
		if v.Type() != funcType {
			break
		}
		if v.IsNil() {
			return nil, nil
		}
		return activationName(v.Interface().(activations.Func))
	}
	return nil, fmt.Errorf("values of type %v cannot be written in a config", v.Type())
}

// encodeMap writes a map with string keys.
func encodeMap(v reflect.Value) (any, error) {
	if v.Type().Key().Kind() != reflect.String {
		return nil, fmt.Errorf("maps with %v keys cannot be written in a config", v.Type().Key())
	}
	if v.IsNil() {
		return nil, nil
	}
	out := make(map[string]any, v.Len())
	it := v.MapRange()
	for it.Next() {
		x, err := encodeValue(it.Value())
		if err != nil {
			return nil, fmt.Errorf("[%q]: %w", it.Key().String(), err)
		}
		out[it.Key().String()] = x
	}
	return out, nil
}
