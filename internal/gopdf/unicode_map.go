package gopdf

import (
	"fmt"
	"io"
	"sort"
	"unicode/utf16"
)

// UnicodeMap unicode map
type UnicodeMap struct {
	PtrToSubsetFontObj *SubsetFontObj
	//getRoot            func() *GoPdf
	pdfProtection *PDFProtection
}

func (u *UnicodeMap) init(funcGetRoot func() *GoPdf) {
	//u.getRoot = funcGetRoot
}

func (u *UnicodeMap) setProtection(p *PDFProtection) {
	u.pdfProtection = p
}

func (u *UnicodeMap) protection() *PDFProtection {
	return u.pdfProtection
}

// SetPtrToSubsetFontObj set pointer to SubsetFontObj
func (u *UnicodeMap) SetPtrToSubsetFontObj(ptr *SubsetFontObj) {
	u.PtrToSubsetFontObj = ptr
}

func (u *UnicodeMap) getType() string {
	return "Unicode"
}

func (u *UnicodeMap) write(w io.Writer, objID int) error {
	//stream
	//characterToGlyphIndex := u.PtrToSubsetFontObj.CharacterToGlyphIndex
	prefix :=
		"/CIDInit /ProcSet findresource begin\n" +
			"12 dict begin\n" +
			"begincmap\n" +
			"/CIDSystemInfo << /Registry (Adobe)/Ordering (UCS)/Supplement 0>> def\n" +
			"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
	suffix := "endcmap CMapName currentdict /CMap defineresource pop end end"

	buff := GetBuffer()
	defer PutBuffer(buff)

	buff.WriteString(prefix)
	writeToUnicodeEntries(buff, u.PtrToSubsetFontObj.CharacterToGlyphIndex)
	buff.WriteString(suffix)
	buff.WriteString("\n")

	io.WriteString(w, "<<\n")
	fmt.Fprintf(w, "/Length %d\n", buff.Len())
	io.WriteString(w, ">>\n")
	io.WriteString(w, "stream\n")
	if u.protection() != nil {
		tmp, err := rc4Cip(u.protection().objectkey(objID), buff.Bytes())
		if err != nil {
			return err
		}
		w.Write(tmp)
		//streambuff.WriteString("\n")
	} else {
		buff.WriteTo(w)
	}
	io.WriteString(w, "endstream\n")

	return nil
}

// writeToUnicodeEntries writes the codespace and one bfchar entry per glyph,
// in glyph order. PATCH(shenbao): the original wrote every entry into a single
// bfrange block (a CMap allows at most 100 per block, and Ghostscript drops the
// whole map otherwise) and wrote code points above U+FFFF raw instead of as
// UTF-16BE surrogate pairs. When several characters share a glyph, the first
// one added wins, so the output does not depend on map order.
func writeToUnicodeEntries(buff io.Writer, m *MapOfCharacterToGlyphIndex) {
	type entry struct {
		glyph uint
		r     rune
	}
	entries := make([]entry, 0, len(m.Keys))
	seen := make(map[uint]bool, len(m.Keys))
	for i, r := range m.Keys {
		g := m.Vals[i]
		if seen[g] {
			continue
		}
		seen[g] = true
		entries = append(entries, entry{g, r})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].glyph < entries[j].glyph })

	io.WriteString(buff, "1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
	const maxPerBlock = 100
	for start := 0; start < len(entries); start += maxPerBlock {
		end := start + maxPerBlock
		if end > len(entries) {
			end = len(entries)
		}
		block := entries[start:end]
		fmt.Fprintf(buff, "%d beginbfchar\n", len(block))
		for _, e := range block {
			fmt.Fprintf(buff, "<%04X><", e.glyph)
			for _, u := range utf16.Encode([]rune{e.r}) {
				fmt.Fprintf(buff, "%04X", u)
			}
			io.WriteString(buff, ">\n")
		}
		io.WriteString(buff, "endbfchar\n")
	}
}
