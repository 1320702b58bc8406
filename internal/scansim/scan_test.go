package scansim_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/pdfgen"
)

var look = flag.String("look", "", "write the simulated scans as PNG files into this directory, to look at")

// signPage is the individual sample's page with the applicant's and the
// employer's signature boxes and the employer's seal box.
const signPage = 7

type sample struct {
	layout *pdfgen.Layout
	pm     *pdfgen.PageMap
	pdf    []byte
	err    error
}

var (
	sampleOnce sync.Once
	theSample  sample
)

func individual(t *testing.T) sample {
	t.Helper()
	sampleOnce.Do(func() {
		s := &theSample
		var data []byte
		if data, s.err = form.Sample(form.KindIndividual, false); s.err != nil {
			return
		}
		doc, _, err := form.Read(bytes.NewReader(data), form.Options{})
		if s.err = err; err != nil {
			return
		}
		if s.layout, s.err = pdfgen.Build(context.Background(), doc, pdfgen.Options{}); s.err != nil {
			return
		}
		s.pm = s.layout.PageMap()
		var buf bytes.Buffer
		s.err = s.layout.WritePDF(context.Background(), &buf)
		s.pdf = buf.Bytes()
	})
	if theSample.err != nil {
		t.Fatalf("rendering the individual sample: %v", theSample.err)
	}
	return theSample
}

func zones(pm *pdfgen.PageMap, page int, kind string) []scansim.Box {
	var out []scansim.Box
	for _, z := range pm.Pages[page-1].Zones {
		if z.Kind == kind {
			out = append(out, scansim.Box{X: z.Box.X, Y: z.Box.Y, W: z.Box.W, H: z.Box.H})
		}
	}
	return out
}

func font(t *testing.T) *scansim.Font {
	t.Helper()
	f, err := scansim.LoadFont()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	return f
}

// dark is the mean luma of a 5×5 patch around p, 0–255.
func dark(img image.Image, p scansim.Pt) float64 {
	var sum float64
	n := 0
	for dy := -2; dy <= 2; dy++ {
		for dx := -2; dx <= 2; dx++ {
			q := image.Pt(int(p.X)+dx, int(p.Y)+dy)
			if !q.In(img.Bounds()) {
				continue
			}
			r, g, b, _ := img.At(q.X, q.Y).RGBA()
			sum += (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 257
			n++
		}
	}
	if n == 0 {
		return 255
	}
	return sum / float64(n)
}

func save(t *testing.T, name string, img image.Image) {
	if *look == "" {
		return
	}
	if err := os.MkdirAll(*look, 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*look, name+".png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestScanGeometry checks that ToPx says where the scan shows the page:
// the four black corner marks are dark and the paper just beside them
// light, under every geometric change and colour mode.
func TestScanGeometry(t *testing.T) {
	s := individual(t)
	f := font(t)
	page, err := s.layout.Raster(signPage, 150)
	if err != nil {
		t.Fatal(err)
	}
	sheet := scansim.Sheet{Page: page, DPI: 150}
	for _, b := range zones(s.pm, signPage, "signature") {
		sheet.Marks = append(sheet.Marks, scansim.Mark{Kind: scansim.MarkSignature, Box: b, Text: "张明远", Seed: 1})
	}
	for _, b := range zones(s.pm, signPage, "seal") {
		sheet.Marks = append(sheet.Marks, scansim.Mark{Kind: scansim.MarkSeal, Box: b, Seed: 2})
	}
	for _, tc := range []struct {
		name string
		opt  scansim.ScanOptions
	}{
		{"clean", scansim.ScanOptions{}},
		{"skew-5", scansim.ScanOptions{DPI: 150, Skew: 5, Noise: 4, Quality: 60, Bed: [2]float64{230, 320}}},
		{"skew-neg", scansim.ScanOptions{DPI: 300, Skew: -3.5, Blur: 1.2}},
		{"rot90-gray", scansim.ScanOptions{Rotation: 90, Mode: scansim.ModeGray, Skew: 1}},
		{"rot180-bw", scansim.ScanOptions{Rotation: 180, Mode: scansim.ModeBlackWhite}},
		{"rot270", scansim.ScanOptions{Rotation: 270, Quality: 80}},
		{"phone", scansim.ScanOptions{Perspective: 0.08, Skew: 2, Blur: 0.8, Noise: 3, Quality: 75, Seed: 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := scansim.Scan(f, sheet, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			save(t, "geometry-"+tc.name, sc.Image)
			for _, m := range zones(s.pm, signPage, "mark") {
				c := m.Center()
				if v := dark(sc.Image, sc.ToPx(c)); v > 100 {
					t.Errorf("corner mark at %v mm: luma %.0f at %v, want dark", c, v, sc.ToPx(c))
				}
				beside := scansim.Pt{X: c.X, Y: c.Y + 6}
				if v := dark(sc.Image, sc.ToPx(beside)); v < 150 {
					t.Errorf("paper below the mark at %v mm: luma %.0f, want light", beside, v)
				}
			}
			if len(sc.Boxes) != len(sheet.Marks) {
				t.Fatalf("%d boxes for %d marks", len(sc.Boxes), len(sheet.Marks))
			}
			seal := sc.Boxes[len(sc.Boxes)-1]
			wantPx := 42 / 25.4 * sc.DPI
			if d := float64(max(seal.Dx(), seal.Dy())); d < 0.8*wantPx || d > 1.3*wantPx {
				t.Errorf("seal box %v: %.0f px across, want about %.0f", seal, d, wantPx)
			}
			rot := tc.opt.Rotation == 90 || tc.opt.Rotation == 270
			if b := sc.Image.Bounds(); (b.Dx() > b.Dy()) != rot {
				t.Errorf("image %v for rotation %d", b, tc.opt.Rotation)
			}
			if _, gray := sc.Image.(*image.Gray); gray != (tc.opt.Mode != scansim.ModeColor) {
				t.Errorf("mode %d gave %T", tc.opt.Mode, sc.Image)
			}
		})
	}
}

// TestScanMarks checks that every mark leaves ink where its box says, and
// that the same seed gives the same pixels.
func TestScanMarks(t *testing.T) {
	s := individual(t)
	f := font(t)
	page, err := s.layout.Raster(signPage, 100)
	if err != nil {
		t.Fatal(err)
	}
	empty := scansim.Box{X: 30, Y: 200, W: 60, H: 14} // blank paper on this page
	for k := scansim.MarkSeal; k <= scansim.MarkBlueStamp; k++ {
		t.Run(k.String(), func(t *testing.T) {
			b := empty
			if k == scansim.MarkRedTable || k == scansim.MarkRedHeading || k == scansim.MarkRedRemarks || k == scansim.MarkRedLogo {
				b = scansim.Box{X: 20, Y: 190, W: 170, H: 60}
			}
			sheet := scansim.Sheet{Page: page, DPI: 100, Marks: []scansim.Mark{{Kind: k, Box: b, Seed: 3}}}
			plain, err := scansim.Scan(f, scansim.Sheet{Page: page, DPI: 100}, scansim.ScanOptions{DPI: 100})
			if err != nil {
				t.Fatal(err)
			}
			a, err := scansim.Scan(f, sheet, scansim.ScanOptions{DPI: 100})
			if err != nil {
				t.Fatal(err)
			}
			again, _ := scansim.Scan(f, sheet, scansim.ScanOptions{DPI: 100})
			save(t, "mark-"+k.String(), a.Image)
			if !bytes.Equal(a.Image.(*image.RGBA).Pix, again.Image.(*image.RGBA).Pix) {
				t.Error("same sheet, different pixels")
			}
			// Count changed pixels inside and outside the reported box.
			pa, pp := a.Image.(*image.RGBA), plain.Image.(*image.RGBA)
			box := a.Boxes[0].Inset(-2)
			in, out := 0, 0
			for i := 0; i < len(pa.Pix); i += 4 {
				if pa.Pix[i] == pp.Pix[i] && pa.Pix[i+1] == pp.Pix[i+1] && pa.Pix[i+2] == pp.Pix[i+2] {
					continue
				}
				if image.Pt((i%pa.Stride)/4, i/pa.Stride).In(box) {
					in++
				} else {
					out++
				}
			}
			if in < 50 {
				t.Errorf("only %d pixels changed inside %v", in, box)
			}
			if out > in/50 {
				t.Errorf("%d pixels changed outside the box %v (%d inside)", out, box, in)
			}
		})
	}
}

func TestArrange(t *testing.T) {
	for _, tc := range []struct {
		ops  []scansim.PageOp
		want []int
	}{
		{nil, []int{0, 1, 2, 3}},
		{[]scansim.PageOp{{Kind: scansim.OpDrop, Page: 1}}, []int{0, 2, 3}},
		{[]scansim.PageOp{{Kind: scansim.OpDuplicate, Page: 3}}, []int{0, 1, 2, 3, 3}},
		{[]scansim.PageOp{{Kind: scansim.OpSwap, Page: 0, Other: 2}}, []int{2, 1, 0, 3}},
		{[]scansim.PageOp{{Kind: scansim.OpInsert, Page: 4}, {Kind: scansim.OpInsert, Page: 1}}, []int{0, -1, 1, 2, 3, -1}},
		{[]scansim.PageOp{{Kind: scansim.OpDrop, Page: 9}}, []int{0, 1, 2, 3}},
	} {
		if got := scansim.Arrange(4, tc.ops...); !slices.Equal(got, tc.want) {
			t.Errorf("Arrange(4, %+v) = %v, want %v", tc.ops, got, tc.want)
		}
	}
}

// TestScanIndependentRasters scans pages rasterised by poppler,
// Ghostscript and ImageMagick rather than by pdfgen, and checks the
// corner marks land where ToPx says.
func TestScanIndependentRasters(t *testing.T) {
	s := individual(t)
	f := font(t)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(pdf, s.pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	tools := []struct {
		name string
		args []string
	}{
		{"pdftoppm", []string{"-r", "150", "-png", "-f", fmt.Sprint(signPage), "-l", fmt.Sprint(signPage), "-singlefile", pdf, filepath.Join(dir, "poppler")}},
		{"gs", []string{"-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r150", fmt.Sprintf("-dFirstPage=%d", signPage), fmt.Sprintf("-dLastPage=%d", signPage), "-sOutputFile=" + filepath.Join(dir, "gs.png"), pdf}},
		// ImageMagick's default policy forbids reading PDF, so it
		// resamples a 600-dpi poppler raster instead (Lanczos).
		{"convert", []string{filepath.Join(dir, "poppler600.png"), "-filter", "Lanczos", "-resize", "25%", filepath.Join(dir, "magick.png")}},
	}
	outs := []string{"poppler.png", "gs.png", "magick.png"}
	for i, tl := range tools {
		t.Run(tl.name, func(t *testing.T) {
			bin, err := exec.LookPath(tl.name)
			if err != nil {
				t.Fatalf("%s not installed (Debian: poppler-utils, ghostscript, imagemagick)", tl.name)
			}
			if tl.name == "convert" {
				hi := exec.Command("pdftoppm", "-r", "600", "-png", "-f", fmt.Sprint(signPage), "-l", fmt.Sprint(signPage), "-singlefile", pdf, filepath.Join(dir, "poppler600"))
				if out, err := hi.CombinedOutput(); err != nil {
					t.Fatalf("pdftoppm: %v\n%s", err, out)
				}
			}
			if out, err := exec.Command(bin, tl.args...).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", tl.name, err, out)
			}
			fh, err := os.Open(filepath.Join(dir, outs[i]))
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			img, err := png.Decode(fh)
			if err != nil {
				t.Fatal(err)
			}
			sheet := scansim.Sheet{Page: img, Marks: []scansim.Mark{{Kind: scansim.MarkSeal, Box: zones(s.pm, signPage, "seal")[0], Seed: 5}}}
			sc, err := scansim.Scan(f, sheet, scansim.ScanOptions{DPI: 150, Skew: 2, Quality: 85})
			if err != nil {
				t.Fatal(err)
			}
			save(t, "tool-"+tl.name, sc.Image)
			for _, m := range zones(s.pm, signPage, "mark") {
				if v := dark(sc.Image, sc.ToPx(m.Center())); v > 100 {
					t.Errorf("corner mark at %v mm: luma %.0f, want dark", m.Center(), v)
				}
			}
		})
	}
}

func TestScanErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sheet scansim.Sheet
		opt   scansim.ScanOptions
	}{
		{"dpi", scansim.Sheet{}, scansim.ScanOptions{DPI: 5000}},
		{"rotation", scansim.Sheet{}, scansim.ScanOptions{Rotation: 45}},
		{"empty page", scansim.Sheet{Page: image.NewRGBA(image.Rect(0, 0, 0, 0))}, scansim.ScanOptions{DPI: 50}},
		{"no font", scansim.Sheet{Marks: []scansim.Mark{{Kind: scansim.MarkSeal}}}, scansim.ScanOptions{DPI: 50}},
	} {
		if _, err := scansim.Scan(nil, tc.sheet, tc.opt); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
