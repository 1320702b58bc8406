package pdfgen

import (
	"fmt"
	"math"

	"github.com/bast-tools/shenbao/templates"
)

// Table cell padding and rule width.
const (
	padX     = 1.5 * mm
	padY     = 1.2 * mm
	ruleW    = 0.5
	signMinH = 11 * mm // a handwritten name fits
)

type cellKind uint8

const (
	cellLabel cellKind = iota
	cellValue
	cellSign
)

type tcell struct {
	kind  cellKind
	x, w  float64 // relative to the text area's left edge
	st    *style
	align string
	s     shaped
	lines []line
	v     value
	id    string // signature zone id
}

type trow struct {
	cells    []tcell
	h        float64 // natural height
	keepNext bool    // a list row whose detail row follows
}

// table lays out a table block: fixed rows, or one row per list element,
// with rows as tall as their content, split across pages when they must
// be, and the header repeated on continuation pages.
func (e *engine) table(b *templates.Block) {
	head, rows := e.tableRows(b)
	if e.err != nil {
		return
	}
	e.need(e.leadHeight(b, head, rows))
	if head != nil {
		e.drawRow(head, e.y, head.h, nil, nil, true)
		e.y += head.h
		saved := e.continuation
		e.continuation = func() {
			e.drawRow(head, e.y, head.h, nil, nil, true)
			e.y += head.h
		}
		defer func() { e.continuation = saved }()
	}
	body := e.bot - e.top
	if head != nil {
		body -= head.h
	}
	for i := range rows {
		if rows[i].keepNext && i+1 < len(rows) {
			// A row and its detail go to the next page together when
			// they fit there.
			if both := rows[i].h + rows[i+1].h; both <= body && e.y+both > e.bot+0.01 {
				e.breakPage()
			}
		}
		e.placeRow(&rows[i], head)
	}
	e.y += 2 * mm
}

func (e *engine) tableFirstHeight(b *templates.Block) float64 {
	dry := e.dry
	e.dry = true
	head, rows := e.tableRows(b)
	e.dry = dry
	return e.leadHeight(b, head, rows)
}

// leadHeight is how much of a table must fit on a page for the table to
// start there: the header with the first row whole when placeRow would move
// that row whole (so no header is left alone at a page foot), else with
// the row's first lines.
func (e *engine) leadHeight(b *templates.Block, head *trow, rows []trow) float64 {
	h, body := 0.0, e.bot-e.top
	if head != nil {
		h, body = head.h, body-head.h
	}
	if len(rows) > 0 {
		if rows[0].h <= body/3 {
			h += rows[0].h
		} else {
			h += min(rows[0].h, 3*e.style(b.Style, "cell").lead+2*padY)
		}
	}
	return h
}

// tableRows builds the header row (nil without one) and the body rows.
func (e *engine) tableRows(b *templates.Block) (*trow, []trow) {
	total := 0.0
	for _, c := range b.Columns {
		total += c.Width
	}
	xs := make([]float64, len(b.Columns)+1)
	for i, c := range b.Columns {
		xs[i+1] = xs[i] + c.Width/total*e.width
	}
	cst, lst := e.style(b.Style, "cell"), e.styles["label"]
	minH := b.MinHeight * mm
	var head *trow
	if b.Header {
		head = &trow{}
		for i, c := range b.Columns {
			head.cells = append(head.cells, e.cell(cellLabel, lst, "center", xs[i], xs[i+1], value{text: c.Head}, 0))
		}
		e.finishRow(head, 0)
	}
	var rows []trow
	switch {
	case b.Path != "":
		path := join("$", b.Path)
		n := e.rec.list(path)
		for i := range n {
			base := fmt.Sprintf("%s[%d]", path, i)
			r := trow{}
			for j, c := range b.Columns {
				if c.Sign {
					r.cells = append(r.cells, tcell{kind: cellSign, x: xs[j], w: xs[j+1] - xs[j], id: base, st: cst})
					continue
				}
				v := e.rec.eval(e.expr(c.Value), base, i+1)
				r.cells = append(r.cells, e.cell(cellValue, cst, c.Align, xs[j], xs[j+1], v, c.MaxLines))
			}
			e.finishRow(&r, minH)
			rows = append(rows, r)
			if d := b.Detail; d != nil {
				v := e.rec.eval(e.expr(d.Value), base, i+1)
				dr := trow{cells: []tcell{
					e.cell(cellLabel, lst, "center", xs[0], xs[2], value{text: d.Head}, 0),
					e.cell(cellValue, cst, d.Align, xs[2], xs[len(xs)-1], v, d.MaxLines),
				}}
				e.finishRow(&dr, 0)
				rows[len(rows)-1].keepNext = true
				rows = append(rows, dr)
			}
		}
		if n == 0 {
			r := trow{cells: []tcell{e.cell(cellLabel, e.styles["note"], "center", 0, e.width, value{text: b.Empty}, 0)}}
			e.finishRow(&r, minH)
			rows = append(rows, r)
		}
	default:
		for _, row := range b.Rows {
			r := trow{}
			col := 0
			for _, c := range row {
				span := max(c.Span, 1)
				x, x2 := xs[col], xs[col+span]
				col += span
				if c.Label != "" || c.Value == "" {
					r.cells = append(r.cells, e.cell(cellLabel, lst, "center", x, x2, value{text: c.Label}, 0))
					continue
				}
				v := e.rec.eval(e.expr(c.Value), "$", 0)
				r.cells = append(r.cells, e.cell(cellValue, cst, c.Align, x, x2, v, c.MaxLines))
			}
			e.finishRow(&r, minH)
			rows = append(rows, r)
		}
	}
	return head, rows
}

func (e *engine) cell(kind cellKind, st *style, align string, x, x2 float64, v value, maxLines int) tcell {
	c := tcell{kind: kind, x: x, w: x2 - x, st: st, align: align, v: v}
	c.s = e.shape(st, v.text, first(v.paths))
	c.lines = breakLines(c.s, c.w-2*padX, 0)
	if v.text == "" {
		c.lines = nil
	}
	if kind == cellValue && !e.checkLines(v, len(c.lines), maxLines) {
		c.lines = nil
	}
	return c
}

func (e *engine) finishRow(r *trow, minH float64) {
	h := minH
	for _, c := range r.cells {
		ch := float64(len(c.lines))*c.st.lead + 2*padY
		if c.kind == cellSign {
			ch = signMinH
		}
		h = max(h, ch)
	}
	r.h = h
}

// placeRow puts a row at the cursor: whole if it fits, else on the next
// page if it is short, else split line by line across pages.
func (e *engine) placeRow(r *trow, head *trow) {
	const eps = 0.01
	if e.y+r.h <= e.bot+eps {
		e.drawRow(r, e.y, r.h, nil, nil, true)
		e.y += r.h
		return
	}
	body := e.bot - e.top
	if head != nil {
		body -= head.h
	}
	if r.h <= body/3 {
		e.breakPage()
		if e.y+r.h <= e.bot+eps {
			e.drawRow(r, e.y, r.h, nil, nil, true)
			e.y += r.h
			return
		}
	}
	from := make([]int, len(r.cells))
	maxLead := 0.0
	for _, c := range r.cells {
		maxLead = max(maxLead, c.st.lead)
	}
	firstPart := true
	for e.err == nil {
		fresh := e.y <= e.top+0.01 || (head != nil && e.y <= e.top+head.h+0.01)
		room := e.bot - e.y - 2*padY
		rest := 0.0
		for i, c := range r.cells {
			rest = max(rest, float64(len(c.lines)-from[i])*c.st.lead)
		}
		if rest <= room+eps {
			h := rest + 2*padY
			if firstPart {
				h = r.h
			}
			e.drawRow(r, e.y, h, from, nil, firstPart)
			e.y += h
			return
		}
		if room < 2*maxLead && !fresh {
			e.breakPage()
			continue
		}
		to := make([]int, len(r.cells))
		for i, c := range r.cells {
			// At least one line per part, so a line taller than a page
			// still makes progress.
			n := max(1, int(math.Floor((room+eps)/c.st.lead)))
			to[i] = min(len(c.lines), from[i]+n)
			if c.kind == cellLabel && firstPart {
				to[i] = len(c.lines)
			}
		}
		e.drawRow(r, e.y, e.bot-e.y, from, to, false)
		copy(from, to)
		firstPart = false
		e.breakPage()
	}
}

// drawRow draws lines [from[i], to[i]) of each cell (all lines when nil) in
// a row part of height h at y. A whole row is centred vertically; parts of
// a split row start at the top.
func (e *engine) drawRow(r *trow, y, h float64, from, to []int, whole bool) {
	x0 := e.cur.x0
	for i := range r.cells {
		c := &r.cells[i]
		e.add(op{kind: opStroke, x: x0 + c.x, y: y, w: c.w, h: h, lw: ruleW})
		if c.kind == cellSign {
			e.zone(ZoneSignature, c.id, nil, "", x0+c.x, y, c.w, h)
			continue
		}
		a, b := 0, len(c.lines)
		if from != nil {
			a = from[i]
		}
		if to != nil {
			b = to[i]
		}
		if a >= b {
			if c.kind == cellValue && a == 0 {
				e.zone(ZoneField, "", c.v.paths, "", x0+c.x, y, c.w, h)
			}
			continue
		}
		ty := y + padY
		if whole && from == nil {
			ty = y + (h-float64(b-a)*c.st.lead)/2
		}
		shown := ""
		for _, l := range c.lines[a:b] {
			e.drawLine(c.st, c.s, l, alignX(c.align, x0+c.x+padX, c.w-2*padX, l.w), ty)
			shown += c.s.text(l)
			ty += c.st.lead
		}
		if c.kind == cellValue {
			e.zone(ZoneField, "", c.v.paths, shown, x0+c.x, y, c.w, h)
		}
	}
}
