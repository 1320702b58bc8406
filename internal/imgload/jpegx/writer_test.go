package jpegx

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"testing"
)

// The encoder's changes are for speed only: its output must be the same
// bytes as image/jpeg's, for every input type it has a fast path for.
func TestEncodeMatchesStdlib(t *testing.T) {
	full, err := jpeg.Decode(bytes.NewReader(photo(t, 203, 151, &jpeg.Options{Quality: 90}, false)))
	if err != nil {
		t.Fatal(err)
	}
	ycc420 := full.(*image.YCbCr)
	ycc444 := image.NewYCbCr(ycc420.Rect, image.YCbCrSubsampleRatio444)
	for y := range ycc420.Rect.Dy() {
		for x := range ycc420.Rect.Dx() {
			c := ycc420.YCbCrAt(x, y)
			ycc444.Y[ycc444.YOffset(x, y)], ycc444.Cb[ycc444.COffset(x, y)], ycc444.Cr[ycc444.COffset(x, y)] = c.Y, c.Cb, c.Cr
		}
	}
	gray, _ := jpeg.Decode(bytes.NewReader(photo(t, 77, 45, nil, true)))
	rgba := image.NewRGBA(ycc420.Rect)
	draw.Draw(rgba, rgba.Rect, ycc420, image.Point{}, draw.Src)
	for name, img := range map[string]image.Image{"4:2:0": ycc420, "4:4:4": ycc444, "gray": gray, "rgba": rgba} {
		for _, q := range []int{1, 50, 85, 100} {
			var a, b bytes.Buffer
			if err := jpeg.Encode(&a, img, &jpeg.Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			if err := Encode(&b, img, &Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s quality %d: %d bytes, image/jpeg %d", name, q, b.Len(), a.Len())
			}
		}
	}
}

func BenchmarkEncode1500x2000(b *testing.B) {
	img, err := DecodeScaled(bytes.NewReader(photo(b, 3000, 4000, &jpeg.Options{Quality: 88}, false)), 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("image/jpeg", func(b *testing.B) {
		for b.Loop() {
			jpeg.Encode(&bytes.Buffer{}, img, &jpeg.Options{Quality: 85})
		}
	})
	b.Run("jpegx", func(b *testing.B) {
		for b.Loop() {
			Encode(&bytes.Buffer{}, img, &Options{Quality: 85})
		}
	})
}
