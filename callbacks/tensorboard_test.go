package callbacks_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/tensor"
)

// This file reads the event files back with its own decoder, independent
// of package tensorboard: a bitwise CRC-32C and a minimal protocol-buffer
// parser, following TFRecord and tensorflow/core/util/event.proto.

// crc32c is a bitwise CRC-32C (reflected polynomial 0x82f63b78).
func crc32c(data []byte) uint32 {
	crc := ^uint32(0)
	for _, b := range data {
		crc ^= uint32(b)
		for k := 0; k < 8; k++ {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0x82f63b78
			} else {
				crc >>= 1
			}
		}
	}
	return ^crc
}

func masked(data []byte) uint32 {
	c := crc32c(data)
	return (c>>15 | c<<17) + 0xa282ead8
}

// tbEvent is what the test decodes of an Event.
type tbEvent struct {
	wallTime    float64
	step        int64
	fileVersion string
	tag         string
	simple      float32
	hasSimple   bool
	histo       map[int]float64 // HistogramProto fields 1–5
	buckets     []float64       // field 7, packed
}

// records splits a TFRecord file, checking both CRCs of every record.
func records(t *testing.T, raw []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for off := 0; off < len(raw); {
		if len(raw)-off < 12 {
			t.Fatalf("record at %d: truncated header", off)
		}
		n := int(binary.LittleEndian.Uint64(raw[off:]))
		if got, want := binary.LittleEndian.Uint32(raw[off+8:]), masked(raw[off:off+8]); got != want {
			t.Fatalf("record at %d: length CRC %#x, want %#x", off, got, want)
		}
		if len(raw)-off < 16+n {
			t.Fatalf("record at %d: truncated", off)
		}
		payload := raw[off+12 : off+12+n]
		if got, want := binary.LittleEndian.Uint32(raw[off+12+n:]), masked(payload); got != want {
			t.Fatalf("record at %d: payload CRC %#x, want %#x", off, got, want)
		}
		out = append(out, payload)
		off += 16 + n
	}
	return out
}

// pbField is one field of a protocol-buffer message.
type pbField struct {
	num, wire int
	u         uint64
	b         []byte
}

func uvarint(t *testing.T, b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	t.Fatalf("bad varint % x", b)
	return 0, 0
}

// fields parses a message of varint, fixed32, fixed64 and bytes fields.
func fields(t *testing.T, b []byte) []pbField {
	t.Helper()
	var out []pbField
	for len(b) > 0 {
		key, n := uvarint(t, b)
		b = b[n:]
		f := pbField{num: int(key >> 3), wire: int(key & 7)}
		switch f.wire {
		case 0:
			f.u, n = uvarint(t, b)
		case 1:
			f.u, n = binary.LittleEndian.Uint64(b), 8
		case 5:
			f.u, n = uint64(binary.LittleEndian.Uint32(b)), 4
		case 2:
			l, m := uvarint(t, b)
			f.b, n = b[m:m+int(l)], m+int(l)
		default:
			t.Fatalf("wire type %d", f.wire)
		}
		b = b[n:]
		out = append(out, f)
	}
	return out
}

// decode parses an Event holding at most one summary value.
func decode(t *testing.T, payload []byte) tbEvent {
	t.Helper()
	var e tbEvent
	for _, f := range fields(t, payload) {
		switch {
		case f.num == 1 && f.wire == 1:
			e.wallTime = math.Float64frombits(f.u)
		case f.num == 2 && f.wire == 0:
			e.step = int64(f.u)
		case f.num == 3 && f.wire == 2:
			e.fileVersion = string(f.b)
		case f.num == 5 && f.wire == 2: // Summary
			vals := fields(t, f.b)
			if len(vals) != 1 || vals[0].num != 1 {
				t.Fatalf("summary with %d values", len(vals))
			}
			for _, v := range fields(t, vals[0].b) { // Summary.Value
				switch {
				case v.num == 1 && v.wire == 2:
					e.tag = string(v.b)
				case v.num == 2 && v.wire == 5:
					e.simple, e.hasSimple = math.Float32frombits(uint32(v.u)), true
				case v.num == 5 && v.wire == 2:
					e.histo = map[int]float64{}
					for _, h := range fields(t, v.b) {
						if h.wire == 1 {
							e.histo[h.num] = math.Float64frombits(h.u)
						}
						if h.num == 7 && h.wire == 2 {
							for p := h.b; len(p) >= 8; p = p[8:] {
								e.buckets = append(e.buckets, math.Float64frombits(binary.LittleEndian.Uint64(p)))
							}
						}
					}
				default:
					t.Fatalf("unexpected Summary.Value field %d", v.num)
				}
			}
		default:
			t.Fatalf("unexpected Event field %d", f.num)
		}
	}
	return e
}

// readRun reads the one event file of a run folder, checking that its name
// is TensorFlow's and that its first record is the file version.
func readRun(t *testing.T, dir string) []tbEvent {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "events.out.tfevents.*.v2"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("%s: event files %v, %v", dir, matches, err)
	}
	raw, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	var events []tbEvent
	for _, p := range records(t, raw) {
		events = append(events, decode(t, p))
	}
	if len(events) == 0 || events[0].fileVersion != "brain.Event:2" || events[0].tag != "" {
		t.Fatalf("%s: first record is not the file version: %+v", dir, events)
	}
	now := float64(time.Now().Unix())
	for i, e := range events {
		if e.wallTime < now-600 || e.wallTime > now+1 || i > 0 && e.wallTime < events[i-1].wallTime {
			t.Fatalf("%s: record %d has wall time %f", dir, i, e.wallTime)
		}
	}
	return events[1:]
}

// series collects the scalar values per tag.
func series(events []tbEvent) (steps map[string][]int64, values map[string][]float32) {
	steps, values = map[string][]int64{}, map[string][]float32{}
	for _, e := range events {
		if e.hasSimple {
			steps[e.tag] = append(steps[e.tag], e.step)
			values[e.tag] = append(values[e.tag], e.simple)
		}
	}
	return
}

func expectSeries(t *testing.T, run, tag string, steps map[string][]int64, values map[string][]float32, wantSteps []int64, want []float64) {
	t.Helper()
	if fmt.Sprint(steps[tag]) != fmt.Sprint(wantSteps) {
		t.Errorf("%s %s: steps %v, want %v", run, tag, steps[tag], wantSteps)
		return
	}
	for i, v := range values[tag] {
		if v != float32(want[i]) {
			t.Errorf("%s %s step %d: %v, want %v", run, tag, wantSteps[i], v, float32(want[i]))
		}
	}
}

// A short real training run with the callback: the files hold exactly the
// History's values under Keras's tags and steps.
func TestTensorBoardLogsARealTrainingRun(t *testing.T) {
	n := 64
	x := tensor.New(tensor.Float32, n, 2)
	y := tensor.New(tensor.Float32, n)
	for i := 0; i < n; i++ {
		a, b := float64(i%7)/7, float64(i%5)/5
		x.Set(a, i, 0)
		x.Set(b, i, 1)
		y.Set(2*a-b+0.5, i)
	}
	model := models.MustSequential(&layers.Dense{Units: 1, InputShape: []int{2}})
	model.Seed = 3
	mae, err := metrics.Get("mae")
	if err != nil {
		t.Fatal(err)
	}
	if err := model.Compile(&optimizers.Adam{LearningRate: 0.01}, losses.MeanSquaredError{}, mae); err != nil {
		t.Fatal(err)
	}
	logDir := filepath.Join(t.TempDir(), "logs")
	tb := &callbacks.TensorBoard{LogDir: logDir, HistogramFreq: 2, UpdateFreq: 3}
	// 48 training samples in batches of 16: 3 batches per epoch, so the
	// batch logs are written at the last batch of each epoch (steps 3, 6,
	// 9), where the running means are the epoch's.
	hist, err := model.Fit(x, y, models.FitOptions{Epochs: 3, BatchSize: 16, ValidationSplit: 0.25,
		Verbose: models.Silent, Callbacks: []callbacks.Callback{tb}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.Err(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(hist.Epoch) != "[0 1 2]" {
		t.Fatalf("epochs %v", hist.Epoch)
	}
	h := hist.History
	epochs := []int64{0, 1, 2}
	batches := []int64{3, 6, 9}

	train := readRun(t, filepath.Join(logDir, "train"))
	steps, values := series(train)
	expectSeries(t, "train", "epoch_loss", steps, values, epochs, h["loss"])
	expectSeries(t, "train", "epoch_mae", steps, values, epochs, h["mae"])
	expectSeries(t, "train", "epoch_learning_rate", steps, values, epochs, []float64{0.01, 0.01, 0.01})
	expectSeries(t, "train", "batch_loss", steps, values, batches, h["loss"])
	expectSeries(t, "train", "batch_mae", steps, values, batches, h["mae"])
	if len(steps) != 5 {
		t.Errorf("train scalar tags %v", steps)
	}
	// Histograms of the kernel (2 values) and bias (1) at epochs 0 and 2;
	// the one at epoch 2 shows the final weights.
	names, weights := model.WeightNames(), model.WeightValues()
	if fmt.Sprint(names) != "[dense/kernel dense/bias]" {
		t.Fatalf("weight names %v", names)
	}
	for i, name := range names {
		tag := name + "_0/histogram"
		var at []int64
		var last tbEvent
		for _, e := range train {
			if e.tag == tag {
				at, last = append(at, e.step), e
			}
		}
		if fmt.Sprint(at) != "[0 2]" {
			t.Errorf("%s at steps %v, want [0 2]", tag, at)
			continue
		}
		vs := weights[i].Values()
		var sum, lo, hi float64 = 0, math.Inf(1), math.Inf(-1)
		for _, v := range vs {
			sum, lo, hi = sum+v, min(lo, v), max(hi, v)
		}
		total := 0.0
		for _, c := range last.buckets {
			total += c
		}
		if last.histo[3] != float64(len(vs)) || last.histo[4] != sum || last.histo[1] != lo || last.histo[2] != hi || total != float64(len(vs)) {
			t.Errorf("%s at epoch 2: %v (buckets %v); final weights %v", tag, last.histo, last.buckets, vs)
		}
	}

	val := readRun(t, filepath.Join(logDir, "validation"))
	steps, values = series(val)
	expectSeries(t, "validation", "epoch_loss", steps, values, epochs, h["val_loss"])
	expectSeries(t, "validation", "epoch_mae", steps, values, epochs, h["val_mae"])
	expectSeries(t, "validation", "evaluation_loss_vs_iterations", steps, values, batches, h["val_loss"])
	expectSeries(t, "validation", "evaluation_mae_vs_iterations", steps, values, batches, h["val_mae"])
	if len(steps) != 4 || len(val) != 12 {
		t.Errorf("validation tags %v in %d events", steps, len(val))
	}
}

// fakeModel is a compiled model with one weight.
type fakeModel struct {
	lr      float64
	weights []*tensor.Tensor
}

func (m *fakeModel) StopTraining()                     {}
func (m *fakeModel) WeightValues() []*tensor.Tensor    { return m.weights }
func (m *fakeModel) SetWeights([]*tensor.Tensor) error { return nil }
func (m *fakeModel) WeightNames() []string             { return []string{"dense/kernel"} }
func (m *fakeModel) LearningRate() (float64, bool)     { return m.lr, m.lr != 0 }
func (m *fakeModel) SetLearningRate(lr float64) error  { m.lr = lr; return nil }

func newFake() *fakeModel {
	return &fakeModel{lr: 0.5, weights: []*tensor.Tensor{tensor.FromSlice([]float32{1, 2})}}
}

func logsOf(kv ...any) *callbacks.Logs {
	l := &callbacks.Logs{}
	for i := 0; i < len(kv); i += 2 {
		l.Set(kv[i].(string), kv[i+1].(float64))
	}
	return l
}

// fit drives the callback through epochs of steps batches.
func fit(tb *callbacks.TensorBoard, m callbacks.Model, epochs, steps int) {
	tb.SetModel(m)
	tb.OnTrainBegin(nil)
	for e := 0; e < epochs; e++ {
		tb.OnEpochBegin(e, nil)
		for b := 0; b < steps; b++ {
			tb.OnTrainBatchBegin(b, nil)
			tb.OnTrainBatchEnd(b, logsOf("loss", float64(10*e+b)))
		}
		tb.OnEpochEnd(e, logsOf("loss", float64(e), "learning_rate", 0.25))
	}
	tb.OnTrainEnd(nil)
}

func TestTensorBoardUpdateFreqAndHistogramFreq(t *testing.T) {
	dir := t.TempDir()
	tb := &callbacks.TensorBoard{LogDir: dir, UpdateFreq: 2, HistogramFreq: 3}
	fit(tb, newFake(), 7, 5)
	if tb.Err() != nil {
		t.Fatal(tb.Err())
	}
	train := readRun(t, filepath.Join(dir, "train"))
	steps, values := series(train)
	expectSeries(t, "train", "batch_loss", steps, values, []int64{2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34},
		[]float64{1, 3, 10, 12, 14, 21, 23, 30, 32, 34, 41, 43, 50, 52, 54, 61, 63})
	// The logs' own learning_rate is written, not the optimizer's.
	expectSeries(t, "train", "epoch_learning_rate", steps, values, []int64{0, 1, 2, 3, 4, 5, 6}, []float64{0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25})
	var at []int64
	for _, e := range train {
		if e.histo != nil {
			if e.tag != "dense/kernel_0/histogram" || e.histo[3] != 2 || e.histo[4] != 3 {
				t.Fatalf("histogram %+v", e)
			}
			at = append(at, e.step)
		}
	}
	if fmt.Sprint(at) != "[0 3 6]" {
		t.Fatalf("histograms at %v, want [0 3 6]", at)
	}
	if _, err := os.Stat(filepath.Join(dir, "validation")); !os.IsNotExist(err) {
		t.Fatalf("validation folder made without validation logs: %v", err)
	}
}

func TestTensorBoardDefaultsAndNonFiniteWeights(t *testing.T) {
	t.Chdir(t.TempDir())
	m := newFake()
	m.weights[0] = tensor.FromSlice([]float32{1, float32(math.NaN())})
	tb := &callbacks.TensorBoard{HistogramFreq: 1}
	fit(tb, m, 2, 3)
	if tb.Err() != nil {
		t.Fatal(tb.Err())
	}
	train := readRun(t, filepath.Join("logs", "train"))
	steps, _ := series(train)
	if len(steps) != 2 || len(steps["epoch_loss"]) != 2 || len(train) != 4 {
		t.Fatalf("tags %v in %d events: want only epoch summaries, no batch ones and no histogram of NaN weights", steps, len(train))
	}
}

func TestTensorBoardErrors(t *testing.T) {
	for _, c := range []struct {
		tb   *callbacks.TensorBoard
		want string
	}{
		{&callbacks.TensorBoard{HistogramFreq: -1}, "callbacks: TensorBoard: HistogramFreq must not be negative"},
		{&callbacks.TensorBoard{UpdateFreq: -2}, "callbacks: TensorBoard: UpdateFreq must not be negative"},
	} {
		c.tb.LogDir = filepath.Join(t.TempDir(), "logs")
		fit(c.tb, newFake(), 2, 2)
		if err := c.tb.Err(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
		if _, err := os.Stat(c.tb.LogDir); !os.IsNotExist(err) {
			t.Errorf("logs written despite a bad setting")
		}
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := &callbacks.TensorBoard{LogDir: file}
	fit(tb, newFake(), 2, 2)
	if err := tb.Err(); err == nil || !strings.Contains(err.Error(), "LogDir") {
		t.Fatalf("got %v", err)
	}
}

// Used in Evaluate alone, the callback writes the evaluation's logs and
// closes its file.
func TestTensorBoardInEvaluate(t *testing.T) {
	dir := t.TempDir()
	tb := &callbacks.TensorBoard{LogDir: dir}
	tb.SetModel(newFake())
	tb.OnTestBegin(nil)
	tb.OnTestBatchEnd(0, logsOf("loss", 2.5))
	tb.OnTestEnd(logsOf("loss", 2.5))
	if tb.Err() != nil {
		t.Fatal(tb.Err())
	}
	steps, values := series(readRun(t, filepath.Join(dir, "validation")))
	expectSeries(t, "validation", "evaluation_loss_vs_iterations", steps, values, []int64{0}, []float64{2.5})
}
