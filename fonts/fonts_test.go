package fonts_test

import (
	"errors"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/fonts/internal/fontfile"
)

func TestEmbeddedCoverage(t *testing.T) {
	set := fonts.Embedded()
	tg := string(tonggui(t))
	for _, role := range fonts.Roles() {
		for _, c := range set.Coverage(role) {
			if c.Have != c.Total {
				t.Errorf("%s: %s: %d of %d; missing %q", role, c.Block, c.Have, c.Total, string(c.Missing[:min(len(c.Missing), 20)]))
			}
		}
		if err := set.Check(role, tg); err != nil {
			t.Errorf("%s: 通用规范汉字表: %v", role, err)
		}
	}
}

func TestMissingCharactersAreListed(t *testing.T) {
	set := fonts.Embedded()
	tests := []struct {
		text string
		want []rune
	}{
		{"申报书 Form\n\t", nil},
		{"a\U0001F600b\uE000c\U0001F600", []rune{0x1F600, 0xE000}},
		{"\U00030000", []rune{0x30000}},
	}
	for _, tt := range tests {
		for _, role := range fonts.Roles() {
			err := set.Check(role, tt.text)
			var me *fonts.MissingError
			if tt.want == nil {
				if err != nil {
					t.Errorf("%s: Check(%q) = %v, want nil", role, tt.text, err)
				}
				continue
			}
			if !errors.As(err, &me) {
				t.Fatalf("%s: Check(%q) = %v, want *MissingError", role, tt.text, err)
			}
			if string(me.Runes) != string(tt.want) || me.Role != role || me.Code() != fonts.CodeMissingGlyph {
				t.Errorf("%s: Check(%q) = %+v, want runes %q", role, tt.text, me, string(tt.want))
			}
			if !strings.Contains(err.Error(), "U+1F600") && tt.want[0] == 0x1F600 {
				t.Errorf("message does not name the character: %v", err)
			}
		}
	}
	if _, err := set.Face("bold-italic", 'a'); !errors.Is(err, fonts.ErrUnknownRole) {
		t.Errorf("unknown role: got %v", err)
	}
	face, _ := set.Face(fonts.Serif, '中')
	if _, err := face.Subset([]rune("中\U0001F600")); err == nil {
		t.Error("Subset with a missing character: no error")
	}
}

func TestRunsSwitchToFallback(t *testing.T) {
	set := fonts.Embedded()
	text := "\n元素 鿏 Mt, 䶵䶶!"
	runs, err := set.Runs(fonts.Serif, text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var joined string
	for _, r := range runs {
		got = append(got, r.Face.Family()+":"+r.Text)
		joined += r.Text
	}
	want := []string{"Noto Serif CJK SC:\n元素 鿏 Mt, 䶵", "Shenbao Fallback Kai:䶶", "Noto Serif CJK SC:!"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Runs = %q, want %q", got, want)
	}
	if joined != text {
		t.Errorf("runs join to %q, want %q", joined, text)
	}
}

func TestAdvances(t *testing.T) {
	set := fonts.Embedded()
	for _, role := range fonts.Roles() {
		face, err := set.Face(role, 'W')
		if err != nil {
			t.Fatal(err)
		}
		i, w, han, comma := face.Advance('i'), face.Advance('W'), face.Advance('中'), face.Advance('，')
		if !(i > 0 && i < 0.4 && w > 0.6 && w < 1.2) {
			t.Errorf("%s: Latin not proportional: i=%.3f W=%.3f", role, i, w)
		}
		if han != 1 || comma != 1 {
			t.Errorf("%s: 中=%.3f ，=%.3f, want 1 em", role, han, comma)
		}
		if got, want := face.Width("中i\nW"), han+i+w; math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: Width = %.3f, want %.3f", role, got, want)
		}
		m := face.Metrics()
		if !(m.Ascent > 0.8 && m.Descent < -0.1 && m.CapHeight > 0.6) {
			t.Errorf("%s: odd metrics %+v", role, m)
		}
	}
}

// TestMainlandPunctuation checks the glyphs of ，。、 sit in the lower left
// of the em box (mainland China), not centred (Taiwan, Hong Kong).
func TestMainlandPunctuation(t *testing.T) {
	set := fonts.Embedded()
	for _, role := range fonts.Roles() {
		face, _ := set.Face(role, '，')
		sub, err := face.Subset([]rune("，。、"))
		if err != nil {
			t.Fatal(err)
		}
		f, err := sub.Font()
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		const ppem = 1000
		for _, r := range "，。、" {
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				t.Fatalf("%s: no glyph for %q in subset: %v", role, r, err)
			}
			b, _, err := f.GlyphBounds(&buf, gi, fixed.I(ppem), font.HintingNone)
			if err != nil {
				t.Fatal(err)
			}
			// sfnt's y axis points down: Min.Y is the top of the ink.
			if b.Max.X > fixed.I(ppem/2) || b.Min.Y < fixed.I(-ppem*4/10) {
				t.Errorf("%s: %q ink %v..%v is not in the lower left of the em box", role, r, b.Min, b.Max)
			}
		}
	}
}

func TestSubsetRasterises(t *testing.T) {
	face, _ := fonts.Embedded().Face(fonts.SansBold, '申')
	sub, err := face.Subset([]rune("申报A"))
	if err != nil {
		t.Fatal(err)
	}
	rf, err := sub.RasterFace(24, 72)
	if err != nil {
		t.Fatal(err)
	}
	defer rf.Close()
	img := image.NewGray(image.Rect(0, 0, 100, 40))
	d := font.Drawer{Dst: img, Src: image.White, Face: rf, Dot: fixed.P(2, 30)}
	d.DrawString("申报A")
	ink := 0
	for _, p := range img.Pix {
		if p > 128 {
			ink++
		}
	}
	if ink < 100 {
		t.Errorf("only %d inked pixels", ink)
	}
	wantAdv := (face.Width("申报A")) * 24
	if got := float64(d.Dot.X-fixed.I(2)) / 64; got < wantAdv-0.5 || got > wantAdv+0.5 {
		t.Errorf("drawn advance %.2f px, want %.2f", got, wantAdv)
	}
}

func TestSubsetDeterministic(t *testing.T) {
	face, _ := fonts.Embedded().Face(fonts.Serif, '中')
	a, err := face.Subset([]rune("申报书中文abc，。"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := face.Subset([]rune("。，cba文中书报申申"))
	if err != nil {
		t.Fatal(err)
	}
	if string(a.TTF) != string(b.TTF) {
		t.Error("same characters in another order gave different font bytes")
	}
	f, err := fontfile.Parse(a.TTF)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if len(f.Cmap) != len(a.Runes) || f.NumGlyphs != len(a.Runes)+1 {
		t.Errorf("subset maps %d characters in %d glyphs, want %d and %d", len(f.Cmap), f.NumGlyphs, len(a.Runes), len(a.Runes)+1)
	}
}

// writeUserFont writes a TrueType font holding the embedded serif glyphs of
// chars, renamed so it can be told apart.
func writeUserFont(t *testing.T, path, chars string) {
	t.Helper()
	face, _ := fonts.Embedded().Face(fonts.Serif, '中')
	sub, err := face.Subset([]rune(chars))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, sub.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestUserFontDir(t *testing.T) {
	dir := t.TempDir()
	serifOnly := filepath.Join(dir, "serif", "a-song.ttf")
	common := filepath.Join(dir, "b-all.ttf")
	writeUserFont(t, serifOnly, "ABC")
	writeUserFont(t, common, "ABCXYZ")
	os.WriteFile(filepath.Join(dir, "README.txt"), []byte("not a font"), 0o644)

	set, err := fonts.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	sources := func(role fonts.Role) []string {
		var s []string
		for _, f := range set.Chain(role) {
			s = append(s, f.Source())
		}
		return s
	}
	if got, want := sources(fonts.Serif), []string{serifOnly, common, "embedded", "embedded"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("serif chain %q, want %q", got, want)
	}
	if got, want := sources(fonts.SansBold), []string{common, "embedded", "embedded"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sans-bold chain %q, want %q", got, want)
	}
	for _, tt := range []struct {
		role fonts.Role
		r    rune
		want string
	}{{fonts.Serif, 'A', serifOnly}, {fonts.Serif, 'X', common}, {fonts.Serif, '中', "embedded"}, {fonts.Sans, 'A', common}} {
		f, err := set.Face(tt.role, tt.r)
		if err != nil || f.Source() != tt.want {
			t.Errorf("Face(%s, %q) = %v, %v; want %s", tt.role, tt.r, f.Source(), err, tt.want)
		}
	}

	only, err := fonts.New(fonts.Options{Dir: dir, NoEmbedded: true})
	if err != nil {
		t.Fatal(err)
	}
	var me *fonts.MissingError
	if err := only.Check(fonts.Serif, "AB中"); !errors.As(err, &me) || string(me.Runes) != "中" {
		t.Errorf("NoEmbedded: Check = %v, want 中 missing", err)
	}
}

func TestUserFontRefused(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"simsun.ttc", append([]byte("ttcf\x00\x01\x00\x00"), make([]byte, 64)...), fontfile.ErrCollection},
		{"cff.otf", append([]byte("OTTO\x00\x00"), make([]byte, 64)...), fontfile.ErrCFF},
		{"junk.ttf", []byte("this is not a font at all"), fontfile.ErrNotTrueType},
		{"cut.ttf", []byte("\x00\x01\x00\x00\x00\x09\x00\x00\x00\x00\x00\x00"), fontfile.ErrMalformed},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		p := filepath.Join(dir, tt.name)
		os.WriteFile(p, tt.data, 0o644)
		_, err := fonts.Open(dir)
		var fe *fonts.FileError
		if !errors.As(err, &fe) || fe.Path != p || !errors.Is(err, tt.want) || fe.Code() != fonts.CodeFontFile {
			t.Errorf("%s: Open = %v, want *FileError wrapping %v", tt.name, err, tt.want)
		}
	}
	if _, err := fonts.Open(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("Open of a missing directory: no error")
	}
}

// TestConcurrentUse shares one Set between goroutines that decode faces,
// measure and subset at the same time (run with -race).
func TestConcurrentUse(t *testing.T) {
	set := fonts.Embedded()
	tg := tonggui(t)
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func(g int) {
			role := fonts.Roles()[g%3]
			rs := tg[g*200 : g*200+300]
			runs, err := set.Runs(role, string(rs))
			if err == nil {
				for _, r := range runs {
					r.Face.Width(r.Text)
					_, err = r.Face.Subset([]rune(r.Text))
				}
			}
			done <- err
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
