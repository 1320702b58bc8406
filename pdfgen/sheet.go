package pdfgen

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/bast-tools/shenbao/fonts"
)

// A Sheet is a document without a template: pages of any size on which the
// caller places text, rules and fills, in points from the top-left corner.
// Text is set like the forms' text — the same fonts and fallback chains,
// the same CJK line breaking (no line starts with closing punctuation or
// ends with opening punctuation, Latin words kept whole), justified lines —
// and written by the same PDF backend. The evidence dossier's cover, index
// and page stamps are Sheets.
//
// Sheets show text from outside (file names, titles typed by applicants),
// so a character no font has is drawn as "?" rather than refused. The zero
// value is not usable; call NewSheet. A Sheet is not safe for concurrent
// use.
type Sheet struct {
	e *engine
	// Info goes into the document information dictionary.
	Info Info
}

// TextStyle is how a Sheet sets text. The zero value is 10.5 pt serif
// (五号宋体), black, left-aligned, with lines 1.3 times the size.
type TextStyle struct {
	Font    fonts.Role // fonts.Serif when empty
	Size    float64    // points
	Leading float64    // line height as a multiple of Size
	Align   string     // "left", "center" or "right" within the width given
	Color   [3]uint8   // RGB
}

// NewSheet returns an empty Sheet drawing with fs (nil means
// fonts.Embedded()).
func NewSheet(fs *fonts.Set) *Sheet {
	if fs == nil {
		fs = fonts.Embedded()
	}
	return &Sheet{e: &engine{fonts: fs, missing: map[rune][]string{}}}
}

// AddPage starts a page of w×h points; zero means A4.
func (s *Sheet) AddPage(w, h float64) {
	p := &page{w: w, h: h}
	s.e.pages = append(s.e.pages, p)
	s.e.cur = p
}

// NumPages returns the number of pages added.
func (s *Sheet) NumPages() int { return len(s.e.pages) }

func (s *Sheet) style(ts TextStyle) *style {
	st := &style{role: ts.Font, size: ts.Size, align: ts.Align, color: ts.Color}
	if st.role == "" {
		st.role = fonts.Serif
	}
	if st.size <= 0 {
		st.size = 10.5
	}
	lead := ts.Leading
	if lead <= 0 {
		lead = 1.3
	}
	st.lead = lead * st.size
	if err := s.e.setBase(st); err != nil && s.e.err == nil {
		s.e.err = err
	}
	return st
}

// shape measures text, with "?" for what no font of the role has.
func (s *Sheet) shape(st *style, text string) shaped {
	text = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return r
		}
		if _, err := s.e.fonts.Face(st.role, r); err != nil {
			return '?'
		}
		return r
	}, text)
	return s.e.shape(st, text, "")
}

// Width returns the width of text set on one line.
func (s *Sheet) Width(ts TextStyle, text string) float64 {
	return s.shape(s.style(ts), text).width()
}

// Height returns the height text takes when set by Text in width.
func (s *Sheet) Height(ts TextStyle, width float64, text string) float64 {
	st := s.style(ts)
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n += len(breakLines(s.shape(st, para), width, 0))
	}
	return float64(n) * st.lead
}

// Text sets text (paragraphs split at newlines) in lines no wider than
// width, the top of the first line at y, each line aligned in [x, x+width),
// and returns the height used. It draws on the last page added.
func (s *Sheet) Text(ts TextStyle, x, y, width float64, text string) float64 {
	st := s.style(ts)
	top := y
	for _, para := range strings.Split(text, "\n") {
		sh := s.shape(st, para)
		lines := breakLines(sh, width, 0)
		for i, l := range lines {
			cs := 0.0
			if i < len(lines)-1 && (st.align == "" || st.align == "left") {
				cs = justify(sh, l, width, st.size)
			}
			s.draw(func() { s.e.drawSpaced(st, sh, l, alignX(st.align, x, width, l.w), y, cs) })
			y += st.lead
		}
	}
	return y - top
}

// TextTurned sets text on one line centred on (cx, cy), turned deg
// degrees anticlockwise about that point (a watermark).
func (s *Sheet) TextTurned(ts TextStyle, cx, cy, deg float64, text string) {
	st := s.style(ts)
	sh := s.shape(st, text)
	l := line{a: 0, b: len(sh.runes), w: sh.width()}
	s.draw(func() {
		s.e.add(op{kind: opRotate, x: cx, y: cy, w: deg})
		s.e.drawSpaced(st, sh, l, cx-l.w/2, cy-st.lead/2, 0)
		s.e.add(op{kind: opRotateEnd})
	})
}

// Fill fills a w×h rectangle whose top-left corner is (x, y).
func (s *Sheet) Fill(x, y, w, h float64, c [3]uint8) {
	s.draw(func() { s.e.add(op{kind: opFill, x: x, y: y, w: w, h: h, color: c}) })
}

// Line draws a line width lw from (x1, y1) to (x2, y2).
func (s *Sheet) Line(x1, y1, x2, y2, lw float64, c [3]uint8) {
	s.draw(func() { s.e.add(op{kind: opLine, x: x1, y: y1, w: x2 - x1, h: y2 - y1, lw: lw, color: c}) })
}

// draw runs f when there is a page to draw on; drawing before AddPage is a
// mistake reported by WritePDF.
func (s *Sheet) draw(f func()) {
	if s.e.cur == nil {
		if s.e.err == nil {
			s.e.err = errNoPage
		}
		return
	}
	f()
}

// WritePDF writes the sheet as PDF to w, one subset font per face used.
// The same drawing gives the same bytes. It waits for a rendering slot
// (shared with Render) until ctx is done.
func (s *Sheet) WritePDF(ctx context.Context, w io.Writer) error {
	if s.e.err != nil {
		return s.e.err
	}
	l := &Layout{pages: s.e.pages, Info: s.Info}
	return l.WritePDF(ctx, w)
}

var errNoPage = errors.New("pdfgen: drawing on a sheet before its first AddPage")
