package verify_test

import (
	"context"
	"image"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/verify"
)

// BenchmarkScanIndividual verifies a 200-dpi colour JPEG scan of the
// individual sample (8 pages, signed and sealed) end to end; pages/s is
// the figure the issue asks for (≥ 40 on two cores).
func BenchmarkScanIndividual(b *testing.B) {
	f := sampleFixture(b, form.KindIndividual)
	var imgs []image.Image
	for n := 1; n <= len(f.pages); n++ {
		imgs = append(imgs, f.scan(b, n, f.signed(n, 1), scansim.ScanOptions{DPI: 200, Skew: float64(n%5) - 2, Noise: 3, Seed: uint64(n)}))
	}
	srcs := jpegSources(b, imgs...)
	// The layout is built once per Scan; count it, as a backend would.
	b.ResetTimer()
	for b.Loop() {
		r, err := verify.Scan(context.Background(), f.doc, srcs, verify.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if r.Verdict != verify.Pass {
			b.Fatalf("verdict %s", r.Verdict)
		}
	}
	b.ReportMetric(float64(b.N*len(imgs))/b.Elapsed().Seconds(), "pages/s")
}
