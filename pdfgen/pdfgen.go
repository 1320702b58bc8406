package pdfgen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/templates"
)

// Error codes, stable for callers and JSON reports.
const (
	CodeInvalid      = "invalid_data"
	CodeTooLong      = "render_too_long"
	CodeMissingGlyph = "render_missing_glyph"
)

// InvalidError refuses a record that fails validation; Findings say why.
type InvalidError struct {
	Findings []form.Finding
}

// Code returns CodeInvalid.
func (e *InvalidError) Code() string { return CodeInvalid }

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "数据未通过校验（%d 处问题），不能生成：", len(e.Findings))
	for i, f := range e.Findings {
		if i == 5 {
			fmt.Fprintf(&b, "；另有 %d 处", len(e.Findings)-i)
			break
		}
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "%s：%s", f.Path, f.Message)
	}
	return b.String()
}

// TooLongErrors collects every value that does not fit its template box.
type TooLongErrors []*TooLongError

// Code returns CodeTooLong.
func (e TooLongErrors) Code() string { return CodeTooLong }

func (e TooLongErrors) Error() string {
	s := make([]string, len(e))
	for i, x := range e {
		s[i] = x.Error()
	}
	return strings.Join(s, "；")
}

// Unwrap lets errors.As find each *TooLongError.
func (e TooLongErrors) Unwrap() []error {
	out := make([]error, len(e))
	for i, x := range e {
		out[i] = x
	}
	return out
}

// MissingGlyphError lists characters that no font in the chain has, and
// the fields they are in. Nothing is drawn as a blank or a space instead.
type MissingGlyphError struct {
	Chars []MissingChar
}

// MissingChar is one character no font has, with the JSON paths of the
// fields using it ("（模板文字）" for template text).
type MissingChar struct {
	Rune  rune
	Paths []string
}

// Code returns CodeMissingGlyph.
func (e *MissingGlyphError) Code() string { return CodeMissingGlyph }

func (e *MissingGlyphError) Error() string {
	var b strings.Builder
	b.WriteString("以下字符没有任何字体包含，无法生成（请改用常用字，或提供含这些字符的字体）：")
	for i, c := range e.Chars {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "“%c”（U+%04X）见 %s", c.Rune, c.Rune, strings.Join(c.Paths, "、"))
	}
	return b.String()
}

// Options tune rendering. The zero value renders with the embedded fonts
// and the newest embedded template of the document's edition.
type Options struct {
	// Fonts is the font set; nil means fonts.Embedded().
	Fonts *fonts.Set
	// Templates chooses the template directory and version.
	Templates templates.Options
	// Validation is passed to form.Validate; the glyph check is left to
	// the layout, which knows the fonts and the template text too.
	Validation form.Options
}

// Layout is a laid-out document: pages with display lists and zones.
type Layout struct {
	Template *templates.Template
	DocID    string
	Digest   [32]byte // of the record's canonical JSON
	Info     Info
	pages    []*page
	codes    []Code
	digests  [][32]byte
	raster   rasterFonts
}

// Info is the PDF's document information, in Chinese.
type Info struct {
	Title, Author, Subject, Keywords, Creator string
	Created                                   time.Time
}

// NumPages returns the number of pages, filler pages included.
func (l *Layout) NumPages() int { return len(l.pages) }

// slots bounds how many documents are laid out or written at once.
// Rendering is CPU-bound, so more in flight than cores finish no sooner;
// each holds several megabytes of compressor and font buffers, so a burst
// of a hundred requests would otherwise hold them all at once.
var slots = make(chan struct{}, 2*runtime.GOMAXPROCS(0))

func acquire(ctx context.Context) error {
	select {
	case slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func release() { <-slots }

// Build validates the record and lays it out.
func Build(ctx context.Context, doc form.Document, opt Options) (*Layout, error) {
	if err := acquire(ctx); err != nil {
		return nil, err
	}
	defer release()
	return build(ctx, doc, opt)
}

func build(ctx context.Context, doc form.Document, opt Options) (*Layout, error) {
	if doc == nil {
		return nil, errors.New("pdfgen: no document")
	}
	// The one validation of a render: the record and the enumerations of
	// its edition, so callers need not validate first.
	v := opt.Validation
	v.SkipGlyphs = true
	if f := form.Validate(doc, v); len(f) > 0 {
		return nil, &InvalidError{Findings: f}
	}
	rec, err := newRecord(doc)
	if err != nil {
		return nil, err
	}
	edition, _ := rec.get("$.edition").(string)
	t, err := templates.Load(string(doc.DocKind()), edition, opt.Templates)
	if err != nil {
		return nil, err
	}
	fs := opt.Fonts
	if fs == nil {
		fs = fonts.Embedded()
	}
	e, err := newEngine(ctx, t, rec, fs)
	if err != nil {
		return nil, err
	}
	e.run()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.err != nil {
		return nil, e.err
	}
	if len(e.tooLong) > 0 {
		return nil, TooLongErrors(e.tooLong)
	}
	if len(e.missingOrder) > 0 {
		me := &MissingGlyphError{}
		for _, r := range e.missingOrder {
			me.Chars = append(me.Chars, MissingChar{Rune: r, Paths: e.missing[r]})
		}
		return nil, me
	}
	l := &Layout{Template: t, Digest: form.Digest(doc), pages: e.pages}
	l.DocID = docID(doc.DocKind(), edition, rec)
	l.Info = info(e, rec)
	if err := e.finish(l); err != nil {
		return nil, err
	}
	l.pages = e.pages
	return l, nil
}

// Render lays out doc and writes it as PDF to w. It returns the page map.
func Render(ctx context.Context, w io.Writer, doc form.Document, opt Options) (*PageMap, error) {
	if err := acquire(ctx); err != nil {
		return nil, err
	}
	defer release()
	l, err := build(ctx, doc, opt)
	if err != nil {
		return nil, err
	}
	if err := l.writePDF(w); err != nil {
		return nil, err
	}
	return l.PageMap(), nil
}

// docID names a document across versions of its data: it stays the same
// when the content is edited, so a page printed from older data is
// recognised as an old version of this document (the digests differ)
// rather than a foreign page. It uses the application or letter number
// and the names, never identity numbers.
func docID(k form.Kind, edition string, rec *record) string {
	var key []string
	for _, p := range []string{"$.application_no", "$.letter_no", "$.applicant.name", "$.leader.name", "$.team_name", "$.employer.credit_code", "$.recommender"} {
		key = append(key, show(rec.get(p)))
	}
	sum := sha256.Sum256([]byte("shenbao docid\x00" + string(k) + "\x00" + edition + "\x00" + strings.Join(key, "\x00")))
	return short(sum)
}

func info(e *engine, rec *record) Info {
	t := e.t
	ev := func(s string) string { return rec.eval(e.expr(s), "$", 0).text }
	in := Info{
		Title:    t.Title + ev(t.TitleSuffix),
		Author:   ev(t.Author),
		Subject:  t.Subject,
		Keywords: ev(t.Keywords),
		Creator:  "shenbao 申报材料生成工具（模板 " + t.ID() + "）",
	}
	// The creation date comes from the record, never the clock, so the
	// same data gives the same bytes.
	if d, err := time.ParseInLocation("2006-01-02", show(rec.get(join("$", t.Date))), beijing); err == nil {
		in.Created = d
	}
	return in
}

// finish adds what every page carries: the filler page that makes the
// count even, running header, page number, corner marks and the page code.
// The page code and the running header sit at the outer side (right of odd
// pages, left of even ones), so nothing is in the binding; the header's
// rule stops short of the code.
func (e *engine) finish(l *Layout) error {
	if len(e.pages)%2 == 1 {
		e.land = false
		e.newPage()
		e.cur.filler = true
		st := e.styles["body"]
		e.centered(st, "（此页无正文）", e.cur.x0, e.width, (e.top+e.bot)/2-st.lead)
	}
	e.fixed = true
	n := len(e.pages)
	l.codes = make([]Code, n)
	l.digests = make([][32]byte, n)
	folio := e.t.Page.Folio
	if folio == "" {
		folio = "第 {n} 页　共 {N} 页"
	}
	for i, p := range e.pages {
		e.cur = p
		num := i + 1
		x0 := e.bindingX0(num)
		cx := codeLeft(num)
		if num > 1 && e.t.Page.Header != "" {
			hs := e.styles["header"]
			// The rule runs along the text area but not under the code.
			a, b := x0, x0+e.pWidth
			if num%2 == 1 {
				b = min(b, cx-2*mm)
			} else {
				a = max(a, cx+codeSize*mm+2*mm)
			}
			align := "left"
			if num%2 == 0 {
				align = "right"
			}
			s := e.shape(hs, e.t.Page.Header, "")
			e.drawLine(hs, s, line{a: 0, b: len(s.runes), w: s.width()}, alignX(align, a, b-a, s.width()), e.pTop-4.5*mm-hs.lead)
			e.add(op{kind: opLine, x: a, y: e.pTop - 3.5*mm, w: b - a, lw: 0.5})
		}
		if !p.noFolio {
			fs := e.styles["footer"]
			text := strings.NewReplacer("{n}", fmt.Sprint(num), "{N}", fmt.Sprint(n)).Replace(folio)
			s := e.shape(fs, text, "")
			x := alignX("center", x0, e.pWidth, s.width())
			if e.t.Page.FolioOuter {
				// GB/T 9704: odd pages right, even pages left, one
				// character in.
				if num%2 == 1 {
					x = x0 + e.pWidth - fs.size - s.width()
				} else {
					x = x0 + fs.size
				}
			}
			e.drawLine(fs, s, line{a: 0, b: len(s.runes), w: s.width()}, x, pageH-14*mm-fs.base)
		}
		for _, m := range marks {
			e.add(op{kind: opFill, x: m.x * mm, y: m.y * mm, w: markSize * mm, h: markSize * mm})
			e.zone(ZoneMark, m.id, nil, "", m.x*mm, m.y*mm, markSize*mm, markSize*mm)
		}
		d := pageDigest(p)
		l.digests[i] = d
		c := Code{Edition: e.t.Edition, Kind: e.t.Kind, Version: e.t.Version, DocID: l.DocID,
			Page: num, Pages: n, PageDigest: short(d), RecordDigest: short(l.Digest)}
		l.codes[i] = c
		mods, err := qrModules(c.String())
		if err != nil {
			return err
		}
		e.drawQR(mods, cx)
	}
	return nil
}

// The fixed furniture, in millimetres: four corner marks and the page code
// at the top outer corner (codeX on odd pages, mirrored on even ones),
// outside the text area.
const (
	markSize = 6.0
	codeX    = 172.0
	codeY    = 4.0
	codeSize = 24.0 // including the quiet zone of four modules
)

var marks = []struct {
	id   string
	x, y float64
}{
	{"tl", 6, 6}, {"tr", 210 - 6 - markSize, 6},
	{"bl", 6, 297 - 6 - markSize}, {"br", 210 - 6 - markSize, 297 - 6 - markSize},
}

// codeLeft is the left edge of the page code on page n, in points.
func codeLeft(n int) float64 {
	if n%2 == 0 {
		return (210 - codeX - codeSize) * mm
	}
	return codeX * mm
}

// drawQR draws the page code with its left edge at x (points).
func (e *engine) drawQR(mods [][]bool, x float64) {
	n := len(mods)
	unit := codeSize * mm / float64(n+8)
	x0, y0 := x+4*unit, codeY*mm+4*unit
	// Each horizontal run of dark modules becomes one rectangle, extended
	// down over the rows that repeat it exactly: about a third fewer
	// rectangles to write and draw.
	type run struct{ a, b int }
	runs := make([][]run, n)
	for y, row := range mods {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			a := x
			for x < n && row[x] {
				x++
			}
			runs[y] = append(runs[y], run{a, x})
		}
	}
	used := make([]map[run]bool, n)
	for y := range used {
		used[y] = map[run]bool{}
	}
	for y := range runs {
		for _, r := range runs[y] {
			if used[y][r] {
				continue
			}
			h := 1
			for y+h < n && slices.Contains(runs[y+h], r) && !used[y+h][r] {
				used[y+h][r] = true
				h++
			}
			e.add(op{kind: opFill, x: x0 + float64(r.a)*unit, y: y0 + float64(y)*unit, w: float64(r.b-r.a) * unit, h: float64(h) * unit})
		}
	}
	e.zone(ZonePageCode, "", nil, "", x, codeY*mm, codeSize*mm, codeSize*mm)
}

// drawText draws one line of template text, top at y.
func (e *engine) drawText(st *style, text string, x, y float64, align string) {
	s := e.shape(st, text, "")
	w := s.width()
	e.drawLine(st, s, line{a: 0, b: len(s.runes), w: w}, alignX(align, x, e.width, w), y)
}

// PageMap returns the page map.
func (l *Layout) PageMap() *PageMap {
	t := l.Template
	m := &PageMap{Format: PageMapFormat, Kind: t.Kind, Edition: t.Edition, Template: t.ID(), Version: t.Version,
		DocID: l.DocID, RecordDigest: hex.EncodeToString(l.Digest[:]), PageSize: [2]float64{210, 297},
		Fonts: l.fontNames()}
	for i, p := range l.pages {
		zs := p.zones
		if zs == nil {
			zs = []Zone{}
		}
		m.Pages = append(m.Pages, PageInfo{Number: i + 1, Filler: p.filler, Landscape: p.land, Digest: hex.EncodeToString(l.digests[i][:]),
			Code: l.codes[i].String(), Zones: zs})
	}
	return m
}

// beijing is China Standard Time, which has had no daylight saving since
// 1991; a fixed zone needs no time zone database.
var beijing = time.FixedZone("CST", 8*3600)

// fontNames lists the faces the layout draws with, sorted.
func (l *Layout) fontNames() []string {
	seen := map[string]bool{}
	for _, p := range l.pages {
		p.eachOp(func(o *op) {
			if f := o.face; f != nil {
				seen[f.PostScriptName()+" ("+f.Source()+")"] = true
			}
		})
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
