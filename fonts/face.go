package fonts

import (
	"fmt"
	"sync"

	"github.com/bast-tools/shenbao/fonts/internal/fontfile"
)

// Face is one typeface: an embedded one, decoded on first use, or a user's
// TrueType file. It is safe for concurrent use.
type Face struct {
	key     string // unique within its Set; the gopdf family name
	source  string // "embedded" or the file path
	license string

	load func() (*fontfile.Font, error)
	once sync.Once
	font *fontfile.Font
	err  error
	bmp  []uint16        // glyph of each BMP character, 0 when absent
	hi   map[rune]uint16 // glyphs above U+FFFF
}

// Metrics are font-wide measures in em units (1.0 = the font size).
// Descent is negative (below the baseline).
type Metrics struct {
	Ascent, Descent, LineGap float64
	CapHeight, XHeight       float64
	UnderlinePosition        float64
	UnderlineThickness       float64
}

func (f *Face) get() (*fontfile.Font, error) {
	f.once.Do(func() {
		font, err := f.load()
		if err != nil {
			f.err = err
			return
		}
		f.bmp = make([]uint16, 0x10000)
		f.hi = map[rune]uint16{}
		for _, m := range font.Cmap {
			if m.R < 0x10000 {
				f.bmp[m.R] = m.G
			} else {
				f.hi[m.R] = m.G
			}
		}
		f.font = font
	})
	return f.font, f.err
}

func (f *Face) glyph(r rune) (uint16, bool) {
	if r >= 0 && r < 0x10000 {
		g := f.bmp[r]
		return g, g != 0
	}
	g, ok := f.hi[r]
	return g, ok
}

func (f *Face) has(r rune) (bool, error) {
	if _, err := f.get(); err != nil {
		return false, err
	}
	_, ok := f.glyph(r)
	return ok, nil
}

// mustFont returns the decoded font. Embedded packs are verified by the
// package tests and user fonts are parsed when the Set is made, so a
// failure here means a corrupted binary.
func (f *Face) mustFont() *fontfile.Font {
	font, err := f.get()
	if err != nil {
		panic(fmt.Sprintf("fonts: face %s cannot be decoded: %v", f.key, err))
	}
	return font
}

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool {
	f.mustFont()
	_, ok := f.glyph(r)
	return ok
}

// Advance returns how far r moves the pen, in em units (multiply by the font
// size in points to get points). It returns 0 for a character the face does
// not have; ask the Set for the face that has it.
func (f *Face) Advance(r rune) float64 {
	font := f.mustFont()
	g, ok := f.glyph(r)
	if !ok {
		return 0
	}
	return float64(font.Advances[g]) / float64(font.UnitsPerEm)
}

// Width returns the sum of the advances of the characters of s, in em
// units, skipping control characters. It does not kern: the faces carry no
// kerning the PDF would apply.
func (f *Face) Width(s string) float64 {
	font := f.mustFont()
	var w int
	for _, r := range s {
		if g, ok := f.glyph(r); ok && !skip(r) {
			w += int(font.Advances[g])
		}
	}
	return float64(w) / float64(font.UnitsPerEm)
}

// Metrics returns the face's vertical measures.
func (f *Face) Metrics() Metrics {
	font := f.mustFont()
	u := float64(font.UnitsPerEm)
	asc, desc, gap := font.Ascender, font.Descender, font.LineGap
	if font.TypoAscender != 0 {
		asc, desc, gap = font.TypoAscender, font.TypoDescender, font.TypoLineGap
	}
	return Metrics{
		Ascent: float64(asc) / u, Descent: float64(desc) / u, LineGap: float64(gap) / u,
		CapHeight: float64(font.CapHeight) / u, XHeight: float64(font.XHeight) / u,
		UnderlinePosition:  float64(font.UnderlinePosition) / u,
		UnderlineThickness: float64(font.UnderlineThickness) / u,
	}
}

// Family returns the family name, e.g. "Noto Serif CJK SC".
func (f *Face) Family() string { return f.mustFont().Family }

// Style returns the subfamily name, e.g. "Regular" or "Bold".
func (f *Face) Style() string { return f.mustFont().Subfamily }

// PostScriptName returns the PostScript name, which PDFs show as the font
// name after the subset tag.
func (f *Face) PostScriptName() string { return f.mustFont().PostScript }

// Source returns "embedded" or the path of the user's font file.
func (f *Face) Source() string { return f.source }

// License returns the licence of an embedded face ("SIL OFL 1.1") or, for a
// user font, the licence text or URL the font names, if any.
func (f *Face) License() string { return f.license }

// Key returns a name unique within the face's Set; Usage registers the
// face's subset with gopdf under this family name.
func (f *Face) Key() string { return f.key }

// NumGlyphs returns the number of glyphs in the face.
func (f *Face) NumGlyphs() int { return f.mustFont().NumGlyphs }

// NumChars returns the number of characters the face maps to glyphs.
func (f *Face) NumChars() int { return len(f.mustFont().Cmap) }
