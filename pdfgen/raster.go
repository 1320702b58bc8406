package pdfgen

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/bast-tools/shenbao/fonts"
)

// MaxRasterDPI bounds Raster's resolution: an A4 page at 600 dpi is
// 4961×7016 pixels, 139 MB as RGBA.
const MaxRasterDPI = 600

// rasterFonts holds the parsed subset fonts of a layout, made on first use.
type rasterFonts struct {
	once  sync.Once
	fonts map[*fonts.Face]*opentype.Font
	err   error
}

func (l *Layout) rasterFonts() (map[*fonts.Face]*opentype.Font, error) {
	rf := &l.raster
	rf.once.Do(func() {
		var u fonts.Usage
		for _, p := range l.pages {
			p.eachOp(func(o *op) {
				if o.kind == opText {
					u.Add(o.face, o.text)
				}
			})
		}
		subs, err := u.Subsets()
		if err != nil {
			rf.err = err
			return
		}
		rf.fonts = map[*fonts.Face]*opentype.Font{}
		for _, s := range subs {
			f, err := s.Font()
			if err != nil {
				rf.err = fmt.Errorf("pdfgen: parsing the subset of %s: %w", s.Face.Key(), err)
				return
			}
			rf.fonts[s.Face] = f
		}
	})
	return rf.fonts, rf.err
}

// Raster draws page n (1-based) at dpi dots per inch: the same display list
// the PDF shows, for previews and as the expected look of a scanned page.
// It is safe to call concurrently.
func (l *Layout) Raster(n int, dpi float64) (*image.RGBA, error) {
	if n < 1 || n > len(l.pages) {
		return nil, fmt.Errorf("pdfgen: page %d of %d", n, len(l.pages))
	}
	if dpi <= 0 || dpi > MaxRasterDPI {
		return nil, fmt.Errorf("pdfgen: %g dpi: want 1 to %d", dpi, MaxRasterDPI)
	}
	otf, err := l.rasterFonts()
	if err != nil {
		return nil, err
	}
	k := dpi / 72
	p := l.pages[n-1]
	// Rounded up, as poppler sizes its page images.
	wp, hp := int(math.Ceil(pageW*k)), int(math.Ceil(pageH*k))
	img := image.NewRGBA(image.Rect(0, 0, wp, hp))
	r := rasterizer{otf: otf, k: k, dpi: dpi, faces: map[[2]any]font.Face{}}
	if p.land {
		// Landscape content on a landscape canvas, turned onto the sheet:
		// the canvas's top edge becomes the sheet's left edge.
		land := image.NewRGBA(image.Rect(0, 0, hp, wp))
		white(land)
		if err := r.draw(land, p.rops); err != nil {
			return nil, err
		}
		for y := 0; y < hp; y++ {
			for x := 0; x < wp; x++ {
				si, di := land.PixOffset(hp-1-y, x), img.PixOffset(x, y)
				copy(img.Pix[di:di+4], land.Pix[si:si+4])
			}
		}
	} else {
		white(img)
	}
	if err := r.draw(img, p.ops); err != nil {
		return nil, err
	}
	return img, nil
}

func white(img *image.RGBA) {
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
}

// rasterizer draws display lists at a resolution.
type rasterizer struct {
	otf   map[*fonts.Face]*opentype.Font
	k     float64 // pixels per point
	dpi   float64
	faces map[[2]any]font.Face
}

func (r *rasterizer) draw(img *image.RGBA, ops []op) error {
	k := r.k
	for i := range ops {
		o := &ops[i]
		col := color.RGBA{o.color[0], o.color[1], o.color[2], 0xff}
		if o.gray {
			col = color.RGBA{guideGray, guideGray, guideGray, 0xff}
		}
		switch o.kind {
		case opFill:
			fillRect(img, o.x*k, o.y*k, (o.x+o.w)*k, (o.y+o.h)*k, col)
		case opLine:
			rule(img, o.x*k, o.y*k, (o.x+o.w)*k, (o.y+o.h)*k, o.lw*k, col)
		case opStroke:
			x0, y0, x1, y1, w := o.x*k, o.y*k, (o.x+o.w)*k, (o.y+o.h)*k, o.lw*k
			rule(img, x0, y0, x1, y0, w, col)
			rule(img, x0, y1, x1, y1, w, col)
			rule(img, x0, y0, x0, y1, w, col)
			rule(img, x1, y0, x1, y1, w, col)
		case opText:
			key := [2]any{o.face, o.size}
			f := r.faces[key]
			if f == nil {
				var err error
				f, err = opentype.NewFace(r.otf[o.face], &opentype.FaceOptions{Size: o.size, DPI: r.dpi, Hinting: font.HintingNone})
				if err != nil {
					return fmt.Errorf("pdfgen: %w", err)
				}
				r.faces[key] = f
			}
			d := font.Drawer{Dst: img, Src: image.NewUniform(col), Face: f, Dot: fixed.Point26_6{X: fix(o.x * k), Y: fix(o.y * k)}}
			for _, c := range o.text {
				// Advances come from the layout's face, like the PDF's.
				x := d.Dot.X
				d.DrawString(string(c))
				d.Dot.X = x + fix((o.face.Advance(c)*o.size+o.cs)*k)
			}
		}
	}
	return nil
}

func fix(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }

// fillRect fills the rectangle [x0,x1)×[y0,y1) in pixels, blending the
// partly covered edge pixels by coverage, as a PDF rasteriser does.
func fillRect(img *image.RGBA, x0, y0, x1, y1 float64, c color.RGBA) {
	b := img.Bounds()
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, float64(b.Dx())), min(y1, float64(b.Dy()))
	if x1 <= x0 || y1 <= y0 {
		return
	}
	for py := int(y0); float64(py) < y1; py++ {
		cy := math.Min(y1, float64(py+1)) - math.Max(y0, float64(py))
		for px := int(x0); float64(px) < x1; px++ {
			cx := math.Min(x1, float64(px+1)) - math.Max(x0, float64(px))
			a := cx * cy
			i := img.PixOffset(px, py)
			p := img.Pix[i : i+3 : i+3]
			p[0] = uint8(float64(p[0])*(1-a) + float64(c.R)*a + 0.5)
			p[1] = uint8(float64(p[1])*(1-a) + float64(c.G)*a + 0.5)
			p[2] = uint8(float64(p[2])*(1-a) + float64(c.B)*a + 0.5)
		}
	}
}

// rule draws a horizontal or vertical line of width w pixels, snapped to
// whole pixels and at least one pixel wide, as poppler's stroke adjustment
// draws thin rules: crisp, never a faint grey.
func rule(img *image.RGBA, x0, y0, x1, y1, w float64, c color.RGBA) {
	w = math.Max(math.Round(w), 1)
	snap := func(a, b float64) (float64, float64) {
		if a == b { // across the line: w pixels centred on it
			lo := math.Round(a - w/2)
			return lo, lo + w
		}
		return math.Round(math.Min(a, b) - w/2), math.Round(math.Max(a, b) + w/2)
	}
	ax, bx := snap(x0, x1)
	ay, by := snap(y0, y1)
	fillRect(img, ax, ay, bx, by, c)
}
