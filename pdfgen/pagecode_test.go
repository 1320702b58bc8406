package pdfgen_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/pdfgen"
)

func TestParseCodeFormats(t *testing.T) {
	for _, tc := range []struct {
		text string
		want pdfgen.Code
	}{
		{"SB2:2026:I:1.0:R7VZLKFV:1/8:VY7RTLDL:BFUJO3D3", pdfgen.Code{Edition: "2026", Kind: "individual", Version: "1.0", DocID: "R7VZLKFV", Page: 1, Pages: 8, PageDigest: "VY7RTLDL", RecordDigest: "BFUJO3D3"}},
		{"SB2:2026:L:1.0:AAAAAAAA:2/2:BBBBBBBB:CCCCCCCC", pdfgen.Code{Edition: "2026", Kind: "letter", Version: "1.0", DocID: "AAAAAAAA", Page: 2, Pages: 2, PageDigest: "BBBBBBBB", RecordDigest: "CCCCCCCC"}},
		// Paper printed before SB2 still reads.
		{"SB1:2026:TEAM:1.0:ABCDEFGHIJKLM:3/10:NOPQRSTUVWXYZ:ABCDEFGHIJKLM", pdfgen.Code{Edition: "2026", Kind: "team", Version: "1.0", DocID: "ABCDEFGHIJKLM", Page: 3, Pages: 10, PageDigest: "NOPQRSTUVWXYZ", RecordDigest: "ABCDEFGHIJKLM"}},
	} {
		got, err := pdfgen.ParseCode(tc.text)
		if err != nil || got != tc.want {
			t.Errorf("ParseCode(%q) = %+v, %v; want %+v", tc.text, got, err, tc.want)
		}
	}
	for _, bad := range []string{"SB3:2026:I:1.0:A:1/1:B:C", "SB2:2026:I:1.0:A:0/1:B:C", "SB2:2026:I:1.0:A:1/1:B", "hello"} {
		if _, err := pdfgen.ParseCode(bad); err == nil {
			t.Errorf("ParseCode(%q): no error", bad)
		}
	}
}

// TestPageCodeShort checks that every page code of the samples, the
// maximal ones included, fits a version 2 QR symbol at level L (47
// alphanumeric characters): the size that makes it readable at 150 dpi.
func TestPageCodeShort(t *testing.T) {
	for _, c := range sampleCases {
		r := render(t, c)
		for _, p := range r.pm.Pages {
			if len(p.Code) > 47 {
				t.Errorf("%s page %d: code %q is %d characters, over the 47 of a version 2 symbol", c.name(), p.Number, p.Code, len(p.Code))
			}
		}
	}
}

// rasterisers make 150-dpi page images of a PDF with outside tools, the
// way a verifier's users might before uploading, or the way a test
// stands in for a printer-and-scanner.
var rasterisers = []struct {
	name string
	run  func(t *testing.T, pdf, dir string) // writes dir/*.png, one per page
}{
	{"pdftoppm", func(t *testing.T, pdf, dir string) {
		runTool(t, "pdftoppm", "-r", "150", "-png", pdf, filepath.Join(dir, "p"))
	}},
	{"ghostscript", func(t *testing.T, pdf, dir string) {
		runTool(t, "gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r150", "-sOutputFile="+filepath.Join(dir, "p-%02d.png"), pdf)
	}},
	// ImageMagick's default policy forbids reading PDF, so it resamples
	// a 300-dpi poppler raster to 150 dpi (its own Lanczos filter).
	{"imagemagick", func(t *testing.T, pdf, dir string) {
		hi := filepath.Join(t.TempDir(), "hi")
		runTool(t, "pdftoppm", "-r", "300", "-png", pdf, hi)
		files, _ := filepath.Glob(hi + "-*.png")
		for _, f := range files {
			runTool(t, "convert", f, "-filter", "Lanczos", "-resize", "50%", filepath.Join(dir, filepath.Base(f)))
		}
	}},
}

func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	bin := tool(t, name)
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func zbar(t *testing.T, file string) string {
	t.Helper()
	out, err := exec.Command(tool(t, "zbarimg"), "-q", "--raw", "-Sdisable", "-Sqrcode.enable", file).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func zxing(img image.Image) string {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return ""
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return ""
	}
	return res.GetText()
}

// TestPageCodeReadableAt150dpi rasterises every page of the three samples
// at 150 dpi with poppler, Ghostscript and ImageMagick and reads the page
// code with ZBar (an outside reader, with no upscaling) and with gozxing
// (without its try-harder mode): every page must read, with the text the
// page map says.
func TestPageCodeReadableAt150dpi(t *testing.T) {
	for _, c := range sampleCases {
		if c.max {
			continue
		}
		r := render(t, c)
		pdf := writeTemp(t, c.name()+".pdf", r.pdf)
		for _, rs := range rasterisers {
			if rs.name == "imagemagick" && c.kind != form.KindLetter {
				continue // slow: one sample is enough to show the resampling
			}
			t.Run(c.name()+"/"+rs.name, func(t *testing.T) {
				dir := t.TempDir()
				rs.run(t, pdf, dir)
				files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
				sort.Strings(files)
				if len(files) != len(r.pm.Pages) {
					t.Fatalf("%d page images for %d pages", len(files), len(r.pm.Pages))
				}
				for i, f := range files {
					want := r.pm.Pages[i].Code
					if got := zbar(t, f); got != want {
						t.Errorf("page %d: ZBar read %q, want %q", i+1, got, want)
					}
					if got := zxing(readImage(t, f)); got != want {
						t.Errorf("page %d: gozxing read %q, want %q", i+1, got, want)
					}
				}
			})
		}
	}
}

// TestPageCodeReadableInScans prints and scans the individual sample at
// 150 dpi, skewed, noisy and JPEG-compressed, and reads every page code
// with ZBar and gozxing. gozxing must read every scan and ZBar every one
// but the hardest kind (5° skew, blur and JPEG 60 at once), where it reads
// about two in three: a verifier must not lean on ZBar alone there.
func TestPageCodeReadableInScans(t *testing.T) {
	f, err := scansim.LoadFont()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	r := render(t, sampleCase{form.KindIndividual, false})
	l, err := pdfgen.Build(t.Context(), r.doc, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zb, zx, n := 0, 0, 0
	for _, i := range []int{1, 2, 7, 8} { // cover, table, signatures, last
		page, err := l.Raster(i, 300)
		if err != nil {
			t.Fatal(err)
		}
		for j, opt := range []scansim.ScanOptions{
			{DPI: 150, Skew: 3, Noise: 4, Quality: 70, Seed: uint64(i)},
			{DPI: 150, Skew: -5, Blur: 0.7, Noise: 3, Quality: 60, Bed: [2]float64{230, 320}, Seed: uint64(i)},
			{DPI: 150, Mode: scansim.ModeGray, Skew: 1, Quality: 80, Seed: uint64(i)},
		} {
			sc, err := scansim.Scan(f, scansim.Sheet{Page: page, DPI: 300}, opt)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, fmt.Sprintf("p%d-%d.png", i, j))
			var buf bytes.Buffer
			if err := png.Encode(&buf, sc.Image); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			want := r.pm.Pages[i-1].Code
			n++
			if zbar(t, file) == want {
				zb++
			} else if j != 1 {
				t.Errorf("page %d (%s): ZBar did not read the code", i, sc.Note)
			}
			if zxing(sc.Image) == want {
				zx++
			} else {
				t.Errorf("page %d (%s): gozxing did not read the code", i, sc.Note)
			}
		}
	}
	t.Logf("150-dpi scans: ZBar %d/%d, gozxing %d/%d", zb, n, zx, n)
}
