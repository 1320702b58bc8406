package verify_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/verify"
)

// fixture is a sample record laid out, with its page rasters at 200 dpi.
type fixture struct {
	doc    form.Document
	layout *pdfgen.Layout
	pm     *pdfgen.PageMap
	pages  []image.Image
}

var (
	fixMu    sync.Mutex
	fixtures = map[form.Kind]*fixture{}
	simFont  *scansim.Font
)

func sampleFixture(t testing.TB, k form.Kind) *fixture {
	t.Helper()
	fixMu.Lock()
	defer fixMu.Unlock()
	if f := fixtures[k]; f != nil {
		return f
	}
	data, err := form.Sample(k, false)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := form.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{doc: doc, layout: l, pm: l.PageMap()}
	for n := 1; n <= l.NumPages(); n++ {
		img, err := l.Raster(n, 200)
		if err != nil {
			t.Fatal(err)
		}
		f.pages = append(f.pages, img)
	}
	fixtures[k] = f
	return f
}

func loadFont(t testing.TB) *scansim.Font {
	t.Helper()
	fixMu.Lock()
	defer fixMu.Unlock()
	if simFont == nil {
		f, err := scansim.LoadFont()
		if err != nil {
			t.Skipf("skipping: %v", err)
		}
		simFont = f
	}
	return simFont
}

func box(z pdfgen.Zone) scansim.Box {
	return scansim.Box{X: z.Box.X, Y: z.Box.Y, W: z.Box.W, H: z.Box.H}
}

// signed returns the marks a properly signed and sealed page carries:
// every signature box signed, every seal box sealed, every date written.
func (f *fixture) signed(page int, seed uint64) []scansim.Mark {
	var ms []scansim.Mark
	for i, z := range f.pm.Pages[page-1].Zones {
		s := seed*131 + uint64(i)
		switch z.Kind {
		case pdfgen.ZoneSignature:
			ms = append(ms, scansim.Mark{Kind: scansim.MarkSignature, Box: box(z), Seed: s})
		case "date":
			// A date box down the side of a seal is too narrow for the
			// simulator's written date: a pen trace fills it.
			k := scansim.MarkDate
			if z.Box.W < 15 {
				k = scansim.MarkSignature
			}
			ms = append(ms, scansim.Mark{Kind: k, Box: box(z), Seed: s})
		}
	}
	// Seals last: they are stamped over the signatures.
	for i, z := range f.pm.Pages[page-1].Zones {
		if z.Kind == pdfgen.ZoneSeal {
			ms = append(ms, scansim.Mark{Kind: scansim.MarkSeal, Box: box(z), Seed: seed*131 + uint64(i)})
		}
	}
	return ms
}

// scan scans form page n with the given marks.
func (f *fixture) scan(t testing.TB, n int, marks []scansim.Mark, opt scansim.ScanOptions) image.Image {
	t.Helper()
	s, err := scansim.Scan(loadFont(t), scansim.Sheet{Page: f.pages[n-1], DPI: 200, Marks: marks}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s.Image
}

// jpegSource encodes images as JPEG files, one per page.
func jpegSources(t testing.TB, imgs ...image.Image) []verify.Source {
	t.Helper()
	var out []verify.Source
	for i, img := range imgs {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 88}); err != nil {
			t.Fatal(err)
		}
		out = append(out, verify.Source{Name: fmt.Sprintf("p%03d.jpg", i+1), R: bytes.NewReader(b.Bytes()), Size: int64(b.Len())})
	}
	return out
}

func pdfSource(t testing.TB, name string, imgs ...image.Image) verify.Source {
	t.Helper()
	var b bytes.Buffer
	if err := scansim.EncodePDF(&b, imgs); err != nil {
		t.Fatal(err)
	}
	return verify.Source{Name: name, R: bytes.NewReader(b.Bytes()), Size: int64(b.Len())}
}

// annotateTo writes the annotated pictures into dir when it is not "".
func annotateTo(t testing.TB, dir, prefix string) func(int, image.Image) error {
	if dir == "" {
		return nil
	}
	return func(n int, img image.Image) error {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-%03d.png", prefix, n)))
		if err != nil {
			return err
		}
		defer f.Close()
		return png.Encode(f, img)
	}
}
