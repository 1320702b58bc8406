package scansim

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontPaths lists where the CJK font used for seal and page text is looked
// for: LXGW WenKai as packaged by Debian (fonts-lxgw-wenkai) and as named
// upstream.
var FontPaths = []string{
	"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
	"/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf",
}

// ErrNoFont reports that none of FontPaths exists.
var ErrNoFont = errors.New("scansim: no CJK font found (install the Debian package fonts-lxgw-wenkai)")

// Font draws text as outlines so that glyphs can be placed at any angle.
// It is safe for concurrent use.
type Font struct {
	f  *sfnt.Font
	mu sync.Mutex
	// glyphs caches outlines in em units (1 em = 1), y down, origin at the
	// baseline's left end, with the advance width.
	glyphs map[rune]glyph
	buf    sfnt.Buffer
}

type glyph struct {
	path    Path
	advance float64
}

// LoadFont opens the first font of FontPaths that exists.
func LoadFont() (*Font, error) {
	for _, p := range FontPaths {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("scansim: read font: %w", err)
		}
		f, err := opentype.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("scansim: parse font %s: %w", p, err)
		}
		return &Font{f: f, glyphs: map[rune]glyph{}}, nil
	}
	return nil, ErrNoFont
}

const emPPEM = 1024

func (f *Font) glyph(r rune) glyph {
	f.mu.Lock()
	defer f.mu.Unlock()
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	var g glyph
	idx, err := f.f.GlyphIndex(&f.buf, r)
	if err == nil && idx != 0 {
		if adv, err := f.f.GlyphAdvance(&f.buf, idx, fixed.I(emPPEM), font.HintingNone); err == nil {
			g.advance = float64(adv) / 64 / emPPEM
		}
		if segs, err := f.f.LoadGlyph(&f.buf, idx, fixed.I(emPPEM), nil); err == nil {
			pt := func(p fixed.Point26_6) Pt { return Pt{float64(p.X) / 64 / emPPEM, float64(p.Y) / 64 / emPPEM} }
			for _, s := range segs {
				var sg seg
				switch s.Op {
				case sfnt.SegmentOpMoveTo:
					sg = seg{op: opMove, p: [3]Pt{pt(s.Args[0])}}
				case sfnt.SegmentOpLineTo:
					sg = seg{op: opLine, p: [3]Pt{pt(s.Args[0])}}
				case sfnt.SegmentOpQuadTo:
					sg = seg{op: opQuad, p: [3]Pt{pt(s.Args[0]), pt(s.Args[1])}}
				case sfnt.SegmentOpCubeTo:
					sg = seg{op: opCube, p: [3]Pt{pt(s.Args[0]), pt(s.Args[1]), pt(s.Args[2])}}
				}
				g.path.segs = append(g.path.segs, sg)
			}
		}
	}
	if g.advance == 0 {
		g.advance = 1
	}
	f.glyphs[r] = g
	return g
}

// Text adds s to p as a line of glyphs of the given em size (mm), starting at
// the baseline point at, and returns the advance (mm).
func (f *Font) Text(p *Path, s string, size float64, at Pt) float64 {
	x := 0.0
	for _, r := range s {
		g := f.glyph(r)
		p.Append(g.path, Scale(size, size).Then(Translate(at.X+x, at.Y)))
		x += g.advance * size
	}
	return x
}

// Glyph adds one glyph of em size size whose box centre lands on c, turned by
// rot radians.
func (f *Font) Glyph(p *Path, r rune, size float64, c Pt, rot float64) {
	g := f.glyph(r)
	// The em box spans y from -0.88 to 0.12 of the em around the baseline
	// (typical CJK ascent/descent), so its centre is 0.38 em above it.
	m := Translate(-g.advance/2, 0.38).Then(Scale(size, size)).Then(Rotate(rot)).Then(Translate(c.X, c.Y))
	p.Append(g.path, m)
}

// Advance is the width of s at em size size (mm).
func (f *Font) Advance(s string, size float64) float64 {
	x := 0.0
	for _, r := range s {
		x += f.glyph(r).advance * size
	}
	return x
}
