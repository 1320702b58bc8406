package ingest

import (
	"image"
	"image/color"
)

// Planar is an 8-bit image held as full-resolution planes: Y only (gray) or
// Y, Cb and Cr (4:4:4). It is the working form for resizing and turning
// images before JPEG encoding, cheap to build from what decoders return.
type Planar struct {
	W, H      int
	Y, Cb, Cr []uint8 // Cb and Cr are nil for a gray image
}

// Gray reports whether p has a single component.
func (p *Planar) Gray() bool { return p.Cb == nil }

// Image returns p as an *image.Gray or a 4:4:4 *image.YCbCr sharing p's
// memory, the types image/jpeg encodes without per-pixel interface calls.
func (p *Planar) Image() image.Image {
	r := image.Rect(0, 0, p.W, p.H)
	if p.Gray() {
		return &image.Gray{Pix: p.Y, Stride: p.W, Rect: r}
	}
	return &image.YCbCr{Y: p.Y, Cb: p.Cb, Cr: p.Cr, YStride: p.W, CStride: p.W,
		SubsampleRatio: image.YCbCrSubsampleRatio444, Rect: r}
}

// Scale resamples img to dw×dh by area averaging (a box filter with exact
// pixel coverage): good for the large reductions photos need, and it works
// on the decoder's own planes without converting to RGB first. Transparent
// pixels are composited onto white.
func Scale(img image.Image, dw, dh int) *Planar {
	b := img.Bounds()
	if m, ok := img.(*image.YCbCr); ok && b.Min == (image.Point{}) {
		cw, ch := chromaSize(m.SubsampleRatio, b.Dx(), b.Dy())
		return &Planar{W: dw, H: dh,
			Y:  resample(m.Y, b.Dx(), b.Dy(), m.YStride, dw, dh),
			Cb: resample(m.Cb, cw, ch, m.CStride, dw, dh),
			Cr: resample(m.Cr, cw, ch, m.CStride, dw, dh),
		}
	}
	if m, ok := img.(*image.Gray); ok && b.Min == (image.Point{}) {
		return &Planar{W: dw, H: dh, Y: resample(m.Pix, b.Dx(), b.Dy(), m.Stride, dw, dh)}
	}
	full := toPlanar(img)
	out := &Planar{W: dw, H: dh, Y: resample(full.Y, full.W, full.H, full.W, dw, dh)}
	if !full.Gray() {
		out.Cb = resample(full.Cb, full.W, full.H, full.W, dw, dh)
		out.Cr = resample(full.Cr, full.W, full.H, full.W, dw, dh)
	}
	return out
}

func chromaSize(r image.YCbCrSubsampleRatio, w, h int) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// toPlanar converts any image to full-resolution planes, gray when the
// source model is gray.
func toPlanar(img image.Image) *Planar {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	p := &Planar{W: w, H: h, Y: make([]uint8, w*h)}
	switch img.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		for y := range h {
			for x := range w {
				r, _, _, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				p.Y[y*w+x] = uint8((r + 0xffff - a) >> 8)
			}
		}
		return p
	}
	p.Cb, p.Cr = make([]uint8, w*h), make([]uint8, w*h)
	set := func(i int, r, g, bl uint8) {
		p.Y[i], p.Cb[i], p.Cr[i] = color.RGBToYCbCr(r, g, bl)
	}
	switch m := img.(type) {
	case *image.NRGBA:
		for y := range h {
			row := m.Pix[y*m.Stride:]
			for x := range w {
				s := row[4*x : 4*x+4]
				a := uint32(s[3])
				over := func(c uint8) uint8 { return uint8((uint32(c)*a + 255*(255-a) + 127) / 255) }
				set(y*w+x, over(s[0]), over(s[1]), over(s[2]))
			}
		}
	case *image.RGBA:
		for y := range h {
			row := m.Pix[y*m.Stride:]
			for x := range w {
				s := row[4*x : 4*x+4]
				bg := 255 - s[3] // premultiplied: add the white that shows through
				set(y*w+x, s[0]+bg, s[1]+bg, s[2]+bg)
			}
		}
	case *image.CMYK:
		for y := range h {
			row := m.Pix[y*m.Stride:]
			for x := range w {
				s := row[4*x : 4*x+4]
				r, g, bl := color.CMYKToRGB(s[0], s[1], s[2], s[3])
				set(y*w+x, r, g, bl)
			}
		}
	default:
		for y := range h {
			for x := range w {
				r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				bg := 0xffff - a
				set(y*w+x, uint8((r+bg)>>8), uint8((g+bg)>>8), uint8((bl+bg)>>8))
			}
		}
	}
	return p
}

// weights describes, for each output sample, the first input sample and the
// fixed-point (1<<14) coverage weights of the inputs it averages.
type weights struct {
	start []int
	off   []int // index into w of output i's first weight; off[i+1]-off[i] weights
	w     []int32
}

const wOne = 1 << 14

func boxWeights(src, dst int) weights {
	ws := weights{start: make([]int, dst), off: make([]int, dst+1)}
	scale := float64(src) / float64(dst)
	for i := range dst {
		lo, hi := float64(i)*scale, float64(i+1)*scale
		if hi-lo < 1 { // enlarging: take the nearest sample
			c := min(int((lo+hi)/2), src-1)
			ws.start[i] = c
			ws.w = append(ws.w, wOne)
			ws.off[i+1] = len(ws.w)
			continue
		}
		first := int(lo)
		ws.start[i] = first
		var sum int32
		n0 := len(ws.w)
		for j := first; float64(j) < hi && j < src; j++ {
			cover := min(hi, float64(j+1)) - max(lo, float64(j))
			wt := int32(cover / (hi - lo) * wOne)
			ws.w = append(ws.w, wt)
			sum += wt
		}
		ws.w[n0] += wOne - sum // rounding remainder keeps flat areas exact
		ws.off[i+1] = len(ws.w)
	}
	return ws
}

// resample scales one plane of sw×sh samples (row stride stride) to dw×dh.
func resample(src []uint8, sw, sh, stride, dw, dh int) []uint8 {
	hw, vw := boxWeights(sw, dw), boxWeights(sh, dh)
	tmp := make([]uint8, dw*sh)
	for y := range sh {
		row := src[y*stride : y*stride+sw]
		out := tmp[y*dw : (y+1)*dw]
		for x := range dw {
			s := row[hw.start[x]:]
			var acc int32
			for k, wt := range hw.w[hw.off[x]:hw.off[x+1]] {
				acc += int32(s[k]) * wt
			}
			out[x] = uint8((acc + wOne/2) >> 14)
		}
	}
	dst := make([]uint8, dw*dh)
	acc := make([]int32, dw)
	for y := range dh {
		clear(acc)
		for k, wt := range vw.w[vw.off[y]:vw.off[y+1]] {
			row := tmp[(vw.start[y]+k)*dw : (vw.start[y]+k+1)*dw]
			for x, v := range row {
				acc[x] += int32(v) * wt
			}
		}
		out := dst[y*dw : (y+1)*dw]
		for x, a := range acc {
			out[x] = uint8((a + wOne/2) >> 14)
		}
	}
	return dst
}

// Orient returns p turned from EXIF orientation o (1–8) to upright.
func (p *Planar) Orient(o int) *Planar {
	if o <= 1 || o > 8 {
		return p
	}
	w, h := p.W, p.H
	ow, oh := w, h
	if o >= 5 {
		ow, oh = h, w
	}
	// src maps an output pixel to its source pixel for each orientation
	// (EXIF 2.3, tag 0x0112: 6 = rotate 90° clockwise to display, etc.).
	src := func(x, y int) int {
		switch o {
		case 2:
			return y*w + (w - 1 - x)
		case 3:
			return (h-1-y)*w + (w - 1 - x)
		case 4:
			return (h-1-y)*w + x
		case 5:
			return x*w + y
		case 6:
			return (h-1-x)*w + y
		case 7:
			return (h-1-x)*w + (w - 1 - y)
		default: // 8
			return x*w + (w - 1 - y)
		}
	}
	turn := func(pl []uint8) []uint8 {
		if pl == nil {
			return nil
		}
		out := make([]uint8, len(pl))
		for y := range oh {
			for x := range ow {
				out[y*ow+x] = pl[src(x, y)]
			}
		}
		return out
	}
	return &Planar{W: ow, H: oh, Y: turn(p.Y), Cb: turn(p.Cb), Cr: turn(p.Cr)}
}
