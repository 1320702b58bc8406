package pdfrender_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/pdfrender"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/pdfgen"
)

func renderSample(t *testing.T, k form.Kind) ([]byte, *pdfgen.PageMap) {
	t.Helper()
	data, err := form.Sample(k, false)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := form.Read(bytes.NewReader(data), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	pm, err := pdfgen.Render(context.Background(), &buf, doc, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), pm
}

// poppler renders page n of the PDF at dpi with pdftoppm.
func poppler(t *testing.T, pdf []byte, n int, dpi float64) image.Image {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm not installed (Debian: poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-r", fmt.Sprint(dpi), "-png", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "-singlefile", in, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func luma(img image.Image, x, y int) float64 {
	r, g, b, _ := img.At(x, y).RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 257
}

// compare returns the mean absolute luma difference of two renderings
// (0–255) and the share of pixels differing by more than 64 (a glyph or
// rule drawn in one and not the other), on every second pixel, at the
// best offset of up to one pixel: renderers round the page's origin
// differently (PDFium draws 150-dpi A4 one pixel higher than poppler).
func compare(a, b image.Image) (mad, far float64, shift image.Point) {
	w := min(a.Bounds().Dx(), b.Bounds().Dx()) - 2
	h := min(a.Bounds().Dy(), b.Bounds().Dy()) - 2
	la, lb := lumas(a), lumas(b)
	mad = math.Inf(1)
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			var sum float64
			n, off := 0, 0
			for y := 1; y < h; y += 2 {
				for x := 1; x < w; x += 2 {
					d := math.Abs(la.at(x, y) - lb.at(x+dx, y+dy))
					sum += d
					n++
					if d > 64 {
						off++
					}
				}
			}
			if m := sum / float64(n); m < mad {
				mad, far, shift = m, float64(off)/float64(n), image.Pt(dx, dy)
			}
		}
	}
	return mad, far, shift
}

type lumaPlane struct {
	w   int
	pix []float64
}

func (l lumaPlane) at(x, y int) float64 { return l.pix[y*l.w+x] }

func lumas(img image.Image) lumaPlane {
	b := img.Bounds()
	l := lumaPlane{w: b.Dx(), pix: make([]float64, b.Dx()*b.Dy())}
	for y := range b.Dy() {
		for x := range b.Dx() {
			l.pix[y*l.w+x] = luma(img, b.Min.X+x, b.Min.Y+y)
		}
	}
	return l
}

func decodeQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// TestOwnPDFsMatchPoppler renders every page of the three samples at 150
// dpi and compares with poppler: same size, the same ink in the same
// places, and the page code reads back.
func TestOwnPDFsMatchPoppler(t *testing.T) {
	ctx := context.Background()
	for _, k := range []form.Kind{form.KindIndividual, form.KindLetter} {
		pdf, pm := renderSample(t, k)
		d, err := pdfrender.Open(ctx, pdf)
		if err != nil {
			t.Fatal(err)
		}
		if d.NumPages() != len(pm.Pages) {
			t.Errorf("%s: %d pages, page map has %d", k, d.NumPages(), len(pm.Pages))
		}
		var worstMAD, worstFar float64
		var took time.Duration
		shifts := map[image.Point]int{}
		for n := 1; n <= d.NumPages(); n++ {
			start := time.Now()
			img, err := d.Render(ctx, n, 150)
			took += time.Since(start)
			if err != nil {
				t.Fatalf("%s page %d: %v", k, n, err)
			}
			ref := poppler(t, pdf, n, 150)
			if img.Bounds().Size() != ref.Bounds().Size() {
				t.Errorf("%s page %d: %v, poppler %v", k, n, img.Bounds().Size(), ref.Bounds().Size())
			}
			mad, far, shift := compare(img, ref)
			shifts[shift]++
			worstMAD, worstFar = max(worstMAD, mad), max(worstFar, far)
			if mad > 8 || far > 0.04 {
				t.Errorf("%s page %d: mean |Δluma| %.2f, %.3f%% of pixels off by > 64", k, n, mad, 100*far)
			}
			text, err := decodeQR(img)
			if err != nil || text != pm.Pages[n-1].Code {
				t.Errorf("%s page %d: page code %q, %v; want %q", k, n, text, err, pm.Pages[n-1].Code)
			}
		}
		t.Logf("%s: %d pages, worst mean |Δluma| %.2f, worst %.3f%% pixels off by > 64, offsets to poppler %v, %.0f ms/page (wall)", k, d.NumPages(), worstMAD, 100*worstFar, shifts, float64(took.Milliseconds())/float64(d.NumPages()))
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	}
}

// TestScannerPDF renders a scanner's PDF (one JPEG per page) and compares
// with poppler.
func TestScannerPDF(t *testing.T) {
	f, err := scansim.LoadFont()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	pg := scansim.Generate(f, scansim.Sealed, 3, scansim.Options{DPI: 150})
	var buf bytes.Buffer
	if err := scansim.EncodePDF(&buf, []image.Image{pg.Image, nil}); err != nil {
		t.Fatal(err)
	}
	d, err := pdfrender.Open(context.Background(), buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.NumPages() != 2 {
		t.Fatalf("%d pages, want 2", d.NumPages())
	}
	img, err := d.Render(context.Background(), 1, 150)
	if err != nil {
		t.Fatal(err)
	}
	mad, far, _ := compare(img, poppler(t, buf.Bytes(), 1, 150))
	t.Logf("scanner page: mean |Δluma| %.2f, %.3f%% pixels off by > 64", mad, 100*far)
	if mad > 8 || far > 0.04 {
		t.Errorf("scanner page: mean |Δluma| %.2f, %.3f%% pixels off by > 64", mad, 100*far)
	}
	blank, err := d.Render(context.Background(), 2, 50)
	if err != nil {
		t.Fatal(err)
	}
	if v := luma(blank, 100, 100); v < 250 {
		t.Errorf("empty page is not white: luma %.0f", v)
	}
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	var perr *pdfrender.Error
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"not a pdf", []byte("GIF89a not a pdf at all"), "pdf_unreadable"},
		{"empty", nil, "pdf_unreadable"},
		{"truncated", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), "pdf_unreadable"},
	} {
		d, err := pdfrender.Open(ctx, tc.data)
		if err == nil {
			d.Close()
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !errors.As(err, &perr) || perr.Code != tc.code {
			t.Errorf("%s: %v, want code %s", tc.name, err, tc.code)
		}
	}
	pdf, _ := renderSample(t, form.KindLetter)
	d, err := pdfrender.Open(ctx, pdf)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, n := range []int{0, d.NumPages() + 1} {
		if _, err := d.Render(ctx, n, 100); !errors.As(err, &perr) || perr.Code != "page_out_of_range" {
			t.Errorf("page %d: %v", n, err)
		}
	}
	if _, err := d.Render(ctx, 1, 5000); !errors.As(err, &perr) || perr.Code != "page_too_large" {
		t.Errorf("5000 dpi: %v", err)
	}
}
