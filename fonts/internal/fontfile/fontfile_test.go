package fontfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
)

// fallback returns the smallest embedded pack, decoded.
func fallback(t testing.TB) *Font { return embeddedPack(t, "fallback") }

// embeddedPack returns the embedded pack fonts/data/name.sbfp, decoded.
func embeddedPack(t testing.TB, name string) *Font {
	t.Helper()
	data, err := os.ReadFile("../../data/" + name + ".sbfp")
	if err != nil {
		t.Fatal(err)
	}
	f, err := DecodePack(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func someRunes(f *Font, n int) []rune {
	var rs []rune
	for _, m := range f.Cmap[:min(n, len(f.Cmap))] {
		rs = append(rs, m.R)
	}
	return rs
}

func TestSubsetRoundTrip(t *testing.T) {
	src := fallback(t)
	rs := someRunes(src, 40)
	ttf, err := Subset(src, rs)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	if f.NumGlyphs != len(rs)+1 || len(f.Cmap) != len(rs) {
		t.Fatalf("subset has %d glyphs and %d mappings, want %d and %d", f.NumGlyphs, len(f.Cmap), len(rs)+1, len(rs))
	}
	for i, r := range rs {
		g, ok := f.Lookup(r)
		if !ok || int(g) != i+1 {
			t.Errorf("%q maps to %d, %v; want glyph %d", r, g, ok, i+1)
			continue
		}
		og, _ := src.Lookup(r)
		if f.Advances[g] != src.Advances[og] {
			t.Errorf("%q: advance %d, want %d", r, f.Advances[g], src.Advances[og])
		}
		a, _ := f.Glyphs.Glyph(int(g))
		b, _ := src.Glyphs.Glyph(int(og))
		if !bytes.Equal(bytes.TrimRight(a, "\x00"), bytes.TrimRight(b, "\x00")) {
			t.Errorf("%q: glyph data differs", r)
		}
	}
	if f.PostScript != src.PostScript || f.Family != src.Family || f.UnitsPerEm != src.UnitsPerEm {
		t.Errorf("names/metrics lost: %+v", f.Names)
	}
	// The head checksum adjustment makes the whole font sum to the magic.
	if got := checksum(ttf); got != 0xB1B0AFBA {
		t.Errorf("font checksum %#x, want 0xB1B0AFBA", got)
	}
}

func TestPackRoundTrip(t *testing.T) {
	src := fallback(t)
	for _, chunk := range []int{1, 7, 64} {
		pack, err := EncodePack(src, []rune{src.Cmap[5].R, src.Cmap[3].R}, chunk)
		if err != nil {
			t.Fatal(err)
		}
		f, err := DecodePack(pack)
		if err != nil {
			t.Fatal(err)
		}
		if f.NumGlyphs != src.NumGlyphs || len(f.Cmap) != len(src.Cmap) || f.Metrics != src.Metrics || f.Names != src.Names {
			t.Fatalf("chunk %d: header differs", chunk)
		}
		if g, _ := f.Lookup(src.Cmap[5].R); g != 1 {
			t.Errorf("chunk %d: first-listed character is glyph %d, want 1", chunk, g)
		}
		// The first-listed characters are stored as they are: their glyph
		// records appear verbatim in the pack, nothing to inflate.
		if b, _ := src.Glyphs.Glyph(int(src.Cmap[5].G)); len(b) == 0 || !bytes.Contains(pack, b) {
			t.Errorf("chunk %d: first-listed glyph (%d bytes) not stored verbatim", chunk, len(b))
		}
		for _, m := range src.Cmap {
			g, _ := f.Lookup(m.R)
			a, err1 := f.Glyphs.Glyph(int(g))
			b, err2 := src.Glyphs.Glyph(int(m.G))
			if err1 != nil || err2 != nil || !bytes.Equal(a, b) || f.Advances[g] != src.Advances[m.G] {
				t.Fatalf("chunk %d: %q differs (%v, %v)", chunk, m.R, err1, err2)
			}
		}
	}
	if _, err := DecodePack([]byte("SBFP\x00\x09\x00\x00\x00\x00")); !errors.Is(err, ErrPack) {
		t.Errorf("bad version: %v", err)
	}
}

// TestEmbeddedCommonCharactersStored checks the property render start-up
// relies on: the glyphs of ASCII and the 8105 common characters sit in the
// serif pack's uncompressed chunks, so a form inflates nothing.
func TestEmbeddedCommonCharactersStored(t *testing.T) {
	f := embeddedPack(t, "serif")
	p := f.Glyphs.(*packGlyphs)
	limit := p.stored * p.chunkSize
	for _, r := range "Aa1，。申报书卓越工程师北京市科学技术协会鑫" {
		if g, ok := f.Lookup(r); !ok || int(g) >= limit {
			t.Errorf("%q: glyph %d, want one of the %d stored glyphs", r, g, limit)
		}
	}
	if g, ok := f.Lookup(0x4DB5); !ok || int(g) < limit { // Extension A: rare, deflated
		t.Errorf("U+4DB5: glyph %d, want a deflated one (≥ %d)", g, limit)
	}
}

func TestSubsetRemapsComposites(t *testing.T) {
	// A composite glyph whose component is glyph 1, built by hand.
	comp := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 10, 0, 10, // header: -1 contours, bbox
		0x01, 0x02, 0, 1, 0, 0, 0, 0} // ARGS_ARE_WORDS|ARGS_ARE_XY, glyph 1, dx=0, dy=0
	simple := []byte{0, 1, 0, 0, 0, 0, 0, 10, 0, 10, 0, 2, 0, 3, 0xAA, 0xBB, 0xCC, 1, 1, 1, 0, 0, 0}
	src := &Font{Metrics: Metrics{UnitsPerEm: 1000}, NumGlyphs: 3,
		Advances: []uint16{500, 500, 600}, LSBs: []int16{0, 0, 0},
		Cmap:   []Mapping{{'A', 2}},
		Glyphs: &sliceGlyphs{glyf: append(append([]byte{}, simple...), comp...), loca: []uint32{0, 0, uint32(len(simple)), uint32(len(simple) + len(comp))}},
		Names:  Names{PostScript: "T", Family: "T"}}
	ttf, err := Subset(src, []rune{'A'})
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	if f.NumGlyphs != 3 {
		t.Fatalf("%d glyphs, want .notdef, A and its component", f.NumGlyphs)
	}
	a, _ := f.Glyphs.Glyph(1)
	if c := binary.BigEndian.Uint16(a[12:]); c != 2 {
		t.Errorf("component renumbered to %d, want 2", c)
	}
	s, _ := f.Glyphs.Glyph(2)
	if il := binary.BigEndian.Uint16(s[12:]); il != 0 || len(bytes.TrimRight(s, "\x00")) > len(simple)-3 {
		t.Errorf("hinting instructions kept: length %d, glyph %x", il, s)
	}
}

func FuzzParse(f *testing.F) {
	src := fallback(f)
	ttf, err := Subset(src, someRunes(src, 10))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ttf)
	f.Add([]byte("ttcf\x00\x01\x00\x00"))
	f.Add([]byte("OTTO\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := Parse(data)
		if err != nil {
			return
		}
		// A font Parse accepts must subset without panicking, and the
		// subset must parse again.
		rs := someRunes(font, 8)
		out, err := Subset(font, rs)
		if err != nil {
			return
		}
		if _, err := Parse(out); err != nil {
			t.Fatalf("subset of an accepted font does not parse: %v", err)
		}
	})
}

// Goroutines reading the glyphs of one pack at once share its chunks and the
// pool of inflaters: each must get the bytes a lone reader got.
func TestPackConcurrentGlyphs(t *testing.T) {
	alone, shared := embeddedPack(t, "fallback"), embeddedPack(t, "fallback")
	want := make([][]byte, alone.NumGlyphs)
	for g := range want {
		b, err := alone.Glyphs.Glyph(g)
		if err != nil {
			t.Fatal(err)
		}
		want[g] = b
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := range shared.NumGlyphs {
				g := (i*7 + w*13) % shared.NumGlyphs
				if b, err := shared.Glyphs.Glyph(g); err != nil || !bytes.Equal(b, want[g]) {
					errs <- fmt.Errorf("glyph %d: %v, equal %v", g, err, bytes.Equal(b, want[g]))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
