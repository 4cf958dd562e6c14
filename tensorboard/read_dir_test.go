package tensorboard

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// logDir writes two runs, train and validation, of the sample file and
// returns the folder and the train file's path.
func logDir(t *testing.T) (dir, train string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "logs")
	train = writeSample(t, filepath.Join(dir, "train"))
	writeSample(t, filepath.Join(dir, "validation"))
	return dir, train
}

// recordOffsets returns the offsets of the records of an event file.
func recordOffsets(raw []byte) []int {
	var offs []int
	for off := 0; off+8 <= len(raw); off += 16 + int(binary.LittleEndian.Uint64(raw[off:])) {
		offs = append(offs, off)
	}
	return offs
}

// A log being written ends inside a record: ReadDir returns the complete
// records and no error, at every cut point of the last record.
func TestReadDirStopsQuietlyAtATruncatedTail(t *testing.T) {
	dir, train := logDir(t)
	full, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(train)
	offs := recordOffsets(raw)
	last := offs[len(offs)-1] // the tensor scalar "t"
	for cut := last + 1; cut < len(raw); cut++ {
		if err := os.WriteFile(train, raw[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		runs, err := ReadDir(dir)
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if got, want := len(runs["train"]), len(full["train"])-1; got != want {
			t.Fatalf("cut at %d: %d train scalars, want %d", cut, got, want)
		}
		if len(runs["validation"]) != len(full["validation"]) {
			t.Fatalf("cut at %d: validation has %d scalars", cut, len(runs["validation"]))
		}
	}
}

// A damaged record before the end is still an error naming the file and
// the record's offset, but the other runs, and the scalars of the bad file
// before the damage, are returned with it.
func TestReadDirReportsADamagedFileAndTheOtherRuns(t *testing.T) {
	dir, train := logDir(t)
	raw, _ := os.ReadFile(train)
	offs := recordOffsets(raw)
	raw[offs[2]+12+3] ^= 0x01 // a payload byte of the third record
	if err := os.WriteFile(train, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	runs, err := ReadDir(dir)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Offset != int64(offs[2]) || fe.Truncated ||
		!strings.Contains(err.Error(), train) || !strings.Contains(err.Error(), "payload CRC") {
		t.Fatalf("error %v; want the payload CRC of %s at byte %d", err, train, offs[2])
	}
	if len(runs["validation"]) != 3 || len(runs["train"]) != 1 {
		t.Fatalf("runs %v; want validation's 3 scalars and train's 1 before the damage", runs)
	}
}

// A log folder given as a symbolic link, and event files that are links,
// are followed.
func TestReadDirFollowsSymlinks(t *testing.T) {
	dir, train := logDir(t)
	link := filepath.Join(t.TempDir(), "latest")
	if err := os.Symlink(dir, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	other := filepath.Join(t.TempDir(), "other")
	os.Mkdir(other, 0o755)
	if err := os.Symlink(train, filepath.Join(other, filepath.Base(train))); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{link, other} {
		runs, err := ReadDir(d)
		if err != nil || len(runs) == 0 {
			t.Fatalf("ReadDir(%s) = %v, %v", d, runs, err)
		}
	}
	if runs, _ := ReadDir(link); len(runs["train"]) != 3 || len(runs["validation"]) != 3 {
		t.Errorf("through the link: %v", runs)
	}
	if runs, _ := ReadDir(other); len(runs["."]) != 3 {
		t.Errorf("a linked file: %v", runs)
	}
}

// TestReadDirStreams reads a 60 MB log of histogram events, each with one
// scalar, and checks that ReadDir allocates about one record's worth plus
// the scalars it returns, not in proportion to the file.
func TestReadDirStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 60 MB")
	}
	dir := t.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := &Histogram{Num: 4000, BucketLimit: make([]float64, 2000), Bucket: make([]float64, 2000)}
	for i := range h.BucketLimit {
		h.BucketLimit[i], h.Bucket[i] = float64(i), 2
	}
	const size = 60 << 20
	n := 0
	for fi, _ := os.Stat(w.Path()); fi == nil || fi.Size() < size; fi, _ = os.Stat(w.Path()) {
		for range 100 {
			ev := &Event{Step: int64(n), WallTime: 1, Values: []Value{
				{Tag: "kernel_" + strconv.Itoa(n%7), Histogram: h}, {Tag: "loss", Simple: f32(float32(n))}}}
			if err := w.WriteEvent(ev); err != nil {
				t.Fatal(err)
			}
			n++
		}
		w.Flush()
	}
	w.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	runs, err := ReadDir(dir)
	runtime.ReadMemStats(&after)
	if err != nil || len(runs["."]) != n {
		t.Fatalf("%d scalars, %v; want %d", len(runs["."]), err, n)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("read %d records (%d MB) allocating %.2f MB", n, size>>20, float64(alloc)/(1<<20))
	if limit := uint64(4 << 20); alloc > limit {
		t.Errorf("ReadDir allocated %d bytes for a %d-byte log; want under %d", alloc, size, limit)
	}
}

// The same file read while a writer appends to it between flushes: every
// read succeeds with a growing prefix.
func TestReadDirWhileWriting(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		for i := range 200 {
			if err := w.AddScalar("loss", int64(i), float64(i), time.Time{}); err != nil {
				done <- err
				return
			}
			if i%7 == 0 {
				w.Flush()
			}
		}
		done <- w.Close()
	}()
	prev := 0
	for reading := true; reading; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			reading = false
		default:
		}
		runs, err := ReadDir(dir)
		if err != nil {
			t.Fatalf("read while writing: %v", err)
		}
		if len(runs["."]) < prev {
			t.Fatalf("%d scalars after %d", len(runs["."]), prev)
		}
		prev = len(runs["."])
	}
	if runs, err := ReadDir(dir); err != nil || len(runs["."]) != 200 {
		t.Fatalf("after Close: %d scalars, %v", len(runs["."]), err)
	}
}
