package seal_test

import (
	"context"
	"errors"
	"image"
	"testing"

	"github.com/bast-tools/shenbao/verify/seal"
)

// FuzzFind feeds Find odd images: tiny, thin, any colours, any DPI.
func FuzzFind(f *testing.F) {
	f.Add([]byte{3, 5, 0, 255, 0, 0, 200, 30, 40})
	f.Add([]byte{0, 0, 1})
	f.Add([]byte{200, 1, 30, 250, 250, 250})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		w, h := 1+int(data[0])%300, 1+int(data[1])%300
		dpi := []float64{0, 30, 50, 72, 150, 600, 2400}[int(data[2])%7]
		img := image.NewRGBA(image.Rect(7, -3, 7+w, -3+h))
		for i := range img.Pix {
			if i%4 == 3 {
				img.Pix[i] = 255
			} else if len(data) > 3 {
				img.Pix[i] = data[3+i%(len(data)-3)]
			}
		}
		res, err := seal.Find(context.Background(), img, seal.Options{DPI: dpi})
		if err != nil {
			if !errors.Is(err, seal.ErrBadDPI) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for _, s := range res.Seals {
			if !s.Box.In(img.Bounds()) || s.Box.Empty() || s.Confidence < 0 || s.Confidence > 1 {
				t.Fatalf("bad seal %+v in %v", s, img.Bounds())
			}
		}
		if res.Judgeable != (res.Reason == "") {
			t.Fatalf("judgeable %v with reason %q", res.Judgeable, res.Reason)
		}
	})
}
