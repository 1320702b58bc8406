package scansim

import (
	"image"
	"image/color"
	"math"
)

// Seal describes an official seal (公章) or an oval finance seal (财务专用章)
// as stamped on the sheet.
type Seal struct {
	Center Pt      // page mm
	A, B   float64 // semi-axes, mm (A ≥ B; A == B for a round seal)
	Rot    float64 // radians
	Ring   float64 // ring width, mm
	Name   string  // organisation name along the ring
	Middle string  // horizontal text across the middle, e.g. 财务专用章
	Code   string  // digits along the bottom of the ring
	Star   bool
	Ink    color.RGBA
	Fade   float64 // overall ink density, 0–1
	Uneven float64 // how patchy the ink is, 0–1
	Seed   uint64
}

// Path returns the seal's ink as outlines in page mm.
func (s Seal) Path(f *Font) Path {
	var p Path
	ringB := s.Ring * s.B / s.A // keeps the ring's width even on an oval
	p.Ellipse(Pt{}, s.A, s.B, 0, false)
	p.Ellipse(Pt{}, s.A-s.Ring, s.B-math.Max(ringB, s.Ring*0.9), 0, true)
	round := s.B/s.A > 0.9
	if s.Star {
		r := s.B / 3
		cy := 0.0
		if !round {
			r, cy = s.B/4.2, -s.B*0.28
		}
		p.Polygon(Star(Pt{0, cy}, r, 0))
	}
	size := s.B * 0.3
	if !round {
		size = s.B * 0.27
	}
	if n := len([]rune(s.Name)); n > 0 && f != nil {
		a, b := s.A-s.Ring-0.7-size/2, s.B-s.Ring-0.7-size/2
		span := math.Min(math.Pi*1.45, float64(n-1)*size*1.05/b)
		if !round {
			// An oval's name runs along the upper two thirds of the ring;
			// shrink the glyphs until they fit.
			span = math.Pi * 1.25
			size = math.Min(size, span*(a+b)/2/(float64(n)*1.05))
			a, b = s.A-s.Ring-0.7-size/2, s.B-s.Ring-0.7-size/2
		}
		for i, r := range []rune(s.Name) {
			t := -math.Pi / 2
			if n > 1 {
				t += -span/2 + span*float64(i)/float64(n-1)
			}
			c := Pt{a * math.Cos(t), b * math.Sin(t)}
			phi := math.Atan2(math.Sin(t)/b, math.Cos(t)/a)
			f.Glyph(&p, r, size, c, phi+math.Pi/2)
		}
	}
	if s.Middle != "" && f != nil {
		ms := size * 0.85
		y := s.B * 0.42
		if !round {
			y = s.B * 0.12
		}
		w := f.Advance(s.Middle, ms)
		f.Text(&p, s.Middle, ms, Pt{-w / 2, y + ms*0.38})
	}
	if n := len([]rune(s.Code)); n > 0 && f != nil {
		cs := s.B * 0.11
		a, b := s.A-s.Ring-0.5-cs/2, s.B-s.Ring-0.5-cs/2
		span := math.Min(math.Pi*0.5, float64(n-1)*cs*0.7/b)
		for i, r := range []rune(s.Code) {
			t := math.Pi/2 + span/2 - span*float64(i)/float64(max(n-1, 1))
			c := Pt{a * math.Cos(t), b * math.Sin(t)}
			phi := math.Atan2(math.Sin(t)/b, math.Cos(t)/a)
			f.Glyph(&p, r, cs, c, phi-math.Pi/2)
		}
	}
	var out Path
	out.Append(p, Rotate(s.Rot).Then(Translate(s.Center.X, s.Center.Y)))
	return out
}

// InkDensity returns patchy ink: an overall fade, blotches a few mm across,
// fine grain and one side pressed harder than the other.
func InkDensity(fade, uneven float64, seed uint64, dpi float64) Density {
	px := dpi / 25.4
	low := noise{seed: seed, cell: 7 * px}
	mid := noise{seed: seed + 1, cell: 1.3 * px}
	ang := hash2(seed, 7, 7) * 2 * math.Pi
	gx, gy := math.Cos(ang)/(40*px), math.Sin(ang)/(40*px)
	return func(x, y int) float64 {
		d := fade * (1 - uneven*0.9*low.at(x, y)) * (0.7 + 0.3*mid.at(x, y))
		d *= 1 - uneven*0.35*(0.5+0.5*math.Sin(gx*float64(x)+gy*float64(y)))
		if hash2(seed+2, int64(x), int64(y)) < 0.06*uneven {
			d *= 0.3
		}
		return d
	}
}

// Draw stamps the seal on c and returns its bounding box in pixels, clipped
// to the image.
func (s Seal) Draw(c *Canvas, f *Font) image.Rectangle {
	c.Fill(s.Path(f), s.Ink, InkDensity(s.Fade, s.Uneven, s.Seed, c.DPI))
	return s.Box(c)
}

// Box is the seal's bounding box in pixels, clipped to the image.
func (s Seal) Box(c *Canvas) image.Rectangle {
	m := c.ToPx
	scale := math.Hypot(m.A, m.D)
	rot := s.Rot + math.Atan2(m.D, m.A)
	a, b := s.A*scale, s.B*scale
	sn, cs := math.Sincos(rot)
	hw := math.Sqrt(a*a*cs*cs + b*b*sn*sn)
	hh := math.Sqrt(a*a*sn*sn + b*b*cs*cs)
	ctr := m.Apply(s.Center)
	r := image.Rect(int(math.Round(ctr.X-hw)), int(math.Round(ctr.Y-hh)), int(math.Round(ctr.X+hw)), int(math.Round(ctr.Y+hh)))
	return r.Intersect(c.Img.Rect)
}
