package fonts

import (
	"fmt"
	"sort"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"github.com/bast-tools/shenbao/fonts/internal/fontfile"
)

// Subset is a small TrueType font holding the glyphs of a face for a set of
// characters, and nothing else.
type Subset struct {
	Face  *Face
	Runes []rune // sorted, each once
	TTF   []byte // the font file
}

// Subset builds a TrueType font with the glyphs of runes (in any order,
// repeats allowed; control characters are left out). It returns a
// *MissingError if the face lacks any of them. The same runes always give
// the same bytes.
func (f *Face) Subset(runes []rune) (*Subset, error) {
	font, err := f.get()
	if err != nil {
		return nil, err
	}
	rs := make([]rune, 0, len(runes))
	var missing []rune
	seen := make(map[rune]bool, len(runes))
	for _, r := range runes {
		if seen[r] || skip(r) {
			continue
		}
		seen[r] = true
		if _, ok := f.glyph(r); !ok {
			missing = append(missing, r)
			continue
		}
		rs = append(rs, r)
	}
	if len(missing) > 0 {
		return nil, &MissingError{Face: f.key, Runes: missing}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	ttf, err := fontfile.Subset(font, rs)
	if err != nil {
		return nil, fmt.Errorf("fonts: subset of %s: %w", f.key, err)
	}
	return &Subset{Face: f, Runes: rs, TTF: ttf}, nil
}

// Font parses the subset for drawing with golang.org/x/image (an
// *opentype.Font is an *sfnt.Font).
func (s *Subset) Font() (*opentype.Font, error) {
	return opentype.Parse(s.TTF)
}

// RasterFace returns a font.Face drawing the subset at size points and dpi
// dots per inch, unhinted (the outlines carry no hints).
func (s *Subset) RasterFace(size, dpi float64) (font.Face, error) {
	f, err := s.Font()
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingNone})
}

// Usage collects the characters a document draws with each face, then
// builds one subset font per face for a PDF writer to embed. The zero value is ready to
// use; it is not safe for concurrent use.
type Usage struct {
	runes map[*Face]map[rune]bool
}

// Add records that text is drawn with f.
func (u *Usage) Add(f *Face, text string) {
	if u.runes == nil {
		u.runes = map[*Face]map[rune]bool{}
	}
	m := u.runes[f]
	if m == nil {
		m = map[rune]bool{}
		u.runes[f] = m
	}
	for _, r := range text {
		if !skip(r) {
			m[r] = true
		}
	}
}

// Faces returns the faces used, ordered by key.
func (u *Usage) Faces() []*Face {
	faces := make([]*Face, 0, len(u.runes))
	for f := range u.runes {
		faces = append(faces, f)
	}
	sort.Slice(faces, func(i, j int) bool { return faces[i].key < faces[j].key })
	return faces
}

// Subsets builds the subset of every face used, ordered by key.
func (u *Usage) Subsets() ([]*Subset, error) {
	var out []*Subset
	for _, f := range u.Faces() {
		rs := make([]rune, 0, len(u.runes[f]))
		for r := range u.runes[f] {
			rs = append(rs, r)
		}
		s, err := f.Subset(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Family returns the family name to register f's subset under in a PDF
// writer (for gopdf: AddTTFFontData(u.Family(s.Face), s.TTF) for each of
// [Usage.Subsets], then SetFont(u.Family(face), "", size)). It is unique
// within the face's Set.
func (u *Usage) Family(f *Face) string { return f.key }
