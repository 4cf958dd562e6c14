package tensorboard

import (
	"encoding/hex"
	"testing"
)

// The masked CRC of the standard CRC check input "123456789": CRC-32C of it
// is 0xe3069283 (the Castagnoli check value), and masking (rotate right 15,
// add 0xa282ead8) gives 0xc78ab0e5, computed independently with a bitwise
// CRC-32C in Python.
func TestMaskedCRCOfTheCheckInput(t *testing.T) {
	if got := MaskedCRC([]byte("123456789")); got != 0xc78ab0e5 {
		t.Fatalf("MaskedCRC(123456789) = %#08x, want 0xc78ab0e5", got)
	}
}

// Every event file TensorFlow 2 writes starts with the same 12 bytes: the
// length 24 of the file-version event and its masked CRC a3 7f 4b 22.
func TestRecordHeaderOfTheFileVersionEvent(t *testing.T) {
	got := hex.EncodeToString(AppendRecord(nil, make([]byte, 24))[:12])
	if want := "1800000000000000" + "a37f4b22"; got != want {
		t.Fatalf("header %s, want %s", got, want)
	}
}

// The whole framing of a known payload, checked against bytes computed
// independently (Python, bitwise CRC-32C).
func TestAppendRecordKnownBytes(t *testing.T) {
	cases := []struct{ payload, want string }{
		{"hello", "0500000000000000" + "eab2043e" + "68656c6c6f" + "bb1f1c19"},
		{"", "0000000000000000" + "29039807" + "d8ea82a2"},
	}
	for _, c := range cases {
		if got := hex.EncodeToString(AppendRecord(nil, []byte(c.payload))); got != c.want {
			t.Errorf("record of %q:\n got %s\nwant %s", c.payload, got, c.want)
		}
	}
}
