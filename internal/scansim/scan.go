package scansim

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
)

// Sheet is one printed page to be scanned.
type Sheet struct {
	// Page is the page as printed, white where there is no ink: a raster
	// of the rendered document. Nil prints nothing (a blank sheet).
	Page image.Image
	// DPI is Page's resolution. Zero takes Page to span SizeMM's width.
	DPI float64
	// SizeMM is the sheet's width and height; zero means A4 (210×297).
	SizeMM [2]float64
	// Marks are what hands, pens and stamps add after printing, drawn in
	// order (a seal given after a signature covers it).
	Marks []Mark
	// ShowThrough, if set, is the other side of the sheet, seen faintly
	// through the paper (mirrored), as on a duplex scan's blank back.
	ShowThrough image.Image
}

// Mode is how a scan keeps colour.
type Mode int

// Colour modes.
const (
	ModeColor      Mode = iota // full colour
	ModeGray                   // 8-bit grayscale
	ModeBlackWhite             // thresholded to black and white
)

// ScanOptions say how a sheet is scanned or photographed. The zero value
// is a clean, straight, lossless 200-dpi colour scan of white paper.
type ScanOptions struct {
	DPI float64 // scan resolution; 0 means 200
	// Skew is the sheet's tilt on the glass in degrees, clockwise.
	Skew float64
	// Bed is the scanned area in mm, the sheet centred on it; zero is the
	// sheet's own size, so that a skewed sheet's corners are cut off as a
	// feeder scanner cropping to the paper size cuts them. A flatbed is
	// about 216×297. The bed's white lid shows where the sheet is not.
	Bed [2]float64
	// Rotation turns the whole image clockwise by 0, 90, 180 or 270
	// degrees, as when the sheet was fed sideways or upside down.
	Rotation int
	// Perspective makes a phone photo: each corner of the page moves
	// inward by up to this share of the page's width (0.02–0.12 is
	// typical), the desk shows around the page and the light falls off.
	Perspective float64
	// Blur is the optics' Gaussian blur, sigma in scan pixels.
	Blur float64
	// Noise is the sensor noise amplitude in levels of 255; 0 is none.
	Noise float64
	// Quality, if above zero, passes the scan through JPEG at that
	// quality.
	Quality int
	Mode    Mode
	// Paper is the sheet's colour; zero is white office paper. Pink or
	// yellow paper makes a hard negative for the seal finder.
	Paper color.RGBA
	// Toner is the print density, 0–1; zero means 0.95.
	Toner float64
	// Seed varies everything random: the hand, the ink, the noise.
	Seed uint64
}

// Scanned is a scan with its ground truth.
type Scanned struct {
	Image image.Image
	DPI   float64 // scan resolution (nominal for a phone photo)
	// Boxes holds, for each mark of the sheet in order, the bounding box of
	// its ink in image pixels, clipped to the image (empty when off it).
	Boxes []image.Rectangle
	Note  string // how it was made, for test logs
	m     pageToImage
}

// ToPx maps a point of the page, in mm from its top-left corner, to image
// pixels: where the scan shows it.
func (s *Scanned) ToPx(p Pt) Pt { return s.m.apply(p) }

// pageToImage is the whole chain from page mm to scan pixels.
type pageToImage struct {
	canvas Affine      // page mm → unrotated flat scan pixels
	persp  *homography // flat scan → photo, nil for a flat scan
	rot    int         // quarter turns clockwise
	w, h   int         // size before rotation
}

func (m pageToImage) apply(p Pt) Pt {
	q := m.canvas.Apply(p)
	if m.persp != nil {
		q = m.persp.apply(q)
	}
	w, h := float64(m.w), float64(m.h)
	switch m.rot {
	case 1:
		return Pt{h - q.Y, q.X}
	case 2:
		return Pt{w - q.X, h - q.Y}
	case 3:
		return Pt{q.Y, w - q.X}
	}
	return q
}

// DefaultPaper is the colour of office paper under a scanner's lamp.
var DefaultPaper = color.RGBA{247, 246, 240, 255}

// Scan prints sheet, applies its marks and scans it as opt says. f draws
// the text of seals, signatures and remarks; it may be nil when no mark
// needs text.
func Scan(f *Font, sheet Sheet, opt ScanOptions) (*Scanned, error) {
	dpi := opt.DPI
	if dpi == 0 {
		dpi = 200
	}
	if dpi < 30 || dpi > 1200 {
		return nil, fmt.Errorf("scansim: scan resolution %g dpi out of 30–1200", dpi)
	}
	if opt.Rotation%90 != 0 {
		return nil, fmt.Errorf("scansim: rotation %d is not a multiple of 90", opt.Rotation)
	}
	w, h := sheet.SizeMM[0], sheet.SizeMM[1]
	if w == 0 || h == 0 {
		w, h = 210, 297
	}
	paper := opt.Paper
	if paper == (color.RGBA{}) {
		paper = DefaultPaper
	}
	toner := opt.Toner
	if toner == 0 {
		toner = 0.95
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5ca115ca))
	bw, bh := opt.Bed[0], opt.Bed[1]
	if bw == 0 || bh == 0 {
		bw, bh = w, h
		if opt.Perspective > 0 { // a photo frames the sheet with room around it
			bw, bh = w*1.08, h*1.08
		}
	}
	c := onBed(w, h, bw, bh, dpi, opt.Skew*math.Pi/180, paper)
	if sheet.ShowThrough != nil {
		if err := c.Print(sheet.ShowThrough, 0, 0.07, true); err != nil {
			return nil, err
		}
	}
	if sheet.Page != nil {
		if err := c.Print(sheet.Page, sheet.DPI, toner, false); err != nil {
			return nil, err
		}
	}
	out := &Scanned{DPI: dpi}
	note := fmt.Sprintf("dpi=%g skew=%.1f°", dpi, opt.Skew)
	var inks [][]Pt // each mark's outline in page mm, for its true box
	for i, m := range sheet.Marks {
		pts, err := m.draw(c, f)
		if err != nil {
			return nil, fmt.Errorf("scansim: mark %d (%s): %w", i, m.Kind, err)
		}
		inks = append(inks, pts)
	}
	img := c.Img
	out.m = pageToImage{canvas: c.ToPx, w: img.Rect.Dx(), h: img.Rect.Dy()}
	if opt.Perspective > 0 {
		inv, _ := c.ToPx.Invert()
		onSheet := func(q Pt) bool {
			p := inv.Apply(q)
			return p.X >= 0 && p.Y >= 0 && p.X <= w && p.Y <= h
		}
		hm, photo := photograph(img, rng, opt.Perspective, onSheet)
		img, out.m.persp = photo, hm
		note += fmt.Sprintf(" photo=%.2f", opt.Perspective)
	}
	if opt.Blur > 0 {
		blur(img, opt.Blur)
		note += fmt.Sprintf(" blur=%.1f", opt.Blur)
	}
	if opt.Noise > 0 {
		sensor(img, rng, int(math.Round(opt.Noise)))
		note += fmt.Sprintf(" noise=%g", opt.Noise)
	}
	var res image.Image = img
	if opt.Mode != ModeColor {
		res = toGray(img, opt.Mode == ModeBlackWhite)
		note += [...]string{"", " gray", " bw"}[opt.Mode]
	}
	out.m.rot = (opt.Rotation/90%4 + 4) % 4
	res = rotate(res, out.m.rot)
	if opt.Rotation != 0 {
		note += fmt.Sprintf(" rot=%d", opt.Rotation)
	}
	if opt.Quality > 0 {
		var err error
		if res, err = jpegTrip(res, opt.Quality); err != nil {
			return nil, err
		}
		note += fmt.Sprintf(" jpeg=%d", opt.Quality)
	}
	out.Image = res
	for _, pts := range inks {
		out.Boxes = append(out.Boxes, out.box(pts))
	}
	out.Note = note
	return out, nil
}

// onBed returns a canvas of a w×h mm sheet lying on a bw×bh mm scanner
// bed, centred and turned by skew radians: white lid around, paper colour
// on the sheet.
func onBed(w, h, bw, bh, dpi, skew float64, paper color.RGBA) *Canvas {
	c := NewCanvas(bw, bh, dpi, 0, color.RGBA{255, 255, 255, 255})
	s := dpi / 25.4
	pw, ph := float64(c.Img.Rect.Dx()), float64(c.Img.Rect.Dy())
	c.ToPx = Translate(-w/2, -h/2).Then(Rotate(skew)).Then(Scale(s, s)).Then(Translate(pw/2, ph/2))
	var sheet Path
	sheet.Polygon(orient(Box{0, 0, w, h}.corners()))
	c.Fill(sheet, paper, nil)
	return c
}

// box is the bounding box in image pixels of the page points, clipped.
func (s *Scanned) box(pts []Pt) image.Rectangle {
	if len(pts) == 0 {
		return image.Rectangle{}
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		q := s.ToPx(p)
		x0, y0, x1, y1 = math.Min(x0, q.X), math.Min(y0, q.Y), math.Max(x1, q.X), math.Max(y1, q.Y)
	}
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
	return r.Intersect(s.Image.Bounds())
}

// Print prints img onto the sheet: each of its pixels darkens the paper
// the way toner does (density toner, 0–1), so marks drawn later mix with
// it like ink over print. dpi is img's resolution; zero takes img to span
// the sheet's width. mirror prints it flipped left to right (the back of
// the sheet seen through it).
func (c *Canvas) Print(img image.Image, dpi, toner float64, mirror bool) error {
	src := toRGBA(img)
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	if sw == 0 || sh == 0 {
		return fmt.Errorf("scansim: the printed page has no pixels")
	}
	inv, ok := c.ToPx.Invert()
	if !ok {
		return fmt.Errorf("scansim: the sheet's placement cannot be inverted")
	}
	wmm := float64(c.Img.Rect.Dx()) / c.DPI * 25.4
	if dpi == 0 {
		dpi = float64(sw) / wmm * 25.4
	}
	k := dpi / 25.4
	// page px → mm → source px, as one affine map.
	m := inv.Then(Scale(k, k))
	if mirror {
		m = m.Then(Affine{A: -1, C: float64(sw), E: 1})
	}
	m = m.Then(Translate(-0.5, -0.5))
	t := int(math.Round(toner * 256))
	for y := 0; y < c.Img.Rect.Dy(); y++ {
		row := c.Img.Pix[y*c.Img.Stride:]
		for x := 0; x < c.Img.Rect.Dx(); x++ {
			q := m.Apply(Pt{float64(x) + 0.5, float64(y) + 0.5})
			r, g, b, in := bilinear(src, q.X, q.Y)
			if !in {
				continue
			}
			px := row[4*x : 4*x+3 : 4*x+3]
			// paper × (1 − toner·(1 − src)) in 8-bit fixed point.
			px[0] = uint8(int(px[0]) * (65536 - t*(255-r)) >> 16)
			px[1] = uint8(int(px[1]) * (65536 - t*(255-g)) >> 16)
			px[2] = uint8(int(px[2]) * (65536 - t*(255-b)) >> 16)
		}
	}
	return nil
}

// toRGBA returns img as *image.RGBA with origin (0, 0), copying only when
// needed.
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Rect, img, b.Min, draw.Src)
	return m
}

// bilinear samples src at (x, y) in pixel-centre coordinates; in is false
// outside the image. The weights are in 1/256 so the result is 0–255.
func bilinear(src *image.RGBA, x, y float64) (r, g, b int, in bool) {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if x < -0.5 || y < -0.5 || x > float64(w)-0.5 || y > float64(h)-0.5 {
		return 0, 0, 0, false
	}
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := int((x-float64(x0))*256), int((y-float64(y0))*256)
	x1, y1 := min(x0+1, w-1), min(y0+1, h-1)
	x0, y0 = max(x0, 0), max(y0, 0)
	p00 := src.Pix[y0*src.Stride+4*x0:]
	p01 := src.Pix[y0*src.Stride+4*x1:]
	p10 := src.Pix[y1*src.Stride+4*x0:]
	p11 := src.Pix[y1*src.Stride+4*x1:]
	var v [3]int
	for ch := range 3 {
		top := int(p00[ch])*(256-fx) + int(p01[ch])*fx
		bot := int(p10[ch])*(256-fx) + int(p11[ch])*fx
		v[ch] = (top*(256-fy) + bot*fy) >> 16
	}
	return v[0], v[1], v[2], true
}

// rotate turns img clockwise by q quarter turns.
func rotate(img image.Image, q int) image.Image {
	if q == 0 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	ow, oh := w, h
	if q%2 == 1 {
		ow, oh = h, w
	}
	dst := func(x, y int) (int, int) {
		switch q {
		case 1:
			return h - 1 - y, x
		case 2:
			return w - 1 - x, h - 1 - y
		}
		return y, w - 1 - x
	}
	switch m := img.(type) {
	case *image.Gray:
		out := image.NewGray(image.Rect(0, 0, ow, oh))
		for y := range h {
			for x := range w {
				dx, dy := dst(x, y)
				out.Pix[dy*out.Stride+dx] = m.Pix[y*m.Stride+x]
			}
		}
		return out
	case *image.RGBA:
		out := image.NewRGBA(image.Rect(0, 0, ow, oh))
		for y := range h {
			for x := range w {
				dx, dy := dst(x, y)
				copy(out.Pix[dy*out.Stride+4*dx:dy*out.Stride+4*dx+4], m.Pix[y*m.Stride+4*x:])
			}
		}
		return out
	}
	return rotate(toRGBA(img), q)
}

// toGray converts a scan to grayscale, or with bw to black and white as a
// scanner's "text" mode thresholds it.
func toGray(img *image.RGBA, bw bool) *image.Gray {
	g := image.NewGray(img.Rect)
	for i := range g.Pix {
		p := img.Pix[4*i : 4*i+3]
		y := (299*int(p[0]) + 587*int(p[1]) + 114*int(p[2])) / 1000
		if bw {
			y = min(255*(y/150), 255) // 0 below the threshold, 255 above
		}
		g.Pix[i] = uint8(y)
	}
	return g
}

// blur applies a separable Gaussian blur of the given sigma (pixels).
func blur(img *image.RGBA, sigma float64) {
	r := int(math.Ceil(3 * sigma))
	if r < 1 {
		return
	}
	k := make([]int, 2*r+1)
	sum := 0.0
	ws := make([]float64, len(k))
	for i := range ws {
		d := float64(i - r)
		ws[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += ws[i]
	}
	for i := range k {
		k[i] = int(math.Round(ws[i] / sum * 4096))
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	pass := func(n, count int, at func(line, i int) int) {
		buf := make([]uint8, 3*n)
		for line := range count {
			for i := range n {
				o := at(line, i)
				copy(buf[3*i:3*i+3], img.Pix[o:o+3])
			}
			for i := range n {
				var acc [3]int
				for j, kv := range k {
					s := min(max(i+j-r, 0), n-1)
					acc[0] += int(buf[3*s]) * kv
					acc[1] += int(buf[3*s+1]) * kv
					acc[2] += int(buf[3*s+2]) * kv
				}
				o := at(line, i)
				for ch := range 3 {
					img.Pix[o+ch] = uint8(min(255, max(0, (acc[ch]+2048)>>12)))
				}
			}
		}
	}
	pass(w, h, func(y, x int) int { return y*img.Stride + 4*x })
	pass(h, w, func(x, y int) int { return y*img.Stride + 4*x })
}

// Desk is the colour around the page on a phone photo.
var Desk = color.RGBA{96, 90, 84, 255}

// photograph re-projects a flat scan as a phone photo taken at a slant:
// the page's corners move inward by up to amount of its width, the desk
// shows around it and the light falls off across the frame. It returns
// the map from flat-scan pixels to photo pixels and the photo.
func photograph(img *image.RGBA, rng *rand.Rand, amount float64, onSheet func(Pt) bool) (*homography, *image.RGBA) {
	w, h := float64(img.Rect.Dx()), float64(img.Rect.Dy())
	d := amount * w
	jit := func() float64 { return d * (0.2 + 0.8*rng.Float64()) }
	src := [4]Pt{{0, 0}, {w, 0}, {w, h}, {0, h}}
	dst := [4]Pt{{jit(), jit()}, {w - jit(), jit()}, {w - jit(), h - jit()}, {jit(), h - jit()}}
	fwd, _ := homographyFrom(src, dst)
	back, _ := homographyFrom(dst, src)
	out := image.NewRGBA(img.Rect)
	lx, ly := (rng.Float64()*2-1)*0.15, (rng.Float64()*2-1)*0.15
	for y := 0; y < img.Rect.Dy(); y++ {
		for x := 0; x < img.Rect.Dx(); x++ {
			q := back.apply(Pt{float64(x) + 0.5, float64(y) + 0.5})
			r, g, b, in := bilinear(img, q.X-0.5, q.Y-0.5)
			if !in || !onSheet(q) {
				r, g, b = int(Desk.R), int(Desk.G), int(Desk.B)
			}
			light := 1 + lx*(float64(x)/w-0.5) + ly*(float64(y)/h-0.5)
			o := y*out.Stride + 4*x
			out.Pix[o] = uint8(min(255, float64(r)*light))
			out.Pix[o+1] = uint8(min(255, float64(g)*light))
			out.Pix[o+2] = uint8(min(255, float64(b)*light))
			out.Pix[o+3] = 255
		}
	}
	return &fwd, out
}

// homography is a projective map of the plane, row-major with h[8] = 1.
type homography [9]float64

func (m homography) apply(p Pt) Pt {
	z := m[6]*p.X + m[7]*p.Y + m[8]
	return Pt{(m[0]*p.X + m[1]*p.Y + m[2]) / z, (m[3]*p.X + m[4]*p.Y + m[5]) / z}
}

// homographyFrom is the projective map taking each src corner to dst.
func homographyFrom(src, dst [4]Pt) (homography, bool) {
	var a [8][9]float64
	for i := range 4 {
		x, y, u, v := src[i].X, src[i].Y, dst[i].X, dst[i].Y
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for col := range 8 {
		piv := col
		for r := col + 1; r < 8; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[piv][col]) {
				piv = r
			}
		}
		if math.Abs(a[piv][col]) < 1e-12 {
			return homography{}, false
		}
		a[col], a[piv] = a[piv], a[col]
		for r := range 8 {
			if r != col {
				f := a[r][col] / a[col][col]
				for c := col; c < 9; c++ {
					a[r][c] -= f * a[col][c]
				}
			}
		}
	}
	var m homography
	for i := range 8 {
		m[i] = a[i][8] / a[i][i]
	}
	m[8] = 1
	return m, true
}

// OpKind is a change to a document's page sequence.
type OpKind int

// Page sequence changes.
const (
	OpDrop      OpKind = iota + 1 // the page goes missing
	OpDuplicate                   // the page is scanned twice in a row
	OpSwap                        // the page and page Other trade places
	OpInsert                      // something else (a blank, a foreign page) comes before the page
)

// PageOp is one change to a document's page sequence; pages count from 0
// in the sequence as it stands when the op applies.
type PageOp struct {
	Kind  OpKind
	Page  int
	Other int // for OpSwap
}

// Arrange applies ops in order to the pages 0…n-1 of a document and returns
// which page each scan page shows, -1 where OpInsert put something else.
// Ops naming a page out of range are ignored.
func Arrange(n int, ops ...PageOp) []int {
	seq := make([]int, n)
	for i := range seq {
		seq[i] = i
	}
	for _, op := range ops {
		p := op.Page
		if p < 0 || p > len(seq) || (p == len(seq) && op.Kind != OpInsert) {
			continue
		}
		switch op.Kind {
		case OpDrop:
			seq = append(seq[:p], seq[p+1:]...)
		case OpDuplicate:
			seq = append(seq[:p+1], append([]int{seq[p]}, seq[p+1:]...)...)
		case OpSwap:
			if op.Other >= 0 && op.Other < len(seq) {
				seq[p], seq[op.Other] = seq[op.Other], seq[p]
			}
		case OpInsert:
			seq = append(seq[:p], append([]int{-1}, seq[p:]...)...)
		}
	}
	return seq
}
