// Package npy reads and writes numpy's .npy files (one array) and .npz
// archives (a zip of .npy files), the format of numpy.save, numpy.load and
// numpy.savez, so that data and predictions move between Neurite and
// Python.
//
// The element types are float32, float64, int32, int64, uint8 and bool,
// little- or big-endian, in C or Fortran order, format versions 1.0, 2.0
// and 3.0. A Neurite tensor holds float32, float64 or int64: float32 and
// float64 arrays read as such, and the integer and bool arrays as int64
// (Kind tells what the file held). Reading treats the file as untrusted:
// the header is parsed strictly (a Python dict with exactly the keys
// descr, fortran_order and shape), sizes are checked for overflow and
// against Limits, and memory grows with the data actually read, never with
// what a header claims. Every error names the problem; nothing panics on a
// bad file.
package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/neurite/neurite/tensor"
)

// Kind is the element type of a .npy array.
type Kind uint8

// The element types of .npy files this package reads and writes.
const (
	Float32 Kind = iota + 1
	Float64
	Int32
	Int64
	Uint8
	Bool
)

// kinds describes each Kind: its numpy name, type code and size.
var kinds = map[Kind]struct {
	name string
	code byte
	size int
}{
	Float32: {"float32", 'f', 4}, Float64: {"float64", 'f', 8}, Int32: {"int32", 'i', 4},
	Int64: {"int64", 'i', 8}, Uint8: {"uint8", 'u', 1}, Bool: {"bool", 'b', 1},
}

// String returns numpy's name of the kind ("float32").
func (k Kind) String() string {
	if d, ok := kinds[k]; ok {
		return d.name
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Size returns the bytes of one element.
func (k Kind) Size() int { return kinds[k].size }

// DType returns the tensor dtype an array of this kind reads as.
func (k Kind) DType() tensor.DType {
	switch k {
	case Float32:
		return tensor.Float32
	case Float64:
		return tensor.Float64
	}
	return tensor.Int64
}

// descr returns the little-endian descr of k ("<f4", "|u1").
func (k Kind) descr() string {
	d := kinds[k]
	if d.size == 1 {
		return "|" + string(d.code) + "1"
	}
	return "<" + string(d.code) + strconv.Itoa(d.size)
}

// Header is what a .npy header says of its array.
type Header struct {
	Kind         Kind
	BigEndian    bool
	FortranOrder bool
	Shape        []int
}

// parseDescr reads a descr string: "<f4", ">i8", "|u1", "|b1", "=f8"
// ("=" and "|" mean the file's, little-endian, byte order).
func parseDescr(s string) (Kind, bool, error) {
	if len(s) < 3 {
		return 0, false, fmt.Errorf("descr %q is not a supported dtype", s)
	}
	order, code, size := s[0], s[1], s[2:]
	for k, d := range kinds {
		if d.code != code || strconv.Itoa(d.size) != size {
			continue
		}
		switch {
		case order == '<' || order == '=' || order == '|' && d.size == 1:
			return k, false, nil
		case order == '>':
			return k, d.size > 1, nil
		}
	}
	return 0, false, fmt.Errorf("descr %q is not a supported dtype (float32, float64, int32, int64, uint8 or bool)", s)
}

// headerParser reads numpy's header: a Python dict literal.
type headerParser struct {
	s   string
	pos int
}

// parseHeader parses the header dict strictly.
func parseHeader(s string) (*Header, error) {
	p := &headerParser{s: strings.TrimRight(s, " \n\x00")}
	h, err := p.dict()
	if err != nil {
		return nil, fmt.Errorf("header %q: %w", clip(s), err)
	}
	return h, nil
}

// clip shortens a header for messages.
func clip(s string) string {
	if len(s) > 120 {
		return s[:120] + "..."
	}
	return s
}

func (p *headerParser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == '\n') {
		p.pos++
	}
}

// expect consumes c after spaces.
func (p *headerParser) expect(c byte) error {
	p.space()
	if p.pos >= len(p.s) || p.s[p.pos] != c {
		return fmt.Errorf("want %q at offset %d", c, p.pos)
	}
	p.pos++
	return nil
}

// peek returns the next non-space byte, or 0 at the end.
func (p *headerParser) peek() byte {
	p.space()
	if p.pos >= len(p.s) {
		return 0
	}
	return p.s[p.pos]
}

// str reads a quoted string without escapes.
func (p *headerParser) str() (string, error) {
	q := p.peek()
	if q != '\'' && q != '"' {
		return "", fmt.Errorf("want a string at offset %d", p.pos)
	}
	end := strings.IndexByte(p.s[p.pos+1:], q)
	if end < 0 {
		return "", errors.New("unterminated string")
	}
	v := p.s[p.pos+1 : p.pos+1+end]
	if strings.ContainsRune(v, '\\') {
		return "", fmt.Errorf("string %q holds an escape", v)
	}
	p.pos += end + 2
	return v, nil
}

// dict reads {'descr': …, 'fortran_order': …, 'shape': …}, each key once.
func (p *headerParser) dict() (*Header, error) {
	if err := p.expect('{'); err != nil {
		return nil, err
	}
	h := &Header{}
	seen := map[string]bool{}
	for p.peek() != '}' {
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, fmt.Errorf("key %q appears twice", key)
		}
		seen[key] = true
		if err := p.expect(':'); err != nil {
			return nil, err
		}
		if err := p.value(key, h); err != nil {
			return nil, err
		}
		if p.peek() != ',' {
			break
		}
		p.pos++
	}
	if err := p.expect('}'); err != nil {
		return nil, err
	}
	if p.pos != len(p.s) {
		return nil, fmt.Errorf("data after the dict at offset %d", p.pos)
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return nil, fmt.Errorf("key %q is missing", k)
		}
	}
	return h, nil
}

// value reads the value of key into h.
func (p *headerParser) value(key string, h *Header) error {
	switch key {
	case "descr":
		s, err := p.str()
		if err != nil {
			return err
		}
		h.Kind, h.BigEndian, err = parseDescr(s)
		return err
	case "fortran_order":
		p.space()
		switch {
		case strings.HasPrefix(p.s[p.pos:], "True"):
			h.FortranOrder = true
			p.pos += 4
		case strings.HasPrefix(p.s[p.pos:], "False"):
			p.pos += 5
		default:
			return errors.New("fortran_order must be True or False")
		}
		return nil
	case "shape":
		var err error
		h.Shape, err = p.tuple()
		return err
	}
	return fmt.Errorf("unknown key %q", key)
}

// tuple reads a tuple of non-negative ints: (), (3,), (2, 3).
func (p *headerParser) tuple() ([]int, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	shape := []int{}
	for p.peek() != ')' {
		if len(shape) == MaxRank {
			return nil, fmt.Errorf("shape has more than %d dimensions", MaxRank)
		}
		start := p.pos
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
		}
		d, err := strconv.Atoi(p.s[start:p.pos])
		if err != nil || p.pos-start > 18 {
			return nil, fmt.Errorf("shape: want a dimension at offset %d", start)
		}
		shape = append(shape, d)
		c := p.peek()
		if c == ',' {
			p.pos++
			continue
		}
		if c != ')' {
			return nil, fmt.Errorf("shape: want ',' or ')' at offset %d", p.pos)
		}
		if len(shape) == 1 {
			return nil, errors.New("shape: a one-dimension tuple needs a trailing comma, as (3,)")
		}
	}
	p.pos++
	return shape, nil
}

// encodeHeader returns the padded header dict of a version 1.0 (or 2.0 if
// it is too long) file, with the preamble.
func encodeHeader(k Kind, fortran bool, shape []int) []byte {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	tuple := "(" + strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	tuple += ")"
	order := "False"
	if fortran {
		order = "True"
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", k.descr(), order, tuple)
	major, prefix := byte(1), 10
	if len(dict)+1+64 > 1<<16-1 {
		major, prefix = 2, 12
	}
	pad := (64 - (prefix+len(dict)+1)%64) % 64
	n := len(dict) + pad + 1
	out := append([]byte(magic), major, 0)
	if major == 1 {
		out = binary.LittleEndian.AppendUint16(out, uint16(n))
	} else {
		out = binary.LittleEndian.AppendUint32(out, uint32(n))
	}
	out = append(out, dict...)
	out = append(out, strings.Repeat(" ", pad)...)
	return append(out, '\n')
}
