package verify

import (
	"image"
	"image/color"
	"math"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// luma copies the luminance of the part r of img.
func luma(img image.Image, r image.Rectangle) gray {
	r = r.Intersect(img.Bounds())
	g := gray{w: r.Dx(), h: r.Dy()}
	g.pix = make([]uint8, g.w*g.h)
	if g.w == 0 || g.h == 0 {
		return g
	}
	switch m := img.(type) {
	case *image.YCbCr:
		for y := range g.h {
			i := m.YOffset(r.Min.X, r.Min.Y+y)
			copy(g.pix[y*g.w:(y+1)*g.w], m.Y[i:i+g.w])
		}
	case *image.Gray:
		for y := range g.h {
			i := m.PixOffset(r.Min.X, r.Min.Y+y)
			copy(g.pix[y*g.w:(y+1)*g.w], m.Pix[i:i+g.w])
		}
	case *image.RGBA:
		for y := range g.h {
			i := m.PixOffset(r.Min.X, r.Min.Y+y)
			for x := range g.w {
				p := m.Pix[i+4*x : i+4*x+3]
				g.pix[y*g.w+x] = uint8((299*int(p[0]) + 587*int(p[1]) + 114*int(p[2]) + 500) / 1000)
			}
		}
	default:
		for y := range g.h {
			for x := range g.w {
				c := color.GrayModel.Convert(img.At(r.Min.X+x, r.Min.Y+y)).(color.Gray)
				g.pix[y*g.w+x] = c.Y
			}
		}
	}
	return g
}

// upscale doubles a plane by bilinear interpolation: ZXing's binariser
// reads a page code of three pixels a module far better at six.
func upscale(g gray) gray {
	o := gray{w: 2 * g.w, h: 2 * g.h}
	o.pix = make([]uint8, o.w*o.h)
	for y := range o.h {
		fy := math.Max(0, (float64(y)-0.5)/2)
		y0 := min(int(fy), g.h-1)
		y1 := min(y0+1, g.h-1)
		ty := fy - float64(y0)
		for x := range o.w {
			fx := math.Max(0, (float64(x)-0.5)/2)
			x0 := min(int(fx), g.w-1)
			x1 := min(x0+1, g.w-1)
			tx := fx - float64(x0)
			a := float64(g.at(x0, y0))*(1-tx) + float64(g.at(x1, y0))*tx
			b := float64(g.at(x0, y1))*(1-tx) + float64(g.at(x1, y1))*tx
			o.pix[y*o.w+x] = uint8(a*(1-ty) + b*ty + 0.5)
		}
	}
	return o
}

// qrResult is a page code read from a scan.
type qrResult struct {
	text    string
	finders []pt // centres of the finder patterns: bottom-left, top-left, top-right
	modules int  // the symbol's size, from encoding text again at the level read
}

// decodeQR reads a QR code on g; finder centres are in g's pixels.
func decodeQR(g gray) (qrResult, bool) {
	if g.w < 21 || g.h < 21 {
		return qrResult{}, false
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(g.pix, g.w, g.h, 0, 0, g.w, g.h, false)
	if err != nil {
		return qrResult{}, false
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
		bmp, err := gozxing.NewBinaryBitmap(bin)
		if err != nil {
			continue
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
		if err != nil {
			continue
		}
		q := qrResult{text: res.GetText()}
		for _, p := range res.GetResultPoints() {
			q.finders = append(q.finders, pt{p.GetX(), p.GetY()})
		}
		if len(q.finders) < 3 {
			continue
		}
		ec, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
		if lv, err := decoder.ErrorCorrectionLevel_ValueOf(ec); err == nil {
			if sym, err := encoder.Encoder_encodeWithoutHint(q.text, lv); err == nil {
				q.modules = sym.GetMatrix().GetWidth()
			}
		}
		return q, true
	}
	return qrResult{}, false
}

// readCode decodes the page code in the part r of img, enlarging the crop
// when the modules are small. Finder centres come back in img's pixels.
func readCode(img image.Image, r image.Rectangle, pxPerModule float64) (qrResult, bool) {
	g := luma(img, r)
	r = r.Intersect(img.Bounds())
	off := pt{float64(r.Min.X), float64(r.Min.Y)}
	shift := func(q qrResult, k float64) qrResult {
		for i, p := range q.finders {
			q.finders[i] = pt{p.X/k + off.X, p.Y/k + off.Y}
		}
		return q
	}
	if pxPerModule >= 2.5 {
		if q, ok := decodeQR(g); ok {
			return shift(q, 1), true
		}
	}
	if pxPerModule < 6 && g.w*g.h < 4_000_000 {
		if q, ok := decodeQR(upscale(g)); ok {
			return shift(q, 2), true
		}
	}
	return qrResult{}, false
}
