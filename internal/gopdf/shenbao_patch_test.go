package gopdf

// Tests of the shenbao patches (PATCHES.md) that need no font file. The
// end-to-end checks (pdftotext, pdffonts, Ghostscript round trip, missing
// glyphs, nested composites) live in github.com/bast-tools/shenbao/fonts.

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestToUnicodeBlocksAndSurrogates(t *testing.T) {
	m := NewMapOfCharacterToGlyphIndex()

	for i := 0; i < 250; i++ {
		r := rune(0x4E00 + i)
		if i%50 == 0 {
			r = rune(0x2C317 + i) // above U+FFFF
		}
		m.Set(r, uint(250-i)) // glyph order differs from insertion order
	}
	m.Set('X', 3) // shares glyph 3 with an earlier character: first one wins
	var buf bytes.Buffer
	writeToUnicodeEntries(&buf, m)
	out := buf.String()

	blocks := regexp.MustCompile(`(\d+) beginbfchar\n((?:<[0-9A-F]+><[0-9A-F]+>\n)*)endbfchar`).FindAllStringSubmatch(out, -1)
	if len(blocks) != 3 {
		t.Fatalf("%d bfchar blocks, want 3 (100+100+50)\n%s", len(blocks), out)
	}
	prevGlyph := -1
	n := 0
	for _, b := range blocks {
		lines := strings.Split(strings.TrimSpace(b[2]), "\n")
		if b[1] != fmt.Sprint(len(lines)) || len(lines) > 100 {
			t.Errorf("block says %s entries, has %d", b[1], len(lines))
		}
		for _, l := range lines {
			var g int
			var dst string
			fmt.Sscanf(strings.NewReplacer("<", " ", ">", " ").Replace(l), "%X %s", &g, &dst)
			if g <= prevGlyph {
				t.Errorf("glyph %d after %d: not in glyph order", g, prevGlyph)
			}
			prevGlyph = g
			r := rune(0x4E00 + 250 - g)
			if (250-g)%50 == 0 {
				r = rune(0x2C317 + 250 - g)
			}
			var w strings.Builder
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&w, "%04X", u)
			}
			if dst != w.String() {
				t.Errorf("glyph %d maps to %s, want %s (%q)", g, dst, w.String(), r)
			}
			n++
		}
	}
	if n != 250 {
		t.Errorf("%d entries, want 250", n)
	}
	if !strings.Contains(out, "<0000><FFFF>\nendcodespacerange") {
		t.Error("codespace is not the full two-byte range")
	}
}

func TestSubsetFontNameIsTaggedAndStable(t *testing.T) {
	mk := func(chars string) *SubsetFontObj {
		s := &SubsetFontObj{Family: "Some Font"}
		s.CharacterToGlyphIndex = NewMapOfCharacterToGlyphIndex()
		for i, r := range chars {
			s.CharacterToGlyphIndex.Set(r, uint(i+1))
		}
		return s
	}
	a, b, c := subsetFontName(mk("申报书")), subsetFontName(mk("申报书")), subsetFontName(mk("申报表"))
	if !regexp.MustCompile(`^[A-Z]{6}\+Some\+Font$`).MatchString(a) {
		t.Errorf("name %q is not ABCDEF+Some+Font", a)
	}
	if a != b {
		t.Errorf("same subset named %q and %q", a, b)
	}
	if a == c {
		t.Errorf("different subsets share the tag %q", a)
	}
}

func TestProcSetTemplatesInNameOrder(t *testing.T) {
	pr := &ProcSetObj{}
	pr.init(nil)
	for i, n := range []string{"/TPL3", "/TPL1", "/TPL2", "/TPL0"} {
		pr.ImportedTemplateIds[n] = 10 + i
	}
	var first bytes.Buffer
	pr.write(&first, 1)
	for i := 0; i < 20; i++ {
		var again bytes.Buffer
		pr.write(&again, 1)
		if !bytes.Equal(first.Bytes(), again.Bytes()) {
			t.Fatal("procset output differs between writes")
		}
	}
	if !regexp.MustCompile(`(?s)/TPL0 13 0 R.*/TPL1 11 0 R.*/TPL2 12 0 R.*/TPL3 10 0 R`).Match(first.Bytes()) {
		t.Errorf("templates not in name order:\n%s", first.String())
	}
}
