package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrainPlotWritesThePicture(t *testing.T) {
	dir := t.TempDir()
	pngPath := filepath.Join(dir, "boston.png")
	var out, errOut bytes.Buffer
	if code := run([]string{"train", "--epochs", "3", "--verbose", "0", "--plot", pngPath}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("--plot wrote no PNG: %v", err)
	}
	// boston logs loss and mae: two panels.
	if b := img.Bounds(); b.Dx() != 672 || b.Dy() != 2*288 {
		t.Fatalf("size %v, want 672×576", b.Size())
	}

	svgPath := filepath.Join(dir, "iris.svg")
	out.Reset()
	if code := run([]string{"train", "iris", "--epochs", "2", "--json", "--plot", svgPath}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	b, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", ">loss</text>", ">accuracy</text>"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("iris SVG lacks %q", want)
		}
	}
	if !strings.HasPrefix(out.String(), "{") {
		t.Errorf("--plot disturbed --json's output: %q", out.String())
	}
}

func TestTrainPlotRejectsOtherExtensionsBeforeTraining(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"out.jpg", "out"} {
		var out, errOut bytes.Buffer
		path := filepath.Join(dir, name)
		if code := run([]string{"train", "--plot", path}, &out, &errOut); code != 2 {
			t.Errorf("--plot %s: exit %d, want 2", name, code)
		}
		if !strings.Contains(errOut.String(), ".png or .svg") {
			t.Errorf("--plot %s: stderr %q does not name the formats", name, errOut.String())
		}
		if out.Len() != 0 {
			t.Errorf("--plot %s: trained anyway:\n%s", name, out.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
}

func TestTrainPlotChecksTheFolderBeforeTraining(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(dir, "no", "such", "out.png"), filepath.Join(file, "out.png")} {
		var out, errOut bytes.Buffer
		if code := run([]string{"train", "--plot", path}, &out, &errOut); code != 2 {
			t.Fatalf("--plot %s: exit %d, want 2; stderr %q", path, code, errOut.String())
		}
		if !strings.Contains(errOut.String(), "no folder") || out.Len() != 0 {
			t.Errorf("--plot %s: stderr %q, stdout %q", path, errOut.String(), out.String())
		}
	}
}
