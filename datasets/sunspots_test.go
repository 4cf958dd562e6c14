package datasets

import (
	"strconv"
	"strings"
	"testing"
)

func TestLoadSunspots(t *testing.T) {
	years, a, err := LoadSunspots()
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 309 || a.Rank() != 1 || a.Dim(0) != 309 {
		t.Fatalf("got %d years and activity of shape %v, want 309 and (309)", len(years), a.Shape())
	}
	v := a.Float32s()
	// First and last rows of statsmodels' sunspots.csv.
	if years[0] != 1700 || v[0] != 5 || years[308] != 2008 || v[308] != 2.9 || v[307] != 7.5 {
		t.Errorf("got %d: %v ... %d: %v %v, want 1700: 5 ... 2008: 7.5 2.9", years[0], v[0], years[308], v[307], v[308])
	}
	peak := 0
	for i := range v {
		if v[i] > v[peak] {
			peak = i
		}
	}
	if years[peak] != 1957 || v[peak] != 190.2 { // the record maximum of solar cycle 19
		t.Errorf("maximum %v in %d, want 190.2 in 1957", v[peak], years[peak])
	}
}

func TestParseSunspotsRejectsBadFiles(t *testing.T) {
	good := func() []string {
		rows := []string{`"YEAR","SUNACTIVITY"`}
		for i := range sunspotsRows {
			rows = append(rows, strconv.Itoa(sunspotsFirstYear+i)+",1")
		}
		return rows
	}
	if _, _, err := parseSunspots("s.csv", []byte(strings.Join(good(), "\n"))); err != nil {
		t.Fatalf("a valid file: %v", err)
	}
	for name, edit := range map[string]func([]string) []string{
		"short":     func(r []string) []string { return r[:100] },
		"gap":       func(r []string) []string { r[5] = "1800,1"; return r },
		"negative":  func(r []string) []string { r[7] = "1706,-1"; return r },
		"3 columns": func(r []string) []string { r[1] = "1700,1,2"; return r },
	} {
		if _, _, err := parseSunspots("s.csv", []byte(strings.Join(edit(good()), "\n"))); err == nil || !strings.Contains(err.Error(), "s.csv") {
			t.Errorf("%s: got error %v, want one naming the file", name, err)
		}
	}
}
