package scansim

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Kind is the kind of page Generate makes.
type Kind int

// Page kinds. Sealed, SealedEdge, SealedTwo and SealedTable carry red
// seals; Gray and BlackWhite are sealed pages scanned without colour; the
// rest carry none (hard negatives).
const (
	Sealed       Kind = iota // one red seal over the sign-off
	SealedEdge               // a red seal cut by the page edge
	SealedTwo                // a round 公章 and an oval 财务专用章
	RedHeading               // red-headed document (红头) with a red rule
	RedHandwrite             // red pen remarks, ticks and underlines
	RedLogo                  // red square, hexagonal and frame-shaped marks
	BlueStamp                // a round stamp in blue ink
	TintedPaper              // plain document on pink or yellow paper
	Blank                    // an empty sheet
	Gray                     // a sealed page scanned in grayscale
	BlackWhite               // a sealed page scanned in black and white
	SealedTable              // a red seal stamped across a red-ruled table (报销单, invoice)
	RedTable                 // a red-ruled table without a seal
	BlackStamp               // a round stamp in black ink (a photocopied seal)
	NumKinds
)

var kindNames = [...]string{"sealed", "sealed-edge", "sealed-two", "red-heading", "red-handwriting", "red-logo", "blue-stamp", "tinted-paper", "blank", "gray", "black-white", "sealed-table", "red-table", "black-stamp"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Positive reports whether pages of this kind carry a seal visible in colour.
func (k Kind) Positive() bool { return k <= SealedTwo || k == SealedTable }

// Page is one generated scan with its ground truth.
type Page struct {
	Image image.Image
	Kind  Kind
	DPI   float64
	Seals []image.Rectangle // true boxes in pixels; also set for Gray and BlackWhite
	Color bool              // whether the scan kept colour
	Note  string            // how it was made, for test logs
}

// Options tune Generate; the zero value picks everything from the seed.
type Options struct {
	DPI      float64 // 0: one of 150, 200, 250, 300
	Quality  int     // JPEG quality; 0: random 45–92; -1: no JPEG
	WidthMM  float64 // sheet size; 0: A4
	HeightMM float64
}

// Generate makes one deterministic scanned page of the given kind.
func Generate(f *Font, kind Kind, seed uint64, opt Options) Page {
	rng := rand.New(rand.NewPCG(seed, uint64(kind)*0x9E3779B97F4A7C15+1))
	dpi := opt.DPI
	if dpi == 0 {
		dpi = []float64{150, 150, 200, 200, 200, 250, 300}[rng.IntN(7)]
	}
	w, h := opt.WidthMM, opt.HeightMM
	if w == 0 || h == 0 {
		w, h = 210, 297
	}
	skew := (rng.Float64()*2 - 1) * 2.5 * math.Pi / 180
	paper := paperColour(rng, kind == TintedPaper || rng.IntN(8) == 0)
	c := NewCanvas(w, h, dpi, skew, paper)
	pg := Page{Kind: kind, DPI: dpi, Color: kind != Gray && kind != BlackWhite}
	note := fmt.Sprintf("%s dpi=%g skew=%.1f° paper=%v", kind, dpi, skew*180/math.Pi, paper)

	switch kind {
	case Blank:
	case RedHeading:
		redHeading(c, f, rng, Box{20, 25, 170, 31})
		body(c, f, rng, 70, 250)
	default:
		title(c, f, rng, 30)
		body(c, f, rng, 50, 215)
		signOff(c, f, rng)
	}
	switch kind {
	case Sealed, Gray, BlackWhite:
		s := randomSeal(rng, f, rng.IntN(4) == 0)
		s.Center = Pt{130 + rng.Float64()*40, 240 + rng.Float64()*20}
		pg.Seals = append(pg.Seals, s.Draw(c, f))
		note += sealNote(s)
	case SealedEdge:
		s := randomSeal(rng, f, false)
		d := s.A * (0.2 + 0.6*rng.Float64()) // centre this far inside the edge
		switch rng.IntN(4) {
		case 0:
			s.Center = Pt{w - d, 60 + rng.Float64()*180}
		case 1:
			s.Center = Pt{d, 60 + rng.Float64()*180}
		case 2:
			s.Center = Pt{40 + rng.Float64()*130, h - d}
		default:
			s.Center = Pt{40 + rng.Float64()*130, d}
		}
		pg.Seals = append(pg.Seals, s.Draw(c, f))
		note += sealNote(s) + fmt.Sprintf(" cut=%.0f%%", 100*(1-d/s.A)/2)
	case SealedTwo:
		s := randomSeal(rng, f, false)
		s.Center = Pt{55 + rng.Float64()*30, 245 + rng.Float64()*15}
		o := randomSeal(rng, f, true)
		o.Center = Pt{140 + rng.Float64()*30, 245 + rng.Float64()*15}
		pg.Seals = append(pg.Seals, s.Draw(c, f), o.Draw(c, f))
		note += sealNote(s) + sealNote(o)
	case BlueStamp, BlackStamp:
		s := randomSeal(rng, f, rng.IntN(3) == 0)
		s.Ink = color.RGBA{uint8(20 + rng.IntN(40)), uint8(50 + rng.IntN(50)), uint8(150 + rng.IntN(60)), 255}
		if kind == BlackStamp {
			g := uint8(25 + rng.IntN(40))
			s.Ink = color.RGBA{g, g, g + uint8(rng.IntN(10)), 255}
		}
		s.Center = Pt{130 + rng.Float64()*40, 240 + rng.Float64()*20}
		s.Draw(c, f)
	case SealedTable, RedTable:
		// A 报销单's or an invoice's red grid over the lower half, the
		// seal (if any) pressed onto it where the sign-off cells are.
		tb := Box{15 + rng.Float64()*10, 150 + rng.Float64()*30, 170 + rng.Float64()*10, 80 + rng.Float64()*20}
		redTable(c, f, rng, tb)
		if kind == SealedTable {
			s := randomSeal(rng, f, rng.IntN(3) == 0)
			s.Center = Pt{tb.X + 25 + rng.Float64()*(tb.W-50), tb.Y + 20 + rng.Float64()*(tb.H-40)}
			pg.Seals = append(pg.Seals, s.Draw(c, f))
			note += sealNote(s)
		}
	case RedHandwrite:
		redRemarks(c, f, rng, Box{25, 55, 165, 190})
	case RedLogo:
		redLogos(c, f, rng, Box{25, 25, 160, 245})
	}
	if kind != Blank && rng.IntN(3) > 0 {
		signature(c, f, rng, Box{110 + rng.Float64()*40, 220 + rng.Float64()*30, 45, 14}, "")
	}
	pg.Image, note = finish(c.Img, rng, kind, opt.Quality, note)
	pg.Note = note
	return pg
}

func sealNote(s Seal) string {
	return fmt.Sprintf(" seal=%.0fx%.0fmm ink=%v fade=%.2f uneven=%.2f", 2*s.A, 2*s.B, s.Ink, s.Fade, s.Uneven)
}

func paperColour(rng *rand.Rand, tinted bool) color.RGBA {
	j := func(n int) uint8 { return uint8(n + rng.IntN(6)) }
	if !tinted {
		return color.RGBA{j(246), j(245), j(238), 255}
	}
	switch rng.IntN(3) {
	case 0: // pink
		return color.RGBA{j(248), j(214), j(220), 255}
	case 1: // yellow
		return color.RGBA{j(248), j(238), j(190), 255}
	default: // pale green (certificates, invoices)
		return color.RGBA{j(225), j(240), j(220), 255}
	}
}

var (
	orgNames = []string{"北京智联科技有限公司", "北京市海淀区科学技术协会", "中关村集成电路设计园有限公司", "北京新能源汽车股份有限公司",
		"北京航天测控技术研究所", "北京量子信息科学研究院", "北京生物制造创新中心有限公司", "京东方科技集团股份有限公司"}
	middles = []string{"财务专用章", "合同专用章", "", ""}
	text    = []rune("根据北京市科学技术协会关于开展二零二六年卓越工程师选拔培育项目申报工作的通知要求经单位审核该同志长期从事一线工程技术工作主持完成多项重大工程项目在集成电路人工智能新能源等领域取得突出业绩具有较强的创新能力和良好的职业道德同意推荐申报特此证明本单位承诺所提供材料真实准确完整如有不实愿承担相应责任经费预算研发攻关培训交流知识产权保护成果转化单位配套资金")
)

// randomSeal returns a red seal: round 40–42 mm with a star, or (oval) a
// 财务专用章 about 40×30 mm.
func randomSeal(rng *rand.Rand, f *Font, oval bool) Seal {
	s := Seal{
		Ring:   0.9 + 0.6*rng.Float64(),
		Name:   orgNames[rng.IntN(len(orgNames))],
		Star:   true,
		Rot:    (rng.Float64()*2 - 1) * 0.25,
		Fade:   0.35 + 0.65*rng.Float64(),
		Uneven: rng.Float64() * 0.8,
		Seed:   rng.Uint64(),
	}
	if rng.IntN(2) == 0 {
		s.Code = fmt.Sprintf("%013d", rng.Int64N(1e13))
	}
	inks := []color.RGBA{{215, 30, 40, 255}, {190, 25, 35, 255}, {150, 20, 30, 255}, {230, 60, 50, 255}, {205, 35, 80, 255}}
	s.Ink = inks[rng.IntN(len(inks))]
	if oval {
		s.A, s.B = 20+rng.Float64(), 15+rng.Float64()
		s.Middle = "财务专用章"
		s.Star = rng.IntN(3) == 0
		s.Rot = (rng.Float64()*2 - 1) * 0.5
	} else {
		s.A = 20 + rng.Float64()
		s.B = s.A
		s.Middle = middles[rng.IntN(len(middles))]
	}
	return s
}

func textRun(rng *rand.Rand, n int) string {
	i := rng.IntN(len(text) - n)
	return string(text[i : i+n])
}

var inkBlack = color.RGBA{30, 30, 35, 255}

func title(c *Canvas, f *Font, rng *rand.Rand, y float64) {
	var p Path
	s := textRun(rng, 8+rng.IntN(6))
	size := 7 + rng.Float64()*2
	w := f.Advance(s, size)
	f.Text(&p, s, size, Pt{105 - w/2, y})
	c.Fill(p, inkBlack, nil)
}

// body sets lines of 小四-size text between y0 and y1 (mm), sometimes with a
// table grid.
func body(c *Canvas, f *Font, rng *rand.Rand, y0, y1 float64) {
	size := 4.2 + rng.Float64()*0.6
	lead := size * (1.5 + rng.Float64()*0.4)
	var p Path
	n := int(160 / size)
	for y := y0; y < y1; y += lead {
		if rng.IntN(9) == 0 {
			continue
		}
		m := n
		if rng.IntN(4) == 0 {
			m = n/3 + rng.IntN(n/2)
		}
		f.Text(&p, textRun(rng, m), size, Pt{25, y})
	}
	if rng.IntN(3) == 0 { // table rules
		ty := y0 + rng.Float64()*40
		for i := 0; i <= 6; i++ {
			p.Polygon(orient([]Pt{{20, ty + float64(i)*12}, {190, ty + float64(i)*12}, {190, ty + float64(i)*12 + 0.3}, {20, ty + float64(i)*12 + 0.3}}))
		}
		for _, x := range []float64{20, 60, 120, 190} {
			p.Polygon(orient([]Pt{{x, ty}, {x + 0.3, ty}, {x + 0.3, ty + 72}, {x, ty + 72}}))
		}
	}
	c.Fill(p, inkBlack, toner(rng))
}

func toner(rng *rand.Rand) Density {
	d := 0.8 + 0.2*rng.Float64()
	return func(int, int) float64 { return d }
}

// signOff prints the organisation and date that a seal is stamped over.
func signOff(c *Canvas, f *Font, rng *rand.Rand) {
	var p Path
	size := 4.5
	f.Text(&p, "单位（盖章）：", size, Pt{120, 235})
	f.Text(&p, "二〇二六年四月"+string([]rune("一二三四五六七八九十")[rng.IntN(10)])+"日", size, Pt{135, 255})
	c.Fill(p, inkBlack, nil)
}

// scribble returns a cursive-looking pen trace starting at at, w mm long.
func scribble(rng *rand.Rand, at Pt, w, h float64) []Pt {
	var pts []Pt
	loops := 3 + rng.IntN(4)
	ph := rng.Float64() * 6
	for i := 0; i <= loops*16; i++ {
		t := float64(i) / float64(loops*16)
		x := at.X + t*w + 2.5*math.Sin(t*float64(loops)*2*math.Pi+ph)
		y := at.Y + h*0.5*math.Cos(t*float64(loops)*2*math.Pi*1.03) + 1.5*math.Sin(t*7+ph)
		pts = append(pts, Pt{x, y})
	}
	return pts
}

// signature signs with a pen: the name (if given) in a quick hand, or a
// cursive scribble, fitted into b.
func signature(c *Canvas, f *Font, rng *rand.Rand, b Box, name string) {
	var p Path
	pen := 0.4 + rng.Float64()*0.4
	if name != "" && f != nil {
		n := len([]rune(name))
		size := math.Min(b.H*(0.6+0.25*rng.Float64()), b.W*0.85/(float64(n)*0.95))
		x := b.X + (b.W-size*0.95*float64(n))*(0.1+0.5*rng.Float64())
		slant := (rng.Float64()*2 - 1) * 0.12
		for i, r := range []rune(name) {
			ctr := Pt{x + size*0.95*(float64(i)+0.5), b.Y + b.H/2 + (rng.Float64()-0.5)*b.H*0.15}
			f.Glyph(&p, r, size*(0.9+0.2*rng.Float64()), ctr, slant+(rng.Float64()*2-1)*0.1)
		}
		// A pen's flourish under or through the name.
		p.Stroke(scribble(rng, Pt{x, b.Y + b.H*0.7}, size*0.95*float64(n), b.H*0.15), pen*0.8)
	} else {
		w := math.Min(b.W*0.85, 25+rng.Float64()*20)
		hh := math.Min(b.H*0.6, 6+rng.Float64()*6)
		at := Pt{b.X + (b.W-w)*rng.Float64(), b.Y + b.H/2}
		p.Stroke(scribble(rng, at, w, hh), pen)
	}
	ink := inkBlack
	if rng.IntN(2) == 0 {
		ink = color.RGBA{25, 35, 110, 255} // blue-black pen
	}
	c.Fill(p, ink, nil)
}

// redHeading prints a 红头 across b: the issuing body's name in large red
// type and a red rule, sometimes with a small star in the rule.
func redHeading(c *Canvas, f *Font, rng *rand.Rand, b Box) {
	red := color.RGBA{uint8(200 + rng.IntN(40)), uint8(20 + rng.IntN(30)), uint8(25 + rng.IntN(30)), 255}
	var p Path
	s := []string{"北京市科学技术协会文件", "北京市科学技术协会", "中关村科技园区管理委员会文件", "紧急通知"}[rng.IntN(4)]
	size := 12 + rng.Float64()*6
	mid := b.X + b.W/2
	w := f.Advance(s, size)
	f.Text(&p, s, size, Pt{mid - w/2, b.Y + 13})
	ry := b.Y + 25 + rng.Float64()*5
	x0, x1 := b.X, b.X+b.W
	if rng.IntN(2) == 0 {
		p.Polygon(orient([]Pt{{x0, ry}, {mid - 6, ry}, {mid - 6, ry + 0.8}, {x0, ry + 0.8}}))
		p.Polygon(orient([]Pt{{mid + 6, ry}, {x1, ry}, {x1, ry + 0.8}, {mid + 6, ry + 0.8}}))
		p.Polygon(Star(Pt{mid, ry + 0.4}, 4.5, 0))
	} else {
		p.Polygon(orient([]Pt{{x0, ry}, {x1, ry}, {x1, ry + 1}, {x0, ry + 1}}))
	}
	c.Fill(p, red, nil)
}

// redRemarks writes red-pen remarks within b: characters in a hand-like
// font, ticks, underlines and a loop around a word.
func redRemarks(c *Canvas, f *Font, rng *rand.Rand, b Box) {
	pen := color.RGBA{uint8(190 + rng.IntN(50)), uint8(20 + rng.IntN(40)), uint8(30 + rng.IntN(40)), 255}
	var p Path
	in := func(fx, fy float64) Pt { return Pt{b.X + fx*b.W, b.Y + fy*b.H} }
	for range 2 + rng.IntN(3) {
		at := in(0.05+rng.Float64()*0.65, 0.03+rng.Float64()*0.9)
		size := 6 + rng.Float64()*5
		for i, r := range []rune([]string{"同意", "已核", "请补充材料", "属实", "退回修改"}[rng.IntN(5)]) {
			f.Glyph(&p, r, size, Pt{at.X + float64(i)*size*1.05, at.Y + rng.Float64()}, (rng.Float64()*2-1)*0.15)
		}
	}
	for range 3 + rng.IntN(4) {
		at := in(rng.Float64()*0.85, rng.Float64()*0.95)
		switch rng.IntN(3) {
		case 0: // tick
			p.Stroke([]Pt{at, {at.X + 2, at.Y + 3}, {at.X + 7, at.Y - 4}}, 0.5)
		case 1: // underline
			p.Stroke([]Pt{at, {at.X + 30 + rng.Float64()*40, at.Y + rng.Float64()*2 - 1}}, 0.5)
		default: // loop around a word
			p.Stroke(penLoop(rng, at, 8+rng.Float64()*10, 4+rng.Float64()*3), 0.5)
		}
	}
	if rng.IntN(2) == 0 { // a loop of seal size around a passage
		at := in(0.2+rng.Float64()*0.5, 0.15+rng.Float64()*0.75)
		p.Stroke(penLoop(rng, at, 17+rng.Float64()*6, 12+rng.Float64()*8), 0.4+rng.Float64()*0.5)
	}
	c.Fill(p, pen, nil)
}

// penLoop is a hand-drawn loop of semi-axes a, b around c: wobbly, and
// overshooting where it closes.
func penLoop(rng *rand.Rand, c Pt, a, b float64) []Pt {
	var pts []Pt
	ph, wob := rng.Float64()*6, 0.03+rng.Float64()*0.05
	turn := 2.05 + rng.Float64()*0.2
	for i := 0; i <= 60; i++ {
		t := float64(i) / 60 * turn * math.Pi
		pts = append(pts, Pt{c.X + a*math.Cos(t)*(1+wob*math.Sin(3*t+ph)), c.Y + b*math.Sin(t)*(1+wob*math.Cos(2*t)) + 0.3*t})
	}
	return pts
}

// redLogos draws a red mark that is not a seal near b's top-left corner:
// a filled square, a hexagonal badge or a rectangular 已审核 frame stamp.
func redLogos(c *Canvas, f *Font, rng *rand.Rand, b Box) {
	red := color.RGBA{uint8(190 + rng.IntN(40)), uint8(20 + rng.IntN(40)), uint8(30 + rng.IntN(40)), 255}
	var p Path
	x, y := b.X+rng.Float64()*math.Max(0, b.W-40), b.Y+rng.Float64()*math.Max(0, b.H-40)
	switch rng.IntN(3) {
	case 0: // square logo with a hole
		s := 18 + rng.Float64()*14
		p.Polygon(orient([]Pt{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}}))
		h := orient([]Pt{{x + s*0.3, y + s*0.3}, {x + s*0.7, y + s*0.3}, {x + s*0.7, y + s*0.7}, {x + s*0.3, y + s*0.7}})
		for i, j := 0, len(h)-1; i < j; i, j = i+1, j-1 {
			h[i], h[j] = h[j], h[i]
		}
		p.Polygon(h)
	case 1: // hexagonal badge outline with a glyph
		r := 15 + rng.Float64()*6
		ctr := Pt{x + r, y + r}
		var outer, inner []Pt
		for i := range 6 {
			t := float64(i)*math.Pi/3 + math.Pi/6
			outer = append(outer, Pt{ctr.X + r*math.Cos(t), ctr.Y + r*math.Sin(t)})
			inner = append(inner, Pt{ctr.X + (r-1.5)*math.Cos(-t), ctr.Y + (r-1.5)*math.Sin(-t)})
		}
		p.Polygon(orient(outer))
		p.Polygon(inner)
		f.Glyph(&p, '科', r, ctr, 0)
	default: // rounded frame stamp
		fw, fh := 38+rng.Float64()*12, 16+rng.Float64()*10
		p.Polygon(orient([]Pt{{x, y}, {x + fw, y}, {x + fw, y + fh}, {x, y + fh}}))
		p.Polygon([]Pt{{x + 1.2, y + 1.2}, {x + 1.2, y + fh - 1.2}, {x + fw - 1.2, y + fh - 1.2}, {x + fw - 1.2, y + 1.2}})
		s := []string{"已审核", "材料已收", "复印件与原件一致"}[rng.IntN(3)]
		size := math.Min(fh*0.45, (fw-6)/float64(len([]rune(s))))
		w := f.Advance(s, size)
		f.Text(&p, s, size, Pt{x + fw/2 - w/2, y + fh/2 + size*0.38})
	}
	c.Fill(p, red, InkDensity(0.6+0.4*rng.Float64(), 0.4*rng.Float64(), rng.Uint64(), c.DPI))
}

// finish applies the scanner: channel gains, sensor noise, optional colour
// loss, and JPEG compression.
func finish(img *image.RGBA, rng *rand.Rand, kind Kind, quality int, note string) (image.Image, string) {
	sensor(img, rng, -1)
	var out image.Image = img
	switch kind {
	case Gray, BlackWhite:
		g := toGray(img, kind == BlackWhite)
		out = g
		if kind == BlackWhite {
			return out, note + " bw"
		}
		if rng.IntN(2) == 0 { // a grey scan saved as an RGB file
			rgb := image.NewRGBA(img.Rect)
			for i, v := range g.Pix {
				rgb.Pix[4*i], rgb.Pix[4*i+1], rgb.Pix[4*i+2], rgb.Pix[4*i+3] = v, v, v, 255
			}
			out = rgb
			note += " gray-as-rgb"
		}
	}
	if quality == 0 {
		quality = 45 + rng.IntN(48)
	}
	if quality < 0 {
		return out, note
	}
	dec, err := jpegTrip(out, quality)
	if err != nil {
		return out, note
	}
	return dec, note + fmt.Sprintf(" jpeg=%d", quality)
}

// sensor applies a scanner's channel gains, lamp fall-off towards one
// corner and ±amp sensor noise per channel; amp < 0 picks 2–6.
func sensor(img *image.RGBA, rng *rand.Rand, amp int) {
	// Integer arithmetic: this loop touches every pixel of every page.
	gain := [3]int{248 + rng.IntN(9), 248 + rng.IntN(9), 246 + rng.IntN(11)}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	fallX, fallY := rng.Float64()*0.06, rng.Float64()*0.06
	col := make([]int, w)
	for x := range col {
		col[x] = int(256 * (1 - fallX*float64(x)/float64(w)))
	}
	if amp < 0 {
		amp = 2 + rng.IntN(5)
	}
	span := uint64(2*amp + 1)
	state := rng.Uint64() | 1
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		fy := int(256 * (1 - fallY*float64(y)/float64(h)))
		for x := range w {
			state ^= state << 13
			state ^= state >> 7
			state ^= state << 17
			r := state
			px := row[4*x : 4*x+3 : 4*x+3]
			f := col[x] * fy >> 8
			for ch := range 3 {
				v := int(px[ch])*gain[ch]*f>>16 + int(r&0xFFFF%span) - amp
				r >>= 16
				px[ch] = uint8(max(0, min(255, v)))
			}
		}
	}
}

// jpegTrip encodes img as JPEG at quality q and decodes it again.
func jpegTrip(img image.Image, q int) (image.Image, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("scansim: jpeg: %w", err)
	}
	return jpeg.Decode(&buf)
}
