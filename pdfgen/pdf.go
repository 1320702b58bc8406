package pdfgen

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"unicode/utf16"

	"github.com/bast-tools/shenbao/internal/gopdf"

	"github.com/bast-tools/shenbao/fonts"
)

// guideGray is the colour of signature and seal guide boxes.
const guideGray = 160

// WritePDF draws the layout with gopdf: one subset font per face used,
// vector rules, marks and page codes. The same layout gives the same bytes.
// It waits for a rendering slot (shared with Render and Build) until ctx is
// done.
func (l *Layout) WritePDF(ctx context.Context, w io.Writer) error {
	if err := acquire(ctx); err != nil {
		return err
	}
	defer release()
	return l.writePDF(w)
}

func (l *Layout) writePDF(w io.Writer) error {
	var u fonts.Usage
	for _, p := range l.pages {
		p.eachOp(func(o *op) {
			if o.kind == opText {
				u.Add(o.face, o.text)
			}
		})
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	// Deflate dominates the time of a render; its fastest level costs a
	// few per cent in size.
	pdf.SetCompressLevel(flate.BestSpeed)
	pdf.SetInfo(gopdf.PdfInfo{
		Title: l.Info.Title, Author: l.Info.Author, Subject: l.Info.Subject,
		Creator: l.Info.Creator, Producer: "shenbao/pdfgen (gopdf)", CreationDate: l.Info.Created,
	})
	if err := registerFonts(pdf, &u); err != nil {
		return fmt.Errorf("pdfgen: %w", err)
	}
	for _, p := range l.pages {
		if p.land {
			pdf.AddPageWithOption(gopdf.PageOption{PageSize: gopdf.PageSizeA4, Rotate: 90})
			// Landscape content: turned a quarter counter-clockwise
			// about (H/2, H/2), which maps the landscape sheet onto the
			// portrait one, top to the left edge.
			pdf.Rotate(90, pageH/2, pageH/2)
			d := pdfState{pdf: pdf, u: &u}
			for i := range p.rops {
				if err := d.draw(&p.rops[i]); err != nil {
					return err
				}
			}
			pdf.RotateReset()
		} else if p.w > 0 && p.h > 0 {
			pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: p.w, H: p.h}})
		} else {
			pdf.AddPage()
		}
		d := pdfState{pdf: pdf, u: &u}
		for i := range p.ops {
			if err := d.draw(&p.ops[i]); err != nil {
				return err
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf); err != nil {
		return fmt.Errorf("pdfgen: writing PDF: %w", err)
	}
	_, err := w.Write(withKeywords(buf.Bytes(), l.Info.Keywords))
	return err
}

// registerFonts embeds the subset of every face u records, under the
// family name the drawing selects it by. Drawing a character that was not
// added then fails in gopdf rather than showing a blank.
func registerFonts(pdf *gopdf.GoPdf, u *fonts.Usage) error {
	subs, err := u.Subsets()
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := pdf.AddTTFFontDataWithOption(u.Family(s.Face), s.TTF, gopdf.TtfOption{Style: gopdf.Regular}); err != nil {
			return fmt.Errorf("embedding font %s: %w", u.Family(s.Face), err)
		}
	}
	return nil
}

// withKeywords adds /Keywords to the document information dictionary,
// which gopdf v0.33 cannot write (see .notes/requests-render.md). gopdf
// puts the dictionary inline in the trailer, after the cross-reference
// table, so inserting into it moves no object offsets.
func withKeywords(pdf []byte, keywords string) []byte {
	if keywords == "" {
		return pdf
	}
	t := bytes.LastIndex(pdf, []byte("\ntrailer\n"))
	if t < 0 {
		return pdf
	}
	i := bytes.Index(pdf[t:], []byte("/Info <<\n"))
	if i < 0 {
		return pdf
	}
	at := t + i + len("/Info <<\n")
	var kw bytes.Buffer
	kw.WriteString("/Keywords <FEFF")
	for _, u := range utf16.Encode([]rune(keywords)) {
		fmt.Fprintf(&kw, "%04X", u)
	}
	kw.WriteString(">\n")
	out := make([]byte, 0, len(pdf)+kw.Len())
	out = append(out, pdf[:at]...)
	out = append(out, kw.Bytes()...)
	return append(out, pdf[at:]...)
}

// pdfState avoids re-emitting unchanged graphics state.
type pdfState struct {
	pdf    *gopdf.GoPdf
	u      *fonts.Usage
	face   *fonts.Face
	size   float64
	cs     float64
	text   [3]uint8
	fill   [3]uint8
	stroke [3]uint8
	lw     float64
	init   bool
}

func (d *pdfState) draw(o *op) error {
	pdf := d.pdf
	if !d.init {
		// Every page starts with gopdf's defaults; set ours explicitly.
		pdf.SetTextColor(0, 0, 0)
		pdf.SetFillColor(0, 0, 0)
		pdf.SetStrokeColor(0, 0, 0)
		pdf.SetLineWidth(1)
		d.lw, d.init = 1, true
	}
	col := o.color
	if o.gray {
		col = [3]uint8{guideGray, guideGray, guideGray}
	}
	switch o.kind {
	case opText:
		if o.face != d.face || o.size != d.size {
			if err := pdf.SetFont(d.u.Family(o.face), "", o.size); err != nil {
				return fmt.Errorf("pdfgen: %w", err)
			}
			d.face, d.size = o.face, o.size
		}
		if col != d.text {
			pdf.SetTextColor(col[0], col[1], col[2])
			d.text = col
		}
		if o.cs != d.cs {
			if err := pdf.SetCharSpacing(o.cs); err != nil {
				return fmt.Errorf("pdfgen: %w", err)
			}
			d.cs = o.cs
		}
		pdf.SetXY(o.x, o.y)
		if o.spaced {
			pdf.BeginActualText(o.text)
			defer pdf.EndActualText()
		}
		if err := pdf.Text(o.text); err != nil {
			return fmt.Errorf("pdfgen: drawing %q: %w", o.text, err)
		}
		// gopdf sets the text colour with rg inside BT…ET, which leaves
		// it as the fill colour too.
		d.fill = col
	case opFill:
		if col != d.fill {
			pdf.SetFillColor(col[0], col[1], col[2])
			d.fill = col
		}
		pdf.RectFromUpperLeftWithStyle(o.x, o.y, o.w, o.h, "F")
	case opRotate:
		pdf.Rotate(o.w, o.x, o.y)
	case opRotateEnd:
		pdf.RotateReset()
	case opStroke, opLine:
		if col != d.stroke {
			pdf.SetStrokeColor(col[0], col[1], col[2])
			d.stroke = col
		}
		if o.lw != d.lw {
			pdf.SetLineWidth(o.lw)
			d.lw = o.lw
		}
		if o.kind == opLine {
			pdf.Line(o.x, o.y, o.x+o.w, o.y+o.h)
		} else {
			pdf.RectFromUpperLeftWithStyle(o.x, o.y, o.w, o.h, "D")
		}
	}
	return nil
}
