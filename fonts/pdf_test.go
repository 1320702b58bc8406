package fonts_test

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bast-tools/shenbao/internal/gopdf"

	"github.com/bast-tools/shenbao/fonts"
)

// tonggui returns the 8105 characters of 通用规范汉字表.
func tonggui(t testing.TB) []rune {
	t.Helper()
	data, err := os.ReadFile("build/tonggui-8105.txt")
	if err != nil {
		t.Fatal(err)
	}
	var rs []rune
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			rs = append(rs, []rune(line)[0])
		}
	}
	if len(rs) != 8105 {
		t.Fatalf("tonggui: %d characters, want 8105", len(rs))
	}
	return rs
}

// line is one line of a test document.
type line struct {
	role fonts.Role
	text string
}

// renderLines draws each line with role's faces, one line per row, on as
// many A4 pages as needed, and returns the PDF.
func renderLines(t testing.TB, set *fonts.Set, role fonts.Role, lines []string) []byte {
	t.Helper()
	var ls []line
	for _, l := range lines {
		ls = append(ls, line{role, l})
	}
	return renderDoc(t, set, ls)
}

func renderDoc(t testing.TB, set *fonts.Set, lines []line) []byte {
	t.Helper()
	var u fonts.Usage
	var all [][]fonts.Run
	for _, l := range lines {
		runs, err := set.Runs(l.role, l.text)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			u.Add(r.Face, r.Text)
		}
		all = append(all, runs)
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := fonts.RegisterGopdf(pdf, &u); err != nil {
		t.Fatal(err)
	}
	const size, lead = 11.0, 16.0
	y := 1000.0
	for _, runs := range all {
		if y > 800 {
			pdf.AddPage()
			y = 40
		}
		x := 40.0
		for _, r := range runs {
			if err := pdf.SetFont(u.Family(r.Face), "", size); err != nil {
				t.Fatal(err)
			}
			pdf.SetXY(x, y)
			if err := pdf.Text(r.Text); err != nil {
				t.Fatal(err)
			}
			x += r.Face.Width(r.Text) * size
		}
		y += lead
	}
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func need(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed (Debian: poppler-utils / ghostscript); skipping", tool)
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// TestPDFExtractsAllTongguiChars draws all 8105 characters of 通用规范汉字表
// in each role and checks what pdftotext reads back, directly and after a
// Ghostscript pdfwrite round trip, and what pdffonts says of the fonts.
func TestPDFExtractsAllTongguiChars(t *testing.T) {
	need(t, "pdftotext")
	var bmp, astral []rune
	for _, r := range tonggui(t) {
		if r > 0xFFFF {
			astral = append(astral, r)
		} else {
			bmp = append(bmp, r)
		}
	}
	var doc []line
	add := func(role fonts.Role, rs []rune) {
		for i := 0; i < len(rs); i += 40 {
			doc = append(doc, line{role, string(rs[i:min(i+40, len(rs))])})
		}
	}
	// Characters above U+FFFF come last, so the BMP text is a prefix.
	for _, role := range fonts.Roles() {
		add(role, bmp)
		add(role, []rune("Latin proportional: iiii WWWW 0123456789；标点。，、“引号”（括号）"))
	}
	var text strings.Builder
	for _, l := range doc {
		text.WriteString(l.text)
	}
	bmpText := squash(text.String())
	for _, role := range fonts.Roles() {
		add(role, astral)
	}
	text.Reset()
	for _, l := range doc {
		text.WriteString(l.text)
	}
	want := squash(text.String())

	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, renderDoc(t, fonts.Embedded(), doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := squash(run(t, "pdftotext", "-enc", "UTF-8", in, "-")); got != want {
		t.Errorf("pdftotext: text differs\n%s", firstDiff(got, want))
	}
	checkPDFFonts(t, in)

	if _, err := exec.LookPath("gs"); err != nil {
		t.Skip("gs not installed (Debian: ghostscript); skipping the pdfwrite round trip")
	}
	if testing.Short() {
		t.Skip("-short: skipping the Ghostscript round trip")
	}
	// Ghostscript 10.00's new PDF interpreter (pdfi) rewrites UTF-16
	// surrogate pairs in ToUnicode maps wrongly (<D840DD64> becomes
	// <D8404064>) whatever the input; its legacy interpreter keeps them.
	// So: everything must survive the legacy interpreter, and the BMP
	// must survive pdfi.
	legacy := filepath.Join(dir, "gs-legacy.pdf")
	run(t, "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dNEWPDF=false", "-sDEVICE=pdfwrite", "-o", legacy, in)
	if got := squash(run(t, "pdftotext", "-enc", "UTF-8", legacy, "-")); got != want {
		t.Errorf("pdftotext after gs -dNEWPDF=false pdfwrite: text differs\n%s", firstDiff(got, want))
	}
	pdfi := filepath.Join(dir, "gs.pdf")
	run(t, "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-o", pdfi, in)
	got := squash(run(t, "pdftotext", "-enc", "UTF-8", pdfi, "-"))
	if !strings.HasPrefix(got, bmpText) {
		t.Errorf("pdftotext after gs pdfwrite: BMP text differs\n%s", firstDiff(got, bmpText))
	}
	if got != want {
		t.Logf("gs pdfwrite (pdfi) lost characters above U+FFFF (known Ghostscript defect): %s", firstDiff(got, want))
	}
}

// checkPDFFonts asserts every font is an embedded, tagged subset with a
// ToUnicode map.
func checkPDFFonts(t *testing.T, path string) {
	t.Helper()
	out := run(t, "pdffonts", path)
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if len(rows) < 3 {
		t.Fatalf("pdffonts: no fonts\n%s", out)
	}
	for _, l := range rows[2:] {
		name := strings.Fields(l)[0]
		if len(name) < 8 || name[6] != '+' || strings.ToUpper(name[:6]) != name[:6] || !strings.HasPrefix(name[7:], "NotoS") {
			t.Errorf("pdffonts: font %q is not ABCDEF+Noto…", name)
		}
		if !strings.Contains(l, "CID TrueType") || !strings.Contains(l, "yes yes yes") {
			t.Errorf("pdffonts: want CID TrueType with emb, sub and uni yes: %s", l)
		}
	}
}

func firstDiff(got, want string) string {
	g, w := []rune(got), []rune(want)
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			lo := max(0, i-5)
			return fmt.Sprintf("at rune %d: got …%s… want …%s…", i, string(g[lo:min(len(g), i+10)]), string(w[lo:min(len(w), i+10)]))
		}
	}
	return "lengths differ"
}

func TestPDFDeterministic(t *testing.T) {
	lines := []string{"卓越工程师申报书（个人）", "姓名：张三，单位：北京市科学技术协会。", "Form v1.0 — 䶶鿏 𠅤"}
	a := renderLines(t, fonts.Embedded(), fonts.Serif, lines)
	b := renderLines(t, fonts.Embedded(), fonts.Serif, lines)
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same text differ")
	}
	if bytes.Contains(a, []byte("/CreationDate")) {
		t.Error("PDF carries a creation date nobody set")
	}
}

// TestPDFMissingGlyphIsAnError checks the patched gopdf refuses to draw a
// character its font lacks instead of drawing a space.
func TestPDFMissingGlyphIsAnError(t *testing.T) {
	face, _ := fonts.Embedded().Face(fonts.Serif, '中')
	var u fonts.Usage
	u.Add(face, "中文")
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := fonts.RegisterGopdf(pdf, &u); err != nil {
		t.Fatal(err)
	}
	pdf.AddPage()
	if err := pdf.SetFont(u.Family(face), "", 12); err != nil {
		t.Fatal(err)
	}
	if err := pdf.Text("中国"); !errors.Is(err, gopdf.ErrGlyphNotFound) || !strings.Contains(err.Error(), "国") {
		t.Errorf("Text with a character not in the subset: %v, want ErrGlyphNotFound naming 国", err)
	}
	if _, err := pdf.MeasureTextWidth("文字"); !errors.Is(err, gopdf.ErrGlyphNotFound) {
		t.Errorf("MeasureTextWidth with a character not in the subset: %v", err)
	}
}

// TestPDFUserFont draws with users' TrueType fonts as shipped (hinted,
// with composite glyphs nested two deep in DejaVu) and checks the text
// extracts and the nested accents are drawn.
func TestPDFUserFont(t *testing.T) {
	need(t, "pdftotext")
	tests := []struct {
		file, psName string
		lines        []string
	}{
		{"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", "LXGWWenKai-Regular",
			[]string{"霞鹜文楷 User Font 0123", "，。；：“”《》", "鿏𠅤"}},
		{"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "DejaVuSerif",
			[]string{"DejaVu ¼½¾ ÀÉÎõü ǎǐǒǔ Ǖǖ", "中文，。"}},
	}
	for _, tt := range tests {
		t.Run(tt.psName, func(t *testing.T) {
			if _, err := os.Stat(tt.file); err != nil {
				t.Skipf("%s not installed (Debian: fonts-lxgw-wenkai, fonts-dejavu-core); skipping", tt.file)
			}
			dir := t.TempDir()
			if err := os.Symlink(tt.file, filepath.Join(dir, "user.ttf")); err != nil {
				t.Fatal(err)
			}
			set, err := fonts.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "u.pdf")
			os.WriteFile(p, renderLines(t, set, fonts.Serif, tt.lines), 0o644)
			if got, want := squash(run(t, "pdftotext", "-enc", "UTF-8", p, "-")), squash(strings.Join(tt.lines, "")); got != want {
				t.Errorf("pdftotext: %s", firstDiff(got, want))
			}
			if out := run(t, "pdffonts", p); !strings.Contains(out, "+"+tt.psName) {
				t.Errorf("pdffonts does not show the user font:\n%s", out)
			}
		})
	}
}

// TestPDFNestedComposite checks Ǖ (U plus a composite of dieresis and
// macron) draws more ink than U: the accents are in the embedded font.
func TestPDFNestedComposite(t *testing.T) {
	need(t, "pdftoppm")
	const src = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
	if _, err := os.Stat(src); err != nil {
		t.Skip("DejaVu Serif not installed (Debian: fonts-dejavu-core); skipping")
	}
	set, err := fonts.New(fonts.Options{Files: map[fonts.Role][]string{fonts.Serif: {src}}})
	if err != nil {
		t.Fatal(err)
	}
	ink := func(text string) int {
		dir := t.TempDir()
		p := filepath.Join(dir, "c.pdf")
		os.WriteFile(p, renderLines(t, set, fonts.Serif, []string{text}), 0o644)
		run(t, "pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", p, filepath.Join(dir, "c"))
		f, err := os.Open(filepath.Join(dir, "c.png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 128 {
					n++
				}
			}
		}
		return n
	}
	u, uu := ink("UUUU"), ink("ǕǕǕǕ")
	if uu <= u+8 {
		t.Errorf("ǕǕǕǕ inks %d pixels, UUUU %d: the dieresis and macron are missing", uu, u)
	}
}
