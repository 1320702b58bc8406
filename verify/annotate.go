package verify

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/bast-tools/shenbao/internal/ingest"
	"github.com/bast-tools/shenbao/pdfgen"
)

// Colours of the annotated pictures.
var (
	annGreen  = color.RGBA{0, 170, 60, 255}
	annRed    = color.RGBA{230, 0, 0, 255}
	annOrange = color.RGBA{255, 140, 0, 255}
	annBlue   = color.RGBA{60, 120, 220, 255}
	annGray   = color.RGBA{150, 150, 150, 255}
)

// annotate draws what the checks found on the page turned upright: zones
// as boxes (green found, red missing, orange changed, blue a field that
// matches), seals found, marks and the page code. A page that could not be
// placed is shown as scanned, framed in red (foreign) or grey (blank).
func (d *doc) annotate(s *scanned, img image.Image) image.Image {
	if s.up == nil {
		b := img.Bounds()
		k := float64(pageW) / float64(max(b.Dx(), b.Dy()))
		w, h := max(1, int(float64(b.Dx())*k)), max(1, int(float64(b.Dy())*k))
		out := toRGBA(ingest.Scale(img, w, h).Image())
		c := annRed
		if s.blank {
			c = annGray
		}
		frame(out, out.Rect, 6, c)
		return out
	}
	out := toRGBA(s.up.Image())
	box := func(b pdfgen.Box, grow float64, width int, c color.RGBA) {
		r := pxBox(b, grow)
		frame(out, image.Rect(r.x0, r.y0, r.x1, r.y1), width, c)
	}
	for _, z := range s.zones {
		switch {
		case z.state == stateChanged:
			box(z.zone.Box, 0.3, 3, annOrange)
		case z.state == stateMissing:
			box(z.zone.Box, 0, 4, annRed)
		case z.state == stateUnjudgeable:
			box(z.zone.Box, 0, 4, annOrange)
		case z.zone.Kind == pdfgen.ZoneField:
			box(z.zone.Box, 0.3, 1, annBlue)
		default:
			box(z.zone.Box, 0, 3, annGreen)
		}
	}
	for _, sp := range s.seals {
		c := annGreen
		if !sp.inZone {
			c = annOrange
		}
		ellipse(out, sp.box, c)
	}
	for c, m := range d.fur.marks {
		col := annGreen
		if !s.place.found[c] {
			col = annRed
		}
		h := d.fur.markSize/2 + 1.5
		box(pdfgen.Box{X: m.X - h, Y: m.Y - h, W: 2 * h, H: 2 * h}, 0, 2, col)
	}
	col := annGreen
	if s.code == nil {
		col = annRed
	}
	cb := d.fur.code
	if s.form > 0 {
		cb = codeBox(d.pm.Pages[s.form-1])
	}
	box(cb, 0, 2, col)
	if s.form == 0 {
		frame(out, out.Rect, 6, annRed)
	}
	return out
}

func toRGBA(img image.Image) *image.RGBA {
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	return out
}

// frame draws a rectangle's outline width pixels wide, inside r.
func frame(img *image.RGBA, r image.Rectangle, width int, c color.RGBA) {
	r = r.Intersect(img.Rect)
	if r.Empty() {
		return
	}
	u := image.NewUniform(c)
	w := min(width, r.Dx()/2, r.Dy()/2)
	for _, s := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w), image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y),
		image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Max.Y), image.Rect(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y),
	} {
		draw.Draw(img, s, u, image.Point{}, draw.Src)
	}
}

// ellipse outlines the ellipse inscribed in b (mm), three pixels wide.
func ellipse(img *image.RGBA, b pdfgen.Box, c color.RGBA) {
	cx, cy := (b.X+b.W/2)*pxPerMM, (b.Y+b.H/2)*pxPerMM
	a, bb := b.W/2*pxPerMM+3, b.H/2*pxPerMM+3
	n := int(2*math.Pi*math.Max(a, bb)) + 1
	for i := range n {
		t := 2 * math.Pi * float64(i) / float64(n)
		for dr := -1.0; dr <= 1; dr++ {
			x, y := int(cx+(a+dr)*math.Cos(t)), int(cy+(bb+dr)*math.Sin(t))
			if image.Pt(x, y).In(img.Rect) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
