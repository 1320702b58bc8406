package gopdf

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"math/big"
	"sort"
	"strings"
)

// StrHelperGetStringWidth get string width
func StrHelperGetStringWidth(str string, fontSize int, ifont IFont) float64 {
	return StrHelperGetStringWidthPrecise(str, float64(fontSize), ifont)
}

// StrHelperGetStringWidthPrecise get string width with real number fontSize
func StrHelperGetStringWidthPrecise(str string, fontSize float64, ifont IFont) float64 {

	w := 0
	bs := []byte(str)
	i := 0
	max := len(bs)
	for i < max {
		w += ifont.GetCw()[bs[i]]
		i++
	}
	return float64(w) * (float64(fontSize) / 1000.0)
}

// subsetFontName is the BaseFont/FontName of an embedded subset: a six-letter
// tag, "+", and the font's PostScript name (the family given to AddTTFFont*
// when the font has none). PATCH(shenbao): the original wrote the family
// without a tag, which PDF (9.6.4) requires for subsets. The tag is derived
// from the font name and the characters and glyphs in the subset, not from a
// random source, so the same document always gives the same bytes.
func subsetFontName(s *SubsetFontObj) string {
	name := s.ttfp.PostScriptName()
	if name == "" {
		name = CreateEmbeddedFontSubsetName(s.Family)
	}
	h := sha256.New()
	io.WriteString(h, name)
	m := s.CharacterToGlyphIndex
	pairs := make([][2]uint64, len(m.Keys))
	for i, r := range m.Keys {
		pairs[i] = [2]uint64{uint64(r), uint64(m.Vals[i])}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	var b [16]byte
	for _, p := range pairs {
		binary.BigEndian.PutUint64(b[:8], p[0])
		binary.BigEndian.PutUint64(b[8:], p[1])
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag) + "+" + name
}

// CreateEmbeddedFontSubsetName create Embedded font (subset font) name
func CreateEmbeddedFontSubsetName(name string) string {
	name = strings.Replace(name, " ", "+", -1)
	name = strings.Replace(name, "/", "+", -1)
	return name
}

// ReadShortFromByte read short from byte array
func ReadShortFromByte(data []byte, offset int) (int64, int) {
	buff := data[offset : offset+2]
	num := big.NewInt(0)
	num.SetBytes(buff)
	u := num.Uint64()
	var v int64
	if u >= 0x8000 {
		v = int64(u) - 65536
	} else {
		v = int64(u)
	}
	return v, 2
}

// ReadUShortFromByte read ushort from byte array
func ReadUShortFromByte(data []byte, offset int) (uint64, int) {
	buff := data[offset : offset+2]
	num := big.NewInt(0)
	num.SetBytes(buff)
	return num.Uint64(), 2
}
