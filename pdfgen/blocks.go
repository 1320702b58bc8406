package pdfgen

import (
	"github.com/bast-tools/shenbao/templates"
)

// Guide boxes (signature, seal) are drawn in light grey: they show the
// signer where to sign without looking like content.

// signature lays out a signature line: label, a box to sign in, and a date
// line for a handwritten date below it, right-aligned.
func (e *engine) signature(b *templates.Block) {
	st := e.style(b.Style, "sign")
	w, h := def(b.Width, 55)*mm, def(b.Height, 16)*mm
	total := 4*mm + h + 2*mm + st.lead + 2*mm
	e.need(total)
	x0 := e.cur.x0
	bx, by := x0+e.width-w, e.y+4*mm
	e.labelLeftOf(st, b.Label, bx, by+h-st.lead-1*mm)
	e.add(op{kind: opStroke, x: bx, y: by, w: w, h: h, lw: 0.4, gray: true})
	e.zone(ZoneSignature, b.ID, nil, "", bx, by, w, h)
	e.dateLine(st, "日期：", x0+e.width, by+h+2*mm)
	e.y = by + h + 2*mm + st.lead + 2*mm
}

// seal lays out a signature box for the responsible person on the left and
// a seal box on the right with the handwritten date inside it, so the seal
// goes over the date. The box is sized for a 42 mm round seal with margin.
func (e *engine) seal(b *templates.Block) {
	st := e.style(b.Style, "sign")
	note := e.styles["note"]
	w, h := def(b.Width, 52)*mm, def(b.Height, 52)*mm
	e.need(6*mm + h + 3*mm)
	x0 := e.cur.x0
	sx, sy := x0+e.width-w, e.y+6*mm
	if b.Label != "" {
		sw, sh := 50*mm, 16*mm
		lw := e.shape(st, b.Label, "").width()
		bx := min(x0+lw+1*mm, sx-sw-6*mm)
		by := sy + (h-sh)/2
		e.labelLeftOf(st, b.Label, bx, by+sh-st.lead-1*mm)
		e.add(op{kind: opStroke, x: bx, y: by, w: sw, h: sh, lw: 0.4, gray: true})
		e.zone(ZoneSignature, b.ID, nil, "", bx, by, sw, sh)
	}
	e.add(op{kind: opStroke, x: sx, y: sy, w: w, h: h, lw: 0.4, gray: true})
	e.zone(ZoneSeal, b.ID, nil, "", sx, sy, w, h)
	e.centered(note, "（单位盖章）", sx, w, sy+2*mm)
	e.dateLine(st, "", sx+w-(w-e.dateWidth(st, ""))/2, sy+h-st.lead-8*mm)
	e.y = sy + h + 3*mm
}

func def(v, d float64) float64 {
	if v > 0 {
		return v
	}
	return d
}

// labelLeftOf draws a one-line label ending just left of x, top at y.
func (e *engine) labelLeftOf(st *style, label string, x, y float64) {
	s := e.shape(st, label, "")
	w := s.width()
	e.drawLine(st, s, line{a: 0, b: len(s.runes), w: w}, x-w-1*mm, y)
}

func (e *engine) centered(st *style, text string, x, w, y float64) {
	s := e.shape(st, text, "")
	tw := s.width()
	e.drawLine(st, s, line{a: 0, b: len(s.runes), w: tw}, x+(w-tw)/2, y)
}

const dateBlank = "　　　　年　　月　　日"

func (e *engine) dateWidth(st *style, prefix string) float64 {
	return e.shape(st, prefix+dateBlank, "").width()
}

// dateLine draws "prefix    年  月  日" ending at right, top at y.
func (e *engine) dateLine(st *style, prefix string, right, y float64) {
	s := e.shape(st, prefix+dateBlank, "")
	w := s.width()
	e.drawLine(st, s, line{a: 0, b: len(s.runes), w: w}, right-w, y)
}

// letterhead lays out the GB/T 9704 发文机关标志: the organisation's name in
// red, a red rule, and the document number (发文字号) at the right below it.
func (e *engine) letterhead(b *templates.Block) {
	st := e.style(b.Style, "letterhead")
	v := e.rec.eval(e.expr(b.Text), "$", 0)
	e.fieldLines(st, v, "center", 0)
	e.y += 2 * mm
	e.add(op{kind: opFill, x: e.cur.x0, y: e.y, w: e.width, h: 1.2, color: st.color})
	e.y += 4 * mm
	if b.Number != "" {
		nv := e.rec.eval(e.expr(b.Number), "$", 0)
		if !nv.empty {
			e.fieldLines(e.style("number", "body"), nv, "right", 0)
		}
	}
	e.y += 4 * mm
}

// fieldLines sets a short field value as centred or right-aligned lines,
// with a zone.
func (e *engine) fieldLines(st *style, v value, align string, maxLines int) {
	s := e.shape(st, v.text, first(v.paths))
	ls := breakLines(s, e.width, 0)
	if len(v.paths) > 0 && !e.checkLines(v, len(ls), maxLines) {
		return
	}
	e.need(float64(len(ls)) * st.lead)
	top := e.y
	for _, l := range ls {
		e.drawLine(st, s, l, alignX(align, e.cur.x0, e.width, l.w), e.y)
		e.y += st.lead
	}
	if len(v.paths) > 0 {
		e.zone(ZoneField, "", v.paths, s.text(line{a: 0, b: len(s.runes)}), e.cur.x0, top, e.width, e.y-top)
	}
}

// closing lays out the GB/T 9704 落款 of a sealed letter: the date four
// characters from the right margin, the organisation centred over the
// date, and the seal box centred on both so the seal presses on them.
func (e *engine) closing(b *templates.Block) {
	st := e.style(b.Style, "body")
	w, h := def(b.Width, 50)*mm, def(b.Height, 50)*mm
	e.need(3*mm + h + 2*mm)
	x0 := e.cur.x0
	dv := e.rec.eval(e.expr(b.Date), "$", 0)
	ds := e.shape(st, dv.text, first(dv.paths))
	dw := ds.width()
	dx := x0 + e.width - 4*st.size - dw
	centre := dx + dw/2
	ov := e.rec.eval(e.expr(b.Text), "$", 0)
	os := e.shape(st, ov.text, first(ov.paths))
	// The organisation's name may be long: wrap it in the width that stays
	// centred on the date.
	half := min(centre-x0, x0+e.width-centre)
	ols := breakLines(os, 2*half, 0)
	if !e.checkLines(ov, len(ols), max(b.MaxLines, 0)) {
		return
	}
	sealTop := e.y + 3*mm
	textH := float64(len(ols)+1) * st.lead
	ty := sealTop + h/2 - textH/2 + st.lead*0.4
	e.add(op{kind: opStroke, x: centre - w/2, y: sealTop, w: w, h: h, lw: 0.4, gray: true})
	e.zone(ZoneSeal, b.ID, nil, "", centre-w/2, sealTop, w, h)
	top := ty
	for _, l := range ols {
		e.drawLine(st, os, l, centre-l.w/2, ty)
		ty += st.lead
	}
	e.zone(ZoneField, "", ov.paths, os.text(line{a: 0, b: len(os.runes)}), centre-half, top, 2*half, ty-top)
	e.drawLine(st, ds, line{a: 0, b: len(ds.runes), w: dw}, dx, ty)
	e.zone(ZoneField, "", dv.paths, ds.text(line{a: 0, b: len(ds.runes)}), dx, ty, dw, st.lead)
	if b.Label != "" {
		// The responsible person: name, then a box to sign in, on the left
		// at the height of the seal.
		lv := e.rec.eval(e.expr(b.Label), "$", 0)
		ls := e.shape(st, lv.text, first(lv.paths))
		lw := ls.width()
		ly := sealTop + 4*mm
		e.drawLine(st, ls, line{a: 0, b: len(ls.runes), w: lw}, x0, ly)
		e.zone(ZoneField, "", lv.paths, lv.text, x0, ly, lw, st.lead)
		sw := min(50*mm, centre-w/2-x0-4*mm)
		by := ly + st.lead + 2*mm
		e.add(op{kind: opStroke, x: x0, y: by, w: sw, h: 16 * mm, lw: 0.4, gray: true})
		e.zone(ZoneSignature, b.ID, nil, "", x0, by, sw, 16*mm)
		e.centered(e.styles["note"], "（签字）", x0, sw, by+16*mm+1*mm)
	}
	e.y = max(ty+st.lead, sealTop+h) + 2*mm
}
