package saving

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/neurite/neurite/tensor"
)

// MaxHeaderSize is the largest JSON header ReadSafetensors accepts, as in
// the reference implementation (100 MB).
const MaxHeaderSize = 100_000_000

// MaxRank is the largest number of dimensions ReadSafetensors accepts in a
// tensor's shape (numpy's limit).
const MaxRank = 64

// metadataKey is the header entry that holds the free-form string metadata.
const metadataKey = "__metadata__"

// headerAlign is the multiple the header is padded to with spaces, as the
// reference writer does, so that the data starts aligned.
const headerAlign = 8

// dtypeNames maps the dtypes Neurite stores to safetensors' names.
var dtypeNames = map[tensor.DType]string{
	tensor.Float32: "F32",
	tensor.Float64: "F64",
	tensor.Int64:   "I64",
}

// dtypeOf returns the dtype of a safetensors dtype name.
func dtypeOf(name string) (tensor.DType, bool) {
	for d, n := range dtypeNames {
		if n == name {
			return d, true
		}
	}
	return 0, false
}

// WriteSafetensors writes the tensors under their names, in the given
// order, with optional string metadata. Names must be distinct, non-empty
// and not "__metadata__".
func WriteSafetensors(w io.Writer, names []string, tensors []*tensor.Tensor, metadata map[string]string) error {
	header, err := encodeHeader(names, tensors, metadata)
	if err != nil {
		return err
	}
	var size [8]byte
	binary.LittleEndian.PutUint64(size[:], uint64(len(header)))
	if _, err := w.Write(size[:]); err != nil {
		return fmt.Errorf("saving: writing safetensors: %w", err)
	}
	if _, err := w.Write(header); err != nil {
		return fmt.Errorf("saving: writing safetensors: %w", err)
	}
	for i, t := range tensors {
		if err := writeData(w, t); err != nil {
			return fmt.Errorf("saving: writing tensor %q: %w", names[i], err)
		}
	}
	return nil
}

// encodeHeader builds the padded JSON header: metadata first (keys
// sorted), then the tensors in order with consecutive offsets.
func encodeHeader(names []string, tensors []*tensor.Tensor, metadata map[string]string) ([]byte, error) {
	if len(names) != len(tensors) {
		return nil, fmt.Errorf("saving: %d names for %d tensors", len(names), len(tensors))
	}
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	sep := func() {
		if !first {
			b.WriteByte(',')
		}
		first = false
	}
	if len(metadata) > 0 {
		keys := make([]string, 0, len(metadata))
		for k, v := range metadata {
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				return nil, fmt.Errorf("saving: metadata %q is not valid UTF-8", k)
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sep()
		writeJSONString(&b, metadataKey)
		b.WriteString(":{")
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, k)
			b.WriteByte(':')
			writeJSONString(&b, metadata[k])
		}
		b.WriteByte('}')
	}
	seen := make(map[string]bool, len(names))
	var offset uint64
	for i, name := range names {
		switch {
		case name == "":
			return nil, fmt.Errorf("saving: tensor %d has an empty name", i)
		case name == metadataKey:
			return nil, fmt.Errorf("saving: tensor %d: the name %q is reserved", i, name)
		case !utf8.ValidString(name):
			return nil, fmt.Errorf("saving: tensor %d: name %q is not valid UTF-8", i, name)
		case seen[name]:
			return nil, fmt.Errorf("saving: two tensors are named %q", name)
		}
		seen[name] = true
		t := tensors[i]
		if t == nil {
			return nil, fmt.Errorf("saving: tensor %q is nil", name)
		}
		dn, ok := dtypeNames[t.DType()]
		if !ok {
			return nil, fmt.Errorf("saving: tensor %q has unsupported dtype %v", name, t.DType())
		}
		n := uint64(t.Size()) * uint64(t.DType().Size())
		sep()
		writeJSONString(&b, name)
		b.WriteString(`:{"dtype":"` + dn + `","shape":[`)
		for k, d := range t.Shape() {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(d))
		}
		fmt.Fprintf(&b, `],"data_offsets":[%d,%d]}`, offset, offset+n)
		offset += n
	}
	b.WriteByte('}')
	for b.Len()%headerAlign != 0 {
		b.WriteByte(' ')
	}
	return b.Bytes(), nil
}

// writeJSONString writes s as a JSON string.
func writeJSONString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a valid UTF-8 string always marshals
	b.Write(q)
}

// chunkElems is how many elements writeData encodes per Write.
const chunkElems = 8192

// writeData writes t's elements little-endian, a chunk at a time.
func writeData(w io.Writer, t *tensor.Tensor) error {
	buf := make([]byte, 0, chunkElems*8)
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		_, err := w.Write(buf)
		buf = buf[:0]
		return err
	}
	switch d := t.Raw().(type) {
	case []float32:
		for i, v := range d {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
			if (i+1)%chunkElems == 0 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	case []float64:
		for i, v := range d {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
			if (i+1)%chunkElems == 0 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	case []int64:
		for i, v := range d {
			buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
			if (i+1)%chunkElems == 0 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	default:
		return fmt.Errorf("unsupported dtype %v", t.DType())
	}
	return flush()
}

// entry is one tensor of a header being read.
type entry struct {
	name       string
	dtype      tensor.DType
	shape      []int
	begin, end uint64
	order      int // position in the header
}

// ReadSafetensors reads a whole safetensors stream and returns its tensors
// in the order of their data (the order WriteSafetensors wrote them) and
// its metadata (nil if none). Malformed input gives an error, never a
// panic; trailing bytes after the data are an error.
//
// Each tensor's elements are read straight into the tensor's own buffer.
// When r tells its size (an *os.File, *bytes.Reader, *strings.Reader or
// *io.SectionReader), a header that describes more data than r holds is
// refused before anything is allocated, and each buffer is allocated once,
// at its final size; for other readers, buffers grow with the data that
// really arrives.
func ReadSafetensors(r io.Reader) (names []string, tensors []*tensor.Tensor, metadata map[string]string, err error) {
	return readSafetensors(r, remaining(r))
}

// readSafetensors is ReadSafetensors for a stream holding avail bytes
// (-1 if unknown).
func readSafetensors(r io.Reader, avail int64) (names []string, tensors []*tensor.Tensor, metadata map[string]string, err error) {
	var size [8]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: reading the header size: %w", err)
	}
	n := binary.LittleEndian.Uint64(size[:])
	if n > MaxHeaderSize {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: header of %d bytes is larger than %d", n, MaxHeaderSize)
	}
	if avail >= 0 && n > uint64(avail)-8 {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: reading the %d-byte header: truncated: the input holds %d bytes", n, avail-8)
	}
	header, err := readN(r, n)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: reading the %d-byte header: %w", n, err)
	}
	entries, metadata, err := parseHeader(header)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: %w", err)
	}
	total, err := checkOffsets(entries)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: %w", err)
	}
	if err := checkTotal(total, avail-8-int64(n)); err != nil {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: %w", err)
	}
	names = make([]string, len(entries))
	tensors = make([]*tensor.Tensor, len(entries))
	scratch := make([]byte, readChunk)
	for i, e := range entries {
		names[i] = e.name
		if tensors[i], err = readTensor(r, e, avail >= 0, scratch); err != nil {
			return nil, nil, nil, fmt.Errorf("saving: safetensors: reading %d bytes of tensor data: tensor %q: %w", total, e.name, err)
		}
	}
	var extra [1]byte
	if k, _ := io.ReadFull(r, extra[:]); k != 0 {
		return nil, nil, nil, fmt.Errorf("saving: safetensors: bytes after the %d bytes of data the header describes", total)
	}
	return names, tensors, metadata, nil
}

// checkTotal checks the size of the data buffer against the bytes the
// input holds after the header (avail, negative if unknown) and against
// the memory limit of tensors.
func checkTotal(total uint64, avail int64) error {
	if avail >= 0 && total > uint64(avail) {
		return fmt.Errorf("reading %d bytes of tensor data: truncated: the input holds %d", total, avail)
	}
	if total > uint64(tensor.MaxBytes()) {
		return fmt.Errorf("%d bytes of tensor data are more than tensor.MaxBytes (%d)", total, tensor.MaxBytes())
	}
	return nil
}

// readN reads exactly n bytes, growing the buffer only as data arrives, so
// that a header that claims more than the input holds costs no memory.
func readN(r io.Reader, n uint64) ([]byte, error) {
	if n > math.MaxInt64 {
		return nil, errors.New("size too large")
	}
	var b bytes.Buffer
	got, err := io.CopyN(&b, r, int64(n))
	if err == io.EOF {
		return nil, fmt.Errorf("truncated: got %d bytes", got)
	}
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// parseHeader decodes the JSON header strictly: an object whose members are
// tensor entries or the metadata, no duplicate keys, nothing after it but
// spaces.
func parseHeader(header []byte) ([]entry, map[string]string, error) {
	if !utf8.Valid(header) {
		return nil, nil, errors.New("header is not valid UTF-8")
	}
	if len(header) == 0 || header[0] != '{' {
		return nil, nil, errors.New("header does not start with '{'")
	}
	dec := json.NewDecoder(bytes.NewReader(header))
	dec.UseNumber()
	var entries []entry
	var metadata map[string]string
	err := readObject(dec, func(key string) error {
		if key == metadataKey {
			m, err := readMetadata(dec)
			metadata = m
			return err
		}
		e, err := readEntry(dec, key)
		if err != nil {
			return fmt.Errorf("tensor %q: %w", key, err)
		}
		e.order = len(entries)
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("header: data after the JSON object")
	}
	return entries, metadata, nil
}

// readObject reads a JSON object, calling member for each key with the
// decoder positioned at the value; member must consume the value.
// Duplicate keys are an error.
func readObject(dec *json.Decoder, member func(key string) error) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("unexpected %v", tok)
		}
		if seen[key] {
			return fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		if err := member(key); err != nil {
			return err
		}
	}
	return expectDelim(dec, '}')
}

// expectDelim reads one token that must be the delimiter d.
func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("expected %q, got %v", rune(d), tok)
	}
	return nil
}

// readString reads a token that must be a string.
func readString(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("expected a string, got %v", tok)
	}
	return s, nil
}

// readUints reads an array of at most limit non-negative integers that
// fit in an int.
func readUints(dec *json.Decoder, limit int) ([]uint64, error) {
	if err := expectDelim(dec, '['); err != nil {
		return nil, err
	}
	var out []uint64
	for dec.More() {
		if len(out) == limit {
			return nil, fmt.Errorf("more than %d values", limit)
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		num, ok := tok.(json.Number)
		if !ok {
			return nil, fmt.Errorf("expected an integer, got %v", tok)
		}
		v, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil || v > math.MaxInt {
			return nil, fmt.Errorf("%s is not a non-negative integer that fits an int", num)
		}
		out = append(out, v)
	}
	return out, expectDelim(dec, ']')
}

// readMetadata reads the metadata object of string values.
func readMetadata(dec *json.Decoder) (map[string]string, error) {
	m := map[string]string{}
	err := readObject(dec, func(key string) error {
		v, err := readString(dec)
		if err != nil {
			return fmt.Errorf("metadata %q: %w", key, err)
		}
		m[key] = v
		return nil
	})
	return m, err
}

// readEntry reads one tensor's {"dtype", "shape", "data_offsets"} and
// checks that the offsets span exactly the bytes the shape needs.
func readEntry(dec *json.Decoder, name string) (entry, error) {
	e := entry{name: name}
	var haveDtype, haveShape, haveOffsets bool
	err := readObject(dec, func(key string) error {
		switch key {
		case "dtype":
			s, err := readString(dec)
			if err != nil {
				return fmt.Errorf("dtype: %w", err)
			}
			d, ok := dtypeOf(s)
			if !ok {
				return fmt.Errorf("unsupported dtype %q (supported: F32, F64, I64)", s)
			}
			e.dtype, haveDtype = d, true
		case "shape":
			dims, err := readUints(dec, MaxRank)
			if err != nil {
				return fmt.Errorf("shape: %w", err)
			}
			e.shape = make([]int, len(dims))
			for i, d := range dims {
				e.shape[i] = int(d)
			}
			haveShape = true
		case "data_offsets":
			offs, err := readUints(dec, 3) // 3: report "3 values, want 2"
			if err != nil {
				return fmt.Errorf("data_offsets: %w", err)
			}
			if len(offs) != 2 {
				return fmt.Errorf("data_offsets has %d values, want 2", len(offs))
			}
			e.begin, e.end, haveOffsets = offs[0], offs[1], true
		default:
			return fmt.Errorf("unknown field %q", key)
		}
		return nil
	})
	if err != nil {
		return e, err
	}
	if !haveDtype || !haveShape || !haveOffsets {
		return e, errors.New("needs dtype, shape and data_offsets")
	}
	if e.begin > e.end {
		return e, fmt.Errorf("data_offsets [%d, %d] run backwards", e.begin, e.end)
	}
	want := uint64(e.dtype.Size())
	for _, d := range e.shape {
		hi, lo := bits.Mul64(want, uint64(d))
		if hi != 0 || lo > math.MaxInt {
			return e, fmt.Errorf("shape %v is too large", e.shape)
		}
		want = lo
	}
	if e.end-e.begin != want {
		return e, fmt.Errorf("data_offsets [%d, %d] hold %d bytes, but %v %v needs %d",
			e.begin, e.end, e.end-e.begin, dtypeNames[e.dtype], e.shape, want)
	}
	return e, nil
}

// checkOffsets sorts entries by offset and checks that they tile the data
// buffer from 0 without gaps or overlaps; it returns the buffer's size.
func checkOffsets(entries []entry) (uint64, error) {
	slices.SortStableFunc(entries, func(a, b entry) int {
		if a.begin != b.begin {
			if a.begin < b.begin {
				return -1
			}
			return 1
		}
		if a.end != b.end {
			if a.end < b.end {
				return -1
			}
			return 1
		}
		return a.order - b.order
	})
	var at uint64
	for _, e := range entries {
		if e.begin != at {
			if e.begin < at {
				return 0, fmt.Errorf("tensor %q at byte %d overlaps the tensor before it, which ends at %d", e.name, e.begin, at)
			}
			return 0, fmt.Errorf("tensor %q starts at byte %d, leaving a gap after byte %d", e.name, e.begin, at)
		}
		at = e.end
	}
	return at, nil
}
