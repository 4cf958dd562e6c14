package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestSlides(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"x * y = [4 10 18]\n",
		"x**2 + x + 10 at x=2: 16\n",
		"gradient: [5]\n",
		"Gradient with respect to W equals x: true\n",
		"Gradient with respect to b: 1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; got:\n%s", want, out)
		}
	}
}
