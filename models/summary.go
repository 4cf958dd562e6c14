package models

import (
	"fmt"
	"io"
	"strings"
)

// Column stops of Keras's summary table for sequential models: a line is
// 65 characters wide, with columns ending at 45% and 85% of it.
const summaryWidth = 65

var summaryStops = []int{29, 55, 65}

// Summary writes Keras's summary table of the model to w: each layer's name
// and type, its output shape with None for the batch axis, and its number
// of parameters, then the totals. The model must be built (see Build).
func (m *Sequential) Summary(w io.Writer) error {
	if err := m.ensureBuilt(nil); err != nil {
		return err
	}
	name := m.Name
	if name == "" {
		name = "sequential"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Model: %q\n", name)
	b.WriteString(strings.Repeat("_", summaryWidth) + "\n")
	summaryRow(&b, "Layer (type)", "Output Shape", "Param #")
	b.WriteString(strings.Repeat("=", summaryWidth) + "\n")
	total, trainable := 0, 0
	for i, l := range m.layers {
		params := 0
		for _, wt := range l.Weights() {
			n := wt.Node.Shape().Size()
			params += n
			if wt.Trainable {
				trainable += n
			}
		}
		total += params
		summaryRow(&b, fmt.Sprintf("%s (%s)", m.names[i], l.Type()), noneShape(m.built.shapes[i]), fmt.Sprint(params))
		if i < len(m.layers)-1 {
			b.WriteString(strings.Repeat("_", summaryWidth) + "\n")
		}
	}
	b.WriteString(strings.Repeat("=", summaryWidth) + "\n")
	fmt.Fprintf(&b, "Total params: %s\n", thousands(total))
	fmt.Fprintf(&b, "Trainable params: %s\n", thousands(trainable))
	fmt.Fprintf(&b, "Non-trainable params: %s\n", thousands(total-trainable))
	b.WriteString(strings.Repeat("_", summaryWidth) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// summaryRow writes fields padded (or cut) to the column stops, exactly as
// Keras's print_row: each field after the first replaces the last character
// of the line so far with a space, so a long field is cut one short of its
// stop.
func summaryRow(b *strings.Builder, fields ...string) {
	line := ""
	for i, f := range fields {
		if i > 0 {
			line = line[:len(line)-1] + " "
		}
		line += f
		if len(line) > summaryStops[i] {
			line = line[:summaryStops[i]]
		}
		line += strings.Repeat(" ", summaryStops[i]-len(line))
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

// CountParams returns the number of scalar weights of the model.
func (m *Sequential) CountParams() (total, trainable int) {
	for _, l := range m.layers {
		for _, wt := range l.Weights() {
			n := wt.Node.Shape().Size()
			total += n
			if wt.Trainable {
				trainable += n
			}
		}
	}
	return total, trainable
}
