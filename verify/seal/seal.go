package seal

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
)

// Shape is the outline of a seal.
type Shape int

// Shapes.
const (
	Round Shape = iota + 1 // 公章, about 40–42 mm across
	Oval                   // e.g. 财务专用章, about 40×30 mm
)

func (s Shape) String() string {
	switch s {
	case Round:
		return "round"
	case Oval:
		return "oval"
	}
	return fmt.Sprintf("Shape(%d)", int(s))
}

// MarshalText writes the shape as "round" or "oval".
func (s Shape) MarshalText() ([]byte, error) {
	if s != Round && s != Oval {
		return nil, fmt.Errorf("seal: invalid shape %d", int(s))
	}
	return []byte(s.String()), nil
}

// Seal is one seal found on a page.
type Seal struct {
	// Box bounds the seal's outer ring in pixels of the image as given,
	// clipped to the image where the seal runs off the page.
	Box        image.Rectangle
	Shape      Shape
	Confidence float64 // 0–1
}

// Reasons a page cannot be judged.
const (
	ReasonGrayscale  = "grayscale"       // no colour in the image
	ReasonBlackWhite = "black-and-white" // only black and white pixels
)

// Result is what Find makes of one page.
type Result struct {
	// Color reports whether the image carries colour at all.
	Color bool
	// Judgeable is false when colour is missing, so that the absence of
	// seals means nothing; Reason then says why.
	Judgeable bool
	Reason    string
	Seals     []Seal // in reading order
}

// Options tune Find. The zero value suits scans of A4 pages.
type Options struct {
	// DPI is the image's resolution. Zero infers it from the image size,
	// taking the longer side to be the 297 mm of an A4 sheet, and then
	// accepts a wider range of seal sizes, since the sheet may be smaller
	// (an invoice) or the image a cropped photo.
	DPI float64
	// MinConfidence drops weaker candidates; zero means 0.5.
	MinConfidence float64
}

// Errors Find returns, wrapped.
var (
	ErrEmptyImage = &Error{Code: "empty_image", Msg: "image has no pixels"}
	ErrBadDPI     = &Error{Code: "bad_dpi", Msg: "DPI must be between 30 and 2400"}
)

// Error is a failure with a stable code.
type Error struct {
	Code string
	Msg  string
}

func (e *Error) Error() string { return "seal: " + e.Msg }

// workDPI is the resolution seals are looked for at.
const workDPI = 64

// Find looks for red seals on the page image img.
func Find(ctx context.Context, img image.Image, opt Options) (Result, error) {
	b := img.Bounds()
	if b.Empty() {
		return Result{}, ErrEmptyImage
	}
	dpi, sz := opt.DPI, knownDPI
	if dpi == 0 {
		dpi, sz = math.Max(float64(max(b.Dx(), b.Dy()))/(297/25.4), workDPI), guessedDPI
	}
	if dpi < 30 || dpi > 2400 || math.IsNaN(dpi) {
		return Result{}, fmt.Errorf("%w: got %g", ErrBadDPI, dpi)
	}
	minConf := opt.MinConfidence
	if minConf == 0 {
		minConf = 0.5
	}
	k := max(1, int(math.Round(dpi/workDPI)))
	g := newGrid(img, k)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	p := page{grid: g, pxPerMM: dpi / 25.4 / float64(k), sizes: sz}
	p.trace, _ = ctx.Value(traceKey{}).(func(ellipse, features, float64))
	if reason := p.colourless(); reason != "" {
		return Result{Reason: reason}, nil
	}
	p.redness()
	res := Result{Color: true, Judgeable: true}
	for _, c := range p.candidates() {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		s, ok := p.judge(c)
		if !ok || s.conf < minConf {
			continue
		}
		box := image.Rect(
			int(math.Floor((s.cx-s.hw)*float64(k))), int(math.Floor((s.cy-s.hh)*float64(k))),
			int(math.Ceil((s.cx+s.hw)*float64(k))), int(math.Ceil((s.cy+s.hh)*float64(k))),
		).Add(b.Min).Intersect(b)
		shape := Round
		if s.b/s.a < 0.87 {
			shape = Oval
		}
		res.Seals = append(res.Seals, Seal{Box: box, Shape: shape, Confidence: math.Round(s.conf*100) / 100})
	}
	res.Seals = dedupe(res.Seals)
	return res, nil
}

// dedupe keeps the more confident of two overlapping finds (a ring broken
// into arcs by faded ink can yield one find per arc) and sorts the rest.
func dedupe(ss []Seal) []Seal {
	slices.SortStableFunc(ss, func(a, b Seal) int {
		switch {
		case a.Confidence > b.Confidence:
			return -1
		case a.Confidence < b.Confidence:
			return 1
		}
		return 0
	})
	var out []Seal
	for _, s := range ss {
		dup := false
		for _, o := range out {
			if inter := s.Box.Intersect(o.Box); !inter.Empty() && area(inter) > area(s.Box)/3 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	// Reading order: seals side by side (sharing most of their height)
	// left to right, otherwise top to bottom.
	slices.SortStableFunc(out, func(a, b Seal) int {
		shared := min(a.Box.Max.Y, b.Box.Max.Y) - max(a.Box.Min.Y, b.Box.Min.Y)
		if 2*shared < min(a.Box.Dy(), b.Box.Dy()) && a.Box.Min.Y != b.Box.Min.Y {
			return a.Box.Min.Y - b.Box.Min.Y
		}
		return a.Box.Min.X - b.Box.Min.X
	})
	return out
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }

// IoU is the intersection over union of two boxes.
func IoU(a, b image.Rectangle) float64 {
	in := area(a.Intersect(b))
	u := area(a) + area(b) - in
	if u <= 0 {
		return 0
	}
	return float64(in) / float64(u)
}
