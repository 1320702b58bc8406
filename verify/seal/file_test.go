package seal

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/internal/hostile"
	"github.com/bast-tools/shenbao/internal/ingest"
)

// TestCheckFileStreamsPages: a TIFF of many large pages is checked one page
// at a time: the heap never holds more than a few pages, where keeping
// them all would take ten times one.
func TestCheckFileStreamsPages(t *testing.T) {
	const pages, side = 10, 3000 // 9 MB a page decoded
	tif := hostile.TIFFPages(pages, side, side)
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	// A soft memory limit makes the collector keep garbage down, so the
	// peak measures what is live: one page and its decoding buffers when
	// pages are streamed, all ten when they are held.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(base) + 40<<20))
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
		}
	}()
	res, err := CheckFile(context.Background(), bytes.NewReader(tif), int64(len(tif)), FileOptions{})
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != pages {
		t.Fatalf("%d pages", len(res))
	}
	for _, p := range res {
		if p.Judgeable || (p.Reason != ReasonGrayscale && p.Reason != ReasonBlackWhite) {
			t.Errorf("page %d: %+v", p.Page, p)
		}
	}
	grew := int64(peak.Load()) - int64(base)
	t.Logf("heap grew by at most %d MB for %d pages of %d MB", grew>>20, pages, side*side>>20)
	if grew > 6*side*side {
		t.Errorf("heap grew by %d MB: pages are held", grew>>20)
	}
}

// TestCheckFileErrors: files that cannot be read are typed errors.
func TestCheckFileErrors(t *testing.T) {
	enc, err := hostile.Encrypted(hostile.Plain(), "pw", ingest.Config(ingest.Limits{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		lim  FileLimits
		code string
	}{
		{"encrypted", enc, FileLimits{}, CodeEncrypted},
		{"panics pdfcpu", hostile.SelfObjStm(), FileLimits{}, CodeCorrupt},
		{"huge object number", hostile.HugeObjectNumber(2147483647), FileLimits{}, CodeCorrupt},
		{"content bomb", hostile.ContentBomb(128 << 20), FileLimits{}, CodeCorrupt},
		{"too many pages", hostile.ManyPages(30), FileLimits{MaxPages: 20}, CodeTooManyPages},
		{"16-bit RGBA bomb", hostile.PNGBomb(10000, 10000, 6, 16), FileLimits{}, CodeImageTooLarge},
		{"text", []byte("这不是图片"), FileLimits{}, CodeUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CheckFile(context.Background(), bytes.NewReader(tc.data), int64(len(tc.data)), FileOptions{Limits: tc.lim})
			var se *Error
			if !errors.As(err, &se) || se.Code != tc.code {
				t.Errorf("got %v, want code %s", err, tc.code)
			}
		})
	}
}
