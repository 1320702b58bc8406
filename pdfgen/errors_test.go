package pdfgen_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/templates"
)

func sampleDoc(t *testing.T, k form.Kind, edit func(form.Document)) form.Document {
	t.Helper()
	data, err := form.Sample(k, false)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := form.Read(bytes.NewReader(data), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(doc)
	}
	return doc
}

func TestRefusesInvalidData(t *testing.T) {
	doc := sampleDoc(t, form.KindIndividual, func(d form.Document) { d.(*form.Individual).Applicant.Name = "" })
	_, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	var ie *pdfgen.InvalidError
	if !errors.As(err, &ie) || ie.Code() != pdfgen.CodeInvalid {
		t.Fatalf("got %v, want *InvalidError", err)
	}
	if !slices.ContainsFunc(ie.Findings, func(f form.Finding) bool { return f.Path == "$.applicant.name" }) {
		t.Errorf("findings %v do not name $.applicant.name", ie.Findings)
	}
}

// tightTemplate writes a copy of the embedded individual template as
// version 9.0 with the cover's 所在单位 limited to one line.
func tightTemplate(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../templates/data/individual-2026-1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `"version": "1.0"`, `"version": "9.0"`, 1)
	s = strings.Replace(s, `{"label": "所在单位", "value": "{employer.name}", "max_lines": 3}`, `{"label": "所在单位", "value": "{employer.name}", "max_lines": 1}`, 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "individual-2026-9.0.json"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRefusesTextLongerThanTemplate(t *testing.T) {
	dir := tightTemplate(t)
	long := "北京智芯微电子科技有限公司集成电路设计与制造工程技术研究中心"
	doc := sampleDoc(t, form.KindIndividual, func(d form.Document) { d.(*form.Individual).Employer.Name = long })
	_, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{Templates: templates.Options{Dir: dir}})
	var tl *pdfgen.TooLongError
	if !errors.As(err, &tl) || tl.Path != "$.employer.name" || tl.Limit != 1 {
		t.Fatalf("got %v, want a *TooLongError for $.employer.name", err)
	}
	// The same data fits the embedded template, with 3 lines allowed.
	if _, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{Templates: templates.Options{Version: "1.0", Dir: dir}}); err != nil {
		t.Fatalf("template 1.0: %v", err)
	}
}

func TestUnknownTemplateVersion(t *testing.T) {
	doc := sampleDoc(t, form.KindTeam, nil)
	_, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{Templates: templates.Options{Version: "0.9"}})
	var ue *templates.UnknownError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want *templates.UnknownError", err)
	}
	if !slices.Contains(ue.Known, "team-2026@1.0") || !strings.Contains(err.Error(), "team-2026@1.0") {
		t.Errorf("error %q does not list the known templates", err)
	}
}

func TestMissingGlyphNamesField(t *testing.T) {
	// U+30EDE (biáng) is in CJK Extension G, outside the embedded fonts.
	doc := sampleDoc(t, form.KindIndividual, func(d form.Document) {
		d.(*form.Individual).Applicant.Address = "北京市海淀区\U00030EDE面馆胡同1号"
	})
	_, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	var me *pdfgen.MissingGlyphError
	if !errors.As(err, &me) {
		t.Fatalf("got %v, want *MissingGlyphError", err)
	}
	if len(me.Chars) != 1 || me.Chars[0].Rune != 0x30EDE || !slices.Contains(me.Chars[0].Paths, "$.applicant.address") {
		t.Errorf("got %+v, want U+30EDE in $.applicant.address", me.Chars)
	}
	// The message reaches HTTP clients and Go programs: no CLI flags.
	if strings.Contains(err.Error(), "--") {
		t.Errorf("library error names a command-line flag: %s", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := pdfgen.Build(ctx, sampleDoc(t, form.KindIndividual, nil), pdfgen.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// TestRasterMatchesPoppler compares the raster backend with pdftoppm's
// rendering of the PDF: the same display list must give the same page.
func TestRasterMatchesPoppler(t *testing.T) {
	// The individual sample's cover and a table page; the letter's
	// 汇总表, a landscape page poppler shows turned (/Rotate 90).
	rasterMatchesPoppler(t, form.KindIndividual, 1, 3)
	rasterMatchesPoppler(t, form.KindLetter, 2)
}

func rasterMatchesPoppler(t *testing.T, k form.Kind, pages ...int) {
	pdftoppm := tool(t, "pdftoppm")
	doc := sampleDoc(t, k, nil)
	l, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := l.WritePDF(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	dir := t.TempDir()
	file := filepath.Join(dir, "d.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	pm := l.PageMap()
	for _, n := range pages {
		if out, err := run(pdftoppm, "-r", "100", "-gray", "-png", "-f", itoa(n), "-l", itoa(n), file, filepath.Join(dir, "p")); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		want := readGray(t, filepath.Join(dir, "p-"+pad(n, len(itoa(l.NumPages())))+".png"))
		img, err := l.Raster(n, 100)
		if err != nil {
			t.Fatal(err)
		}
		theirs := func(x, y int) uint8 { return want.GrayAt(x, y).Y }
		if pm.Pages[n-1].Landscape {
			// Poppler shows the sheet turned a quarter clockwise.
			h := img.Bounds().Dy()
			theirs = func(x, y int) uint8 { return want.GrayAt(h-1-y, x).Y }
			if w := want.Bounds(); w.Dx() != img.Bounds().Dy() || w.Dy() != img.Bounds().Dx() {
				t.Fatalf("%s page %d: raster %v, poppler (turned) %v", k, n, img.Bounds(), w)
			}
		} else if img.Bounds() != want.Bounds() {
			t.Fatalf("page %d: raster %v, poppler %v", n, img.Bounds(), want.Bounds())
		}
		// Count ink pixels of either rendering with no ink near them in
		// the other: anti-aliasing and hinting differ by a pixel, a
		// misplaced or missing mark does not.
		ours := func(x, y int) uint8 { return img.RGBAAt(x, y).G }
		diff, ink := 0, 0
		b := img.Bounds()
		near := func(v func(x, y int) uint8, x, y int) bool {
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if (image.Point{x + dx, y + dy}).In(b) && v(x+dx, y+dy) < 200 {
						return true
					}
				}
			}
			return false
		}
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if theirs(x, y) < 128 {
					ink++
					if !near(ours, x, y) {
						diff++
					}
				}
				if ours(x, y) < 128 && !near(theirs, x, y) {
					diff++
				}
			}
		}
		if ink == 0 || float64(diff) > 0.01*float64(ink) {
			t.Errorf("%s page %d: %d of %d ink pixels differ from poppler's rendering", k, n, diff, ink)
		}
	}
}

func TestMetadata(t *testing.T) {
	pdfinfo := tool(t, "pdfinfo")
	r := render(t, sampleCase{form.KindIndividual, false})
	out, err := run(pdfinfo, "-isodates", writeTemp(t, "d.pdf", r.pdf))
	if err != nil {
		t.Fatalf("pdfinfo: %v %s", err, out)
	}
	for _, want := range []string{
		"Title:           2026年卓越工程师成长计划申报书（个人）—张明远",
		"Author:          张明远",
		"Subject:         北京市科学技术协会 2026年卓越工程师选拔培育项目",
		"Keywords:        卓越工程师,成长计划,申报书,2026,集成电路",
		"Creator:         shenbao 申报材料生成工具（模板 individual-2026@1.0）",
		// The 填报日期, Beijing time: the data's date, not the clock's.
		"CreationDate:    2026-04-20T00:00:00+08",
		"Pages:           8",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, out)
		}
	}
}

// TestConcurrentRender renders one record from several goroutines (as a
// server does) and rasterises pages of one layout concurrently: every
// result must be the same.
func TestConcurrentRender(t *testing.T) {
	doc := sampleDoc(t, form.KindTeam, nil)
	l, err := pdfgen.Build(context.Background(), doc, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := l.WritePDF(context.Background(), &first); err != nil {
		t.Fatal(err)
	}
	want := first.Bytes()
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			var buf bytes.Buffer
			if _, err := pdfgen.Render(context.Background(), &buf, doc, pdfgen.Options{}); err != nil {
				errs <- err
				return
			}
			if !bytes.Equal(buf.Bytes(), want) {
				errs <- errors.New("concurrent render differs")
				return
			}
			_, err := l.Raster(i%l.NumPages()+1, 30)
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
