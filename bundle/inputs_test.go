package bundle

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// Deterministic test inputs. Each picture is "page-like": light paper, a
// dark bar at the top and a red disc lower right, so a test can tell which
// way up a page ended and whether colour survived.

var (
	paper = color.NRGBA{0xf4, 0xf1, 0xe8, 0xff}
	ink   = color.NRGBA{0x20, 0x30, 0x50, 0xff}
	red   = color.NRGBA{0xc8, 0x1e, 0x1e, 0xff}
)

// pagePicture draws the upright page picture at w×h.
func pagePicture(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := paper
			switch {
			case y < h/8:
				c = ink
			case sq(x-w*3/4)+sq(y-h*3/4) < sq(w/8):
				c = red
			case y > h/4 && y < h/4+h/40 && x > w/10 && x < w*8/10:
				c = color.NRGBA{0x55, 0x55, 0x55, 0xff}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func sq(x int) int { return x * x }

func encJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exifJPEG stores the picture turned so that EXIF orientation o (6: the
// viewer turns it 90° clockwise) shows it upright, and writes the APP1
// segment by hand.
func exifJPEG(t testing.TB, w, h, o int) []byte {
	up := pagePicture(w, h)
	var stored *image.NRGBA
	switch o {
	case 6: // stored = upright turned 90° counter-clockwise
		stored = image.NewNRGBA(image.Rect(0, 0, h, w))
		for y := range h {
			for x := range w {
				stored.SetNRGBA(y, w-1-x, up.NRGBAAt(x, y))
			}
		}
	case 3:
		stored = image.NewNRGBA(up.Rect)
		for y := range h {
			for x := range w {
				stored.SetNRGBA(w-1-x, h-1-y, up.NRGBAAt(x, y))
			}
		}
	default:
		t.Fatalf("orientation %d not drawn", o)
	}
	j := encJPEG(t, stored, 85)
	tiffHdr := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, 0, 0, 0, 0}
	seg := append([]byte("Exif\x00\x00"), tiffHdr...)
	app1 := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

func encPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func png16(t testing.TB) []byte {
	src := pagePicture(200, 280)
	m := image.NewNRGBA64(src.Rect)
	for y := range 280 {
		for x := range 200 {
			c := src.NRGBAAt(x, y)
			m.SetNRGBA64(x, y, color.NRGBA64{uint16(c.R) * 257, uint16(c.G) * 257, uint16(c.B) * 257, 0xffff})
		}
	}
	return encPNG(t, m)
}

func pngAlpha(t testing.TB) []byte {
	m := pagePicture(200, 280)
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i-3] == paper.R && m.Pix[i-2] == paper.G {
			m.Pix[i] = 0 // transparent paper: must come out white, not black
		}
	}
	return encPNG(t, m)
}

func paletted(w, h int) *image.Paletted {
	src := pagePicture(w, h)
	pal := color.Palette{paper, ink, red, color.NRGBA{0x55, 0x55, 0x55, 0xff}}
	m := image.NewPaletted(src.Rect, pal)
	for y := range h {
		for x := range w {
			m.Set(x, y, src.At(x, y))
		}
	}
	return m
}

func encGIF(t testing.TB) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, paletted(200, 280), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encBMP(t testing.TB) []byte {
	var b bytes.Buffer
	if err := bmp.Encode(&b, pagePicture(200, 280)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encTIFF(t testing.TB) []byte {
	var b bytes.Buffer
	if err := tiff.Encode(&b, pagePicture(200, 280), &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader is a PNG whose IHDR claims w×h, with one tiny IDAT: enough
// for the dimension check, which must refuse it before any decoding.
func pngHeader(w, h int) []byte {
	return rawPNG(w, h, 2, []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}) // 8-bit RGB
}

// rawPNG writes a PNG by hand: an IHDR claiming w×h 8-bit pixels of the
// given colour type, whatever the IDAT holds, so tests can make files the
// image package would refuse to encode.
func rawPNG(w, h int, colorType byte, idat []byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := append([]byte(typ), data...)
		b.Write(c)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, colorType
	chunk("IHDR", ihdr)
	chunk("IDAT", idat)
	chunk("IEND", nil)
	return b.Bytes()
}

// textPDF makes an office-style PDF with n pages of Chinese text.
func textPDF(t testing.TB, n int, label string) []byte {
	t.Helper()
	sh := pdfgen.NewSheet(nil)
	for i := range n {
		sh.AddPage(a4W, a4H)
		sh.Text(pdfgen.TextStyle{Font: fonts.Sans, Size: 16}, 72, 84, 400, label)
		sh.Text(pdfgen.TextStyle{Size: 12}, 72, 128, 400, "第"+string(rune('1'+i))+"页 证明材料正文")
	}
	return sheetBytes(t, sh)
}

// letterPDF is a one-page US Letter PDF (a page that is not A4).
func letterPDF(t testing.TB) []byte {
	sh := pdfgen.NewSheet(nil)
	sh.AddPage(612, 792)
	sh.Text(pdfgen.TextStyle{Size: 16}, 72, 84, 400, "Letter 纸张的页面")
	return sheetBytes(t, sh)
}

func sheetBytes(t testing.TB, sh *pdfgen.Sheet) []byte {
	t.Helper()
	b, _, err := sheetPDF(context.Background(), sh)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encryptPDF(t testing.TB, in []byte, user, owner string) []byte {
	conf := pdfConfig()
	conf.UserPW, conf.OwnerPW = user, owner
	conf.EncryptUsingAES, conf.EncryptKeyLength = true, 128
	var b bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(in), &b, conf); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func fixture(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeFiles writes name → content under dir.
func writeFiles(t testing.TB, dir string, files map[string][]byte) {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
