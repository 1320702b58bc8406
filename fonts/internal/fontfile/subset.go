package fontfile

import (
	"encoding/binary"
	"fmt"
	"sort"
	"unicode/utf16"
)

// Composite-glyph component flags (OpenType glyf table).
const (
	argsAreWords    = 0x0001
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	haveTwoByTwo    = 0x0080
	haveInstruction = 0x0100
)

// Subset builds a TrueType font holding .notdef and one glyph for each of
// runes, in rune order (glyph i+1 is runes[i] after sorting), plus the
// components composite glyphs use. Every rune gets a glyph of its own even
// when the source font shares one between characters, so a PDF's ToUnicode
// map can name each character exactly. Hinting instructions are dropped: the
// subset carries no fpgm/prep for them to call. The same font and runes
// always give the same bytes.
func Subset(f *Font, runes []rune) ([]byte, error) {
	rs := append([]rune(nil), runes...)
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	rs = uniqueRunes(rs)
	if len(rs)+1 > 0xFFFF {
		return nil, fmt.Errorf("fontfile: %d characters do not fit one font", len(rs))
	}

	src := make([]int, 1, len(rs)+1) // source glyph of each subset glyph
	for _, r := range rs {
		g, ok := f.Lookup(r)
		if !ok {
			return nil, fmt.Errorf("fontfile: font %s has no glyph for %q (U+%04X)", f.PostScript, r, r)
		}
		src = append(src, int(g))
	}
	component := map[int]int{} // source glyph → subset glyph, for components only
	var glyphs [][]byte
	st := glyphStats{}
	for i := 0; i < len(src); i++ {
		data, err := f.Glyphs.Glyph(src[i])
		if err != nil {
			return nil, err
		}
		data, err = rewriteGlyph(data, func(c int) (int, error) {
			if c >= f.NumGlyphs {
				return 0, fmt.Errorf("%w: glyph %d uses missing component %d", ErrMalformed, src[i], c)
			}
			n, ok := component[c]
			if !ok {
				n = len(src)
				if n >= 0xFFFF {
					return 0, fmt.Errorf("%w: too many composite components", ErrMalformed)
				}
				component[c] = n
				src = append(src, c)
			}
			return n, nil
		})
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", src[i], err)
		}
		st.add(data)
		glyphs = append(glyphs, data)
	}
	return writeFont(f, rs, src, glyphs, st), nil
}

func uniqueRunes(rs []rune) []rune {
	out := rs[:0]
	for i, r := range rs {
		if i == 0 || r != rs[i-1] {
			out = append(out, r)
		}
	}
	return out
}

// rewriteGlyph returns a glyf record without hinting instructions and, for a
// composite, with its component indices passed through remap: a copy, or
// data itself for a simple glyph that has no instructions (every glyph of
// the embedded packs), which callers only read.
func rewriteGlyph(data []byte, remap func(int) (int, error)) ([]byte, error) {
	if len(data) == 0 {
		return nil, nil
	}
	if len(data) < 10 {
		return nil, fmt.Errorf("%w: glyph record of %d bytes", ErrMalformed, len(data))
	}
	nc := int(int16(be16(data, 0)))
	if nc >= 0 {
		p := 10 + 2*nc
		if p+2 > len(data) {
			return nil, fmt.Errorf("%w: glyph header runs past the end", ErrMalformed)
		}
		il := int(be16(data, p))
		if p+2+il > len(data) {
			return nil, fmt.Errorf("%w: glyph instructions run past the end", ErrMalformed)
		}
		if il == 0 {
			return data, nil
		}
		out := make([]byte, 0, len(data)-il)
		out = append(out, data[:p]...)
		out = append(out, 0, 0)
		return append(out, data[p+2+il:]...), nil
	}
	out := append([]byte(nil), data...)
	p := 10
	for {
		if p+4 > len(out) {
			return nil, fmt.Errorf("%w: composite glyph runs past the end", ErrMalformed)
		}
		flags := be16(out, p)
		binary.BigEndian.PutUint16(out[p:], flags&^haveInstruction)
		n, err := remap(int(be16(out, p+2)))
		if err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint16(out[p+2:], uint16(n))
		p += componentLen(flags)
		if p > len(out) {
			return nil, fmt.Errorf("%w: composite glyph runs past the end", ErrMalformed)
		}
		if flags&moreComponents == 0 {
			return out[:p], nil
		}
	}
}

// glyphStats gathers what head and maxp report about the glyphs.
type glyphStats struct {
	xMin, yMin, xMax, yMax int16
	any                    bool
	points, contours       int
	components             int
}

func (s *glyphStats) add(g []byte) {
	if len(g) < 10 {
		return
	}
	x0, y0, x1, y1 := int16(be16(g, 2)), int16(be16(g, 4)), int16(be16(g, 6)), int16(be16(g, 8))
	if !s.any {
		s.xMin, s.yMin, s.xMax, s.yMax, s.any = x0, y0, x1, y1, true
	} else {
		s.xMin, s.yMin, s.xMax, s.yMax = min(s.xMin, x0), min(s.yMin, y0), max(s.xMax, x1), max(s.yMax, y1)
	}
	nc := int(int16(be16(g, 0)))
	if nc > 0 && len(g) >= 10+2*nc {
		s.contours = max(s.contours, nc)
		s.points = max(s.points, int(be16(g, 10+2*(nc-1)))+1)
	}
	if nc < 0 {
		n := 0
		for p := 10; p+4 <= len(g); {
			flags := be16(g, p)
			n++
			p += componentLen(flags)
			if flags&moreComponents == 0 {
				break
			}
		}
		s.components = max(s.components, n)
	}
}

func writeFont(f *Font, rs []rune, src []int, glyphs [][]byte, st glyphStats) []byte {
	n := len(src)
	size := 0
	for _, g := range glyphs {
		size += len(g) + 3
	}
	glyf, loca := make([]byte, 0, size), make([]byte, 0, 4*(n+1))
	loca = binary.BigEndian.AppendUint32(loca, 0)
	for _, g := range glyphs {
		glyf = append(glyf, g...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
	}

	var hmtx []byte
	var advMax uint16
	var advSum int
	minLSB, minRSB, maxExtent := int16(0x7FFF), int16(0x7FFF), int16(-0x8000)
	for i, s := range src {
		adv, lsb := f.Advances[s], f.LSBs[s]
		hmtx = binary.BigEndian.AppendUint16(hmtx, adv)
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(lsb))
		advMax = max(advMax, adv)
		advSum += int(adv)
		if g := glyphs[i]; len(g) >= 10 {
			x0, x1 := int16(be16(g, 2)), int16(be16(g, 6))
			minLSB = min(minLSB, lsb)
			minRSB = min(minRSB, int16(int(adv)-int(lsb)-int(x1-x0)))
			maxExtent = max(maxExtent, lsb+(x1-x0))
		}
	}
	if !st.any {
		minLSB, minRSB, maxExtent = 0, 0, 0
	}

	var head []byte
	head = be(head, uint32(0x00010000), uint32(0x00010000), uint32(0), uint32(0x5F0F3CF5),
		uint16(0x0003), f.UnitsPerEm, uint64(0), uint64(0),
		st.xMin, st.yMin, st.xMax, st.yMax, f.MacStyle, uint16(8), int16(2), int16(1), int16(0))

	var hhea []byte
	hhea = be(hhea, uint32(0x00010000), f.Ascender, f.Descender, f.LineGap, advMax, minLSB, minRSB, maxExtent,
		int16(1), int16(0), int16(0), uint64(0), int16(0), uint16(n))

	var maxp []byte
	maxp = be(maxp, uint32(0x00010000), uint16(n), uint16(st.points), uint16(st.contours),
		uint16(st.points*max(st.components, 1)), uint16(st.contours*max(st.components, 1)),
		uint16(1), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0),
		uint16(st.components), uint16(min(st.components, 1)))

	first, last := uint16(0xFFFF), uint16(0)
	if len(rs) > 0 {
		first, last = uint16(min(rs[0], 0xFFFF)), uint16(min(rs[len(rs)-1], 0xFFFF))
	}
	var os2 []byte
	os2 = be(os2, uint16(4), int16(advSum/n), f.WeightClass, f.WidthClass, f.FsType)
	os2 = append(os2, make([]byte, 22+10+16)...) // sub/superscript, strikeout, family class, PANOSE, Unicode ranges
	os2 = append(os2, "NONE"...)
	os2 = be(os2, f.FsSelection, first, last, f.TypoAscender, f.TypoDescender, f.TypoLineGap,
		f.WinAscent, f.WinDescent, uint64(0), f.XHeight, f.CapHeight, uint16(0), uint16(' '), uint16(1))

	var post []byte
	fixed := uint32(0)
	if f.FixedPitch {
		fixed = 1
	}
	post = be(post, uint32(0x00030000), f.ItalicAngle, f.UnderlinePosition, f.UnderlineThickness, fixed,
		uint64(0), uint64(0))

	tables := map[string][]byte{
		"OS/2": os2, "cmap": cmapTable(rs), "glyf": glyf, "head": head, "hhea": hhea,
		"hmtx": hmtx, "loca": loca, "maxp": maxp, "name": nameTable(f), "post": post,
	}
	return assemble(tables)
}

// cmapTable maps rs[i] to glyph i+1: format 4 for the BMP (which gopdf
// requires) and format 12 for everything.
func cmapTable(rs []rune) []byte {
	type run struct{ start, end rune } // glyph of start is gid
	var runs []run
	var gids []int
	for i, r := range rs {
		if len(runs) > 0 && runs[len(runs)-1].end == r-1 {
			runs[len(runs)-1].end = r
			continue
		}
		runs = append(runs, run{r, r})
		gids = append(gids, i+1)
	}

	var f4 []byte
	var ends, starts, deltas []uint16
	for i, x := range runs {
		if x.start > 0xFFFF {
			break
		}
		end := min(x.end, 0xFFFE)
		ends, starts = append(ends, uint16(end)), append(starts, uint16(x.start))
		deltas = append(deltas, uint16(gids[i]-int(x.start)))
	}
	ends, starts, deltas = append(ends, 0xFFFF), append(starts, 0xFFFF), append(deltas, 1)
	seg := len(ends)
	sr := 2
	es := 0
	for sr*2 <= 2*seg {
		sr *= 2
		es++
	}
	f4 = be(f4, uint16(4), uint16(16+8*seg), uint16(0), uint16(2*seg), uint16(sr), uint16(es), uint16(2*seg-sr))
	f4 = be(f4, ends)
	f4 = be(f4, uint16(0))
	f4 = be(f4, starts, deltas, make([]uint16, seg))

	var f12 []byte
	f12 = be(f12, uint16(12), uint16(0), uint32(16+12*len(runs)), uint32(0), uint32(len(runs)))
	for i, x := range runs {
		f12 = be(f12, uint32(x.start), uint32(x.end), uint32(gids[i]))
	}

	var t []byte
	t = be(t, uint16(0), uint16(2), uint16(3), uint16(1), uint32(20), uint16(3), uint16(10), uint32(20+len(f4)))
	t = append(t, f4...)
	return append(t, f12...)
}

func nameTable(f *Font) []byte {
	full := f.Family
	if f.Subfamily != "" && f.Subfamily != "Regular" {
		full += " " + f.Subfamily
	}
	recs := []struct {
		id uint16
		s  string
	}{{0, f.Copyright}, {1, f.Family}, {2, f.Subfamily}, {3, f.PostScript}, {4, full}, {5, f.Version},
		{6, f.PostScript}, {13, f.License}}
	var dir, strs []byte
	count := 0
	for _, r := range recs {
		if r.s == "" {
			continue
		}
		u := utf16.Encode([]rune(r.s))
		if len(strs)+2*len(u) > 0xFFFF {
			continue
		}
		dir = be(dir, uint16(3), uint16(1), uint16(0x409), r.id, uint16(2*len(u)), uint16(len(strs)))
		strs = be(strs, u)
		count++
	}
	var t []byte
	t = be(t, uint16(0), uint16(count), uint16(6+12*count))
	t = append(t, dir...)
	return append(t, strs...)
}

// assemble writes the table directory (tags in order), the 4-byte aligned
// tables and the head checksum adjustment.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	var out []byte
	out = be(out, uint32(0x00010000), uint16(n), uint16(16*sr), uint16(es), uint16(16*n-16*sr))
	off := 12 + 16*n
	var headAt int
	for _, tag := range tags {
		data := tables[tag]
		if tag == "head" {
			headAt = off
		}
		out = append(out, tag...)
		out = be(out, checksum(data), uint32(off), uint32(len(data)))
		off += (len(data) + 3) &^ 3
	}
	for _, tag := range tags {
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

// be appends the big-endian encoding of fixed-size values.
func be(b []byte, vs ...any) []byte {
	for _, v := range vs {
		var err error
		b, err = binary.Append(b, binary.BigEndian, v)
		if err != nil {
			panic(err) // only fixed-size values are passed
		}
	}
	return b
}

// componentLen is the size in bytes of one component record of a composite
// glyph: flags and glyph index, the arguments, then the transform.
func componentLen(flags uint16) int {
	n := 4 + 2
	if flags&argsAreWords != 0 {
		n += 2
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScale != 0:
		n += 4
	case flags&haveTwoByTwo != 0:
		n += 8
	}
	return n
}
