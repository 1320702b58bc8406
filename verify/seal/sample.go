package seal

import (
	"image"
	"image/color"
)

// grid is the page shrunk to blocks of k×k source pixels, holding each
// block's mean colour. Working at about 64 dpi keeps a 1 mm seal ring over
// two blocks wide while cutting the work per page by a factor of ten or more.
type grid struct {
	w, h    int
	k       int
	r, g, b []float32
	// gray is set when the image model itself carries no colour.
	gray bool
	// bw is set when a grey image holds (almost) only black and white.
	bw bool
}

func newGrid(img image.Image, k int) *grid {
	b := img.Bounds()
	gw, gh := (b.Dx()+k-1)/k, (b.Dy()+k-1)/k
	g := &grid{w: gw, h: gh, k: k, r: make([]float32, gw*gh), g: make([]float32, gw*gh), b: make([]float32, gw*gh)}
	switch m := img.(type) {
	case *image.YCbCr:
		g.fromYCbCr(m)
	case *image.RGBA:
		g.fromPix(m.Pix, m.Stride, 4, b)
	case *image.NRGBA:
		g.fromPix(m.Pix, m.Stride, 4, b) // scans are opaque; alpha is ignored
	case *image.Gray:
		g.fromGray(m.Pix, m.Stride, b)
	case *image.Paletted:
		g.fromPaletted(m)
	default:
		g.fromAny(img)
	}
	return g
}

// norm divides the block sums by the number of pixels in each block
// (smaller at the right and bottom edges).
func (g *grid) norm(srcW, srcH int) {
	k := g.k
	for y := range g.h {
		bh := min(k, srcH-y*k)
		for x := range g.w {
			bw := min(k, srcW-x*k)
			n := 1 / float32(bw*bh)
			i := y*g.w + x
			g.r[i] *= n
			g.g[i] *= n
			g.b[i] *= n
		}
	}
}

func (g *grid) fromPix(pix []byte, stride, bpp int, b image.Rectangle) {
	w, h := b.Dx(), b.Dy()
	for y := range h {
		row := pix[y*stride : y*stride+w*bpp]
		base := (y / g.k) * g.w
		for x := range w {
			i := base + x/g.k
			p := row[x*bpp : x*bpp+3 : x*bpp+3]
			g.r[i] += float32(p[0])
			g.g[i] += float32(p[1])
			g.b[i] += float32(p[2])
		}
	}
	g.norm(w, h)
}

func (g *grid) fromGray(pix []byte, stride int, b image.Rectangle) {
	w, h := b.Dx(), b.Dy()
	mid := 0
	for y := range h {
		row := pix[y*stride : y*stride+w]
		base := (y / g.k) * g.w
		for x, v := range row {
			g.r[base+x/g.k] += float32(v)
			if v > 24 && v < 232 {
				mid++
			}
		}
	}
	copy(g.g, g.r)
	copy(g.b, g.r)
	g.gray = true
	g.bw = mid < w*h/200
	g.norm(w, h)
}

func (g *grid) fromPaletted(m *image.Paletted) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	pal := make([][3]float32, len(m.Palette))
	gray, bw := true, true
	for i, c := range m.Palette {
		r, gg, bb, _ := c.RGBA()
		pal[i] = [3]float32{float32(r >> 8), float32(gg >> 8), float32(bb >> 8)}
		if r != gg || gg != bb {
			gray = false
		}
		if v := r >> 8; v > 24 && v < 232 {
			bw = false
		}
	}
	for y := range h {
		row := m.Pix[y*m.Stride : y*m.Stride+w]
		base := (y / g.k) * g.w
		for x, v := range row {
			if int(v) >= len(pal) {
				continue
			}
			i := base + x/g.k
			g.r[i] += pal[v][0]
			g.g[i] += pal[v][1]
			g.b[i] += pal[v][2]
		}
	}
	g.gray, g.bw = gray, gray && bw
	g.norm(w, h)
}

// fromYCbCr sums luma and chroma planes separately and converts each
// block's mean once: the conversion is affine, so the mean commutes with it.
func (g *grid) fromYCbCr(m *image.YCbCr) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	k := g.k
	ysum, cbsum, crsum, cn := g.r, make([]float32, len(g.r)), make([]float32, len(g.r)), make([]float32, len(g.r))
	for y := range h {
		row := m.Y[y*m.YStride : y*m.YStride+w]
		base := (y / k) * g.w
		for x, v := range row {
			ysum[base+x/k] += float32(v)
		}
	}
	sx, sy := 1, 1
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		sx = 2
	case image.YCbCrSubsampleRatio420:
		sx, sy = 2, 2
	case image.YCbCrSubsampleRatio440:
		sy = 2
	case image.YCbCrSubsampleRatio411:
		sx = 4
	case image.YCbCrSubsampleRatio410:
		sx, sy = 4, 2
	}
	cw, ch := (w+sx-1)/sx, (h+sy-1)/sy
	for cy := range ch {
		off := cy * m.CStride
		if off+cw > len(m.Cb) {
			break
		}
		cbRow, crRow := m.Cb[off:off+cw], m.Cr[off:off+cw]
		base := (cy * sy / k) * g.w
		for cx := range cw {
			i := base + cx*sx/k
			cbsum[i] += float32(cbRow[cx])
			crsum[i] += float32(crRow[cx])
			cn[i]++
		}
	}
	g.norm(w, h)
	for i := range g.r {
		yy := g.r[i]
		var cb, cr float32
		if cn[i] > 0 {
			cb, cr = cbsum[i]/cn[i]-128, crsum[i]/cn[i]-128
		}
		g.r[i] = yy + 1.402*cr
		g.g[i] = yy - 0.344136*cb - 0.714136*cr
		g.b[i] = yy + 1.772*cb
	}
}

func (g *grid) fromAny(img image.Image) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	gray := true
	for y := range h {
		base := (y / g.k) * g.w
		for x := range w {
			c := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
			i := base + x/g.k
			g.r[i] += float32(c.R)
			g.g[i] += float32(c.G)
			g.b[i] += float32(c.B)
			if c.R != c.G || c.G != c.B {
				gray = false
			}
		}
	}
	switch img.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		g.gray = true
	default:
		g.gray = gray
	}
	g.norm(w, h)
}
