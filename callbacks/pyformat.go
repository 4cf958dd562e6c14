package callbacks

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pyRepr formats v as Python's repr(float) (and str), which Keras uses
// for log values in file names and CSV files: the shortest digits that read
// back as v, in fixed notation with at least one decimal ("2.0", "0.0001")
// when the decimal exponent is in [-4, 16), else in exponent notation with
// at least two exponent digits ("1e-05", "1.5e+16"); "nan", "inf", "-inf".
func pyRepr(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(v, 'e', -1, 64) // "-1.2345e+06"
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}

// pyFormat formats a path template as Python's str.format does with named
// fields, the subset Keras's ModelCheckpoint file names use: "{name}" and
// "{name:spec}" with spec [0][width][.precision][type], type one of d (for
// the integer fields), f, F, e, E, g, G, % or none; "{{" and "}}" are
// literal braces. ints holds the integer fields (epoch, batch); the others
// come from logs and are floats, so "{loss:02d}" is an error, as in Python.
func pyFormat(template string, ints map[string]int, logs *Logs) (string, error) {
	var b strings.Builder
	for i := 0; i < len(template); i++ {
		c := template[i]
		switch c {
		case '}':
			if i+1 < len(template) && template[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return "", fmt.Errorf("single '}' at byte %d", i)
		case '{':
			if i+1 < len(template) && template[i+1] == '{' {
				b.WriteByte('{')
				i++
				continue
			}
			end := strings.IndexByte(template[i+1:], '}')
			if end < 0 {
				return "", fmt.Errorf("'{' at byte %d is not closed", i)
			}
			field := template[i+1 : i+1+end]
			s, err := formatField(field, ints, logs)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
			i += end + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// formatField formats one "{name:spec}" field (without the braces).
func formatField(field string, ints map[string]int, logs *Logs) (string, error) {
	name, spec, _ := strings.Cut(field, ":")
	if name == "" {
		return "", fmt.Errorf("field {%s} has no name (positional fields are not supported)", field)
	}
	if strings.ContainsAny(name, "!.[{") || strings.ContainsAny(spec, "{") {
		return "", fmt.Errorf("field {%s}: conversions, attributes, indexes and nested fields are not supported", field)
	}
	zero, width, prec, verb, err := parseSpec(spec)
	if err != nil {
		return "", fmt.Errorf("field {%s}: %w", field, err)
	}
	var s string
	if n, ok := ints[name]; ok {
		switch verb {
		case 0, 'd':
			if prec >= 0 {
				return "", fmt.Errorf("field {%s}: precision is not allowed in an integer format", field)
			}
			s = strconv.Itoa(n)
		default:
			s = formatFloat(float64(n), verb, prec)
		}
	} else {
		v, ok := logs.Get(name)
		if !ok {
			return "", fmt.Errorf("no value named %q (logs hold: %s)", name, strings.Join(logs.Keys(), ", "))
		}
		switch verb {
		case 'd':
			return "", fmt.Errorf("field {%s}: format 'd' needs an integer, and %s is a float", field, name)
		case 0:
			if prec >= 0 {
				return "", fmt.Errorf("field {%s}: a precision needs a type (f, e, g or %%)", field)
			}
			s = pyRepr(v)
		default:
			s = formatFloat(v, verb, prec)
		}
	}
	return pad(s, width, zero), nil
}

// parseSpec parses [0][width][.precision][type]; prec is -1 when absent
// and verb 0 when there is no type.
func parseSpec(spec string) (zero bool, width, prec int, verb byte, err error) {
	prec = -1
	i := 0
	if i < len(spec) && spec[i] == '0' {
		zero = true
		i++
	}
	start := i
	for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
		i++
	}
	if i > start {
		width, _ = strconv.Atoi(spec[start:i])
	}
	if i < len(spec) && spec[i] == '.' {
		i++
		start = i
		for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
			i++
		}
		if i == start {
			return false, 0, 0, 0, fmt.Errorf("format spec %q: '.' without a precision", spec)
		}
		prec, _ = strconv.Atoi(spec[start:i])
	}
	if i < len(spec) {
		verb = spec[i]
		i++
		if !strings.ContainsRune("dfFeEgG%", rune(verb)) {
			return false, 0, 0, 0, fmt.Errorf("format spec %q: unsupported type %q", spec, verb)
		}
	}
	if i != len(spec) || width > 1000 || prec > 100 {
		return false, 0, 0, 0, fmt.Errorf("format spec %q is not supported (use [0][width][.precision][type])", spec)
	}
	return zero, width, prec, verb, nil
}

// formatFloat formats v with a Python float presentation type.
func formatFloat(v float64, verb byte, prec int) string {
	if prec < 0 {
		prec = 6
	}
	upper := verb == 'F' || verb == 'E' || verb == 'G'
	var s string
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		if verb == '%' {
			v *= 100
		}
		s = pyRepr(v)
		if verb == '%' {
			s += "%"
		}
	case verb == '%':
		s = strconv.FormatFloat(v*100, 'f', prec, 64) + "%"
	case verb == 'f' || verb == 'F':
		s = strconv.FormatFloat(v, 'f', prec, 64)
	case verb == 'e' || verb == 'E':
		s = strconv.FormatFloat(v, 'e', prec, 64)
	default: // g, G: Go's %g follows the same rule as Python's for a given precision.
		s = fmt.Sprintf("%.*g", max(prec, 1), v)
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// pad right-aligns s in width, with zeros after any sign if zero is set.
func pad(s string, width int, zero bool) string {
	if len(s) >= width {
		return s
	}
	fill := width - len(s)
	if !zero {
		return strings.Repeat(" ", fill) + s
	}
	sign := ""
	if s[0] == '-' || s[0] == '+' {
		sign, s = s[:1], s[1:]
	}
	return sign + strings.Repeat("0", fill) + s
}
