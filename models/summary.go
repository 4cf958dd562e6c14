package models

import (
	"fmt"
	"io"
	"strings"

	"github.com/neurite/neurite/layers"
)

// Keras's summary tables: a Sequential model's is 65 characters wide with
// columns ending at 45% and 85% of it; a functional model's is 98 wide
// with columns ending at 33%, 55% and 67%, and a "Connected to" column.
var (
	sequentialTable = table{width: 65, stops: []int{29, 55, 65}}
	functionalTable = table{width: 98, stops: []int{32, 53, 65, 98}}
)

// table is the layout of a summary table.
type table struct {
	width int
	stops []int
}

// Summary writes Keras's summary table of the model to w: each layer's name
// and type, its output shape with None for the batch axis, its number of
// parameters and, for a functional model, the layers it is connected to
// ("dense[0][0]": layer, call, output), then the totals. A model that can
// be built is built first.
func (m *Model) Summary(w io.Writer) error {
	if w == nil {
		return fmt.Errorf("models: Summary: the writer is nil")
	}
	if err := m.requireBuilt("Summary"); err != nil {
		return err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	t := functionalTable
	if m.sequential {
		t = sequentialTable
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Model: %q\n", m.base.UniqueName())
	b.WriteString(strings.Repeat("_", t.width) + "\n")
	header := []string{"Layer (type)", "Output Shape", "Param #", "Connected to"}
	t.row(&b, header[:len(t.stops)]...)
	b.WriteString(strings.Repeat("=", t.width) + "\n")
	rows := m.summaryLayers()
	for i, l := range rows {
		fields := []string{fmt.Sprintf("%s (%s)", l.LayerBase().UniqueName(), l.Type()), m.outputShapeOf(l), fmt.Sprint(countParams(l))}
		if m.sequential {
			t.row(&b, fields...)
		} else {
			conns := m.connections(l)
			first := ""
			if len(conns) > 0 {
				first = conns[0]
			}
			t.row(&b, append(fields, first)...)
			for _, c := range conns[min(1, len(conns)):] {
				t.row(&b, "", "", "", c)
			}
		}
		if i < len(rows)-1 {
			b.WriteString(strings.Repeat("_", t.width) + "\n")
		}
	}
	b.WriteString(strings.Repeat("=", t.width) + "\n")
	total, trainable := m.countParams()
	fmt.Fprintf(&b, "Total params: %s\n", thousands(total))
	fmt.Fprintf(&b, "Trainable params: %s\n", thousands(trainable))
	fmt.Fprintf(&b, "Non-trainable params: %s\n", thousands(total-trainable))
	b.WriteString(strings.Repeat("_", t.width) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// summaryLayers returns the layers that get a row: a Sequential model's
// InputLayer gets none, as in Keras.
func (m *Model) summaryLayers() []layers.Layer {
	var out []layers.Layer
	for _, l := range m.topo.layers {
		if _, isInput := l.(*layers.InputLayer); isInput && m.sequential {
			continue
		}
		out = append(out, l)
	}
	return out
}

// outputShapeOf formats a layer's output shape in the model: "(None, 8)",
// a list for several outputs, "multiple" for a layer called on different
// shapes.
func (m *Model) outputShapeOf(l layers.Layer) string {
	shape := ""
	for _, c := range m.topo.calls {
		if c.Layer != l {
			continue
		}
		var parts []string
		for _, o := range c.Outputs {
			parts = append(parts, layers.FormatSampleShape(o.Shape()))
		}
		s := parts[0]
		if len(parts) > 1 {
			s = "[" + strings.Join(parts, ", ") + "]"
		}
		if shape != "" && shape != s {
			return "multiple"
		}
		shape = s
	}
	return shape
}

// connections lists the inputs of every call of l in the model as Keras
// prints them: "<layer>[<call>][<output>]".
func (m *Model) connections(l layers.Layer) []string {
	var out []string
	for _, c := range m.topo.calls {
		if c.Layer != l {
			continue
		}
		for _, in := range c.Inputs {
			call, idx := in.Producer()
			out = append(out, fmt.Sprintf("%s[%d][%d]", call.Layer.LayerBase().UniqueName(), call.Index, idx))
		}
	}
	return out
}

// row writes fields padded (or cut) to the column stops, exactly as Keras's
// print_row: each field after the first replaces the last character of the
// line so far with a space, so a long field is cut one short of its stop.
func (t table) row(b *strings.Builder, fields ...string) {
	line := ""
	for i, f := range fields {
		if i > 0 {
			line = line[:len(line)-1] + " "
		}
		line += f
		if len(line) > t.stops[i] {
			line = line[:t.stops[i]]
		}
		line += strings.Repeat(" ", t.stops[i]-len(line))
	}
	b.WriteString(line + "\n")
}

// thousands formats n with comma separators, as Keras prints totals.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// countParams returns the number of scalar weights of one layer.
func countParams(l layers.Layer) int {
	n := 0
	for _, w := range l.Weights() {
		n += w.Shape().Size()
	}
	return n
}

// CountParams returns the number of scalar weights of the model, and how
// many of them are trainable. A model that can be built is built first.
func (m *Model) CountParams() (total, trainable int) {
	if m.requireBuilt("CountParams") != nil {
		return 0, 0
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.countParams()
}

// countParams counts the weights of a built model.
func (m *Model) countParams() (total, trainable int) {
	for _, w := range m.topo.weights() {
		n := w.Shape().Size()
		total += n
		if w.Trainable {
			trainable += n
		}
	}
	return total, trainable
}
