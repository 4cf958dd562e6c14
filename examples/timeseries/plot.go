package main

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The curves' colours: black for the truth, then matplotlib's first two
// (tab:blue for the LSTM, tab:orange for the naive forecast).
var (
	truthColor = color.Black
	lstmColor  = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	naiveColor = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
)

// drawForecast draws the test years' sunspot numbers, the LSTM's
// forecasts and the naive forecasts against the year, as a 8×4 inch PNG.
func drawForecast(w io.Writer, f *forecast) (err error) {
	defer func() { // gonum/plot panics on a few inputs it considers impossible
		if r := recover(); r != nil {
			err = fmt.Errorf("timeseries: plot: %v", r)
		}
	}()
	p := plot.New()
	for _, s := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		s.Typeface, s.Variant = "Liberation", "Sans"
	}
	p.Title.Text = fmt.Sprintf("Yearly sunspot numbers, one year ahead: LSTM MAE %.1f, naive MAE %.1f", f.lstmMAE, f.naiveMAE)
	p.X.Label.Text = "year"
	p.Y.Label.Text = "sunspot number"
	p.Legend.Top = true
	p.X.Tick.Marker = wholeTicks{step: 10}
	p.Y.Tick.Marker = wholeTicks{step: 50}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{Y: 0xe0}, color.Gray{Y: 0xe0}
	p.Add(grid)
	for _, c := range []struct {
		label  string
		ys     []float64
		color  color.Color
		dashes []vg.Length
	}{
		{"truth", f.truth, truthColor, nil},
		{"LSTM", f.lstm, lstmColor, nil},
		{"naive (last value)", f.naive, naiveColor, []vg.Length{vg.Points(4), vg.Points(3)}},
	} {
		pts := make(plotter.XYs, len(c.ys))
		for i, y := range c.ys {
			pts[i] = plotter.XY{X: float64(f.years[i]), Y: y}
		}
		line, marks, err := plotter.NewLinePoints(pts)
		if err != nil {
			return fmt.Errorf("timeseries: plot %s: %w", c.label, err)
		}
		line.LineStyle.Color, line.LineStyle.Width, line.LineStyle.Dashes = c.color, vg.Points(1.5), c.dashes
		marks.GlyphStyle.Color, marks.GlyphStyle.Shape, marks.GlyphStyle.Radius = c.color, draw.CircleGlyph{}, vg.Points(1.5)
		p.Add(line, marks)
		p.Legend.Add(c.label, line)
	}
	p.Y.Min, p.Y.Max = 0, 1.25*p.Y.Max // room for the legend above the peaks
	wt, err := p.WriterTo(8*vg.Inch, 4*vg.Inch, "png")
	if err != nil {
		return fmt.Errorf("timeseries: plot: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("timeseries: plot: %w", err)
	}
	return nil
}

// wholeTicks marks the multiples of step, labelled as whole numbers.
type wholeTicks struct{ step float64 }

// Ticks implements plot.Ticker.
func (t wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for v := math.Ceil(lo/t.step) * t.step; v <= hi; v += t.step {
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ts
}
