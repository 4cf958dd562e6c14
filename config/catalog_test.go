package config

import (
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/neurite/neurite/activations"
	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/constraints"
	"github.com/neurite/neurite/initializers"
	"github.com/neurite/neurite/losses"
	"github.com/neurite/neurite/metrics"
	"github.com/neurite/neurite/optimizers"
	"github.com/neurite/neurite/regularizers"
)

// catalogRow is one row of the table at the top of docs/catalog.md.
type catalogRow struct {
	category, builder string
	count             int
	entries           [][]string // each entry: its name, then its aliases
}

// readCatalog returns the rows of docs/catalog.md's "At a glance" table.
func readCatalog(t *testing.T) []catalogRow {
	t.Helper()
	b, err := os.ReadFile("../docs/catalog.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "## At a glance")
	if start < 0 {
		t.Fatal(`docs/catalog.md has no "## At a glance" section`)
	}
	text = text[start+1:]
	if end := strings.Index(text, "\n## "); end >= 0 {
		text = text[:end]
	}
	entry := regexp.MustCompile(`[A-Za-z0-9_]+(?: \([^)]*\))?`)
	alias := regexp.MustCompile(`^([^ (]+)(?: \(([^)]*)\))?$`)
	var rows []catalogRow
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 4 || cells[0] == "Category" || strings.HasPrefix(cells[0], "---") {
			continue
		}
		n, err := strconv.Atoi(cells[1])
		if err != nil {
			t.Fatalf("row %q: count %q: %v", cells[0], cells[1], err)
		}
		r := catalogRow{category: cells[0], builder: cells[3], count: n}
		for _, e := range entry.FindAllString(cells[2], -1) {
			m := alias.FindStringSubmatch(e)
			if m == nil {
				t.Fatalf("row %q: cannot read entry %q", cells[0], e)
			}
			names := []string{m[1]}
			if m[2] != "" {
				names = append(names, strings.Split(m[2], ", ")...)
			}
			r.entries = append(r.entries, names)
		}
		rows = append(rows, r)
	}
	if len(rows) < 10 {
		t.Fatalf("read %d rows from the catalog's table", len(rows))
	}
	return rows
}

// catalogGetters are the string resolvers of the table's "Built by"
// column, with the names each package knows.
var catalogGetters = map[string]struct {
	get   func(string) error
	names func() []string
}{
	"`activations.Get`":  {func(n string) error { _, err := activations.Get(n); return err }, activations.Names},
	"`initializers.Get`": {func(n string) error { _, err := initializers.Get(n); return err }, initializers.Names},
	"`regularizers.Get`": {func(n string) error { _, err := regularizers.Get(n); return err }, func() []string { return []string{"l1", "l2", "l1_l2"} }},
	"`constraints.Get`":  {func(n string) error { _, err := constraints.Get(n); return err }, constraints.Names},
	"`losses.Get`":       {func(n string) error { _, err := losses.Get(n); return err }, losses.Names},
	"`metrics.Get`":      {func(n string) error { _, err := metrics.Get(n); return err }, metrics.Names},
	"`optimizers.Get`":   {func(n string) error { _, err := optimizers.Get(n); return err }, optimizers.Names},
}

// catalogCallbacks are the callbacks the table lists.
var catalogCallbacks = []any{
	callbacks.History{}, callbacks.ProgbarLogger{}, callbacks.EarlyStopping{}, callbacks.ModelCheckpoint{},
	callbacks.ReduceLROnPlateau{}, callbacks.LearningRateScheduler{}, callbacks.CSVLogger{},
	callbacks.TerminateOnNaN{}, callbacks.LambdaCallback{}, callbacks.TensorBoard{}, callbacks.BackupAndRestore{},
}

// TestCatalogTableResolves checks the table at the top of
// docs/catalog.md: every name builds through its row's function, each
// count is the number of entries, and each row with a Get lists every
// name the package's Names gives (the layers row every registered layer).
func TestCatalogTableResolves(t *testing.T) {
	module := regexp.MustCompile("^`config.New\\(\"([a-z]+)\", …\\)`$")
	for _, r := range readCatalog(t) {
		if len(r.entries) != r.count {
			t.Errorf("%s: count %d, but %d entries", r.category, r.count, len(r.entries))
		}
		var listed []string
		for _, e := range r.entries {
			listed = append(listed, e...)
		}
		var known []string
		switch m := module.FindStringSubmatch(r.builder); {
		case catalogGetters[r.builder].get != nil:
			g := catalogGetters[r.builder]
			for _, n := range listed {
				if err := g.get(n); err != nil {
					t.Errorf("%s: %q: %v", r.category, n, err)
				}
			}
			known = g.names()
		case m != nil:
			for _, n := range listed {
				if _, err := New(m[1], n); err != nil {
					t.Errorf("%s: %q: %v", r.category, n, err)
				}
			}
			if m[1] == "layers" {
				known = Classes("layers")
			}
		case r.category == "Callbacks":
			for _, c := range catalogCallbacks {
				known = append(known, reflect.TypeOf(c).Name())
			}
		default:
			t.Errorf("%s: unknown builder %s", r.category, r.builder)
		}
		if known != nil {
			sort.Strings(known)
			got := append([]string(nil), listed...)
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(known, ",") {
				t.Errorf("%s lists %v, want the names its package knows: %v", r.category, got, known)
			}
		}
	}
}
