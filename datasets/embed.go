package datasets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrChecksum is wrapped by every error that reports a SHA-256 mismatch, so
// callers can test for it with errors.Is.
var ErrChecksum = errors.New("SHA-256 mismatch")

//go:embed data/iris.csv data/boston_housing_train.csv data/boston_housing_test.csv data/digits.csv.gz
//go:embed data/sunspots.csv
var embeddedFS embed.FS

// embeddedSums are the SHA-256 sums of the embedded files, as listed in
// data/README.md and shared/datasets/README.md.
var embeddedSums = map[string]string{
	"iris.csv":                 "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449",
	"boston_housing_train.csv": "37195b1a93c31fbfe43d0fab62c485288f2ed636e198fb9ee67fdf3b59c12be9",
	"boston_housing_test.csv":  "a085d5ea6ab85fd38fd32608d5eb8b6b397d1329810bd1aaf1e58f5aa77877b0",
	"digits.csv.gz":            "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a",
	"sunspots.csv":             "f67889b1d9002cd5227f0e0ef54e35b419cdd85a31279adef6f73fb41e5c0a9b",
}

// embeddedFile returns the bytes of the embedded file name after checking
// them against their known SHA-256.
func embeddedFile(name string) ([]byte, error) {
	want, ok := embeddedSums[name]
	if !ok {
		return nil, fmt.Errorf("datasets: no embedded file %q", name)
	}
	b, err := embeddedFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("datasets: embedded %s: %w", name, err)
	}
	if err := checkSum("embedded "+name, b, want); err != nil {
		return nil, err
	}
	return b, nil
}

// checkSum returns an error wrapping ErrChecksum, naming what, if the
// SHA-256 of b is not wantHex (lower-case hex).
func checkSum(what string, b []byte, wantHex string) error {
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != wantHex {
		return fmt.Errorf("datasets: %s: %w: got %s, want %s", what, ErrChecksum, got, wantHex)
	}
	return nil
}
