package config

import (
	"reflect"
	"strings"
	"unicode"
)

// kerasNames are Keras's spellings of fields whose snake_case differs. A
// leading "!" marks a bool written inverted (Dense's NoBias is Keras's
// use_bias).
var kerasNames = map[string]string{
	"ClipNorm":       "clipnorm",
	"ClipValue":      "clipvalue",
	"GlobalClipNorm": "global_clipnorm",
	"NoBias":         "!use_bias",
}

// fieldKey returns the config key of a struct field and whether a bool
// field is written inverted; skip is true for `keras:"-"`.
func fieldKey(f reflect.StructField) (key string, inverted, skip bool) {
	if tag, ok := f.Tag.Lookup("keras"); ok {
		if tag == "-" {
			return "", false, true
		}
		key = tag
	} else if k, ok := kerasNames[f.Name]; ok {
		key = k
	} else {
		key = SnakeCase(f.Name)
	}
	if strings.HasPrefix(key, "!") {
		return key[1:], f.Type.Kind() == reflect.Bool, false
	}
	return key, false, false
}

// SnakeCase turns a Go field name into Keras's spelling:
// "KernelInitializer" is "kernel_initializer", "Beta1" is "beta_1", "L1"
// is "l1", "HTTPServer" is "http_server".
func SnakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			switch {
			case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && nextLower):
				b.WriteByte('_')
			case unicode.IsDigit(r) && unicode.IsLower(prev):
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
