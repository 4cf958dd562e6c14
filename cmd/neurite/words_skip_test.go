package main

import (
	"strings"
	"testing"

	"github.com/neurite/neurite/datasets"
)

// skipWithoutWordLists skips a test on a machine without Debian's word
// lists (CI installs them).
func skipWithoutWordLists(t *testing.T) {
	t.Helper()
	if _, _, err := datasets.LoadWordsAll(); err != nil && strings.Contains(err.Error(), "apt-get install") {
		t.Skip(err)
	}
}
