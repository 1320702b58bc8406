package verify

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/bast-tools/shenbao/pdfgen"
	"github.com/bast-tools/shenbao/verify/seal"
)

// Zone kinds this package knows beyond pdfgen's: hand-filled dates.
const zoneDate = "date"

// zone states, for the report and the annotated picture.
const (
	stateOK          = "ok"
	stateMissing     = "missing"
	stateChanged     = "changed"
	stateUnjudgeable = "unjudgeable"
)

// zoneResult is what a check made of one zone.
type zoneResult struct {
	zone  pdfgen.Zone
	state string
}

// sealSpot is a seal found on the page, in form mm.
type sealSpot struct {
	box    pdfgen.Box
	conf   float64
	inZone bool
}

// Seal finder confidences: in a seal box, where a seal is expected, and
// anywhere else.
const (
	minSealInZone    = 0.35
	minSealElsewhere = 0.5
)

// expectedPage is a form page as the record says it should look.
type expectedPage struct {
	y     []uint8   // luminance at workDPI, pageW×pageH
	small []float32 // ink at a quarter of that, for telling pages apart
}

// expect renders form page n (1-based) once.
func (d *doc) expect(n int) (*expectedPage, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e := d.expected[n-1]; e != nil {
		return e, nil
	}
	img, err := d.layout.Raster(n, workDPI)
	if err != nil {
		return nil, err
	}
	e := &expectedPage{y: make([]uint8, pageW*pageH)}
	for j := range min(pageH, img.Rect.Dy()) {
		for i := range min(pageW, img.Rect.Dx()) {
			p := img.Pix[j*img.Stride+4*i:]
			e.y[j*pageW+i] = uint8((299*int(p[0]) + 587*int(p[1]) + 114*int(p[2]) + 500) / 1000)
		}
	}
	e.small = inkSmall(e.y, nil)
	d.expected[n-1] = e
	return e, nil
}

// inkSmall is the page's darkness averaged over 4×4 blocks, leaving out the
// page code (every page's differs) and the pixels not scanned.
func inkSmall(y []uint8, outside []bool) []float32 {
	w, h := pageW/4, pageH/4
	out := make([]float32, w*h)
	for j := range h {
		for i := range w {
			var s float32
			for dy := range 4 {
				row := (4*j + dy) * pageW
				for dx := range 4 {
					k := row + 4*i + dx
					if outside != nil && outside[k] {
						continue
					}
					s += float32(255 - y[k])
				}
			}
			out[j*w+i] = s / 16
		}
	}
	return out
}

// matchContent finds the form page the upright scan looks most like, for
// a page whose code cannot be read. It returns 0 when no page is clearly
// the one.
func (d *doc) matchContent(up *upright) (int, float64) {
	if up == nil {
		return 0, 0
	}
	got := inkSmall(up.Y, up.outside)
	// Leave out the page code's corner, which differs on every page.
	skip := func(i, j int) bool {
		x, y := float64(4*i)/pxPerMM, float64(4*j)/pxPerMM
		for _, cb := range d.fur.codes {
			if x >= cb.X-2 && x <= cb.X+cb.W+2 && y >= cb.Y-2 && y <= cb.Y+cb.H+2 {
				return true
			}
		}
		return false
	}
	best, second, bestN := -2.0, -2.0, 0
	for n := 1; n <= len(d.codes); n++ {
		e, err := d.expect(n)
		if err != nil {
			return 0, 0
		}
		c := ncc(got, e.small, pageW/4, skip)
		if c > best {
			best, second, bestN = c, best, n
		} else if c > second {
			second = c
		}
	}
	if best < 0.5 || best-second < 0.03 {
		return 0, 0
	}
	return bestN, math.Round(math.Min(1, best)*100) / 100
}

// ncc is the normalised cross-correlation of two images of width w.
func ncc(a, b []float32, w int, skip func(i, j int) bool) float64 {
	var sa, sb, n float64
	for k := range a {
		if skip(k%w, k/w) {
			continue
		}
		sa += float64(a[k])
		sb += float64(b[k])
		n++
	}
	ma, mb := sa/n, sb/n
	var sab, saa, sbb float64
	for k := range a {
		if skip(k%w, k/w) {
			continue
		}
		x, y := float64(a[k])-ma, float64(b[k])-mb
		sab += x * y
		saa += x * x
		sbb += y * y
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

// pageInk holds the levels a page's ink is judged by.
type pageInk struct {
	up      *upright
	paper   uint8 // the sheet's luminance
	dark    uint8 // below this a pixel is ink
	faint   uint8 // below this a pixel may be ink (blurred, light print)
	paperCr int
	color   bool
}

func newPageInk(up *upright) pageInk {
	p := pageInk{up: up, paper: percentile(up.Y, 0.9), color: up.Cr != nil}
	p.dark = uint8(float64(p.paper) * 0.62)
	// Anything visibly off the paper counts as the print being there: a
	// blurred scan greys small print but does not remove it, as white-out
	// or a pasted strip does.
	p.faint = p.paper - min(p.paper, 18)
	if p.color {
		p.paperCr = int(percentile(up.Cr, 0.5))
	}
	return p
}

// red reports seal-red ink at pixel k: well above the paper's red
// difference, as pink paper is not.
func (p pageInk) red(k int) bool {
	return p.color && int(p.up.Cr[k])-p.paperCr > 16 && p.up.Y[k] < p.paper-20
}

// minSealRed is the fewest red pixels at workDPI a seal can leave: a
// 40 mm ring 1 mm wide, at a third of full ink.
const minSealRed = 400

// redCount counts the page's seal-red pixels.
func (p pageInk) redCount() int {
	n := 0
	if !p.color {
		return 0
	}
	for k := range p.up.Cr {
		if p.red(k) {
			n++
		}
	}
	return n
}

// colorful reports whether the scan kept colour: a colour sensor leaves
// some chroma everywhere, a grey scan saved as RGB none.
func (p pageInk) colorful() bool {
	if !p.color {
		return false
	}
	n := 0
	for k := range p.up.Cr {
		if abs(int(p.up.Cb[k])-128)+abs(int(p.up.Cr[k])-128) >= 4 {
			n++
		}
	}
	return n >= len(p.up.Cr)/1000
}

func abs(v int) int { return max(v, -v) }

// inkDiff compares the scan with the expected look inside r: extra is ink
// on the scan where the form prints nothing within tol pixels; missing is
// solid print of the form with no ink near it on the scan. skip leaves
// pixels out (seal ink, signatures over a field).
func inkDiff(p pageInk, e *expectedPage, r rect, tol int, skip func(k int) bool) (extra, missing, printed int) {
	g := r
	g.x0, g.y0 = max(0, r.x0-tol), max(0, r.y0-tol)
	g.x1, g.y1 = min(pageW, r.x1+tol), min(pageH, r.y1+tol)
	w, h := g.x1-g.x0, g.y1-g.y0
	if w <= 0 || h <= 0 {
		return 0, 0, 0
	}
	expMask := make([]bool, w*h)
	scanMask := make([]bool, w*h)
	for j := range h {
		for i := range w {
			k := (g.y0+j)*pageW + g.x0 + i
			expMask[j*w+i] = e.y[k] < 215
			scanMask[j*w+i] = p.up.Y[k] < p.faint
		}
	}
	expNear := dilate(expMask, w, h, tol)
	scanNear := dilate(scanMask, w, h, tol)
	for y := r.y0; y < r.y1; y++ {
		for x := r.x0; x < r.x1; x++ {
			k := y*pageW + x
			l := (y-g.y0)*w + x - g.x0
			if p.up.outside[k] || (skip != nil && skip(k)) {
				continue
			}
			if e.y[k] < 110 {
				printed++
				if !scanNear[l] {
					missing++
				}
			}
			if p.up.Y[k] < p.dark && !expNear[l] {
				extra++
			}
		}
	}
	return extra, missing, printed
}

// likeness is how alike the scan and the expected look are inside r: the
// normalised cross-correlation of their ink, both softened by a 3×3 box
// against blur and resampling, at the best of the nine one-pixel shifts
// (what registration leaves). skip pixels count as paper in both.
func likeness(p pageInk, e *expectedPage, r rect, skip func(k int) bool) float64 {
	w, h := r.x1-r.x0+4, r.y1-r.y0+4
	if r.empty() {
		return 1
	}
	a := make([]float32, w*h) // expected ink, with a 2-pixel border
	b := make([]float32, w*h) // scan ink
	for j := range h {
		y := r.y0 - 2 + j
		if y < 0 || y >= pageH {
			continue
		}
		for i := range w {
			x := r.x0 - 2 + i
			if x < 0 || x >= pageW {
				continue
			}
			k := y*pageW + x
			if p.up.outside[k] || (skip != nil && skip(k)) {
				continue
			}
			a[j*w+i] = float32(255 - int(e.y[k]))
			b[j*w+i] = float32(max(0, int(p.paper)-int(p.up.Y[k])))
		}
	}
	a, b = box3(a, w, h), box3(b, w, h)
	best := -1.0
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			var sa, sb, saa, sbb, sab float64
			n := 0
			for j := 2; j < h-2; j++ {
				for i := 2; i < w-2; i++ {
					x, y := float64(a[j*w+i]), float64(b[(j+dy)*w+i+dx])
					sa += x
					sb += y
					saa += x * x
					sbb += y * y
					sab += x * y
					n++
				}
			}
			if n == 0 {
				return 1
			}
			fn := float64(n)
			va, vb := saa-sa*sa/fn, sbb-sb*sb/fn
			if va <= 0 || vb <= 0 {
				continue
			}
			best = math.Max(best, (sab-sa*sb/fn)/math.Sqrt(va*vb))
		}
	}
	return best
}

// minLikeness is the likeness below which a field counts as changed.
const minLikeness = 0.6

// box3 averages each value with its eight neighbours.
func box3(v []float32, w, h int) []float32 {
	out := make([]float32, len(v))
	for j := 1; j < h-1; j++ {
		for i := 1; i < w-1; i++ {
			var s float32
			for dy := -1; dy <= 1; dy++ {
				row := (j + dy) * w
				s += v[row+i-1] + v[row+i] + v[row+i+1]
			}
			out[j*w+i] = s / 9
		}
	}
	return out
}

// check runs the zone checks and the quality checks on an identified page.
// full maps form mm to pixels of the decoded image img.
func (d *doc) check(ctx context.Context, s *scanned, img image.Image, full xform) {
	e, err := d.expect(s.form)
	if err != nil {
		s.findings = append(s.findings, d.finding(CodePageUnreadable, s, s.form, "", 1, "无法由电子数据画出第 "+fmt.Sprint(s.form)+" 页的应有样子："+err.Error()))
		return
	}
	up := s.up
	p := newPageInk(up)
	var judgeable bool
	zones := d.pm.Pages[s.form-1].Zones

	// Seals: on the whole page, so that one stamped beside its box is
	// still seen, and reported where it is. A page without a seal box
	// and without red ink enough for a seal is spared the search.
	hasSealZone := slices.ContainsFunc(zones, func(z pdfgen.Zone) bool { return z.Kind == pdfgen.ZoneSeal })
	s.page.Color, judgeable = p.colorful(), false
	if hasSealZone || p.redCount() >= minSealRed {
		// A seal is expected in its box: take weaker finds there (a faded
		// stamp), but report a seal elsewhere only when sure.
		res, err := seal.Find(ctx, up.Image(), seal.Options{DPI: workDPI, MinConfidence: minSealInZone})
		judgeable = err == nil && res.Judgeable
		s.page.Color = err == nil && res.Color
		if err == nil {
			for _, f := range res.Seals {
				s.seals = append(s.seals, sealSpot{conf: f.Confidence, box: pdfgen.Box{
					X: float64(f.Box.Min.X) / pxPerMM, Y: float64(f.Box.Min.Y) / pxPerMM,
					W: float64(f.Box.Dx()) / pxPerMM, H: float64(f.Box.Dy()) / pxPerMM}})
			}
		}
	}
	var handZones, sealZones []rect
	for _, z := range zones {
		switch z.Kind {
		case pdfgen.ZoneSignature, zoneDate:
			handZones = append(handZones, pxBox(z.Box, 0))
		case pdfgen.ZoneSeal:
			sealZones = append(sealZones, pxBox(z.Box, 8))
		}
	}
	inAny := func(rs []rect, k int) bool {
		x, y := k%pageW, k/pageW
		for _, r := range rs {
			if x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1 {
				return true
			}
		}
		return false
	}
	for _, z := range zones {
		if ctx.Err() != nil {
			return
		}
		switch z.Kind {
		case pdfgen.ZoneSignature, zoneDate:
			// Ink in the box beyond what the form prints there; red is a
			// seal overhanging the box, not a signature.
			r := pxBox(z.Box, -1.2)
			extra, _, _ := inkDiff(p, e, r, 2, p.red)
			area := float64(r.area())
			present := float64(extra) >= math.Max(30, 0.002*area)
			conf := math.Min(1, 0.5+math.Abs(float64(extra)-math.Max(30, 0.002*area))/math.Max(60, 0.004*area))
			st := stateOK
			if !present {
				st = stateMissing
				label := d.label(z)
				if z.Kind == zoneDate {
					if label == "" {
						label = "日期"
					}
					s.findings = append(s.findings, d.zoneFinding(CodeDateMissing, s, z, conf,
						fmt.Sprintf("第 %d 页“%s”未填写（年 月 日）；请手写填上日期", s.form, label)))
				} else {
					s.findings = append(s.findings, d.zoneFinding(CodeSignatureMissing, s, z, conf,
						fmt.Sprintf("第 %d 页“%s”处没有签字；请本人在签字框内签字后重新扫描", s.form, label)))
				}
			}
			s.zones = append(s.zones, zoneResult{zone: z, state: st})
		case pdfgen.ZoneSeal:
			label := d.label(z)
			if !judgeable {
				s.findings = append(s.findings, d.zoneFinding(CodeSealUnjudgeable, s, z, 1,
					fmt.Sprintf("第 %d 页是灰度或黑白扫描，无法判断“%s”处是否盖了红色公章；%s", s.form, label, rescan)))
				s.zones = append(s.zones, zoneResult{zone: z, state: stateUnjudgeable})
				continue
			}
			st := stateMissing
			for i, sp := range s.seals {
				if overlaps(sp.box, z.Box, 10) {
					s.seals[i].inZone = true
					st = stateOK
				}
			}
			if st == stateMissing {
				s.findings = append(s.findings, d.zoneFinding(CodeSealMissing, s, z, 0.9,
					fmt.Sprintf("第 %d 页“%s”处没有找到红色圆形或椭圆形公章；请加盖公章后重新彩色扫描", s.form, label)))
			}
			s.zones = append(s.zones, zoneResult{zone: z, state: st})
		}
	}
	s.seals = slices.DeleteFunc(s.seals, func(sp sealSpot) bool { return !sp.inZone && sp.conf < minSealElsewhere })
	for _, sp := range s.seals {
		if !sp.inZone {
			b := sp.box
			s.findings = append(s.findings, Finding{Code: CodeSealElsewhere, Severity: severity(CodeSealElsewhere), ScanPage: s.page.ScanPage, FormPage: s.form,
				Confidence: 0.8, Box: &b, Message: fmt.Sprintf("第 %d 页盖章区域以外（约 %.0f, %.0f 毫米处）有一枚红色印章，仅供参考", s.form, b.X+b.W/2, b.Y+b.H/2)})
		}
	}

	// Fields: the scan against the expected look, leaving out hands and
	// seals where zones overlap.
	skip := func(k int) bool {
		if inAny(handZones, k) {
			return true
		}
		if p.red(k) {
			return true
		}
		return !p.color && inAny(sealZones, k)
	}
	// Fields are compared stroke by stroke, which needs the page placed
	// to a fraction of a millimetre: three corner marks or more. A page
	// placed by its code alone (marks cut off) is not compared.
	hasFields := slices.ContainsFunc(zones, func(z pdfgen.Zone) bool { return z.Kind == pdfgen.ZoneField })
	if s.page.Marks < 3 && hasFields {
		s.findings = append(s.findings, d.finding(CodeMarkMissing, s, s.form, "", 1,
			fmt.Sprintf("扫描第 %d 页只找到 %d 个四角定位标记（页角可能被裁切），未能逐字段核对内容；请把整页完整扫描", s.page.ScanPage, s.page.Marks)))
		zones = slices.DeleteFunc(slices.Clone(zones), func(z pdfgen.Zone) bool { return z.Kind == pdfgen.ZoneField })
	}
	for _, z := range zones {
		if z.Kind != pdfgen.ZoneField {
			continue
		}
		r := pxBox(z.Box, 0.3)
		extra, missing, printed := inkDiff(p, e, r, 2, skip)
		// A strip pasted over a field with other text of the same length
		// leaves ink near the old strokes everywhere; only the shapes
		// differ. Unchanged print correlates at 0.8–0.9 after scanning.
		like := 1.0
		if printed >= 200 {
			like = likeness(p, e, r, skip)
		}
		limExtra := math.Max(40, 0.06*float64(printed))
		limMissing := math.Max(40, 0.15*float64(printed))
		st := stateOK
		if float64(extra) > limExtra || float64(missing) > limMissing || like < minLikeness {
			st = stateChanged
			conf := math.Min(1, 0.6+0.2*math.Max(math.Max(float64(extra)/limExtra, float64(missing)/limMissing), (1-like)/(1-minLikeness))/2)
			s.findings = append(s.findings, d.zoneFinding(CodeFieldChanged, s, z, math.Round(conf*100)/100,
				fmt.Sprintf("第 %d 页字段 %s 与电子数据不一致（有手写改动、涂改或粘贴）；纸面内容须与电子数据一致，请修改电子数据后重新生成、打印、签字盖章", s.form, fieldName(z))))
		}
		s.zones = append(s.zones, zoneResult{zone: z, state: st})
	}
	d.quality(s, p, img, full)
}

// fieldName names a field zone in messages: the record's JSON paths it
// shows, or where it is for a zone without paths (a row number).
func fieldName(z pdfgen.Zone) string {
	if len(z.Paths) > 0 {
		return strings.Join(z.Paths, "、")
	}
	return fmt.Sprintf("（位于 %.0f, %.0f 毫米处的栏目）", z.Box.X, z.Box.Y)
}

func (d *doc) zoneFinding(code string, s *scanned, z pdfgen.Zone, conf float64, msg string) Finding {
	id := z.ID
	if id == "" {
		id = strings.Join(z.Paths, ",")
	}
	f := d.finding(code, s, s.form, id, math.Round(conf*100)/100, msg)
	if z.ID != "" {
		f.ZoneLabel = d.label(z)
	}
	b := z.Box
	f.Box = &b
	return f
}

// overlaps reports whether a and b come within grow mm of each other.
func overlaps(a, b pdfgen.Box, grow float64) bool {
	return a.X < b.X+b.W+grow && b.X-grow < a.X+a.W && a.Y < b.Y+b.H+grow && b.Y-grow < a.Y+a.H
}

// quality judges resolution, sharpness, cropping and exposure.
func (d *doc) quality(s *scanned, p pageInk, img image.Image, full xform) {
	add := func(code string, conf float64, msg string) {
		s.findings = append(s.findings, d.finding(code, s, s.form, "", conf, msg))
	}
	if s.page.DPI < 145 {
		add(CodeScanLowDPI, 1, fmt.Sprintf("扫描第 %d 页分辨率约 %.0f dpi，低于 150 dpi，细节可能无法辨认；%s", s.page.ScanPage, s.page.DPI, rescan))
	}
	// A skewed sheet on a feeder loses its corner triangles, which hold
	// nothing; what counts is print area lost inside the margins, or a
	// zone the page map says must be seen.
	inner := pxBox(pdfgen.Box{X: 12, Y: 12, W: pageWmm - 24, H: pageHmm - 24}, 0)
	lost := 0
	for y := inner.y0; y < inner.y1; y++ {
		for x := inner.x0; x < inner.x1; x++ {
			if s.up.outside[y*pageW+x] {
				lost++
			}
		}
	}
	cut := ""
	for _, z := range d.pm.Pages[s.form-1].Zones {
		r := pxBox(z.Box, 0)
		if s.up.outside[r.y0*pageW+r.x0] || s.up.outside[(r.y1-1)*pageW+r.x1-1] || s.up.outside[r.y0*pageW+r.x1-1] || s.up.outside[(r.y1-1)*pageW+r.x0] {
			cut = z.Kind
			break
		}
	}
	if share := float64(lost) / float64(inner.area()); share > 0.002 || cut != "" {
		add(CodeScanCropped, math.Min(1, 0.7+share*10), fmt.Sprintf("扫描第 %d 页不完整，页面有约 %.0f%% 在扫描范围之外；请把整页放平放正，完整扫描", s.page.ScanPage, math.Max(1, 100*float64(s.up.nOut)/float64(pageW*pageH))))
	}
	if p.paper < 165 {
		add(CodeScanTooDark, 0.8, fmt.Sprintf("扫描第 %d 页过暗（纸张亮度 %d/255）；请调亮后%s", s.page.ScanPage, p.paper, strings.TrimPrefix(rescan, "请")))
	}
	// Marks are solid black: on a washed-out scan they come out grey.
	var sum, n float64
	for c, m := range d.fur.marks {
		if !s.place.found[c] {
			continue
		}
		r := pxBox(pdfgen.Box{X: m.X - 1.5, Y: m.Y - 1.5, W: 3, H: 3}, 0)
		for y := r.y0; y < r.y1; y++ {
			for x := r.x0; x < r.x1; x++ {
				sum += float64(s.up.Y[y*pageW+x])
				n++
			}
		}
	}
	if n > 0 && sum/n > 125 {
		add(CodeScanTooLight, 0.8, fmt.Sprintf("扫描第 %d 页过淡，黑色只有 %.0f/255 的深度；请调深后%s", s.page.ScanPage, 255-sum/n, strings.TrimPrefix(rescan, "请")))
	}
	if w := edgeWidth(img, full, d.fur, s.place.found); w > 0.55 {
		add(CodeScanBlurry, math.Min(1, w/0.8), fmt.Sprintf("扫描第 %d 页模糊（边缘过渡约 %.1f 毫米）；请保持原件平整、对焦后%s", s.page.ScanPage, w, strings.TrimPrefix(rescan, "请")))
	}
}

// edgeWidth measures how blurred the scan is: the median distance, in mm,
// over which the edges of the corner marks go from 20 % to 80 % dark.
// 0 when no edge could be measured.
func edgeWidth(img image.Image, full xform, f furniture, found [4]bool) float64 {
	var ws []float64
	const step = 0.02 // mm
	for c, m := range f.marks {
		if !found[c] {
			continue
		}
		h := f.markSize / 2
		for _, dir := range []pt{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			// From 1.5 mm outside the edge to 1.5 mm inside.
			var prof []float64
			for t := -1.5; t <= 1.5; t += step {
				q := full.apply(pt{m.X - dir.X*(h-t), m.Y - dir.Y*(h-t)})
				v, ok := sample(img, q)
				if !ok {
					prof = nil
					break
				}
				prof = append(prof, v)
			}
			if len(prof) < 10 {
				continue
			}
			hi, lo := prof[0], prof[len(prof)-1]
			if hi-lo < 60 {
				continue
			}
			a, b := -1, -1
			for i, v := range prof {
				if a < 0 && v < hi-0.2*(hi-lo) {
					a = i
				}
				if b < 0 && v < hi-0.8*(hi-lo) {
					b = i
				}
			}
			if a >= 0 && b >= a {
				ws = append(ws, float64(b-a)*step)
			}
		}
	}
	if len(ws) == 0 {
		return 0
	}
	slices.Sort(ws)
	return ws[len(ws)/2]
}

// sample is the bilinear luminance of img at q (continuous pixel
// coordinates).
func sample(img image.Image, q pt) (float64, bool) {
	b := img.Bounds()
	fx, fy := q.X-0.5, q.Y-0.5
	x0, y0 := int(math.Floor(fx)), int(math.Floor(fy))
	if x0 < 0 || y0 < 0 || x0+1 >= b.Dx() || y0+1 >= b.Dy() {
		return 0, false
	}
	g := luma(img, image.Rect(x0, y0, x0+2, y0+2).Add(b.Min))
	tx, ty := fx-float64(x0), fy-float64(y0)
	v := float64(g.pix[0])*(1-tx)*(1-ty) + float64(g.pix[1])*tx*(1-ty) + float64(g.pix[2])*(1-tx)*ty + float64(g.pix[3])*tx*ty
	return v, true
}
