package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		head string
		want Format
	}{
		{"\xff\xd8\xff\xe0....JFIF", JPEG},
		{"\x89PNG\r\n\x1a\n....", PNG},
		{"GIF89a......", GIF},
		{"BM" + string(make([]byte, 40)), BMP},
		{"II*\x00\x08\x00\x00\x00", TIFF},
		{"MM\x00*\x00\x00\x00\x08", TIFF},
		{"RIFF\x00\x00\x00\x00WEBPVP8 ", WebP},
		{"%PDF-1.7\n", PDF},
		{"\r\n\r\ngarbage before %PDF-1.4\n", PDF},
		{"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", HEIC},
		{"\x00\x00\x00\x0cjP  \r\n\x87\n\x00\x00", JPEG2000},
		{"\xff\x4f\xff\x51\x00\x00", JPEG2000},
		{"hello, this is text", Unknown},
		{"", Unknown},
	} {
		if got := Sniff([]byte(tc.head)); got != tc.want {
			t.Errorf("Sniff(%q) = %q, want %q", tc.head, got, tc.want)
		}
	}
}

func pngOf(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLimitsBeforeDecode(t *testing.T) {
	big := pngOf(t, image.NewGray(image.Rect(0, 0, 400, 300)))
	small := pngOf(t, image.NewGray(image.Rect(0, 0, 20, 20)))
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		code string
	}{
		{"fits", big, Limits{}, ""},
		{"over pixel limit", big, Limits{MaxPixels: 100_000}, CodeTooLarge},
		{"too small", small, Limits{}, CodeTooSmall},
		{"small allowed", small, Limits{MinSide: 10}, ""},
		{"truncated header", big[:20], Limits{}, CodeCorrupt},
		{"not an image", []byte("%PDF-1.4"), Limits{}, CodeUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Decode(tc.data, 0, tc.lim)
			var ie *Error
			switch {
			case tc.code == "" && err != nil:
				t.Fatal(err)
			case tc.code != "" && (!errors.As(err, &ie) || ie.Code != tc.code):
				t.Fatalf("error %v, want code %s", err, tc.code)
			}
		})
	}
}

// withEXIF inserts an APP1 EXIF segment with orientation o after SOI.
func withEXIF(t testing.TB, j []byte, o int, bigEndian bool) []byte {
	var order binary.ByteOrder = binary.LittleEndian
	hdr := []byte("II*\x00")
	if bigEndian {
		order, hdr = binary.BigEndian, []byte("MM\x00*")
	}
	tiff := append(hdr, 0, 0, 0, 0)
	order.PutUint32(tiff[4:], 8)
	ifd := make([]byte, 2+12+4)
	order.PutUint16(ifd, 1)
	order.PutUint16(ifd[2:], 0x0112)
	order.PutUint16(ifd[4:], 3)
	order.PutUint32(ifd[6:], 1)
	order.PutUint16(ifd[10:], uint16(o))
	seg := append([]byte("Exif\x00\x00"), append(tiff, ifd...)...)
	app := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(app[2:], uint16(len(seg)+2))
	out := append(append([]byte{}, j[:2]...), app...)
	return append(append(out, seg...), j[2:]...)
}

func TestOrientationAndProgressive(t *testing.T) {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 120, 80)), nil)
	for o := 1; o <= 8; o++ {
		for _, be := range []bool{false, true} {
			info, err := Inspect(withEXIF(t, b.Bytes(), o, be), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if info.Orientation != o {
				t.Errorf("orientation %d (big endian %v) read as %d", o, be, info.Orientation)
			}
			w, h := info.Upright()
			if (o >= 5) != (w == 80 && h == 120) {
				t.Errorf("orientation %d: upright %d×%d", o, w, h)
			}
		}
	}
	prog, err := os.ReadFile("../../bundle/testdata/progressive.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if info, err := Inspect(prog, Limits{}); err != nil || !info.Progressive || info.Orientation != 1 {
		t.Errorf("progressive JPEG: %+v %v", info, err)
	}
}

func TestMultipageTIFF(t *testing.T) {
	data, err := os.ReadFile("../../bundle/testdata/multipage.tif")
	if err != nil {
		t.Fatal(err)
	}
	info, err := Inspect(data, Limits{})
	if err != nil || info.Pages != 2 {
		t.Fatalf("%+v %v", info, err)
	}
	// Page 1 has its dark bar at the top, page 2 at the bottom.
	for p, wantTopDark := range []bool{true, false} {
		img, _, err := Decode(data, p, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		r, _, _, _ := img.At(120, 40).RGBA()
		if dark := r>>8 < 128; dark != wantTopDark {
			t.Errorf("page %d: top dark %v", p+1, dark)
		}
	}
	if _, _, err := Decode(data, 2, Limits{}); err == nil {
		t.Error("page 3 of 2 decoded")
	}
}

// TestOrient checks every EXIF orientation against drawing the expected
// upright picture: a 3×2 image with distinct values.
func TestOrient(t *testing.T) {
	// Upright picture, 2 wide and 3 high:  1 2 / 3 4 / 5 6.
	up := [][]uint8{{1, 2}, {3, 4}, {5, 6}}
	// Stored forms per orientation (EXIF 2.3 figure): what the camera wrote.
	stored := map[int][][]uint8{
		1: {{1, 2}, {3, 4}, {5, 6}},
		2: {{2, 1}, {4, 3}, {6, 5}},
		3: {{6, 5}, {4, 3}, {2, 1}},
		4: {{5, 6}, {3, 4}, {1, 2}},
		5: {{1, 3, 5}, {2, 4, 6}},
		6: {{2, 4, 6}, {1, 3, 5}}, // turn 90° clockwise to view
		7: {{6, 4, 2}, {5, 3, 1}},
		8: {{5, 3, 1}, {6, 4, 2}},
	}
	for o, s := range stored {
		p := &Planar{W: len(s[0]), H: len(s)}
		for _, row := range s {
			p.Y = append(p.Y, row...)
		}
		got := p.Orient(o)
		if got.W != 2 || got.H != 3 {
			t.Errorf("orientation %d: %d×%d", o, got.W, got.H)
			continue
		}
		for y := range 3 {
			for x := range 2 {
				if got.Y[y*2+x] != up[y][x] {
					t.Errorf("orientation %d: got %v, want %v", o, got.Y, up)
				}
			}
		}
	}
}

func TestScaleKeepsFlatAreasAndColour(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 301, 211))
	for i := range m.Pix {
		m.Pix[i] = []uint8{200, 30, 40, 255}[i%4]
	}
	p := Scale(m, 97, 68)
	if p.W != 97 || p.H != 68 || p.Gray() {
		t.Fatalf("%d×%d gray=%v", p.W, p.H, p.Gray())
	}
	r, g, b, _ := p.Image().At(50, 30).RGBA()
	if d := int(r>>8) - 200; d*d > 4 || g>>8 > 33 || b>>8 > 43 {
		t.Errorf("flat red became %d,%d,%d", r>>8, g>>8, b>>8)
	}
	gray := Scale(image.NewGray16(image.Rect(0, 0, 100, 100)), 10, 10)
	if !gray.Gray() {
		t.Error("16-bit gray became colour")
	}
	// Transparent pixels are composited onto white.
	tr := Scale(image.NewNRGBA(image.Rect(0, 0, 10, 10)), 5, 5)
	if c := color.YCbCrModel.Convert(tr.Image().At(2, 2)).(color.YCbCr); c.Y < 250 {
		t.Errorf("transparent became Y=%d", c.Y)
	}
}

func FuzzDecode(f *testing.F) {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 70, 70)), nil)
	f.Add(b.Bytes())
	f.Add(withEXIF(f, b.Bytes(), 6, true))
	f.Add(pngOf(f, image.NewNRGBA(image.Rect(0, 0, 70, 66))))
	for _, name := range []string{"multipage.tif", "photo.webp", "cmyk.jpg"} {
		if d, err := os.ReadFile("../../bundle/testdata/" + name); err == nil {
			f.Add(d)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxPixels: 4 << 20}
		info, err := Inspect(data, lim)
		if err != nil {
			return
		}
		for p := range min(info.Pages, 3) {
			img, got, err := DecodeAtLeast(data, p, lim, 40, 40)
			if err != nil {
				continue
			}
			if int64(got.Width)*int64(got.Height) > lim.MaxPixels {
				t.Fatalf("decoded %d×%d over the limit", got.Width, got.Height)
			}
			w, h := img.Bounds().Dx(), img.Bounds().Dy()
			_ = Scale(img, max(1, w/3), max(1, h/3)).Orient(got.Orientation)
		}
	})
}
