package graph

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// WriteDOT writes the graph in Graphviz DOT format: one box per node with
// its name, op type, dtype and static shape; inputs as edges. Placeholders
// are ellipses, variables and constants are notes, and the nodes built by
// Gradients are drawn in a separate, shaded cluster so that the backward
// pass stands apart. With fetches, only the nodes they depend on are drawn.
// Render with `dot -Tsvg graph.dot > graph.svg`. A nil graph or writer, or
// a fetch that is nil or of another graph, is an error.
func (g *Graph) WriteDOT(w io.Writer, fetches ...*Node) error {
	if g == nil || w == nil {
		return errors.New("graph: WriteDOT: the graph and the writer must not be nil")
	}
	for i, f := range fetches {
		if f == nil || f.g != g {
			return fmt.Errorf("graph: WriteDOT: fetch %d is nil or belongs to another graph", i)
		}
	}
	nodes := g.nodes
	if len(fetches) > 0 {
		nodes = ancestorsOf(g, fetches)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph neurite {")
	fmt.Fprintln(bw, "  rankdir=BT;")
	fmt.Fprintln(bw, `  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=10];`)
	var forward, backward []*Node
	for _, n := range nodes {
		if n.gradient {
			backward = append(backward, n)
		} else {
			forward = append(forward, n)
		}
	}
	for _, n := range forward {
		writeDOTNode(bw, n, "  ")
	}
	if len(backward) > 0 {
		fmt.Fprintln(bw, "  subgraph cluster_gradients {")
		fmt.Fprintln(bw, `    label="gradients"; style="dashed"; color="#c08000"; fontname="Helvetica";`)
		for _, n := range backward {
			writeDOTNode(bw, n, "    ")
		}
		fmt.Fprintln(bw, "  }")
	}
	for _, n := range nodes {
		for _, in := range n.inputs {
			fmt.Fprintf(bw, "  n%d -> n%d;\n", in.id, n.id)
		}
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// writeDOTNode writes one node statement.
func writeDOTNode(w io.Writer, n *Node, indent string) {
	attrs := ""
	switch {
	case n.op.Type() == "Placeholder":
		attrs = `, shape=ellipse, fillcolor="#fff4d6"`
	case n.IsVariable():
		attrs = `, shape=note, fillcolor="#e3f4e1"`
	case n.op.Type() == "Const":
		attrs = `, shape=note, fillcolor="#f2f2f2"`
	case n.gradient:
		attrs = `, fillcolor="#fdebd3"`
	}
	label := fmt.Sprintf("%s\\n%s %v %s", dotEscape(n.name), n.op.Type(), n.dtype, formatShape(n.shape))
	fmt.Fprintf(w, "%sn%d [label=\"%s\"%s];\n", indent, n.id, label, attrs)
}

// dotEscape escapes a string for a double-quoted DOT label.
func dotEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// ancestorsOf returns the fetches and every node they depend on, in id order.
func ancestorsOf(g *Graph, fetches []*Node) []*Node {
	keep := make([]bool, len(g.nodes))
	for _, f := range fetches {
		if f != nil && f.g == g && f.id >= 0 {
			keep[f.id] = true
		}
	}
	for id := len(g.nodes) - 1; id >= 0; id-- {
		if keep[id] {
			for _, in := range g.nodes[id].inputs {
				keep[in.id] = true
			}
		}
	}
	var out []*Node
	for id, k := range keep {
		if k {
			out = append(out, g.nodes[id])
		}
	}
	return out
}
