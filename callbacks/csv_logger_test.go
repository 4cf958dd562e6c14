package callbacks

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// csvFit drives c over epochs whose logs are given as key/value lists.
func csvFit(c *CSVLogger, epochs ...[]any) {
	c.SetModel(&fakeModel{})
	c.OnTrainBegin(&Logs{})
	for e, kv := range epochs {
		c.OnEpochBegin(e, &Logs{})
		c.OnEpochEnd(e, logsOf(kv...))
	}
	c.OnTrainEnd(&Logs{})
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCSVLoggerWritesKerasText(t *testing.T) {
	// Columns are sorted; values are Python's str(float); lines end in CRLF
	// (Python's csv excel dialect); a key missing later is NA.
	name := filepath.Join(t.TempDir(), "log.csv")
	c := &CSVLogger{Filename: name}
	csvFit(c,
		[]any{"loss", 0.5, "mae", 0.25, "val_loss", 0.75, "val_mae", 1e-05},
		[]any{"val_loss", 0.1, "loss", 2.0, "mae", math.NaN()},
	)
	want := "epoch,loss,mae,val_loss,val_mae\r\n" +
		"0,0.5,0.25,0.75,1e-05\r\n" +
		"1,2.0,nan,0.1,NA\r\n"
	if got := readFile(t, name); got != want || c.Err() != nil {
		t.Fatalf("got %q (err %v), want %q", got, c.Err(), want)
	}
}

func TestCSVLoggerAddsValColumnsWhenTheFirstEpochHasNone(t *testing.T) {
	// Keras adds val_ columns when the first epoch's logs have none (for
	// validation that does not run every epoch); they read NA until filled.
	name := filepath.Join(t.TempDir(), "log.csv")
	csvFit(&CSVLogger{Filename: name},
		[]any{"mae", 0.25, "loss", 0.5},
		[]any{"mae", 0.125, "loss", 0.375, "val_loss", 1.0, "val_mae", 0.5},
	)
	want := "epoch,loss,mae,val_loss,val_mae\r\n" +
		"0,0.5,0.25,NA,NA\r\n" +
		"1,0.375,0.125,1.0,0.5\r\n"
	if got := readFile(t, name); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCSVLoggerSeparatorQuotesAsPythonCSV(t *testing.T) {
	// Python: csv.DictWriter(f, ['epoch','a;b','loss','q"x'], delimiter=';')
	// writes 'epoch;"a;b";loss;"q""x"\r\n0;0.5;nan;NA\r\n'.
	name := filepath.Join(t.TempDir(), "log.csv")
	c := &CSVLogger{Filename: name, Separator: ";"}
	csvFit(c, []any{"a;b", 0.5, "loss", math.NaN(), `q"x`, 0.0, "val_z", 1.0})
	got := readFile(t, name)
	if !strings.HasPrefix(got, "epoch;\"a;b\";loss;\"q\"\"x\";val_z\r\n0;0.5;nan;0.0;1.0\r\n") {
		t.Fatalf("got %q", got)
	}
}

func TestCSVLoggerAppendWritesTheHeaderOnlyOnce(t *testing.T) {
	name := filepath.Join(t.TempDir(), "log.csv")
	c := &CSVLogger{Filename: name, Append: true}
	csvFit(c, []any{"loss", 1.0, "val_loss", 2.0}) // missing file: header
	csvFit(c, []any{"loss", 0.5, "val_loss", 1.5}, []any{"loss", 0.25, "val_loss", 1.25})
	want := "epoch,loss,val_loss\r\n0,1.0,2.0\r\n0,0.5,1.5\r\n1,0.25,1.25\r\n"
	if got := readFile(t, name); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	// An existing empty file gets the header too.
	empty := filepath.Join(t.TempDir(), "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	csvFit(&CSVLogger{Filename: empty, Append: true}, []any{"loss", 1.0, "val_loss", 2.0})
	if got := readFile(t, empty); got != "epoch,loss,val_loss\r\n0,1.0,2.0\r\n" {
		t.Fatalf("empty file: got %q", got)
	}
	// Without Append the file is overwritten, header included.
	csvFit(&CSVLogger{Filename: name}, []any{"loss", 9.0, "val_loss", 8.0})
	if got := readFile(t, name); got != "epoch,loss,val_loss\r\n0,9.0,8.0\r\n" {
		t.Fatalf("overwrite: got %q", got)
	}
}

func TestCSVLoggerRowsAreOnDiskBeforeTrainingEnds(t *testing.T) {
	name := filepath.Join(t.TempDir(), "log.csv")
	c := &CSVLogger{Filename: name}
	c.OnTrainBegin(&Logs{})
	c.OnEpochEnd(0, logsOf("loss", 1.0, "val_loss", 2.0))
	if got := readFile(t, name); got != "epoch,loss,val_loss\r\n0,1.0,2.0\r\n" {
		t.Fatalf("after one epoch the file holds %q", got)
	}
	c.OnTrainEnd(&Logs{})
}

func TestCSVLoggerErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		c    *CSVLogger
		want string
	}{
		{&CSVLogger{}, "CSVLogger: Filename is empty"},
		{&CSVLogger{Filename: filepath.Join(dir, "x.csv"), Separator: "ab"}, "CSVLogger: Separator must be one character"},
		{&CSVLogger{Filename: filepath.Join(dir, "x.csv"), Separator: `"`}, "Separator must be one character"},
		{&CSVLogger{Filename: filepath.Join(dir, "no", "such", "x.csv")}, "CSVLogger: open"},
		{&CSVLogger{Filename: dir, Append: true}, "CSVLogger"},
	} {
		csvFit(c.c, []any{"loss", 1.0})
		if err := c.c.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
