package datasets

import (
	"bytes"
	"testing"
)

func TestDownloadProgressKnownSize(t *testing.T) {
	var b bytes.Buffer
	p := newDownloadProgress(&b, "f.gz", 2_000_000)
	p.Write(make([]byte, 500_000)) // 25%
	p.Write(make([]byte, 1))       // still 25%: not redrawn
	p.Write(make([]byte, 1_499_999))
	p.finish()
	want := "\rf.gz [=======>......................]  25% 0.5 MB/2.0 MB" +
		"\rf.gz [==============================] 100% 2.0 MB/2.0 MB\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestDownloadProgressUnknownSize(t *testing.T) {
	var b bytes.Buffer
	p := newDownloadProgress(&b, "f.gz", -1)
	p.Write(make([]byte, 1000))  // 0 MiB: first draw
	p.Write(make([]byte, 1<<20)) // 1 MiB
	p.Write(make([]byte, 1000))  // still 1 MiB
	p.finish()
	// The final draw shows the bytes past the last whole MiB.
	want := "\rf.gz 0.0 MB\rf.gz 1.0 MB\rf.gz 1.1 MB\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestDownloadProgressEmpty: a download of no bytes still draws its bar.
func TestDownloadProgressEmpty(t *testing.T) {
	var b bytes.Buffer
	newDownloadProgress(&b, "f.gz", 0).finish()
	if want := "\rf.gz 0.0 MB\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
