package verify_test

import (
	"context"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/verify"
)

func TestDebugBlur(t *testing.T) {
	f := sampleFixture(t, form.KindIndividual)
	for _, bl := range []float64{0, 1, 1.5, 2.5} {
		img := f.scan(t, 6, nil, scansim.ScanOptions{DPI: 150, Blur: bl, Noise: 3, Quality: 85})
		r, err := verify.Scan(context.Background(), f.doc, jpegSources(t, img), verify.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("blur %g: %+v", bl, r.Pages[0])
		for _, g := range r.Findings {
			if g.Code != "page_missing" {
				t.Logf("  %s %s", g.Code, g.Message)
			}
		}
	}
}
