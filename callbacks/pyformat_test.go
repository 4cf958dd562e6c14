package callbacks

import (
	"math"
	"strings"
	"testing"
)

func TestPyReprMatchesPython(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables, so that the sum is rounded as at run time
	// Right-hand sides are what CPython 3 prints for repr(float) (checked
	// with python3).
	for v, want := range map[float64]string{
		0:                     "0.0",
		math.Copysign(0, -1):  "-0.0",
		1:                     "1.0",
		0.1:                   "0.1",
		tenth + fifth:         "0.30000000000000004",
		123.456:               "123.456",
		-2.5:                  "-2.5",
		0.0001:                "0.0001",
		0.00001:               "1e-05",
		1.5e-7:                "1.5e-07",
		1e15:                  "1000000000000000.0",
		1e16:                  "1e+16",
		12345678901234567890:  "1.2345678901234567e+19",
		1e300:                 "1e+300",
		float64(float32(0.1)): "0.10000000149011612",
		math.Inf(1):           "inf",
		math.Inf(-1):          "-inf",
	} {
		if got := pyRepr(v); got != want {
			t.Errorf("pyRepr(%v) = %q, want %q", v, got, want)
		}
	}
	if got := pyRepr(math.NaN()); got != "nan" {
		t.Errorf("pyRepr(NaN) = %q", got)
	}
}

func TestPyFormatMatchesPythonStrFormat(t *testing.T) {
	logs := logsOf("loss", 0.123456, "val_loss", 2.0/3, "acc", 0.875, "big", -1234.5, "tiny", 1e-5)
	ints := map[string]int{"epoch": 3, "batch": 12}
	// Right-hand sides are Python's template.format(epoch=3, batch=12, **logs).
	for tmpl, want := range map[string]string{
		"weights.{epoch:02d}-{val_loss:.2f}.h5":    "weights.03-0.67.h5",
		"{epoch}_{batch:04d}":                      "3_0012",
		"{loss}":                                   "0.123456",
		"{tiny}":                                   "1e-05",
		"{loss:.4f}|{val_loss:.1f}":                "0.1235|0.7",
		"{big:09.2f}|{big:10.1f}":                  "-01234.50|   -1234.5",
		"{acc:.1%}":                                "87.5%",
		"{loss:e}|{loss:.2E}":                      "1.234560e-01|1.23E-01",
		"{loss:g}|{tiny:g}|{big:.3g}|{val_loss:G}": "0.123456|1e-05|-1.23e+03|0.666667",
		"{epoch:.3f}|{epoch:5}":                    "3.000|    3",
		"{{epoch}}-{epoch}}}":                      "{epoch}-3}",
		"plain.safetensors":                        "plain.safetensors",
	} {
		got, err := pyFormat(tmpl, ints, logs)
		if err != nil || got != want {
			t.Errorf("pyFormat(%q) = %q, %v; want %q", tmpl, got, err, want)
		}
	}
	for tmpl, want := range map[string]string{
		"{val_acc}":   `no value named "val_acc"`,
		"{loss:02d}":  "format 'd' needs an integer",
		"{epoch:.2d}": "precision is not allowed",
		"{}":          "no name",
		"{0}x":        "no value named \"0\"",
		"{loss!r}":    "not supported",
		"{loss.real}": "not supported",
		"{loss:>8}":   "unsupported type",
		"{loss:.2fx}": "not supported",
		"{loss:.f}":   "without a precision",
		"open{":       "not closed",
		"close}":      "single '}'",
		"{loss:.2}":   "needs a type",
	} {
		_, err := pyFormat(tmpl, ints, logs)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("pyFormat(%q): got %v, want an error containing %q", tmpl, err, want)
		}
	}
}

func TestLoggedRateShowsFloat32RatesAsNumpyDoes(t *testing.T) {
	for in, want := range map[float64]float64{
		float64(float32(0.04)):  0.04,
		float64(float32(1e-3)):  1e-3,
		float64(float32(0.1)):   0.1,
		0.1:                     0.1,                 // not a float32: unchanged
		0.04000000000000001:     0.04000000000000001, // not a float32: unchanged
		float64(float32(1) / 3): 0.33333334,          // float32(1/3) prints 0.33333334
	} {
		if got := loggedRate(in); got != want {
			t.Errorf("loggedRate(%v) = %v, want %v", in, got, want)
		}
	}
}
