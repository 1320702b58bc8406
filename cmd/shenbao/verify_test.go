package main

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/pdfgen"
)

// TestVerifyPasses: a signed, sealed, slightly skewed colour scan of every
// page passes with exit 0 and says so.
func TestVerifyPasses(t *testing.T) {
	font, err := scansim.LoadFont()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	data, err := form.Sample(form.KindLetter, false)
	if err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, "letter.json")
	if err := os.WriteFile(rec, data, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := form.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	form.Normalize(doc)
	l, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var scans []string
	for i, p := range l.PageMap().Pages {
		page, err := l.Raster(p.Number, 200)
		if err != nil {
			t.Fatal(err)
		}
		var marks []scansim.Mark
		for _, z := range p.Zones {
			b := scansim.Box{X: z.Box.X, Y: z.Box.Y, W: z.Box.W, H: z.Box.H}
			switch z.Kind {
			case pdfgen.ZoneSignature:
				marks = append(marks, scansim.Mark{Kind: scansim.MarkSignature, Box: b, Seed: uint64(i)})
			case pdfgen.ZoneSeal:
				marks = append(marks, scansim.Mark{Kind: scansim.MarkSeal, Box: b, Seed: uint64(i)})
			case "date":
				// Some date boxes run down the side of the seal, too narrow
				// for the simulator's written date: a pen trace fills it.
				k := scansim.MarkDate
				if b.W < 15 {
					k = scansim.MarkSignature
				}
				marks = append(marks, scansim.Mark{Kind: k, Box: b, Seed: uint64(i)})
			}
		}
		s, err := scansim.Scan(font, scansim.Sheet{Page: page, DPI: 200, Marks: marks}, scansim.ScanOptions{DPI: 200, Skew: 1.5, Noise: 3, Seed: uint64(i)})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, s.Image, &jpeg.Options{Quality: 85}); err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("scan-%d.jpg", i+1))
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		scans = append(scans, name)
	}
	var out, errb bytes.Buffer
	code := run([]string{"verify", "--data", rec, "--scan", strings.Join(scans, ",")}, &out, &errb)
	if code != exitClean || !strings.Contains(out.String(), "核查结论：通过") {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
}
