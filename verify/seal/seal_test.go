package seal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/bast-tools/shenbao/internal/scansim"
	"github.com/bast-tools/shenbao/verify/seal"
)

func loadFont(tb testing.TB) *scansim.Font {
	tb.Helper()
	f, err := scansim.LoadFont()
	if err != nil {
		tb.Skipf("skipping: %v", err)
	}
	return f
}

// TestColourless checks that pages without colour are never judged, in
// every form such a page arrives in.
func TestColourless(t *testing.T) {
	f := loadFont(t)
	sealed := scansim.Generate(f, scansim.Sealed, 11, scansim.Options{DPI: 150, Quality: -1}).Image
	b := sealed.Bounds()
	gray := image.NewGray(b)
	rgbGray := image.NewRGBA(b)
	bw := image.NewPaletted(b, color.Palette{color.Black, color.White})
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v := color.GrayModel.Convert(sealed.At(x, y)).(color.Gray)
			gray.SetGray(x, y, v)
			rgbGray.Set(x, y, color.RGBA{v.Y, v.Y, v.Y, 255})
			bw.SetColorIndex(x, y, uint8(v.Y/128))
		}
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, rgbGray, &jpeg.Options{Quality: 75}); err != nil {
		t.Fatal(err)
	}
	rgbGrayJPEG, err := jpeg.Decode(&jb)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		img    image.Image
		reason string
	}{
		{"gray", gray, seal.ReasonGrayscale},
		{"gray as RGB", rgbGray, seal.ReasonGrayscale},
		{"gray as RGB JPEG", rgbGrayJPEG, seal.ReasonGrayscale},
		{"black and white", bw, seal.ReasonBlackWhite},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := seal.Find(context.Background(), tc.img, seal.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Color || res.Judgeable || res.Reason != tc.reason || len(res.Seals) != 0 {
				t.Errorf("got %+v, want not judgeable because %s", res, tc.reason)
			}
		})
	}
	res, err := seal.Find(context.Background(), sealed, seal.Options{})
	if err != nil || !res.Judgeable || len(res.Seals) != 1 {
		t.Errorf("colour original: got %+v, %v; want one seal", res, err)
	}
}

func TestFindErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := seal.Find(ctx, image.NewRGBA(image.Rect(0, 0, 0, 0)), seal.Options{}); !errors.Is(err, seal.ErrEmptyImage) {
		t.Errorf("empty image: got %v", err)
	}
	if _, err := seal.Find(ctx, image.NewRGBA(image.Rect(0, 0, 10, 10)), seal.Options{DPI: 5}); !errors.Is(err, seal.ErrBadDPI) {
		t.Errorf("dpi 5: got %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := seal.Find(canceled, image.NewRGBA(image.Rect(0, 0, 100, 100)), seal.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

// TestOffset checks that boxes are in the image's own coordinates when its
// bounds do not start at the origin (a cropped sub-image).
func TestOffset(t *testing.T) {
	f := loadFont(t)
	pg := scansim.Generate(f, scansim.Sealed, 12, scansim.Options{DPI: 200, Quality: -1})
	whole, err := seal.Find(context.Background(), pg.Image, seal.Options{})
	if err != nil || len(whole.Seals) != 1 {
		t.Fatalf("whole page: %+v %v", whole, err)
	}
	sub := pg.Image.(*image.RGBA).SubImage(image.Rect(600, 1000, 1654, 2339))
	part, err := seal.Find(context.Background(), sub, seal.Options{DPI: 200})
	if err != nil || len(part.Seals) != 1 {
		t.Fatalf("sub-image: %+v %v", part, err)
	}
	if iou := seal.IoU(whole.Seals[0].Box, part.Seals[0].Box); iou < 0.9 {
		t.Errorf("box on whole page %v, on sub-image %v (IoU %.2f)", whole.Seals[0].Box, part.Seals[0].Box, iou)
	}
}

func TestShapeJSON(t *testing.T) {
	b, err := json.Marshal([]seal.Shape{seal.Round, seal.Oval})
	if err != nil || string(b) != `["round","oval"]` {
		t.Errorf("got %s, %v", b, err)
	}
	if _, err := json.Marshal(seal.Shape(0)); err == nil {
		t.Error("zero shape marshalled without error")
	}
}

func TestIoU(t *testing.T) {
	for _, tc := range []struct {
		a, b image.Rectangle
		want float64
	}{
		{image.Rect(0, 0, 10, 10), image.Rect(0, 0, 10, 10), 1},
		{image.Rect(0, 0, 10, 10), image.Rect(5, 0, 15, 10), 1.0 / 3},
		{image.Rect(0, 0, 10, 10), image.Rect(20, 20, 30, 30), 0},
		{image.Rect(0, 0, 0, 0), image.Rect(0, 0, 0, 0), 0},
	} {
		if got := seal.IoU(tc.a, tc.b); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("IoU(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// benchPage is a 200-dpi A4 scan (1654×2339) with a seal, decoded from
// JPEG as an uploaded scan would be.
func benchPage(b *testing.B) image.Image {
	f := loadFont(b)
	pg := scansim.Generate(f, scansim.Sealed, 1, scansim.Options{DPI: 200, Quality: 85})
	if r := pg.Image.Bounds(); r.Dx() != 1654 || r.Dy() != 2339 {
		b.Fatalf("page is %v", r)
	}
	return pg.Image
}

func BenchmarkFind(b *testing.B) {
	img := benchPage(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := seal.Find(ctx, img, seal.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindRGBA(b *testing.B) {
	src := benchPage(b)
	img := image.NewRGBA(src.Bounds())
	for y := range src.Bounds().Dy() {
		for x := range src.Bounds().Dx() {
			img.Set(x, y, src.At(x, y))
		}
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := seal.Find(ctx, img, seal.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSheetSizes checks sheets other than A4, whose resolution Find
// guesses wrongly when not told it.
func TestSheetSizes(t *testing.T) {
	f := loadFont(t)
	for _, tc := range []struct {
		name      string
		w, h, dpi float64
		optDPI    float64
		oval      bool
	}{
		{"A4 200 dpi", 210, 297, 200, 200, false},
		{"A5 300 dpi, dpi guessed", 148, 210, 300, 0, false},
		{"A5 300 dpi, dpi given", 148, 210, 300, 300, true},
		{"invoice 300 dpi, dpi guessed", 240, 140, 300, 0, true},
		{"A3 150 dpi, dpi guessed", 297, 420, 150, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := scansim.NewCanvas(tc.w, tc.h, tc.dpi, 0.01, color.RGBA{248, 246, 238, 255})
			s := scansim.Seal{
				Center: scansim.Pt{X: tc.w * 0.6, Y: tc.h * 0.6}, A: 21, B: 21, Ring: 1.2, Star: true,
				Name: "北京智联科技有限公司", Ink: color.RGBA{200, 30, 40, 255}, Fade: 0.7, Uneven: 0.4, Seed: 3,
			}
			if tc.oval {
				s.A, s.B, s.Middle, s.Star = 20, 15, "财务专用章", false
			}
			want := s.Draw(c, f)
			res, err := seal.Find(context.Background(), c.Img, seal.Options{DPI: tc.optDPI})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Seals) != 1 {
				t.Fatalf("found %+v, want one seal at %v", res.Seals, want)
			}
			got := res.Seals[0]
			wantShape := seal.Round
			if tc.oval {
				wantShape = seal.Oval
			}
			if iou := seal.IoU(got.Box, want); iou < 0.8 || got.Shape != wantShape {
				t.Errorf("found %v %v, want %v %v (IoU %.2f)", got.Shape, got.Box, wantShape, want, iou)
			}
		})
	}
}
