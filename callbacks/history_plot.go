package callbacks

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The picture's geometry: every panel is plotWidth × plotPanelHeight, the
// panels stacked vertically; PNGs are rendered at plotDPI (so a panel is
// 672 × 288 pixels).
const (
	plotWidth       = 7 * vg.Inch
	plotPanelHeight = 3 * vg.Inch
	plotDPI         = 96
)

// The curves' colours: matplotlib's first two (tab:blue, tab:orange), the
// ones a Keras user sees from plt.plot(history.history[...]).
var (
	plotTrainColor = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	plotValColor   = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
)

// Plot draws the recorded curves to w as a "png" or "svg" picture: one
// panel per metric family, stacked vertically, "loss" first and then the
// other metrics in the order they first appeared. Each panel shows the
// training values ("loss", "mae", …) and the validation values ("val_loss",
// "val_mae", …) against the epoch, numbered from 1 as Keras prints it, with
// the legend "train" / "validation". NaN and infinite values are left out of
// the curves. Plot returns an error for an empty History or an unknown
// format; it writes nothing to w unless the picture was drawn.
func (h *History) Plot(w io.Writer, format string) (err error) {
	format = strings.ToLower(format)
	if format != "png" && format != "svg" {
		return fmt.Errorf("callbacks: History.Plot: format %q: want \"png\" or \"svg\"", format)
	}
	families := h.plotFamilies()
	if len(families) == 0 {
		return errors.New("callbacks: History.Plot: the history is empty (no epoch recorded)")
	}
	defer func() { // gonum/plot panics on a few inputs it considers impossible
		if r := recover(); r != nil {
			err = fmt.Errorf("callbacks: History.Plot: %v", r)
		}
	}()
	panels := make([][]*plot.Plot, len(families))
	for i, f := range families {
		p, err := h.plotPanel(f)
		if err != nil {
			return err
		}
		panels[i] = []*plot.Plot{p}
	}
	height := plotPanelHeight * vg.Length(len(panels))
	var (
		canvas vg.CanvasWriterTo
		vgc    vg.CanvasSizer
	)
	if format == "png" {
		c := vgimg.NewWith(vgimg.UseWH(plotWidth, height), vgimg.UseDPI(plotDPI))
		canvas, vgc = vgimg.PngCanvas{Canvas: c}, c
	} else {
		c := vgsvg.New(plotWidth, height)
		canvas, vgc = c, c
	}
	dc := draw.New(vgc)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadTop: vg.Points(6), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(10), PadY: vg.Points(10)}
	for i, row := range plot.Align(panels, tiles, dc) {
		panels[i][0].Draw(row[0])
	}
	// Render fully before touching w, so a failure leaves w untouched.
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return fmt.Errorf("callbacks: History.Plot: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("callbacks: History.Plot: %w", err)
	}
	return nil
}

// SavePlot writes [History.Plot]'s picture to path, in the format its
// extension names (".png" or ".svg", any case; others are an error). The
// file is replaced atomically: the picture goes to a temporary file in the
// same folder, which is then renamed over path, so path is never left
// half-written.
func (h *History) SavePlot(path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".png" && ext != ".svg" {
		return fmt.Errorf("callbacks: History.SavePlot: %q: extension %q: want .png or .svg", path, filepath.Ext(path))
	}
	var buf bytes.Buffer
	if err := h.Plot(&buf, ext[1:]); err != nil {
		return err
	}
	if err := writePlotFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("callbacks: History.SavePlot: %w", err)
	}
	return nil
}

// writePlotFile replaces path with data through a temporary file in the
// same folder and a rename.
func writePlotFile(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// plotFamily is one panel: a metric and its validation counterpart; either
// key may be absent from the history.
type plotFamily struct {
	name       string // the metric's name, the panel's y label
	train, val string // keys in History.History, "" if absent
}

// plotFamilies groups the recorded metrics into panels: "loss" first, then
// the others in the order Keys gives (sorted for keys set by hand).
func (h *History) plotFamilies() []plotFamily {
	order := slices.Clone(h.keys)
	var extra []string
	for k := range h.History {
		if !slices.Contains(order, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	order = append(order, extra...)

	var fams []plotFamily
	index := map[string]int{}
	for _, k := range order {
		if len(h.History[k]) == 0 {
			continue
		}
		name, val := strings.CutPrefix(k, "val_")
		i, ok := index[name]
		if !ok {
			i = len(fams)
			index[name] = i
			fams = append(fams, plotFamily{name: name})
		}
		if val {
			fams[i].val = k
		} else {
			fams[i].train = k
		}
	}
	if i, ok := index["loss"]; ok && i > 0 {
		loss := fams[i]
		fams = append(fams[:i], fams[i+1:]...)
		fams = append([]plotFamily{loss}, fams...)
	}
	return fams
}

// plotPoints returns a metric's finite values against 1-based epochs: the
// recorded epoch numbers when there is one value per recorded epoch,
// otherwise the values' positions.
func (h *History) plotPoints(key string) plotter.XYs {
	vals := h.History[key]
	pts := make(plotter.XYs, 0, len(vals))
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		x := float64(i + 1)
		if len(h.Epoch) == len(vals) {
			x = float64(h.Epoch[i] + 1)
		}
		pts = append(pts, plotter.XY{X: x, Y: v})
	}
	return pts
}

// plotPanel draws one metric family.
func (h *History) plotPanel(f plotFamily) (*plot.Plot, error) {
	p := plot.New()
	sans := func(s *font.Font) { s.Typeface, s.Variant = "Liberation", "Sans" }
	sans(&p.X.Label.TextStyle.Font)
	sans(&p.Y.Label.TextStyle.Font)
	sans(&p.X.Tick.Label.Font)
	sans(&p.Y.Tick.Label.Font)
	sans(&p.Legend.TextStyle.Font)
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = f.name
	p.X.Tick.Marker = plotEpochTicks{}
	p.Y.Tick.Marker = plotSafeTicks{}
	p.Legend.Top = true
	p.Legend.XOffs = -vg.Points(6)
	p.Legend.YOffs = -vg.Points(4)

	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xe0}
	grid.Horizontal.Color = color.Gray{Y: 0xe0}
	p.Add(grid)

	var ends []float64 // last y of each curve, to place the legend
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for _, s := range []struct {
		key, label string
		color      color.Color
	}{{f.train, "train", plotTrainColor}, {f.val, "validation", plotValColor}} {
		if s.key == "" {
			continue
		}
		pts := h.plotPoints(s.key)
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("callbacks: History.Plot: %s: %w", s.key, err)
		}
		line.LineStyle.Width = vg.Points(1.5)
		line.LineStyle.Color = s.color
		p.Add(line)
		p.Legend.Add(s.label, line)
		if len(pts) == 1 { // a single point draws no line: mark it
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("callbacks: History.Plot: %s: %w", s.key, err)
			}
			sc.GlyphStyle.Color = s.color
			sc.GlyphStyle.Shape = draw.CircleGlyph{}
			sc.GlyphStyle.Radius = vg.Points(3)
			p.Add(sc)
		}
		for _, pt := range pts {
			ymin, ymax = math.Min(ymin, pt.Y), math.Max(ymax, pt.Y)
		}
		if len(pts) > 0 {
			ends = append(ends, pts[len(pts)-1].Y)
		}
	}
	// Keep the legend off the curves' ends: at the top when they end low
	// (a falling loss), at the bottom when they end high (a rising accuracy).
	if ymax > ymin {
		for _, e := range ends {
			if (e-ymin)/(ymax-ymin) > 0.5 {
				p.Legend.Top = false
				p.Legend.YOffs = vg.Points(4)
			}
		}
	}
	return p, nil
}

// plotEpochTicks labels only whole epochs, so that a short run does not
// show "1.5" on its epoch axis.
type plotEpochTicks struct{}

// Ticks returns gonum/plot's default ticks, whole epochs labelled without
// decimals, fractional ones unlabelled.
func (plotEpochTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plotSafeTicks{}.Ticks(min, max)
	for i, t := range ticks {
		switch {
		case t.Label == "":
		case t.Value != math.Trunc(t.Value):
			ticks[i].Label = ""
		case math.Abs(t.Value) < 1e15:
			ticks[i].Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
		}
	}
	return ticks
}

// plotSafeTicks are gonum/plot's default ticks, except for ranges they
// cannot divide (wider than the largest float64, or narrower than a
// billionth of the values' size), where gonum/plot would loop for ever:
// those get two labelled ticks, at the ends.
type plotSafeTicks struct{}

// Ticks returns the ticks for the range [min, max].
func (plotSafeTicks) Ticks(min, max float64) []plot.Tick {
	width := max - min
	if !(width > 0) || math.IsInf(width, 0) || width < 1e-9*math.Max(math.Abs(min), math.Abs(max)) {
		return []plot.Tick{
			{Value: min, Label: strconv.FormatFloat(min, 'g', 6, 64)},
			{Value: max, Label: strconv.FormatFloat(max, 'g', 6, 64)},
		}
	}
	return plot.DefaultTicks{}.Ticks(min, max)
}
