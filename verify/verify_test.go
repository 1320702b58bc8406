package verify_test

import (
	"context"
	"encoding/json"
	"flag"
	"image"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/verify"
)

var annotateDir = flag.String("annotate", "", "write annotated pictures of the test scans into this directory")

func codes(r *verify.Report) map[string]int {
	m := map[string]int{}
	for _, f := range r.Findings {
		m[f.Code]++
	}
	return m
}

func dump(t *testing.T, r *verify.Report) {
	t.Helper()
	b, _ := json.MarshalIndent(r, "", " ")
	t.Logf("%s", b)
}

// TestCleanScan: every page signed and sealed, scanned straight and
// skewed, some upside down: 通过.
func TestCleanScan(t *testing.T) {
	f := sampleFixture(t, form.KindIndividual)
	var imgs []image.Image
	for n := 1; n <= len(f.pages); n++ {
		opt := scansim.ScanOptions{DPI: 200, Skew: float64(n%5) - 2, Noise: 3, Quality: 85, Seed: uint64(n)}
		if n == 3 {
			opt.Rotation = 180
		}
		if n == 4 {
			opt.Rotation = 90
		}
		imgs = append(imgs, f.scan(t, n, f.signed(n, 1), opt))
	}
	r, err := verify.Scan(context.Background(), f.doc, []verify.Source{pdfSource(t, "scan.pdf", imgs...)}, verify.Options{Annotate: annotateTo(t, *annotateDir, "clean")})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != verify.Pass {
		dump(t, r)
		t.Fatalf("verdict %s, want %s", r.Verdict, verify.Pass)
	}
	for i, p := range r.Pages {
		if p.FormPage != i+1 {
			t.Errorf("scan page %d: form page %d", i+1, p.FormPage)
		}
	}
	if r.Pages[2].Rotation != 180 || r.Pages[3].Rotation != 90 {
		t.Errorf("rotations %d, %d; want 180, 90", r.Pages[2].Rotation, r.Pages[3].Rotation)
	}
}
