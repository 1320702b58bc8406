package scansim

import (
	"bytes"
	"image"
	"testing"
)

// pixels returns the raw samples of the image types Generate returns.
func pixels(t *testing.T, img image.Image) []byte {
	t.Helper()
	switch m := img.(type) {
	case *image.YCbCr:
		return bytes.Join([][]byte{m.Y, m.Cb, m.Cr}, nil)
	case *image.Gray:
		return m.Pix
	case *image.RGBA:
		return m.Pix
	}
	t.Fatalf("unexpected image type %T", img)
	return nil
}

// TestGenerateDeterministic checks that a seed always yields the same page,
// and another seed another page, for every kind.
func TestGenerateDeterministic(t *testing.T) {
	f, err := LoadFont()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	for k := Kind(0); k < NumKinds; k++ {
		t.Run(k.String(), func(t *testing.T) {
			opt := Options{DPI: 100}
			a, b, c := Generate(f, k, 1, opt), Generate(f, k, 1, opt), Generate(f, k, 2, opt)
			if !bytes.Equal(pixels(t, a.Image), pixels(t, b.Image)) || a.Note != b.Note {
				t.Error("same seed, different pages")
			}
			if bytes.Equal(pixels(t, a.Image), pixels(t, c.Image)) {
				t.Error("different seeds, same page")
			}
			if k.Positive() != (len(a.Seals) > 0) && a.Color {
				t.Errorf("positive=%v but %d true seals", k.Positive(), len(a.Seals))
			}
			if r := a.Image.Bounds(); r.Dx() != 827 || r.Dy() != 1169 {
				t.Errorf("A4 at 100 dpi is %v", r)
			}
		})
	}
}
