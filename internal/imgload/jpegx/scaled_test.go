package jpegx

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// photo makes a deterministic colour JPEG with gradients, edges and noise.
func photo(t testing.TB, w, h int, opt *jpeg.Options, gray bool) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var img image.Image
	if gray {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				g.Pix[y*g.Stride+x] = uint8(x*255/w/2 + (y/40%2)*60 + rng.IntN(30))
			}
		}
		img = g
	} else {
		m := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x+y)*100/(w+h) + rng.IntN(20)), 255})
			}
		}
		img = m
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// boxDown averages f×f blocks of the stdlib decode, the reference a scaled
// decode should match.
func boxDown(img image.Image, f int) *image.RGBA {
	b := img.Bounds()
	w, h := (b.Dx()+f-1)/f, (b.Dy()+f-1)/f
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var r, g, bl, n uint32
			for dy := range f {
				for dx := range f {
					if x*f+dx >= b.Dx() || y*f+dy >= b.Dy() {
						continue
					}
					cr, cg, cb, _ := img.At(x*f+dx, y*f+dy).RGBA()
					r, g, bl, n = r+cr>>8, g+cg>>8, bl+cb>>8, n+1
				}
			}
			out.Set(x, y, color.RGBA{uint8(r / n), uint8(g / n), uint8(bl / n), 255})
		}
	}
	return out
}

func TestDecodeScaledMatchesBoxFilter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		w, h  int
		gray  bool
		shift int
	}{
		{"colour half", 301, 203, false, 1},
		{"colour quarter", 301, 203, false, 2},
		{"colour eighth", 320, 240, false, 3},
		{"gray half", 250, 130, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := photo(t, tc.w, tc.h, &jpeg.Options{Quality: 90}, tc.gray)
			full, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeScaled(bytes.NewReader(data), tc.shift)
			if err != nil {
				t.Fatal(err)
			}
			f := 1 << tc.shift
			want := boxDown(full, f)
			if got.Bounds() != want.Bounds() {
				t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
			}
			var sum, n float64
			b := want.Bounds()
			for y := 1; y < b.Dy()-1; y++ {
				for x := 1; x < b.Dx()-1; x++ {
					r1, g1, b1, _ := got.At(x, y).RGBA()
					r2, g2, b2, _ := want.At(x, y).RGBA()
					sum += abs(int(r1>>8)-int(r2>>8)) + abs(int(g1>>8)-int(g2>>8)) + abs(int(b1>>8)-int(b2>>8))
					n += 3
				}
			}
			if mean := sum / n; mean > 4 {
				t.Errorf("mean abs difference %.2f levels, want ≤ 4", mean)
			}
		})
	}
}

func abs(x int) float64 {
	if x < 0 {
		return float64(-x)
	}
	return float64(x)
}

// At shift 0 the fork must decode exactly as image/jpeg does: baseline,
// gray, progressive and CMYK files.
func TestDecodeShiftZeroIsStdlib(t *testing.T) {
	inputs := map[string][]byte{}
	// From flat blocks (quality 5) to dense ones (100): the inverse DCT's
	// shortcuts for flat rows and columns must not show.
	for _, q := range []int{5, 30, 60, 80, 95, 100} {
		inputs[fmt.Sprintf("baseline q%d", q)] = photo(t, 120, 90, &jpeg.Options{Quality: q}, false)
		inputs[fmt.Sprintf("gray q%d", q)] = photo(t, 70, 33, &jpeg.Options{Quality: q}, true)
	}
	for _, name := range []string{"progressive.jpg", "cmyk.jpg"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "bundle", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = b
	}
	for name, data := range inputs {
		a, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(name, err)
		}
		b, err := DecodeScaled(bytes.NewReader(data), 0)
		if err != nil {
			t.Fatal(name, err)
		}
		if a.Bounds() != b.Bounds() {
			t.Fatalf("%s: bounds %v, want %v", name, b.Bounds(), a.Bounds())
		}
		for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
			for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
				if a.At(x, y) != b.At(x, y) {
					t.Fatalf("%s: pixel (%d,%d) is %v, image/jpeg has %v", name, x, y, b.At(x, y), a.At(x, y))
				}
			}
		}
	}
}

func BenchmarkDecode3000x4000(b *testing.B) {
	data := photo(b, 3000, 4000, &jpeg.Options{Quality: 88}, false)
	for _, shift := range []int{0, 1} {
		b.Run([]string{"full", "half"}[shift], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := DecodeScaled(bytes.NewReader(data), shift); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzDecodeScaled(f *testing.F) {
	f.Add(photo(f, 40, 30, &jpeg.Options{Quality: 75}, false), 1)
	f.Add(photo(f, 17, 9, &jpeg.Options{Quality: 50}, true), 2)
	f.Fuzz(func(t *testing.T, data []byte, shift int) {
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		img, err := DecodeScaled(bytes.NewReader(data), shift)
		if err != nil {
			return
		}
		s := min(max(shift, 0), 3)
		k := 1<<s - 1
		if w, h := (cfg.Width+k)>>s, (cfg.Height+k)>>s; img.Bounds().Dx() != w || img.Bounds().Dy() != h {
			t.Fatalf("size %v, want %d×%d", img.Bounds(), w, h)
		}
	})
}

func TestDecodeHeader(t *testing.T) {
	for _, tc := range []struct {
		file        string
		comps       int
		progressive bool
		adobe       bool
	}{
		{"video-001.jpeg", 3, false, false},
		{"video-001.progressive.jpeg", 3, true, false},
		{"video-001.cmyk.jpeg", 4, false, true},
		{"video-005.gray.jpeg", 1, false, false},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		h, err := DecodeHeader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(tc.file, err)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if h.Config != cfg || h.Components != tc.comps || h.Progressive != tc.progressive || h.Adobe != tc.adobe {
			t.Errorf("%s: %+v, want %d components, progressive %v, Adobe %v, config %+v", tc.file, h, tc.comps, tc.progressive, tc.adobe, cfg)
		}
	}
	if _, err := DecodeHeader(bytes.NewReader([]byte("\xff\xd8\xff\xd9"))); err == nil {
		t.Error("a JPEG without a frame header has a header")
	}
}
