package main

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
)

// metricsJSON is a set of named metric values as --json prints them. A
// diverged run has NaN or infinite values, which JSON cannot hold: they are
// written as null (and read back as NaN), so that the other values are
// still printed.
type metricsJSON map[string]float64

// MarshalJSON writes the metrics as an object with sorted keys, with null
// for a value that is not finite.
func (m metricsJSON) MarshalJSON() ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := []byte{'{'}
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		q, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b = append(append(b, q...), ':')
		if v := m[k]; math.IsNaN(v) || math.IsInf(v, 0) {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads what MarshalJSON writes, null as NaN.
func (m *metricsJSON) UnmarshalJSON(b []byte) error {
	var raw map[string]*float64
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*m = make(metricsJSON, len(raw))
	for k, v := range raw {
		(*m)[k] = math.NaN()
		if v != nil {
			(*m)[k] = *v
		}
	}
	return nil
}
