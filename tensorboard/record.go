package tensorboard

import (
	"encoding/binary"
	"hash/crc32"
)

// castagnoli is the CRC-32C table used by TFRecord.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// maskDelta is the constant added by TFRecord's CRC masking.
const maskDelta = 0xa282ead8

// MaskedCRC returns the masked CRC-32C (Castagnoli) of data, as TFRecord
// stores it: the CRC rotated right by 15 bits plus 0xa282ead8. Masking keeps
// a CRC of data that itself contains CRCs from being degenerate.
func MaskedCRC(data []byte) uint32 {
	c := crc32.Checksum(data, castagnoli)
	return ((c >> 15) | (c << 17)) + maskDelta
}

// headerLen is the size of a record's length and its CRC; footerLen the
// size of the payload's CRC.
const (
	headerLen = 12
	footerLen = 4
)

// AppendRecord appends payload to dst in TFRecord framing and returns the
// extended slice:
//
//	uint64 length of payload, little endian
//	uint32 masked CRC-32C of those 8 length bytes, little endian
//	payload
//	uint32 masked CRC-32C of payload, little endian
func AppendRecord(dst, payload []byte) []byte {
	var h [headerLen]byte
	binary.LittleEndian.PutUint64(h[:8], uint64(len(payload)))
	binary.LittleEndian.PutUint32(h[8:], MaskedCRC(h[:8]))
	dst = append(dst, h[:]...)
	dst = append(dst, payload...)
	return binary.LittleEndian.AppendUint32(dst, MaskedCRC(payload))
}
