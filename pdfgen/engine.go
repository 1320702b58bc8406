package pdfgen

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/templates"
)

// A4 in points.
const (
	pageW = 210 * mm
	pageH = 297 * mm
)

type opKind uint8

const (
	opText   opKind = iota
	opFill          // filled rectangle
	opStroke        // stroked rectangle
	opLine          // a straight line from (x, y) to (x+w, y+h)
	// opRotate turns what follows, up to opRotateEnd, w degrees
	// anticlockwise about (x, y). Only Sheets use it; the raster backend
	// does not draw turned text.
	opRotate
	opRotateEnd
)

// op is one drawing operation of a page's display list, in points from the
// top-left corner of the page. Text is drawn with its baseline at y.
type op struct {
	kind  opKind
	x, y  float64
	w, h  float64
	lw    float64 // line width
	color [3]uint8
	gray  bool // draw in light grey (guides the signer, not content)
	face  *fonts.Face
	size  float64
	cs    float64 // extra space after each character (letter spacing, justified lines)
	text  string
	// spaced: cs is as wide as a word space, so text extractors would see
	// one word per character; the PDF says what the text is (/ActualText).
	spaced bool
}

// page is a laid-out page: its display list and its zones.
type page struct {
	ops    []op
	zones  []Zone
	shown  []shownField // for the page digest, in zone order
	filler bool
	x0     float64 // left edge of the text area
	w, h   float64 // page size in points; zero for A4
	// A landscape page is set rotated on the A4 sheet: rops are its
	// content in landscape coordinates (the sheet turned clockwise, top at
	// the sheet's left edge); ops hold what every page has, upright.
	// Zones are always in sheet coordinates.
	land    bool
	rops    []op
	noFolio bool // a cover or a letter's first page
}

// eachOp calls f for every drawing operation of the page.
func (p *page) eachOp(f func(*op)) {
	for i := range p.rops {
		f(&p.rops[i])
	}
	for i := range p.ops {
		f(&p.ops[i])
	}
}

type shownField struct {
	paths string
	text  string
}

// maxPages bounds a layout; the maximal samples take under 30 pages.
const maxPages = 500

// engine lays out one document. It is used once, by one goroutine.
type engine struct {
	ctx    context.Context
	t      *templates.Template
	rec    *record
	fonts  *fonts.Set
	styles map[string]*style
	exprs  map[string]expr

	pages []*page
	cur   *page
	y     float64
	top   float64 // text area of the current page, pt from its top
	bot   float64
	width float64
	// The portrait text area (top, bottom, width), and whether new pages
	// are landscape.
	pTop, pBot, pWidth float64
	land               bool
	fixed              bool   // drawing the furniture of upright pages
	heading            string // the last heading, for 「（续）」

	// continuation repeats a table's header when a page break falls inside
	// the table.
	continuation func()

	missing      map[rune][]string
	missingOrder []rune
	tooLong      []*TooLongError
	err          error
	dry          bool // measuring: nothing is kept
}

func newEngine(ctx context.Context, t *templates.Template, rec *record, fs *fonts.Set) (*engine, error) {
	e := &engine{
		ctx: ctx, t: t, rec: rec, fonts: fs,
		styles:  map[string]*style{},
		exprs:   map[string]expr{},
		missing: map[rune][]string{},
		pTop:    t.Page.Top * mm,
		pBot:    pageH - t.Page.Bottom*mm,
		pWidth:  pageW - (t.Page.Inner+t.Page.Outer)*mm,
	}
	e.top, e.bot, e.width = e.pTop, e.pBot, e.pWidth
	for name, s := range t.Styles {
		st, err := e.resolveStyle(name, s)
		if err != nil {
			return nil, &templates.FormatError{File: t.ID(), Err: err}
		}
		e.styles[name] = st
	}
	return e, nil
}

// style returns the named style, else the default for the block type,
// else body (which every template has).
func (e *engine) style(name, def string) *style {
	if s, ok := e.styles[name]; ok {
		return s
	}
	if s, ok := e.styles[def]; ok {
		return s
	}
	return e.styles["body"]
}

// expr parses (and caches) a template expression.
func (e *engine) expr(s string) expr {
	if x, ok := e.exprs[s]; ok {
		return x
	}
	x, err := parseExpr(s)
	if err != nil && e.err == nil {
		e.err = &templates.FormatError{File: e.t.ID(), Err: err}
	}
	e.exprs[s] = x
	return x
}

func (e *engine) newPage() {
	if e.dry {
		// Measuring: a forced break inside a group counts as a full page.
		e.y = 1e9
		return
	}
	if len(e.pages) >= maxPages {
		// A template that makes every row taller than a page would go on
		// for ever; stop and say so.
		if e.err == nil {
			e.err = &templates.FormatError{File: e.t.ID(), Err: fmt.Errorf("layout exceeds %d pages", maxPages)}
		}
		e.y = e.top
		return
	}
	p := &page{land: e.land}
	x0 := e.bindingX0(len(e.pages) + 1)
	if e.land {
		// The portrait text area, turned (its left edge is the top), and
		// as wide as the sheet allows: the long sides hold no furniture.
		p.x0 = pageH - e.pBot
		e.top, e.bot, e.width = landMargin, pageW-landMargin, e.pBot-e.pTop
	} else {
		p.x0 = x0
		e.top, e.bot, e.width = e.pTop, e.pBot, e.pWidth
	}
	e.pages = append(e.pages, p)
	e.cur = p
	e.y = e.top
}

// landMargin is the margin along the sheet's long sides on a landscape
// page (its top and foot once turned).
const landMargin = 20 * mm

// bindingX0 is the left edge of the portrait text area of page n: the
// binding margin is on the left of odd (recto) pages, right of even ones.
func (e *engine) bindingX0(n int) float64 {
	if n%2 == 1 {
		return e.t.Page.Inner * mm
	}
	return e.t.Page.Outer * mm
}

// breakPage starts a new page and repeats the current table header.
func (e *engine) breakPage() {
	e.newPage()
	if e.continuation != nil {
		e.continuation()
	}
}

// need breaks the page unless h points fit below the cursor.
func (e *engine) need(h float64) {
	if e.y+h > e.bot+0.01 && e.y > e.top+0.01 {
		e.breakPage()
	}
}

func (e *engine) add(o op) {
	switch {
	case e.dry:
	case e.cur.land && !e.fixed:
		e.cur.rops = append(e.cur.rops, o)
	default:
		e.cur.ops = append(e.cur.ops, o)
	}
}

// zone records a zone (box in points, relative to the page) and, for
// fields, the text shown in it.
func (e *engine) zone(kind, id string, paths []string, text string, x, y, w, h float64) {
	e.zoneLabel(kind, id, "", x, y, w, h)
	if !e.dry && kind == ZoneField {
		e.cur.shown = append(e.cur.shown, shownField{paths: strings.Join(paths, ","), text: text})
		e.cur.zones[len(e.cur.zones)-1].Paths = paths
	}
}

// zoneLabel records a zone with a name for people (成员 4 张三 签字).
func (e *engine) zoneLabel(kind, id, label string, x, y, w, h float64) {
	if e.dry {
		return
	}
	if e.cur.land && !e.fixed {
		// Landscape (x across the turned sheet) to sheet coordinates.
		x, y, w, h = y, pageH-x-w, h, w
	}
	z := Zone{Kind: kind, ID: id, Label: label, Box: boxMM(x, y, w, h)}
	e.cur.zones = append(e.cur.zones, z)
}

// drawLine draws one line of s with its left edge at x (absolute) and top
// at y.
func (e *engine) drawLine(st *style, s shaped, l line, x, y float64) {
	e.drawSpaced(st, s, l, x, y, 0)
}

// drawSpaced draws a line with cs points added after every character, to
// justify it, besides the style's letter spacing (both as the PDF's
// character spacing, so the characters stay one word).
func (e *engine) drawSpaced(st *style, s shaped, l line, x, y, cs float64) {
	if e.dry || l.a >= l.b {
		return
	}
	base := y + st.base
	start := l.a
	for i := l.a; i <= l.b; i++ {
		if i < l.b && s.face[i] == s.face[start] {
			continue
		}
		if s.face[start] != nil {
			txt := s.text(line{a: start, b: i})
			if strings.TrimSpace(txt) != "" {
				tc := cs + st.spacing
				e.add(op{kind: opText, x: x, y: base, face: s.face[start], size: st.size, cs: tc, text: txt, color: st.color, spaced: tc > 0.05*st.size})
			}
		}
		for j := start; j < i; j++ {
			x += s.adv[j] + cs
		}
		start = i
	}
}

// alignX returns where a line of width w starts in a box [x, x+width).
func alignX(align string, x, width, w float64) float64 {
	switch align {
	case "center":
		return x + (width-w)/2
	case "right":
		return x + width - w
	}
	return x
}

// run lays out the blocks of the template.
func (e *engine) run() {
	e.newPage()
	e.blocks(e.t.Blocks)
}

func (e *engine) blocks(bs []templates.Block) {
	for i := range bs {
		if e.err != nil || e.ctx.Err() != nil {
			return
		}
		e.block(&bs[i], bs[i+1:])
	}
}

// block lays out b; rest are the blocks after it, which a heading must not
// be separated from.
func (e *engine) block(b *templates.Block, rest []templates.Block) {
	switch b.Type {
	case "cover":
		e.cover(b)
	case "heading":
		st := e.style(b.Style, "h1")
		e.need(st.before + e.paraHeight(st, b.Text, e.width) + st.after + e.firstHeight(rest))
		v := e.rec.eval(e.expr(b.Text), "$", 0)
		e.heading = strings.ReplaceAll(v.text, string(zwsp), "")
		e.paragraph(st, v, nil)
	case "paragraph":
		st := e.style(b.Style, "body")
		v := e.rec.eval(e.expr(b.Text), "$", 0)
		e.paragraph(st, v, v.paths)
	case "text":
		e.freeText(b)
	case "table":
		// A seal block certifies the table above it: it stays with the
		// table's last rows.
		e.table(b, e.tailOf(rest))
	case "signature":
		e.signature(b)
	case "seal":
		e.seal(b)
	case "letterhead":
		e.letterhead(b)
	case "closing":
		e.closing(b)
	case "spacer":
		e.y += b.Height * mm
		if e.y > e.bot {
			e.breakPage()
		}
	case "pagebreak":
		turn := b.Landscape != e.land
		e.land = b.Landscape
		if p := e.cur; turn && !e.dry && len(p.ops)+len(p.rops)+len(p.zones) == 0 {
			e.pages = e.pages[:len(e.pages)-1] // an empty page turns
			e.newPage()
		} else if e.y > e.top+0.01 || turn {
			e.newPage()
		}
	case "group":
		if h := e.measure(b.Blocks); h <= e.bot-e.top {
			e.need(h)
		}
		e.blocks(b.Blocks)
	}
}

// tailOf is the height of a seal block at the head of bs, which must stay
// with the table before it: a seal certifies the rows above it.
func (e *engine) tailOf(bs []templates.Block) float64 {
	if len(bs) > 0 && bs[0].Type == "seal" {
		return tableGap + e.measure(bs[:1])
	}
	return 0
}

// measure returns the height blocks take when laid out on an endless page.
func (e *engine) measure(bs []templates.Block) float64 {
	saved := struct {
		y, bot float64
		dry    bool
	}{e.y, e.bot, e.dry}
	e.dry, e.y, e.bot = true, 0, 1e9
	e.blocks(bs)
	h := e.y
	e.y, e.bot, e.dry = saved.y, saved.bot, saved.dry
	return h
}

// firstHeight is the height of the part of bs that must not be separated
// from a heading above it: two lines of text, a table's head and first row,
// or a further heading with what it keeps (六、 then （一） then a table).
func (e *engine) firstHeight(bs []templates.Block) float64 {
	if len(bs) == 0 {
		return 0
	}
	b := &bs[0]
	switch b.Type {
	case "heading":
		st := e.style(b.Style, "h1")
		return st.before + e.paraHeight(st, b.Text, e.width) + st.after + e.firstHeight(bs[1:])
	case "paragraph", "text":
		st := e.style(b.Style, "body")
		return st.before + 2*st.lead
	case "table":
		return e.tableFirstHeight(b, e.tailOf(bs[1:]))
	case "group", "pagebreak", "cover", "spacer":
		return 0
	}
	return e.measure([]templates.Block{*b})
}

// paraHeight is the height of text set as one paragraph in style st.
func (e *engine) paraHeight(st *style, text string, width float64) float64 {
	return float64(len(e.setLines(st, e.shape(st, text, ""), width))) * st.lead
}

// setLines breaks a paragraph in style st: a template text with
// zero-width spaces breaks only there where it fits, and a balanced style
// makes its lines of even length.
func (e *engine) setLines(st *style, s shaped, width float64) []line {
	if slices.Contains(s.runes, zwsp) {
		gluePhrases(&s)
	}
	ls := breakLines(s, width, st.indent)
	if !st.balance {
		return ls
	}
	return balance(s, ls, width, st.indent)
}

// balance re-breaks lines ls of s at the narrowest measure that takes no
// more lines and breaks no piece, so they are of even length (团队|分工,
// not 团队分|工).
func balance(s shaped, ls []line, width, indent float64) []line {
	if len(ls) < 2 {
		return ls
	}
	// Never so narrow that a piece must break, or, for a piece too wide
	// for the line anyway, a part of it between sensible places.
	widest := 0.0
	for _, at := range atoms(s) {
		if at.w <= width {
			widest = max(widest, at.w)
			continue
		}
		piece := 0.0
		for i := at.a; i < at.b; i++ {
			if breakRank(s, at.a, at.b, i) > 0 {
				widest, piece = max(widest, piece), 0
			}
			piece += s.adv[i]
		}
		widest = max(widest, piece)
	}
	lo, hi := max(width/float64(len(ls)), widest+indent), width
	for range 10 {
		mid := (lo + hi) / 2
		if len(breakLines(s, mid, indent)) > len(ls) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return breakLines(s, hi, indent)
}

// paragraph sets one or more paragraphs (split at newlines) of v with
// first-line indent, breaking pages between lines. With paths set the text
// is a field and gets a zone per page it covers.
func (e *engine) paragraph(st *style, v value, paths []string) {
	e.y += st.before
	path := ""
	if len(paths) > 0 {
		path = paths[0]
	}
	zoneTop, zoneText := e.y, strings.Builder{}
	zonePage := e.cur
	flush := func() {
		if len(paths) > 0 && e.cur == zonePage && e.y > zoneTop {
			e.zone(ZoneField, "", paths, zoneText.String(), e.cur.x0, zoneTop, e.width, e.y-zoneTop)
		}
		zoneText.Reset()
	}
	for _, para := range strings.Split(v.text, "\n") {
		s := e.shape(st, para, path)
		lines := e.setLines(st, s, e.width)
		for i, l := range lines {
			// No paragraph leaves its first line alone at a page foot
			// (orphan) or its last line alone at a page top (widow).
			fits := int((e.bot - e.y + 0.01) / st.lead)
			orphan := i == 0 && fits == 1 && len(lines) >= 2
			widow := i == len(lines)-2 && i > 0 && fits == 1
			if (orphan || widow) && e.y > e.top+0.01 {
				flush()
				e.breakPage()
				zoneTop, zonePage = e.y, e.cur
			}
			if e.y+st.lead > e.bot+0.01 {
				flush()
				e.breakPage()
				zoneTop, zonePage = e.y, e.cur
			}
			x, w := e.cur.x0, e.width
			if i == 0 {
				x, w = x+st.indent, w-st.indent
			}
			cs := 0.0
			if i < len(lines)-1 && (st.align == "" || st.align == "left") {
				cs = justify(s, l, w, st.size)
			}
			e.drawSpaced(st, s, l, alignX(st.align, x, w, l.w), e.y, cs)
			zoneText.WriteString(s.text(l))
			e.y += st.lead
		}
	}
	flush()
	e.y += st.after
}

// freeText lays out a long free-text field, flowing across pages.
func (e *engine) freeText(b *templates.Block) {
	st := e.style(b.Style, "body")
	path := join("$", b.Path)
	text := show(e.rec.get(path))
	if b.MaxChars > 0 && utf8.RuneCountInString(text) > b.MaxChars {
		if e.dry {
			return
		}
		e.tooLong = append(e.tooLong, &TooLongError{Path: path, Limit: b.MaxChars, Unit: "字", Got: utf8.RuneCountInString(text)})
		return
	}
	if strings.TrimSpace(text) == "" {
		if b.Empty != "" {
			e.paragraph(e.styles["note"], value{text: b.Empty}, nil)
			return
		}
		// Left blank for a handwritten opinion.
		e.y += 4 * st.lead
		if e.y > e.bot {
			e.breakPage()
		}
		return
	}
	e.paragraph(st, value{text: text, paths: []string{path}}, []string{path})
}

// checkLines refuses a value that needs more lines than its box allows.
func (e *engine) checkLines(v value, n, max int) bool {
	if max > 0 && n > max {
		if e.dry {
			return false // reported by the real pass
		}
		p := strings.Join(v.paths, ",")
		e.tooLong = append(e.tooLong, &TooLongError{Path: p, Limit: max, Unit: "行", Got: n})
		return false
	}
	return true
}

// cover lays out the cover page: number, title lines, field lines with
// underlines, issuer line at the foot.
func (e *engine) cover(b *templates.Block) {
	x0 := e.cur.x0
	e.cur.noFolio = true
	if b.Number != "" {
		st := e.style("coverf", "body")
		v := e.rec.eval(e.expr(b.Number), "$", 0)
		if !v.empty {
			s := e.shape(st, v.text, first(v.paths))
			ls := breakLines(s, e.width, 0)
			for _, l := range ls {
				x := alignX("right", x0, e.width, l.w)
				e.drawLine(st, s, l, x, e.y)
				e.zone(ZoneField, "", v.paths, s.text(l), x, e.y, l.w, st.lead)
				e.y += st.lead
			}
		}
	}
	e.y = e.top + 32*mm
	for _, ln := range b.Lines {
		st := e.style(ln.Style, "title")
		e.paragraph(st, value{text: ln.Text}, nil)
	}
	// Fields: labels spread to one width (分散对齐, by character
	// spacing), values on underlines.
	e.y = max(e.y+12*mm, e.top+105*mm)
	lst, vst := e.style("coverl", "label"), e.style("coverf", "body")
	labelW := 0.0
	for _, f := range b.Fields {
		labelW = max(labelW, e.shape(lst, f.Label, "").width())
	}
	colon := e.shape(lst, "：", "")
	labelW += colon.width()
	left := x0 + 18*mm
	vx := left + labelW + 2*mm
	vw := x0 + e.width - 18*mm - vx
	for _, f := range b.Fields {
		v := e.rec.eval(e.expr(f.Value), "$", 0)
		s := e.shape(vst, v.text, first(v.paths))
		ls := breakLines(s, vw-4*mm, 0)
		if !e.checkLines(v, len(ls), f.MaxLines) {
			continue
		}
		ls0 := e.shape(lst, f.Label, "")
		spread := 0.0
		if n := len(ls0.runes); n > 1 {
			spread = (labelW - colon.width() - ls0.width()) / float64(n-1)
		}
		e.drawSpaced(lst, ls0, line{a: 0, b: len(ls0.runes)}, left, e.y, spread)
		e.drawLine(lst, colon, line{a: 0, b: 1}, left+labelW-colon.width(), e.y)
		top := e.y
		for _, l := range ls {
			e.drawLine(vst, s, l, alignX("center", vx, vw, l.w), e.y)
			e.add(op{kind: opLine, x: vx, y: e.y + vst.lead - 1, w: vw, lw: 0.6})
			e.y += vst.lead
		}
		e.zone(ZoneField, "", v.paths, s.text(line{a: 0, b: len(s.runes)}), vx, top, vw, e.y-top)
		e.y += 3 * mm
	}
	if b.Issuer != "" {
		st := e.style("issuer", "title")
		e.y = e.bot - 2*st.lead
		e.paragraph(st, value{text: b.Issuer}, nil)
	}
}

func (s shaped) width() float64 {
	w := 0.0
	for _, a := range s.adv {
		w += a
	}
	return w
}

func first(ss []string) string {
	if len(ss) > 0 {
		return ss[0]
	}
	return ""
}

// TooLongError reports a value that does not fit the box the template gives
// it. The value is refused, never clipped.
type TooLongError struct {
	Path  string // JSON path of the field
	Limit int    // the template's limit
	Unit  string // 字 (characters) or 行 (lines)
	Got   int
}

// Code returns CodeTooLong.
func (e *TooLongError) Code() string { return CodeTooLong }

func (e *TooLongError) Error() string {
	return fmt.Sprintf("%s：内容超出模板允许的范围（最多 %d %s，实际 %d %s），请精简后重新生成", e.Path, e.Limit, e.Unit, e.Got, e.Unit)
}

// justify returns the spacing that makes line l fill width w, as CJK text
// is set, or 0 when that would open visible gaps (a line broken before a
// long Latin word).
func justify(s shaped, l line, w, size float64) float64 {
	n := 0
	for _, r := range s.runes[l.a:l.b] {
		if r != '\n' && r != '\r' {
			n++
		}
	}
	if n < 2 || l.w >= w {
		return 0
	}
	cs := (w - l.w) / float64(n-1)
	if cs > 0.2*size {
		return 0
	}
	return cs
}
