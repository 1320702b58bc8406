package ingest

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"golang.org/x/image/bmp"

	"github.com/bast-tools/shenbao/internal/hostile"
	"github.com/bast-tools/shenbao/internal/scansim"
)

func testImage(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
	}
	img.Set(1, 1, color.RGBA{200, 30, 40, 255})
	return img
}

func encode(t testing.TB, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func samples(t testing.TB) map[string][]byte {
	a, b := testImage(40, 30, color.RGBA{250, 250, 250, 255}), testImage(20, 50, color.RGBA{240, 220, 220, 255})
	return map[string][]byte{
		"png":  encode(t, func(w *bytes.Buffer) error { return png.Encode(w, a) }),
		"jpeg": encode(t, func(w *bytes.Buffer) error { return jpeg.Encode(w, a, nil) }),
		"gif":  encode(t, func(w *bytes.Buffer) error { return gif.Encode(w, a, nil) }),
		"bmp":  encode(t, func(w *bytes.Buffer) error { return bmp.Encode(w, a) }),
		"tiff": encode(t, func(w *bytes.Buffer) error { return scansim.EncodeTIFF(w, []image.Image{a, b}) }),
		"pdf":  encode(t, func(w *bytes.Buffer) error { return scansim.EncodePDF(w, []image.Image{a, nil, b}) }),
	}
}

func decode(data []byte, lim Limits) ([]Page, error) {
	var pages []Page
	err := Pages(context.Background(), bytes.NewReader(data), int64(len(data)), lim, func(p Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, err
}

func TestPages(t *testing.T) {
	s := samples(t)
	type want struct {
		w, h   int
		reason string
	}
	for _, tc := range []struct {
		name  string
		pages []want
	}{
		{"png", []want{{40, 30, ""}}},
		{"jpeg", []want{{40, 30, ""}}},
		{"gif", []want{{40, 30, ""}}},
		{"bmp", []want{{40, 30, ""}}},
		{"tiff", []want{{40, 30, ""}, {20, 50, ""}}},
		{"pdf", []want{{40, 30, ""}, {0, 0, ReasonNoImage}, {20, 50, ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages, err := decode(s[tc.name], Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != len(tc.pages) {
				t.Fatalf("got %d pages, want %d", len(pages), len(tc.pages))
			}
			for i, w := range tc.pages {
				p := pages[i]
				if p.Number != i+1 || p.Reason != w.reason {
					t.Errorf("page %d: number %d reason %q, want reason %q", i+1, p.Number, p.Reason, w.reason)
				}
				if w.reason != "" {
					continue
				}
				if p.Image == nil || p.Image.Bounds().Dx() != w.w || p.Image.Bounds().Dy() != w.h {
					t.Errorf("page %d: image %v, want %d×%d", i+1, p.Image, w.w, w.h)
				}
			}
		})
	}
	// The PDF pages are A4: a 40-pixel-wide image over 210 mm is ~5 dpi
	// against the long side, 50 px over 297 mm ~4 dpi.
	pages, _ := decode(s["pdf"], Limits{})
	if d := pages[0].DPI; d < 3 || d > 6 {
		t.Errorf("PDF page 1 DPI = %v", d)
	}
}

func TestPagesErrors(t *testing.T) {
	s := samples(t)
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"text", []byte("这不是图片"), Limits{}, CodeUnsupported},
		{"empty", nil, Limits{}, CodeUnsupported},
		{"too many bytes", s["png"], Limits{MaxFileBytes: 10}, CodeFileTooLarge},
		{"too many pixels", s["png"], Limits{MaxPixels: 100}, CodeTooLarge},
		{"too many pixels tiff", s["tiff"][:], Limits{MaxPixels: 100}, ""},
		{"truncated png", s["png"][:60], Limits{}, CodeCorrupt},
		{"truncated pdf", s["pdf"][:200], Limits{}, CodePDFCorrupt},
		{"bad tiff", []byte("II*\x00\xff\xff\xff\x7f"), Limits{}, CodeCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pages, err := decode(tc.data, tc.lim)
			if tc.want == "" {
				// A multi-page file reports oversized pages one by one.
				for _, p := range pages {
					if p.Reason != ReasonTooLarge {
						t.Errorf("page %d: reason %q, want %q", p.Number, p.Reason, ReasonTooLarge)
					}
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != tc.want {
				t.Errorf("got %v (pages %d), want %v", err, len(pages), tc.want)
			}
		})
	}
}

func FuzzPages(f *testing.F) {
	for _, b := range samples(f) {
		f.Add(b)
	}
	for _, b := range [][]byte{hostile.SelfObjStm(), hostile.AllCompressed(5), hostile.HugeObjectNumber(1 << 30),
		hostile.ContentBomb(8 << 20), hostile.FlateImageBomb(100, 100, 8<<20, true), hostile.ManyPages(30),
		hostile.PNGBomb(3000, 3000, 6, 16), hostile.RepeatedScans(64, 64, 200), hostile.TIFFPages(30, 64, 64)} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := decode(data, Limits{MaxPixels: 1 << 20, MaxPages: 20})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, p := range pages {
			if (p.Image == nil) == (p.Reason == "") {
				t.Fatalf("page %d: image %v with reason %q", p.Number, p.Image != nil, p.Reason)
			}
			if p.Image != nil && p.Image.Bounds().Empty() {
				t.Fatalf("page %d: empty image", p.Number)
			}
		}
	})
}
