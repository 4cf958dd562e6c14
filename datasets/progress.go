package datasets

import (
	"fmt"
	"io"
	"strings"
)

// progressWidth is the number of cells of the download progress bar.
const progressWidth = 30

// downloadProgress is an io.Writer that counts the bytes written to it and
// draws a progress bar for them on w, redrawing one line with '\r' each time
// the shown percentage changes (each MiB when the size is unknown). Errors
// writing to w are ignored: the bar is cosmetic and must not fail a
// download.
type downloadProgress struct {
	w     io.Writer
	name  string
	total int64 // expected bytes; ≤ 0 when the server did not say
	done  int64
	shown int64 // the percentage (or MiB) last drawn; -1 before the first
	drawn int64 // done at the last draw
}

// newDownloadProgress returns a progress bar for name, total bytes long
// (≤ 0 if unknown), drawn on w.
func newDownloadProgress(w io.Writer, name string, total int64) *downloadProgress {
	return &downloadProgress{w: w, name: name, total: total, shown: -1}
}

// Write counts len(b) bytes and redraws the bar if its text changed.
func (p *downloadProgress) Write(b []byte) (int, error) {
	p.done += int64(len(b))
	if step := p.step(); step != p.shown {
		p.shown = step
		p.draw()
	}
	return len(b), nil
}

// step is what the bar shows: the percentage done, or the whole MiB
// received when the total is unknown.
func (p *downloadProgress) step() int64 {
	if p.total <= 0 {
		return p.done >> 20
	}
	return min(100, p.done*100/p.total)
}

// draw writes the bar's current line, starting with '\r'.
func (p *downloadProgress) draw() {
	p.drawn = p.done
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s %s", p.name, megabytes(p.done))
		return
	}
	pct := p.step()
	cells := int(pct * progressWidth / 100)
	bar := strings.Repeat("=", cells)
	if cells < progressWidth {
		bar += ">" + strings.Repeat(".", progressWidth-cells-1)
	}
	fmt.Fprintf(p.w, "\r%s [%s] %3d%% %s/%s", p.name, bar, pct, megabytes(p.done), megabytes(p.total))
}

// finish draws the final state of the bar, unless it is already shown,
// and ends its line.
func (p *downloadProgress) finish() {
	if p.shown < 0 || p.drawn != p.done {
		p.draw()
	}
	fmt.Fprintln(p.w)
}

// megabytes formats n bytes as decimal megabytes with one decimal.
func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
