package verify_test

import (
	"context"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/verify"
)

func TestDebugFields(t *testing.T) {
	f := sampleFixture(t, form.KindLetter)
	date := zoneOf(t, f, 1, pdfgen.ZoneField, "$.date")
	ind := sampleFixture(t, form.KindIndividual)
	status := zoneOf(t, ind, 5, pdfgen.ZoneField, "$.results.patents[1].status")
	for i, c := range []struct {
		f *fixture
		n int
		m []scansim.Mark
	}{
		{f, 1, append([]scansim.Mark{{Kind: scansim.MarkEdit, Box: box(date), Seed: 3}}, f.signed(1, 1)...)},
		{f, 1, append([]scansim.Mark{{Kind: scansim.MarkPaste, Box: box(date), Seed: 3}}, f.signed(1, 1)...)},
		{ind, 5, []scansim.Mark{{Kind: scansim.MarkEdit, Box: box(status), Seed: 3}}},
		{ind, 5, []scansim.Mark{{Kind: scansim.MarkPaste, Box: box(status), Seed: 3}}},
	} {
		img := c.f.scan(t, c.n, c.m, scansim.ScanOptions{DPI: 200, Skew: -1, Quality: 90, Noise: 3, Seed: uint64(i)})
		r, err := verify.Scan(context.Background(), c.f.doc, jpegSources(t, img), verify.Options{Annotate: annotateTo(t, *annotateDir, "dbg"+string(rune('a'+i)))})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range r.Findings {
			if g.Code != "page_missing" {
				t.Logf("%d  %s %s", i, g.Code, g.Zone)
			}
		}
	}
}
