package scansim

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
)

// Box is a rectangle in millimetres from the page's top-left corner, as
// in a page map.
type Box struct{ X, Y, W, H float64 }

// Center is the middle of the box.
func (b Box) Center() Pt { return Pt{b.X + b.W/2, b.Y + b.H/2} }

func (b Box) corners() []Pt {
	return []Pt{{b.X, b.Y}, {b.X + b.W, b.Y}, {b.X + b.W, b.Y + b.H}, {b.X, b.Y + b.H}}
}

// MarkKind says what a Mark puts on a sheet.
type MarkKind int

// Mark kinds. Seals and stamps are centred on the mark's box whatever its
// size (a seal is as big as the seal is); the others fill their box.
const (
	MarkSeal       MarkKind = iota + 1 // red round 公章, 40–42 mm, star and curved name
	MarkOvalSeal                       // red oval 财务专用章, about 40×30 mm
	MarkSignature                      // a pen signature: Text in a quick hand, or a scribble
	MarkDate                           // a handwritten date, Text or 2026.4.18
	MarkEdit                           // a handwritten change: the box struck through, Text written over it
	MarkPaste                          // a pasted strip of paper printed with Text, covering the box
	MarkRedTable                       // red table rules (报销单, invoice) filling the box, a red title above it
	MarkRedHeading                     // 红头: red title and rule across the box
	MarkRedRemarks                     // red-pen remarks, ticks and loops within the box
	MarkRedLogo                        // a red square, hexagonal or frame logo in the box
	MarkBlackStamp                     // a round stamp in black ink (a photocopied seal)
	MarkBlueStamp                      // a round stamp in blue ink
)

var markNames = [...]string{"", "seal", "oval-seal", "signature", "date", "edit", "paste", "red-table", "red-heading", "red-remarks", "red-logo", "black-stamp", "blue-stamp"}

func (k MarkKind) String() string {
	if k > 0 && int(k) < len(markNames) {
		return markNames[k]
	}
	return fmt.Sprintf("MarkKind(%d)", int(k))
}

// IsSeal reports whether the mark is a red seal the seal finder should
// find.
func (k MarkKind) IsSeal() bool { return k == MarkSeal || k == MarkOvalSeal }

// Mark is something added to a printed sheet by hand or stamp.
type Mark struct {
	Kind MarkKind
	Box  Box
	// Text is the name signed, the date written, the new value of an edit
	// or a paste; empty picks something.
	Text string
	// Seal, for seals and stamps, is drawn instead of a random one; its
	// Center is replaced by the box's centre.
	Seal *Seal
	// Seed varies the hand, the ink and the seal.
	Seed uint64
}

// draw puts the mark on c and returns points outlining its ink in page
// mm.
func (m Mark) draw(c *Canvas, f *Font) ([]Pt, error) {
	rng := rand.New(rand.NewPCG(m.Seed, uint64(m.Kind)))
	if f == nil && m.Kind != MarkRedTable {
		return nil, fmt.Errorf("needs a font (LoadFont)")
	}
	b := m.Box
	switch m.Kind {
	case MarkSeal, MarkOvalSeal, MarkBlackStamp, MarkBlueStamp:
		s := randomSeal(rng, f, m.Kind == MarkOvalSeal)
		if m.Seal != nil {
			s = *m.Seal
		}
		switch m.Kind {
		case MarkBlackStamp:
			s.Ink = color.RGBA{uint8(25 + rng.IntN(30)), uint8(25 + rng.IntN(30)), uint8(30 + rng.IntN(30)), 255}
		case MarkBlueStamp:
			s.Ink = color.RGBA{uint8(20 + rng.IntN(40)), uint8(50 + rng.IntN(50)), uint8(150 + rng.IntN(60)), 255}
		}
		s.Center = b.Center()
		s.Draw(c, f)
		return s.outline(), nil
	case MarkSignature:
		signature(c, f, rng, b, m.Text)
	case MarkDate:
		t := m.Text
		if t == "" {
			t = "2026.4.18"
		}
		handwrite(c, f, rng, b, t)
	case MarkEdit:
		t := m.Text
		if t == "" {
			t = textRun(rng, 3+rng.IntN(4))
		}
		var p Path
		y := b.Y + b.H/2
		p.Stroke([]Pt{{b.X, y - 0.4}, {b.X + b.W, y + rng.Float64() - 0.5}}, 0.45)
		p.Stroke([]Pt{{b.X, y + 0.6}, {b.X + b.W, y + rng.Float64() + 0.2}}, 0.45)
		c.Fill(p, color.RGBA{25, 35, 110, 255}, nil)
		handwrite(c, f, rng, Box{b.X, b.Y - b.H*0.35, b.W, b.H * 0.8}, t)
		return append(b.corners(), Pt{b.X, b.Y - b.H*0.35}), nil
	case MarkPaste:
		t := m.Text
		if t == "" {
			t = textRun(rng, 4+rng.IntN(6))
		}
		c.Cover(b, color.RGBA{252, 252, 250, 255})
		var p Path
		size := math.Min(b.H*0.6, 4.2)
		f.Text(&p, t, size, Pt{b.X + 1, b.Y + b.H/2 + size*0.38})
		c.Fill(p, inkBlack, nil)
	case MarkRedTable:
		redTable(c, f, rng, b)
		return Box{b.X, b.Y - 12, b.W, b.H + 12}.corners(), nil // the title above
	case MarkRedHeading:
		redHeading(c, f, rng, b)
	case MarkRedRemarks:
		redRemarks(c, f, rng, b)
	case MarkRedLogo:
		redLogos(c, f, rng, b)
	default:
		return nil, fmt.Errorf("unknown mark kind %d", int(m.Kind))
	}
	return b.corners(), nil
}

// handwrite writes t with a pen, fitted into b.
func handwrite(c *Canvas, f *Font, rng *rand.Rand, b Box, t string) {
	var p Path
	rs := []rune(t)
	size := math.Min(b.H*0.8, b.W/(float64(len(rs))*0.75))
	x := b.X + rng.Float64()*math.Max(0, b.W-size*0.75*float64(len(rs)))
	for _, r := range rs {
		adv := size * 0.75
		if r > 0x2e80 {
			adv = size * 1.05
		}
		f.Glyph(&p, r, size*(0.9+0.2*rng.Float64()), Pt{x + adv/2, b.Y + b.H/2 + (rng.Float64()-0.5)*size*0.15}, (rng.Float64()*2-1)*0.12)
		x += adv
	}
	c.Fill(p, color.RGBA{25, 35, 110, 255}, nil)
}

// redTable rules b like the red grid of a 报销单 or a VAT invoice: a
// heavier frame, rows every 7–10 mm and a few columns, in the printer's
// red or brownish red, with red labels in the header row and a red title
// above when f is given.
func redTable(c *Canvas, f *Font, rng *rand.Rand, b Box) {
	reds := []color.RGBA{{205, 45, 45, 255}, {180, 70, 60, 255}, {215, 80, 70, 255}, {165, 40, 50, 255}}
	ink := reds[rng.IntN(len(reds))]
	var p Path
	rect := func(x, y, w, h float64) {
		p.Polygon(orient([]Pt{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}))
	}
	frame := 0.5 + rng.Float64()*0.4
	thin := 0.2 + rng.Float64()*0.2
	rect(b.X, b.Y, b.W, frame)
	rect(b.X, b.Y+b.H-frame, b.W, frame)
	rect(b.X, b.Y, frame, b.H)
	rect(b.X+b.W-frame, b.Y, frame, b.H)
	row := 7 + rng.Float64()*3
	for y := b.Y + row; y < b.Y+b.H-2; y += row {
		rect(b.X, y, b.W, thin)
	}
	cols := 2 + rng.IntN(4)
	xs := []float64{b.X}
	for i := 1; i <= cols; i++ {
		x := b.X + b.W*(float64(i)+(rng.Float64()-0.5)*0.5)/float64(cols+1)
		rect(x, b.Y, thin, b.H)
		xs = append(xs, x)
	}
	if f != nil {
		labels := []string{"日期", "摘要", "金额", "附件张数", "部门", "报销人", "审批", "备注"}
		size := math.Min(3.5, row*0.45)
		for i, x := range xs {
			t := labels[(i+rng.IntN(3))%len(labels)]
			f.Text(&p, t, size, Pt{x + 1.5, b.Y + row/2 + size*0.38})
		}
		if rng.IntN(2) == 0 {
			t := []string{"差旅费报销单", "费用报销单", "北京增值税专用发票"}[rng.IntN(3)]
			ts := 6 + rng.Float64()*2
			f.Text(&p, t, ts, Pt{b.X + b.W/2 - f.Advance(t, ts)/2, b.Y - 4})
		}
	}
	c.Fill(p, ink, toner(rng))
}

// Cover pastes an opaque strip of paper of colour col over b, with a
// faint shadow along its lower and right edges.
func (c *Canvas) Cover(b Box, col color.RGBA) {
	var shadow Path
	shadow.Polygon(orient([]Pt{{b.X + 0.3, b.Y + 0.3}, {b.X + b.W + 0.3, b.Y + 0.3}, {b.X + b.W + 0.3, b.Y + b.H + 0.3}, {b.X + 0.3, b.Y + b.H + 0.3}}))
	c.Fill(shadow, color.RGBA{200, 200, 200, 255}, nil)
	inv, ok := c.ToPx.Invert()
	if !ok {
		return
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range b.corners() {
		p := c.ToPx.Apply(q)
		x0, y0, x1, y1 = math.Min(x0, p.X), math.Min(y0, p.Y), math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	for y := max(0, int(y0)); y < min(c.Img.Rect.Dy(), int(y1)+1); y++ {
		for x := max(0, int(x0)); x < min(c.Img.Rect.Dx(), int(x1)+1); x++ {
			q := inv.Apply(Pt{float64(x) + 0.5, float64(y) + 0.5})
			if q.X < b.X || q.Y < b.Y || q.X > b.X+b.W || q.Y > b.Y+b.H {
				continue
			}
			o := c.Img.PixOffset(x, y)
			c.Img.Pix[o], c.Img.Pix[o+1], c.Img.Pix[o+2] = col.R, col.G, col.B
		}
	}
}

// outline returns points around the seal's outer edge in page mm.
func (s Seal) outline() []Pt {
	pts := make([]Pt, 0, 32)
	sn, cs := math.Sincos(s.Rot)
	for i := range 32 {
		t := 2 * math.Pi * float64(i) / 32
		x, y := s.A*math.Cos(t), s.B*math.Sin(t)
		pts = append(pts, Pt{s.Center.X + cs*x - sn*y, s.Center.Y + sn*x + cs*y})
	}
	return pts
}
