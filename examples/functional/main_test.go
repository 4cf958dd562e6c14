package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

func TestFunctionalExample(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf, 60, 1); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	value := func(name string) float64 {
		t.Helper()
		m := regexp.MustCompile(`(?m)^  ` + name + `\s+([0-9.]+)$`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no %s in:\n%s", name, out)
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		return v
	}
	// The price spreads over about ±4; a mean absolute error of 0.3 is a
	// good fit, and the above-median class is nearly separable.
	if mae := value("price_mean_absolute_error"); mae > 0.3 {
		t.Errorf("test price MAE %v, want ≤ 0.3", mae)
	}
	if acc := value("above_median_accuracy"); acc < 0.95 {
		t.Errorf("test accuracy %v, want ≥ 0.95", acc)
	}
	lines := regexp.MustCompile(`(plain|residual) MLP +(\d+) params: train MSE ([0-9.]+), test MSE ([0-9.]+)`).FindAllStringSubmatch(out, -1)
	if len(lines) != 2 || lines[0][2] != lines[1][2] {
		t.Fatalf("want a plain and a residual MLP of the same size:\n%s", out)
	}
	for _, l := range lines {
		if mse, _ := strconv.ParseFloat(l[4], 64); mse > 30 {
			t.Errorf("%s MLP test MSE %v, want < 30 (a linear model reaches about 23)", l[1], mse)
		}
	}
}
