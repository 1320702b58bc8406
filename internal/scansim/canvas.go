package scansim

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/vector"
)

// Canvas is a sheet of paper being printed on, held as the pixels a scanner
// would see. Inks multiply like real ink: red over black stays black.
type Canvas struct {
	Img *image.RGBA
	// DPI is the scan resolution; ToPx maps page millimetres to pixels,
	// including the sheet's skew on the scanner glass.
	DPI  float64
	ToPx Affine

	z    vector.Rasterizer
	mask *image.Alpha
}

// NewCanvas returns a sheet of w×h mm scanned at dpi, turned by skew radians
// about its centre, filled with paper colour.
func NewCanvas(w, h, dpi, skew float64, paper color.RGBA) *Canvas {
	s := dpi / 25.4
	pw, ph := int(math.Round(w*s)), int(math.Round(h*s))
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = paper.R, paper.G, paper.B, 255
	}
	m := Translate(-w/2, -h/2).Then(Rotate(skew)).Then(Scale(s, s)).Then(Translate(float64(pw)/2, float64(ph)/2))
	return &Canvas{Img: img, DPI: dpi, ToPx: m}
}

// Density gives the ink density (0–1) at a pixel; nil means 1 everywhere.
type Density func(x, y int) float64

// Fill inks the inside of p (page mm) with colour ink at the given density.
func (c *Canvas) Fill(p Path, ink color.RGBA, dens Density) {
	if len(p.segs) == 0 {
		return
	}
	pts := make([]seg, len(p.segs))
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, s := range p.segs {
		for j := range s.p {
			if j > 0 && (s.op == opMove || s.op == opLine || (s.op == opQuad && j > 1)) {
				break
			}
			q := c.ToPx.Apply(s.p[j])
			s.p[j] = q
			minX, minY = math.Min(minX, q.X), math.Min(minY, q.Y)
			maxX, maxY = math.Max(maxX, q.X), math.Max(maxY, q.Y)
		}
		pts[i] = s
	}
	r := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1)
	vis := r.Intersect(c.Img.Rect)
	if vis.Empty() {
		return
	}
	// Rasterise the whole bounding box so that contours cut by the page
	// edge still fill correctly, then blend only the visible part.
	c.z.Reset(r.Dx(), r.Dy())
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	f := func(q Pt) (float32, float32) { return float32(q.X) - ox, float32(q.Y) - oy }
	open := false
	for _, s := range pts {
		switch s.op {
		case opMove:
			if open {
				c.z.ClosePath()
			}
			c.z.MoveTo(f(s.p[0]))
			open = true
		case opLine:
			c.z.LineTo(f(s.p[0]))
		case opQuad:
			x1, y1 := f(s.p[0])
			x2, y2 := f(s.p[1])
			c.z.QuadTo(x1, y1, x2, y2)
		case opCube:
			x1, y1 := f(s.p[0])
			x2, y2 := f(s.p[1])
			x3, y3 := f(s.p[2])
			c.z.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	if open {
		c.z.ClosePath()
	}
	local := image.Rect(0, 0, r.Dx(), r.Dy())
	if c.mask == nil || c.mask.Rect.Dx()*c.mask.Rect.Dy() < r.Dx()*r.Dy() {
		c.mask = image.NewAlpha(local)
	} else {
		c.mask.Rect, c.mask.Stride = local, r.Dx()
		clear(c.mask.Pix[:r.Dx()*r.Dy()])
	}
	c.z.Draw(c.mask, local, image.Opaque, image.Point{})
	kr, kg, kb := 255-float64(ink.R), 255-float64(ink.G), 255-float64(ink.B)
	for y := vis.Min.Y; y < vis.Max.Y; y++ {
		mrow := c.mask.Pix[(y-r.Min.Y)*c.mask.Stride:]
		for x := vis.Min.X; x < vis.Max.X; x++ {
			a := mrow[x-r.Min.X]
			if a == 0 {
				continue
			}
			t := float64(a) / 255
			if dens != nil {
				t *= dens(x, y)
			}
			if t <= 0 {
				continue
			}
			t = math.Min(t, 1)
			i := c.Img.PixOffset(x, y)
			px := c.Img.Pix[i : i+3 : i+3]
			px[0] = uint8(float64(px[0]) * (1 - t*kr/255))
			px[1] = uint8(float64(px[1]) * (1 - t*kg/255))
			px[2] = uint8(float64(px[2]) * (1 - t*kb/255))
		}
	}
}

// noise is deterministic smooth value noise.
type noise struct {
	seed uint64
	cell float64 // lattice spacing in pixels
}

func hash2(seed uint64, x, y int64) float64 {
	h := seed ^ uint64(x)*0x9E3779B97F4A7C15 ^ uint64(y)*0xC2B2AE3D27D4EB4F
	h ^= h >> 33
	h *= 0xFF51AFD7ED558CCD
	h ^= h >> 33
	h *= 0xC4CEB9FE1A85EC53
	h ^= h >> 33
	return float64(h>>11) / (1 << 53)
}

// at returns a value in [0, 1) that varies smoothly over about one cell.
func (n noise) at(x, y int) float64 {
	fx, fy := float64(x)/n.cell, float64(y)/n.cell
	x0, y0 := math.Floor(fx), math.Floor(fy)
	tx, ty := fx-x0, fy-y0
	tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	ix, iy := int64(x0), int64(y0)
	a := hash2(n.seed, ix, iy)
	b := hash2(n.seed, ix+1, iy)
	cc := hash2(n.seed, ix, iy+1)
	d := hash2(n.seed, ix+1, iy+1)
	return a + (b-a)*tx + (cc-a)*ty + (a-b-cc+d)*tx*ty
}
