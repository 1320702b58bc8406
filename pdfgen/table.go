package pdfgen

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/bast-tools/shenbao/templates"
)

// Table cell padding and rule width.
const (
	padX     = 1.5 * mm
	padY     = 1.2 * mm
	ruleW    = 0.5
	signMinH = 12 * mm // a handwritten name fits
)

type cellKind uint8

const (
	cellLabel cellKind = iota
	cellValue
	cellSign
)

type tcell struct {
	kind      cellKind
	col, span int     // first column and number of columns
	x, w      float64 // relative to the text area's left edge
	st        *style
	align     string
	s         shaped
	lines     []line
	v         value
	maxLines  int
	id, label string // signature zone id and readable name
}

type trow struct {
	cells    []tcell
	h        float64 // natural height
	keepNext bool    // a list row whose detail row follows
	minH     float64
}

// table lays out a table block: fixed rows, or one row per list element,
// with rows as tall as their content, split across pages when they must
// be, and the header (or at least 「（续）」) repeated on continuation pages.
// tail is the height of what must stay with the last row (a seal block
// certifying the table).
func (e *engine) table(b *templates.Block, tail float64) {
	head, rows := e.tableRows(b)
	if e.err != nil {
		return
	}
	body := e.bot - e.top
	total := tail
	if head != nil {
		body -= head.h
		total += head.h
	}
	for _, r := range rows {
		total += r.h
	}
	// A small table is not split (a budget table, a two-row list): it
	// moves to the next page whole.
	if total <= (e.bot-e.top)/3 {
		e.need(total)
	} else {
		e.need(e.leadHeight(b, head, rows, tail))
	}
	if head != nil {
		e.drawRow(head, e.y, head.h, nil, nil)
		e.y += head.h
	}
	saved := e.continuation
	title := e.heading
	e.continuation = func() {
		note := e.styles["note"]
		e.paragraph(note, value{text: title + "（续）"}, nil)
		if head != nil {
			e.drawRow(head, e.y, head.h, nil, nil)
			e.y += head.h
		}
	}
	defer func() { e.continuation = saved }()
	for i := range rows {
		with := keepWith(rows, i, tail, body)
		if with <= body && e.y+with > e.bot+0.01 && e.y > e.top+0.01 {
			e.breakPage()
		}
		reserve := 0.0
		if i == len(rows)-1 {
			reserve = tail
		}
		e.placeRow(&rows[i], head, reserve)
	}
	e.y += tableGap
}

// tableGap is the space below a table.
const tableGap = 2 * mm

// keepWith is the height that goes to a new page with row i: the row, its
// detail row, and for the last rows, the block that certifies the table
// (tail); a short last row (a quarter of the body at most) is not left
// alone after a page break.
func keepWith(rows []trow, i int, tail, body float64) float64 {
	n := len(rows)
	with := rows[i].h
	j := i + 1
	if rows[i].keepNext && j < n {
		with += rows[j].h
		j++
	}
	if j == n {
		return with + tail
	}
	if last := n - 1; j == last || (j == last-1 && rows[j].keepNext) {
		rest := tail
		for k := j; k < n; k++ {
			rest += rows[k].h
		}
		if rest-tail <= body/4 || tail > 0 {
			with += rest
		}
	}
	return with
}

func (e *engine) tableFirstHeight(b *templates.Block, tail float64) float64 {
	dry := e.dry
	e.dry = true
	head, rows := e.tableRows(b)
	e.dry = dry
	return e.leadHeight(b, head, rows, tail)
}

// leadHeight is how much of a table must fit on a page for the table to
// start there: the header with what goes with the first row (keepWith)
// when that fits a page (so no header is left alone at a page foot), else
// with the row's first lines.
func (e *engine) leadHeight(b *templates.Block, head *trow, rows []trow, tail float64) float64 {
	h, body := 0.0, e.bot-e.top
	if head != nil {
		h, body = head.h, body-head.h
	}
	if len(rows) > 0 {
		if with := keepWith(rows, 0, tail, body); rows[0].h <= body/3 && with <= body {
			h += with
		} else {
			h += min(rows[0].h, 3*e.style(b.Style, "cell").lead+2*padY)
		}
	}
	return h
}

// listRows returns the indexes of the list elements a table shows, in the
// order it shows them: those matching Where, sorted by Sort.
func (e *engine) listRows(b *templates.Block, path string) []int {
	var idx []int
	field, want, filter := strings.Cut(b.Where, "=")
	for i := range e.rec.list(path) {
		if !filter || show(e.rec.get(fmt.Sprintf("%s[%d].%s", path, i, field))) == want {
			idx = append(idx, i)
		}
	}
	if b.Sort != "" {
		key := func(i int) string {
			s := show(e.rec.get(fmt.Sprintf("%s[%d].%s", path, i, b.Sort)))
			return fmt.Sprintf("%020s", s) // numbers compare as numbers
		}
		sort.SliceStable(idx, func(a, c int) bool { return key(idx[a]) < key(idx[c]) })
	}
	return idx
}

// tableRows builds the header row (nil without one) and the body rows, with
// column widths sized from their content (colWidths).
func (e *engine) tableRows(b *templates.Block) (*trow, []trow) {
	cst, lst := e.style(b.Style, "cell"), e.styles["label"]
	minH := b.MinHeight * mm
	ncol := len(b.Columns)
	var head *trow
	if b.Header {
		head = &trow{}
		for i, c := range b.Columns {
			head.cells = append(head.cells, e.cell(cellLabel, lst, "center", i, 1, value{text: c.Head}, 0))
		}
	}
	var rows []trow
	switch {
	case b.Path != "":
		path := join("$", b.Path)
		idx := e.listRows(b, path)
		for n, i := range idx {
			base := fmt.Sprintf("%s[%d]", path, i)
			r := trow{}
			for j, c := range b.Columns {
				if c.Sign {
					label := e.rec.eval(e.expr(c.ZoneLabel), base, n+1).text
					r.cells = append(r.cells, tcell{kind: cellSign, col: j, span: 1, id: base, label: label, st: cst})
					continue
				}
				v := e.rec.eval(e.expr(c.Value), base, n+1)
				r.cells = append(r.cells, e.cell(cellValue, cst, c.Align, j, 1, v, c.MaxLines))
			}
			r.minH = minH
			rows = append(rows, r)
			if d := b.Detail; d != nil {
				v := e.rec.eval(e.expr(d.Value), base, n+1)
				dr := trow{cells: []tcell{
					e.cell(cellLabel, lst, "center", 0, 2, value{text: d.Head}, 0),
					e.cell(cellValue, cst, d.Align, 2, ncol-2, v, d.MaxLines),
				}}
				rows[len(rows)-1].keepNext = true
				rows = append(rows, dr)
			}
		}
		if len(idx) == 0 {
			rows = append(rows, trow{minH: minH, cells: []tcell{e.cell(cellLabel, e.styles["note"], "center", 0, ncol, value{text: b.Empty}, 0)}})
		}
	default:
		for _, row := range b.Rows {
			r := trow{minH: minH}
			col := 0
			for _, c := range row {
				span := max(c.Span, 1)
				if c.Label != "" || c.Value == "" {
					r.cells = append(r.cells, e.cell(cellLabel, lst, "center", col, span, value{text: c.Label}, 0))
				} else {
					v := e.rec.eval(e.expr(c.Value), "$", 0)
					r.cells = append(r.cells, e.cell(cellValue, cst, c.Align, col, span, v, c.MaxLines))
				}
				col += span
			}
			rows = append(rows, r)
		}
	}
	all := rows
	if head != nil {
		all = append([]trow{*head}, rows...)
	}
	xs := e.colWidths(b, all)
	place := func(r *trow) {
		for i := range r.cells {
			c := &r.cells[i]
			c.x, c.w = xs[c.col], xs[c.col+c.span]-xs[c.col]
			if c.kind == cellSign {
				continue
			}
			if c.v.text != "" {
				c.lines = breakLines(c.s, c.w-2*padX, 0)
			}
			if c.kind == cellLabel {
				c.lines = balance(c.s, c.lines, c.w-2*padX, 0)
			}
			if c.kind == cellValue && !e.checkLines(c.v, len(c.lines), c.maxLines) {
				c.lines = nil
			}
		}
		e.finishRow(r, r.minH)
	}
	if head != nil {
		place(head)
	}
	for i := range rows {
		place(&rows[i])
	}
	return head, rows
}

// cell makes a cell: labels and headers break only at sensible points
// (gluePhrases), values keep dates, numbers with units and file names
// whole (glueTokens).
func (e *engine) cell(kind cellKind, st *style, align string, col, span int, v value, maxLines int) tcell {
	c := tcell{kind: kind, col: col, span: span, st: st, align: align, v: v, maxLines: maxLines}
	c.s = e.shape(st, v.text, first(v.paths))
	if kind == cellLabel {
		gluePhrases(&c.s)
	} else {
		glueTokens(&c.s)
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
// page if it is short, else split line by line across pages. reserve is
// room the last row keeps below it for the block that certifies the
// table: a split row leaves its last lines for the next page rather than
// send that block there alone.
func (e *engine) placeRow(r *trow, head *trow, reserve float64) {
	const eps = 0.01
	body := e.bot - e.top
	if head != nil {
		body -= head.h
	}
	if e.y+r.h+reserve <= e.bot+eps || (e.y+r.h <= e.bot+eps && r.h <= body/3) {
		e.drawRow(r, e.y, r.h, nil, nil)
		e.y += r.h
		return
	}
	if r.h <= body/3 {
		e.breakPage()
		if e.y+r.h <= e.bot+eps {
			e.drawRow(r, e.y, r.h, nil, nil)
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
		if rest <= room+eps && (rest+reserve <= room+eps || fresh) {
			h := rest + 2*padY
			if firstPart {
				h = r.h
			}
			e.drawRow(r, e.y, h, from, nil)
			e.y += h
			return
		}
		if rest <= room+eps {
			// It fits, but what follows would be alone on the next page:
			// two lines of each cell go there with it.
			to := make([]int, len(r.cells))
			for i, c := range r.cells {
				to[i] = max(from[i], len(c.lines)-2)
			}
			if slices.Equal(to, from) {
				e.breakPage()
				continue
			}
			e.drawRow(r, e.y, e.bot-e.y, from, to)
			copy(from, to)
			firstPart = false
			e.breakPage()
			continue
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
		e.drawRow(r, e.y, e.bot-e.y, from, to)
		copy(from, to)
		firstPart = false
		e.breakPage()
	}
}

// drawRow draws lines [from[i], to[i]) of each cell (all lines when nil) in
// a row part of height h at y, each cell's part centred vertically, whether
// the row is whole or split across pages.
func (e *engine) drawRow(r *trow, y, h float64, from, to []int) {
	x0 := e.cur.x0
	for i := range r.cells {
		c := &r.cells[i]
		e.add(op{kind: opStroke, x: x0 + c.x, y: y, w: c.w, h: h, lw: ruleW})
		if c.kind == cellSign {
			e.zoneLabel(ZoneSignature, c.id, c.label, x0+c.x, y, c.w, h)
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
		ty := y + (h-float64(b-a)*c.st.lead)/2
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
