package callbacks

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
)

// ProgbarLogger prints training progress in Keras's format:
//
//	Epoch 3/100
//	11/11 [==============================] - 0s 2ms/step - loss: 12.3456 - mae: 2.3456 - val_loss: 20.1234 - val_mae: 3.0123
//
// With Verbose 1 on a terminal the bar is redrawn in place as batches finish,
// with an ETA; when the output is not a terminal (a log file, CI) only the
// finished line of each epoch is written. Verbose 2 writes one line per
// epoch without the bar ("11/11 - 0s - loss: … - 25ms/epoch - 2ms/step").
// Models add a ProgbarLogger themselves unless verbosity is silent.
type ProgbarLogger struct {
	Base
	Verbose int       // 1: progress bar, 2: one line per epoch
	Out     io.Writer // nil means os.Stdout
	// Dynamic forces in-place redrawing on (true) or off (false); nil
	// detects whether Out is a terminal.
	Dynamic *bool

	now        func() time.Time
	mode       string // "train", "test" or "predict"
	target     int
	epochStart time.Time
	lastDraw   time.Time
	lastWidth  int
	seen       int
	dynamic    bool
}

// Width of the bar between the brackets, as in Keras.
const progbarWidth = 30

func (p *ProgbarLogger) out() io.Writer {
	if p.Out == nil {
		return os.Stdout
	}
	return p.Out
}

func (p *ProgbarLogger) clock() time.Time {
	if p.now != nil {
		return p.now()
	}
	return time.Now()
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *ProgbarLogger) start(mode string, target int) {
	p.mode, p.target, p.seen, p.lastWidth = mode, target, 0, 0
	p.epochStart = p.clock()
	p.lastDraw = time.Time{}
	if p.Dynamic != nil {
		p.dynamic = *p.Dynamic
	} else {
		p.dynamic = isTerminal(p.out())
	}
}

// OnEpochBegin prints "Epoch k/N" and starts the bar.
func (p *ProgbarLogger) OnEpochBegin(epoch int, _ *Logs) {
	if p.Verbose <= 0 {
		return
	}
	fmt.Fprintf(p.out(), "Epoch %d/%d\n", epoch+1, p.Params.Epochs)
	p.start("train", p.Params.Steps)
}

// OnTrainBatchEnd redraws the bar on a terminal.
func (p *ProgbarLogger) OnTrainBatchEnd(batch int, logs *Logs) { p.batchEnd(batch, logs) }

// OnEpochEnd writes the finished line with the epoch's metrics.
func (p *ProgbarLogger) OnEpochEnd(_ int, logs *Logs) {
	if p.Verbose <= 0 || p.mode != "train" {
		return
	}
	p.finish(logs)
}

// OnTestBegin starts a bar for Evaluate (not for validation inside Fit).
func (p *ProgbarLogger) OnTestBegin(*Logs) {
	if p.Verbose > 0 && p.Params.Epochs == 0 {
		p.start("test", p.Params.Steps)
	}
}

// OnTestBatchEnd redraws Evaluate's bar.
func (p *ProgbarLogger) OnTestBatchEnd(batch int, logs *Logs) {
	if p.mode == "test" {
		p.batchEnd(batch, logs)
	}
}

// OnTestEnd finishes Evaluate's bar.
func (p *ProgbarLogger) OnTestEnd(logs *Logs) {
	if p.Verbose > 0 && p.mode == "test" {
		p.finish(logs)
		p.mode = ""
	}
}

// OnPredictBegin starts Predict's bar.
func (p *ProgbarLogger) OnPredictBegin(*Logs) {
	if p.Verbose > 0 {
		p.start("predict", p.Params.Steps)
	}
}

// OnPredictBatchEnd redraws Predict's bar.
func (p *ProgbarLogger) OnPredictBatchEnd(batch int, logs *Logs) { p.batchEnd(batch, logs) }

// OnPredictEnd finishes Predict's bar.
func (p *ProgbarLogger) OnPredictEnd(logs *Logs) {
	if p.Verbose > 0 && p.mode == "predict" {
		p.finish(logs)
		p.mode = ""
	}
}

// batchEnd records progress and, on a terminal, redraws at most every 50ms.
func (p *ProgbarLogger) batchEnd(batch int, logs *Logs) {
	if p.Verbose != 1 {
		return
	}
	p.seen = batch + 1
	if !p.dynamic || p.seen >= p.target {
		return
	}
	now := p.clock()
	if !p.lastDraw.IsZero() && now.Sub(p.lastDraw) < 50*time.Millisecond {
		return
	}
	p.lastDraw = now
	elapsed := now.Sub(p.epochStart).Seconds()
	perStep := elapsed / float64(p.seen)
	line := p.bar(p.seen) + " - ETA: " + formatETA(perStep*float64(p.target-p.seen)) + formatLogs(logs)
	p.redraw(line, false)
}

// finish writes the final line of an epoch, an evaluation or a prediction.
func (p *ProgbarLogger) finish(logs *Logs) {
	elapsed := p.clock().Sub(p.epochStart).Seconds()
	steps := max(p.target, 1)
	perStep := elapsed / float64(steps)
	var line string
	if p.Verbose == 2 {
		line = fmt.Sprintf("%d/%d - %.0fs%s -%s -%s", p.target, p.target, math.Floor(elapsed), formatLogs(logs),
			formatPerUnit(elapsed, "epoch"), formatPerUnit(perStep, "step"))
	} else {
		line = p.bar(p.target) + fmt.Sprintf(" - %.0fs", math.Floor(elapsed)) + formatPerUnit(perStep, "step") + formatLogs(logs)
	}
	p.redraw(line, true)
}

// redraw writes line, replacing the previous one on a terminal.
func (p *ProgbarLogger) redraw(line string, final bool) {
	w := p.out()
	if p.dynamic && p.lastWidth > 0 {
		io.WriteString(w, "\r")
		if pad := p.lastWidth - len(line); pad > 0 {
			line += strings.Repeat(" ", pad)
		}
	}
	p.lastWidth = len(line)
	if final {
		line += "\n"
		p.lastWidth = 0
	}
	io.WriteString(w, line)
}

// bar formats "  3/11 [=======>......................]" as Keras does.
func (p *ProgbarLogger) bar(current int) string {
	target := max(p.target, 1)
	digits := len(fmt.Sprint(target))
	var b strings.Builder
	fmt.Fprintf(&b, "%*d/%d [", digits, current, target)
	width := int(progbarWidth * float64(current) / float64(target))
	if width > 0 {
		b.WriteString(strings.Repeat("=", width-1))
		if current < target {
			b.WriteByte('>')
		} else {
			b.WriteByte('=')
		}
	}
	b.WriteString(strings.Repeat(".", progbarWidth-width))
	b.WriteByte(']')
	return b.String()
}

// formatLogs formats " - loss: 12.3456 - mae: 2.3456" with Keras's rule:
// four decimals, or scientific notation for magnitudes up to 1e-3.
func formatLogs(logs *Logs) string {
	var b strings.Builder
	for i := 0; i < logs.Len(); i++ {
		k, v := logs.At(i)
		b.WriteString(" - ")
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(FormatValue(v))
	}
	return b.String()
}

// FormatValue formats a metric value as Keras's progress bar does: "%.4f"
// when |v| > 1e-3, otherwise "%.4e".
func FormatValue(v float64) string {
	if math.Abs(v) > 1e-3 {
		return fmt.Sprintf("%.4f", v)
	}
	return fmt.Sprintf("%.4e", v)
}

// formatPerUnit formats " 2ms/step" with Keras's choice of unit.
func formatPerUnit(seconds float64, unit string) string {
	switch {
	case seconds >= 1 || seconds == 0:
		return fmt.Sprintf(" %.0fs/%s", seconds, unit)
	case seconds >= 1e-3:
		return fmt.Sprintf(" %.0fms/%s", seconds*1e3, unit)
	default:
		return fmt.Sprintf(" %.0fus/%s", seconds*1e6, unit)
	}
}

// formatETA formats a remaining time as Keras does: "7s", "1:05", "1:01:05".
func formatETA(s float64) string {
	switch {
	case s > 3600:
		return fmt.Sprintf("%d:%02d:%02d", int(s)/3600, int(s)%3600/60, int(s)%60)
	case s > 60:
		return fmt.Sprintf("%d:%02d", int(s)/60, int(s)%60)
	default:
		return fmt.Sprintf("%ds", int(s))
	}
}
