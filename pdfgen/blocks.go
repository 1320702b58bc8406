package pdfgen

import (
	"strings"

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
	name := zoneName(b, strings.TrimRight(b.Label, "：: "))
	e.zoneLabel(ZoneSignature, b.ID, name, bx, by, w, h)
	e.dateLine(st, "日期：", x0+e.width, by+h+2*mm, b.ID, name+"日期")
	e.y = by + h + 2*mm + st.lead + 2*mm
}

// zoneName is the name of a block's zone for people: the template's
// zone_label, else def.
func zoneName(b *templates.Block, def string) string {
	if b.ZoneLabel != "" {
		return b.ZoneLabel
	}
	return def
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
		e.zoneLabel(ZoneSignature, b.ID, strings.TrimRight(b.Label, "：: "), bx, by, sw, sh)
	}
	e.add(op{kind: opStroke, x: sx, y: sy, w: w, h: h, lw: 0.4, gray: true})
	name := zoneName(b, "单位公章")
	e.zoneLabel(ZoneSeal, b.ID, name, sx, sy, w, h)
	e.centered(note, "（单位盖章）", sx, w, sy+2*mm)
	e.dateLine(st, "", sx+w-(w-e.dateWidth(st, ""))/2, sy+h-st.lead-8*mm, b.ID, name+"日期")
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

// dateLine draws "prefix    年  月  日" ending at right, top at y, and
// gives the blank a date zone (id, name for people).
func (e *engine) dateLine(st *style, prefix string, right, y float64, id, name string) {
	s := e.shape(st, prefix+dateBlank, "")
	w := s.width()
	e.drawLine(st, s, line{a: 0, b: len(s.runes), w: w}, right-w, y)
	bw := e.shape(st, dateBlank, "").width()
	e.zoneLabel(ZoneDate, id, name, right-bw, y, bw, st.lead)
}

// letterhead lays out the GB/T 9704 发文机关标志: the organisation's name in
// red, a red rule, and the document number (发文字号) at the right below it.
func (e *engine) letterhead(b *templates.Block) {
	st := e.style(b.Style, "letterhead")
	v := e.rec.eval(e.expr(b.Text), "$", 0)
	e.cur.noFolio = true // GB/T 9704 信函: no page number on the first page
	if len(e.pages) == 1 && e.y <= e.top+0.01 {
		// The 信函 format sets the organisation 30 mm from the sheet's top.
		e.y = min(e.y, 30*mm)
	}
	e.fieldLines(st, v, "center", 0)
	// The red double lines of the 信函 format, 170 mm centred on the
	// sheet: 4 mm below the name thick over thin, 20 mm above the sheet's
	// foot thin over thick.
	e.y += 4 * mm
	x := (pageW - 170*mm) / 2
	e.doubleRule(x, e.y, st.color, true)
	e.doubleRule(x, pageH-20*mm-doubleH, st.color, false)
	e.y += doubleH + 4*mm
	if b.Number != "" {
		nv := e.rec.eval(e.expr(b.Number), "$", 0)
		if !nv.empty {
			e.fieldLines(e.style("number", "body"), nv, "right", 0)
		}
	}
	e.y += 4 * mm
}

// doubleH is the height of a red double line: thick, gap, thin.
const (
	thickRule = 0.8 * mm
	thinRule  = 0.25 * mm
	ruleGap   = 0.5 * mm
	doubleH   = thickRule + ruleGap + thinRule
)

// doubleRule draws a 170 mm double line with its top at y, the thick
// line above when thickTop.
func (e *engine) doubleRule(x, y float64, col [3]uint8, thickTop bool) {
	a, b := thickRule, thinRule
	if !thickTop {
		a, b = b, a
	}
	e.add(op{kind: opFill, x: x, y: y, w: 170 * mm, h: a, color: col})
	e.add(op{kind: opFill, x: x, y: y + a + ruleGap, w: 170 * mm, h: b, color: col})
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
	// The seal zone's lower part, below the date, may reach into the foot
	// margin: the 落款 and date need the room, the seal only paper.
	e.need(3*mm + h - sealOverhang)
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
	top := ty
	ow := 0.0
	for _, l := range ols {
		e.drawLine(st, os, l, centre-l.w/2, ty)
		ow = max(ow, l.w)
		ty += st.lead
	}
	e.zone(ZoneField, "", ov.paths, os.text(line{a: 0, b: len(os.runes)}), centre-half, top, 2*half, ty-top)
	e.drawLine(st, ds, line{a: 0, b: len(ds.runes), w: dw}, dx, ty)
	e.zone(ZoneField, "", dv.paths, ds.text(line{a: 0, b: len(ds.runes)}), dx, ty, dw, st.lead)
	// The seal presses on the 落款 and the date (GB/T 9704 7.3.5.1): its
	// zone covers both, and no frame is printed through them, only faint
	// corner ticks.
	sw := max(w, ow+4*mm, dw+4*mm)
	e.sealTicks(centre-sw/2, sealTop, sw, h)
	e.zoneLabel(ZoneSeal, b.ID, zoneName(b, "推荐单位公章"), centre-sw/2, sealTop, sw, h)
	if b.Label != "" {
		// The responsible person: name, then a box to sign in, on the left
		// at the height of the seal.
		lv := e.rec.eval(e.expr(b.Label), "$", 0)
		ls := e.shape(st, lv.text, first(lv.paths))
		lw := ls.width()
		ly := sealTop + 4*mm
		e.drawLine(st, ls, line{a: 0, b: len(ls.runes), w: lw}, x0, ly)
		e.zone(ZoneField, "", lv.paths, lv.text, x0, ly, lw, st.lead)
		sw := min(50*mm, centre-max(w, ow+4*mm, dw+4*mm)/2-x0-4*mm)
		by := ly + st.lead + 2*mm
		e.add(op{kind: opStroke, x: x0, y: by, w: sw, h: 16 * mm, lw: 0.4, gray: true})
		e.zoneLabel(ZoneSignature, b.ID, "单位负责人签字", x0, by, sw, 16*mm)
		e.centered(e.styles["note"], "（签字）", x0, sw, by+16*mm+1*mm)
	}
	e.y = max(ty+st.lead, sealTop+h-sealOverhang) + 2*mm
}

// sealOverhang is how far a letter's seal zone may reach below the
// closing into the foot margin: the 落款 and the date need the room, the
// lower rim of the seal only paper. A closing ends a letter.
const sealOverhang = 8 * mm

// tickGray is the colour of the seal zone's corner ticks: a cue where the
// seal goes, too faint to read as a frame.
var tickGray = [3]uint8{200, 200, 200}

// sealTicks draws the four corners of a seal zone as short ticks.
func (e *engine) sealTicks(x, y, w, h float64) {
	const t = 3 * mm
	for _, c := range [][4]float64{{x, y, 1, 1}, {x + w, y, -1, 1}, {x, y + h, 1, -1}, {x + w, y + h, -1, -1}} {
		e.add(op{kind: opLine, x: c[0], y: c[1], w: c[2] * t, lw: 0.4, color: tickGray})
		e.add(op{kind: opLine, x: c[0], y: c[1], h: c[3] * t, lw: 0.4, color: tickGray})
	}
}
