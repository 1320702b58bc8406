package pdfgen_test

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
)

func benchDoc(b *testing.B, k form.Kind, max bool) form.Document {
	b.Helper()
	data, err := form.Sample(k, max)
	if err != nil {
		b.Fatal(err)
	}
	doc, findings, err := form.Read(bytes.NewReader(data), form.Options{})
	if err != nil || len(findings) > 0 {
		b.Fatal(err, findings)
	}
	// Fonts loaded once per process, as in a server.
	if _, err := pdfgen.Render(context.Background(), io.Discard, doc, pdfgen.Options{}); err != nil {
		b.Fatal(err)
	}
	return doc
}

// BenchmarkRenderIndividual is the target: ≤ 30 ms per document,
// fonts already loaded; the PDF ≤ 400 KB.
func BenchmarkRenderIndividual(b *testing.B) { benchRender(b, form.KindIndividual, false) }

// BenchmarkRenderIndividualMax: ≤ 80 ms.
func BenchmarkRenderIndividualMax(b *testing.B) { benchRender(b, form.KindIndividual, true) }

func BenchmarkRenderTeam(b *testing.B)      { benchRender(b, form.KindTeam, false) }
func BenchmarkRenderTeamMax(b *testing.B)   { benchRender(b, form.KindTeam, true) }
func BenchmarkRenderLetter(b *testing.B)    { benchRender(b, form.KindLetter, false) }
func BenchmarkRenderLetterMax(b *testing.B) { benchRender(b, form.KindLetter, true) }

func benchRender(b *testing.B, k form.Kind, max bool) {
	doc := benchDoc(b, k, max)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := pdfgen.Render(context.Background(), &buf, doc, pdfgen.Options{}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KB/pdf")
}

// BenchmarkLayoutOnly is what a verifier pays to recompute a page map.
func BenchmarkLayoutOnly(b *testing.B) {
	doc := benchDoc(b, form.KindIndividual, false)
	for b.Loop() {
		if _, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRaster150 draws one page at 150 dpi.
func BenchmarkRaster150(b *testing.B) {
	doc := benchDoc(b, form.KindIndividual, false)
	l, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := l.Raster(3, 150); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConcurrent100 renders 100 individual documents at once and
// reports the peak heap (target: under 300 MB).
func BenchmarkConcurrent100(b *testing.B) {
	doc := benchDoc(b, form.KindIndividual, false)
	_ = fonts.Embedded()
	var peak uint64
	for b.Loop() {
		runtime.GC()
		var wg sync.WaitGroup
		stop := make(chan struct{})
		done := make(chan uint64)
		go func() {
			var m runtime.MemStats
			var hi uint64
			for {
				runtime.ReadMemStats(&m)
				hi = max(hi, m.HeapInuse+m.StackInuse)
				select {
				case <-stop:
					done <- hi
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		for range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := pdfgen.Render(context.Background(), io.Discard, doc, pdfgen.Options{}); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
		close(stop)
		peak = max(peak, <-done)
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
}
