// Package fontfile reads TrueType fonts and the embedded font packs, and
// writes the small per-document TrueType subsets that gopdf embeds and the
// raster backend draws with.
package fontfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"unicode/utf16"
)

// MaxFileSize bounds the fonts Parse accepts; the largest CJK TrueType fonts
// in use (SimSun-ExtB, full Noto conversions) stay well below it.
const MaxFileSize = 64 << 20

// Errors a caller can tell apart. Each wraps into a *FormatError that says
// what to do.
var (
	ErrCollection  = errors.New("font collection (.ttc) not supported")
	ErrCFF         = errors.New("CFF-outline OpenType font not supported")
	ErrNotTrueType = errors.New("not a TrueType font")
	ErrMalformed   = errors.New("malformed font")
	ErrNoEmbedding = errors.New("font licence forbids embedding")
)

// Metrics are the font-wide values the subsets carry over, in font units.
type Metrics struct {
	UnitsPerEm             uint16
	XMin, YMin, XMax, YMax int16
	MacStyle               uint16
	Ascender, Descender    int16 // hhea
	LineGap                int16
	TypoAscender           int16
	TypoDescender          int16
	TypoLineGap            int16
	WinAscent, WinDescent  uint16
	XHeight, CapHeight     int16
	WeightClass            uint16
	WidthClass             uint16
	FsSelection            uint16
	FsType                 uint16
	ItalicAngle            int32 // 16.16 fixed
	UnderlinePosition      int16
	UnderlineThickness     int16
	FixedPitch             bool
}

// Names are the name-table strings kept in subsets and shown to users.
type Names struct {
	Family, Subfamily, PostScript, Version, Copyright, License string
}

// Mapping maps one character to a glyph.
type Mapping struct {
	R rune
	G uint16
}

// GlyphReader returns the raw glyf-table record of glyph g (empty for a glyph
// without outline). The returned slice must not be modified.
type GlyphReader interface {
	Glyph(g int) ([]byte, error)
}

// Font is a TrueType-outline font reduced to what subsetting needs.
type Font struct {
	Metrics
	Names
	NumGlyphs int
	Advances  []uint16  // per glyph
	LSBs      []int16   // per glyph
	Cmap      []Mapping // sorted by rune, unique runes
	Glyphs    GlyphReader
}

// Lookup returns the glyph of r and whether the font maps r.
func (f *Font) Lookup(r rune) (uint16, bool) {
	i := sort.Search(len(f.Cmap), func(i int) bool { return f.Cmap[i].R >= r })
	if i < len(f.Cmap) && f.Cmap[i].R == r {
		return f.Cmap[i].G, true
	}
	return 0, false
}

type table struct{ off, len uint32 }

type sliceGlyphs struct {
	glyf []byte
	loca []uint32
}

func (s *sliceGlyphs) Glyph(g int) ([]byte, error) {
	if g < 0 || g+1 >= len(s.loca) {
		return nil, fmt.Errorf("%w: glyph %d out of range", ErrMalformed, g)
	}
	a, b := s.loca[g], s.loca[g+1]
	if a > b || b > uint32(len(s.glyf)) {
		return nil, fmt.Errorf("%w: glyph %d has bad loca offsets", ErrMalformed, g)
	}
	return s.glyf[a:b], nil
}

// Parse reads a TrueType font (.ttf, or an .otf with glyf outlines). It
// refuses collections and CFF outlines with errors that say what to do.
func Parse(data []byte) (*Font, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%w: %d bytes, more than the %d allowed", ErrMalformed, len(data), MaxFileSize)
	}
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: %d bytes", ErrNotTrueType, len(data))
	}
	switch string(data[:4]) {
	case "ttcf":
		return nil, fmt.Errorf("%w: extract the one face you need into a .ttf first "+
			"(for example with fontTools: ttx or `TTCollection(path).fonts[i].save(out)`)", ErrCollection)
	case "OTTO":
		return nil, fmt.Errorf("%w: convert it to TrueType (glyf) outlines first, "+
			"for example with fontTools' cu2qu (see fonts/build/build.py)", ErrCFF)
	case "\x00\x01\x00\x00", "true":
	default:
		return nil, fmt.Errorf("%w: unknown signature %q", ErrNotTrueType, data[:4])
	}
	n := int(be16(data, 4))
	if 12+16*n > len(data) {
		return nil, fmt.Errorf("%w: table directory runs past the end", ErrMalformed)
	}
	tables := make(map[string]table, n)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		off, ln := be32(rec, 8), be32(rec, 12)
		if uint64(off)+uint64(ln) > uint64(len(data)) {
			return nil, fmt.Errorf("%w: table %q runs past the end", ErrMalformed, rec[:4])
		}
		tables[string(rec[:4])] = table{off, ln}
	}
	get := func(tag string, min int) ([]byte, error) {
		t, ok := tables[tag]
		if !ok {
			return nil, fmt.Errorf("%w: no %q table", ErrMalformed, tag)
		}
		if int(t.len) < min {
			return nil, fmt.Errorf("%w: %q table is %d bytes, want at least %d", ErrMalformed, tag, t.len, min)
		}
		return data[t.off : t.off+t.len], nil
	}

	f := &Font{}
	head, err := get("head", 54)
	if err != nil {
		return nil, err
	}
	f.UnitsPerEm = be16(head, 18)
	if f.UnitsPerEm < 16 || f.UnitsPerEm > 16384 {
		return nil, fmt.Errorf("%w: unitsPerEm %d", ErrMalformed, f.UnitsPerEm)
	}
	f.XMin, f.YMin, f.XMax, f.YMax = int16(be16(head, 36)), int16(be16(head, 38)), int16(be16(head, 40)), int16(be16(head, 42))
	f.MacStyle = be16(head, 44)
	longLoca := be16(head, 50) == 1

	maxp, err := get("maxp", 6)
	if err != nil {
		return nil, err
	}
	f.NumGlyphs = int(be16(maxp, 4))
	if f.NumGlyphs == 0 {
		return nil, fmt.Errorf("%w: no glyphs", ErrMalformed)
	}

	hhea, err := get("hhea", 36)
	if err != nil {
		return nil, err
	}
	f.Ascender, f.Descender, f.LineGap = int16(be16(hhea, 4)), int16(be16(hhea, 6)), int16(be16(hhea, 8))
	nh := int(be16(hhea, 34))
	if nh == 0 || nh > f.NumGlyphs {
		return nil, fmt.Errorf("%w: numberOfHMetrics %d for %d glyphs", ErrMalformed, nh, f.NumGlyphs)
	}
	hmtx, err := get("hmtx", 4*nh+2*(f.NumGlyphs-nh))
	if err != nil {
		return nil, err
	}
	f.Advances = make([]uint16, f.NumGlyphs)
	f.LSBs = make([]int16, f.NumGlyphs)
	for g := 0; g < f.NumGlyphs; g++ {
		if g < nh {
			f.Advances[g], f.LSBs[g] = be16(hmtx, 4*g), int16(be16(hmtx, 4*g+2))
		} else {
			f.Advances[g], f.LSBs[g] = f.Advances[nh-1], int16(be16(hmtx, 4*nh+2*(g-nh)))
		}
	}

	if _, ok := tables["glyf"]; !ok {
		if _, cff := tables["CFF "]; cff {
			return nil, fmt.Errorf("%w: convert it to TrueType (glyf) outlines first", ErrCFF)
		}
	}
	glyf, err := get("glyf", 0)
	if err != nil {
		return nil, err
	}
	locaMin := 2 * (f.NumGlyphs + 1)
	if longLoca {
		locaMin *= 2
	}
	loca, err := get("loca", locaMin)
	if err != nil {
		return nil, err
	}
	sg := &sliceGlyphs{glyf: glyf, loca: make([]uint32, f.NumGlyphs+1)}
	for g := range sg.loca {
		if longLoca {
			sg.loca[g] = be32(loca, 4*g)
		} else {
			sg.loca[g] = 2 * uint32(be16(loca, 2*g))
		}
	}
	f.Glyphs = sg

	if os2, err := get("OS/2", 78); err == nil {
		f.WeightClass, f.WidthClass, f.FsType = be16(os2, 4), be16(os2, 6), be16(os2, 8)
		f.FsSelection = be16(os2, 62)
		f.TypoAscender, f.TypoDescender, f.TypoLineGap = int16(be16(os2, 68)), int16(be16(os2, 70)), int16(be16(os2, 72))
		f.WinAscent, f.WinDescent = be16(os2, 74), be16(os2, 76)
		if be16(os2, 0) >= 2 && len(os2) >= 90 {
			f.XHeight, f.CapHeight = int16(be16(os2, 86)), int16(be16(os2, 88))
		}
		// Restricted-licence embedding (bit 1 set alone) forbids embedding in documents.
		if f.FsType&0x000F == 0x0002 {
			return nil, fmt.Errorf("%w (OS/2 fsType %#04x): ask the vendor for an embeddable version", ErrNoEmbedding, f.FsType)
		}
	} else {
		f.WeightClass, f.WidthClass = 400, 5
		f.TypoAscender, f.TypoDescender, f.TypoLineGap = f.Ascender, f.Descender, f.LineGap
		f.WinAscent, f.WinDescent = uint16(max(f.Ascender, 0)), uint16(max(-f.Descender, 0))
	}
	if f.CapHeight == 0 {
		f.CapHeight = f.Ascender
	}
	if f.XHeight == 0 {
		f.XHeight = f.Ascender / 2
	}
	if post, err := get("post", 16); err == nil {
		f.ItalicAngle = int32(be32(post, 4))
		f.UnderlinePosition, f.UnderlineThickness = int16(be16(post, 8)), int16(be16(post, 10))
		f.FixedPitch = be32(post, 12) != 0
	}

	cmap, err := get("cmap", 4)
	if err != nil {
		return nil, err
	}
	if f.Cmap, err = parseCmap(cmap, f.NumGlyphs); err != nil {
		return nil, err
	}
	if name, err := get("name", 6); err == nil {
		f.Names = parseNames(name)
	}
	if f.PostScript == "" {
		f.PostScript = "UserFont"
	}
	if f.Family == "" {
		f.Family = f.PostScript
	}
	return f, nil
}

// parseCmap prefers a full-repertoire subtable (format 12) over a BMP one
// (format 4), both from the Unicode encodings of platforms 0 and 3.
func parseCmap(cmap []byte, numGlyphs int) ([]Mapping, error) {
	n := int(be16(cmap, 2))
	if 4+8*n > len(cmap) {
		return nil, fmt.Errorf("%w: cmap directory runs past the end", ErrMalformed)
	}
	var off12, off4 uint32
	found4, found12 := false, false
	for i := 0; i < n; i++ {
		rec := cmap[4+8*i:]
		pid, eid, off := be16(rec, 0), be16(rec, 2), be32(rec, 4)
		unicode := pid == 0 || (pid == 3 && (eid == 1 || eid == 10))
		if !unicode || int(off)+2 > len(cmap) {
			continue
		}
		switch be16(cmap, int(off)) {
		case 12:
			off12, found12 = off, true
		case 4:
			off4, found4 = off, true
		}
	}
	var m []Mapping
	var err error
	switch {
	case found12:
		m, err = cmap12(cmap[off12:], numGlyphs)
	case found4:
		m, err = cmap4(cmap[off4:], numGlyphs)
	default:
		return nil, fmt.Errorf("%w: no Unicode cmap of format 4 or 12", ErrMalformed)
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(m, func(i, j int) bool { return m[i].R < m[j].R })
	out := m[:0]
	for i, x := range m {
		if i > 0 && x.R == m[i-1].R {
			continue
		}
		out = append(out, x)
	}
	return out, nil
}

// maxMappings bounds a cmap so a hostile file cannot ask for gigabytes.
const maxMappings = 1 << 20

func cmap12(t []byte, numGlyphs int) ([]Mapping, error) {
	if len(t) < 16 {
		return nil, fmt.Errorf("%w: short cmap format 12", ErrMalformed)
	}
	ng := int(be32(t, 12))
	if ng < 0 || ng > (len(t)-16)/12 {
		return nil, fmt.Errorf("%w: cmap format 12 group count %d", ErrMalformed, ng)
	}
	var m []Mapping
	total := 0 // code points walked, mapped or not
	for i := 0; i < ng; i++ {
		g := t[16+12*i:]
		start, end, gid := be32(g, 0), be32(g, 4), be32(g, 8)
		if end < start || end > 0x10FFFF {
			return nil, fmt.Errorf("%w: cmap group %d: U+%X..U+%X", ErrMalformed, i, start, end)
		}
		if total += int(end-start) + 1; total > maxMappings {
			return nil, fmt.Errorf("%w: cmap covers more than %d characters", ErrMalformed, maxMappings)
		}
		for c := start; c <= end; c++ {
			if g := gid + (c - start); g != 0 && g < uint32(numGlyphs) {
				m = append(m, Mapping{rune(c), uint16(g)})
			}
		}
	}
	return m, nil
}

func cmap4(t []byte, numGlyphs int) ([]Mapping, error) {
	if len(t) < 14 {
		return nil, fmt.Errorf("%w: short cmap format 4", ErrMalformed)
	}
	seg := int(be16(t, 6)) / 2
	if 16+8*seg > len(t) {
		return nil, fmt.Errorf("%w: cmap format 4 with %d segments runs past the end", ErrMalformed, seg)
	}
	ends, starts, deltas, ros := 14, 16+2*seg, 16+4*seg, 16+6*seg
	var m []Mapping
	total := 0 // code points walked; segments of a sound table do not overlap
	for i := 0; i < seg; i++ {
		end, start := be16(t, ends+2*i), be16(t, starts+2*i)
		delta, ro := be16(t, deltas+2*i), be16(t, ros+2*i)
		if start > end {
			continue
		}
		if total += int(end-start) + 1; total > 0x10000 {
			return nil, fmt.Errorf("%w: cmap format 4 segments overlap", ErrMalformed)
		}
		for c := uint32(start); c <= uint32(end) && c != 0xFFFF; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				p := ros + 2*i + int(ro) + 2*int(c-uint32(start))
				if p+2 > len(t) {
					return nil, fmt.Errorf("%w: cmap format 4 glyph array runs past the end", ErrMalformed)
				}
				if g = be16(t, p); g != 0 {
					g += delta
				}
			}
			if g != 0 && int(g) < numGlyphs {
				m = append(m, Mapping{rune(c), g})
			}
		}
	}
	return m, nil
}

func parseNames(t []byte) Names {
	var n Names
	count, strOff := int(be16(t, 2)), int(be16(t, 4))
	best := map[uint16]int{} // name ID → rank of the record kept
	for i := 0; i < count && 6+12*i+12 <= len(t); i++ {
		r := t[6+12*i:]
		pid, eid, lang, id := be16(r, 0), be16(r, 2), be16(r, 4), be16(r, 6)
		ln, off := int(be16(r, 8)), int(be16(r, 10))
		if strOff+off+ln > len(t) {
			continue
		}
		raw := t[strOff+off : strOff+off+ln]
		var s string
		var rank int
		switch {
		case pid == 3 && (eid == 1 || eid == 10):
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = be16(raw, 2*j)
			}
			s = string(utf16.Decode(u))
			rank = 2
			if lang == 0x409 {
				rank = 3
			}
		case pid == 1 && eid == 0:
			s, rank = string(latin(raw)), 1
		default:
			continue
		}
		if rank <= best[id] {
			continue
		}
		best[id] = rank
		switch id {
		case 0:
			n.Copyright = s
		case 1:
			n.Family = s
		case 2:
			n.Subfamily = s
		case 5:
			n.Version = s
		case 6:
			n.PostScript = s
		case 13:
			n.License = s
		}
	}
	return n
}

func latin(b []byte) []rune {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return r
}

func be16(b []byte, i int) uint16 { return binary.BigEndian.Uint16(b[i:]) }
func be32(b []byte, i int) uint32 { return binary.BigEndian.Uint32(b[i:]) }
