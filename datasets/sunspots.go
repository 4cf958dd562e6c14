package datasets

import (
	"bytes"
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// Sunspot data layout: one row per year from 1700 to 2008.
const (
	sunspotsFirstYear = 1700
	sunspotsRows      = 309
)

// LoadSunspots returns the yearly sunspot numbers of 1700–2008: years
// holds the 309 years in order, and activity is a float32 (309,) tensor
// with the number of sunspots of each year.
//
// The data is statsmodels' sunspots.csv (statsmodels.datasets.sunspots),
// embedded in the package as a verbatim copy of the file in Debian 12's
// python3-statsmodels 0.13.5+dfsg-7 and checked against its SHA-256 on
// every call. Its source is NOAA's National Geophysical Data Center (the
// yearly sunspot numbers); Debian's copyright file lists it as public
// domain. The only possible errors report a corrupted build.
func LoadSunspots() (years []int, activity *tensor.Tensor, err error) {
	const name = "sunspots.csv"
	b, err := embeddedFile(name)
	if err != nil {
		return nil, nil, err
	}
	return parseSunspots(name, b)
}

// parseSunspots reads the "YEAR","SUNACTIVITY" CSV and checks that it
// holds consecutive years from 1700 on with non-negative counts.
func parseSunspots(name string, b []byte) (years []int, activity *tensor.Tensor, err error) {
	rows, cols, vals, err := csvReadFloat64(bytes.NewReader(b), name, 1, true)
	if err != nil {
		return nil, nil, err
	}
	if rows != sunspotsRows || cols != 2 {
		return nil, nil, fmt.Errorf("datasets: %s: got %d rows of %d columns, want %d rows of 2", name, rows, cols, sunspotsRows)
	}
	years = make([]int, rows)
	counts := make([]float32, rows)
	for i := range rows {
		y, v := vals[2*i], vals[2*i+1]
		if y != float64(sunspotsFirstYear+i) {
			return nil, nil, fmt.Errorf("datasets: %s: data row %d: year %v, want %d", name, i+1, y, sunspotsFirstYear+i)
		}
		if v < 0 {
			return nil, nil, fmt.Errorf("datasets: %s: data row %d: negative sunspot number %v", name, i+1, v)
		}
		years[i], counts[i] = int(y), float32(v)
	}
	return years, tensor.FromSlice(counts, rows), nil
}
