package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

func TestBothIrisModelsLearn(t *testing.T) {
	var buf bytes.Buffer
	if err := run(&buf, 100, 1); err != nil {
		t.Fatal(err)
	}
	scores := regexp.MustCompile(`test accuracy (\d\.\d+) \((\d+) of 30\)`).FindAllStringSubmatch(buf.String(), -1)
	if len(scores) != 2 {
		t.Fatalf("want two test accuracies:\n%s", buf.String())
	}
	for i, min := range []int{26, 28} { // the linear lecture model, then the ReLU one
		if n, _ := strconv.Atoi(scores[i][2]); n < min {
			t.Errorf("model %d classified %d of 30 test flowers, want at least %d:\n%s", i, n, min, buf.String())
		}
	}
}
