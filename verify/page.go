package verify

import (
	"context"
	"fmt"
	"image"
	"math"

	"github.com/bast-tools/shenbao/internal/ingest"
	"github.com/bast-tools/shenbao/pdfgen"
)

// scanned is what one scan page turned out to be.
type scanned struct {
	page     Page
	findings []Finding
	code     *pdfgen.Code // the page code read, if any
	blank    bool
	// form is the form page this is (1-based) when it belongs to the
	// record's document; 0 otherwise.
	form int
	// foreign says why the page belongs elsewhere; "" if it does not.
	foreign string
	up      *upright // the page resampled onto the form, when placed
	place   placement
	zones   []zoneResult
	seals   []sealSpot
}

// analyze places one decoded scan page on the form and runs the checks.
func (d *doc) analyze(ctx context.Context, img image.Image, j job) *scanned {
	s := &scanned{page: Page{ScanPage: j.index + 1, File: j.file, FilePage: j.filePage}}
	b := img.Bounds()
	W, H := b.Dx(), b.Dy()
	// The decoded image's resolution: the PDF's when known (scaled as the
	// image may have been decoded reduced), else an A4 sheet's.
	dpi := float64(max(W, H)) / (pageHmm / 25.4)
	if j.dpi > 0 && j.width > 0 {
		dpi = j.dpi * float64(W) / float64(j.width)
	}
	k := workDPI / dpi
	mid := ingest.Scale(img, max(1, int(math.Round(float64(W)*k))), max(1, int(math.Round(float64(H)*k))))
	midG := gray{w: mid.W, h: mid.H, pix: mid.Y}
	lo := half(midG)
	paper := percentile(lo.pix, 0.9)
	thr := paper / 2
	toFull := func(m xform) xform { return m.scaled(float64(W)/float64(mid.W), float64(H)/float64(mid.H)) }
	toMid := func(m xform) xform { return m.scaled(float64(mid.W)/float64(W), float64(mid.H)/float64(H)) }

	var m xform // form mm → mid pixels
	placed := false
	var qr qrResult
	unit := d.fur.code.W / 33 // mm a module, for a 25-module symbol
	codeAt := d.fur.code      // the code box the code was read in
	fullPPM := 0.0            // decoded pixels per mm, when placed
	cands := findMarks(lo, pxPerMM/2, d.fur.markSize, thr)
	// Each way the page may lie, best first: the one whose code box holds
	// a readable code wins; without one, the best.
	for i, pl := range place(lo, cands, d.fur, pxPerMM/2, thr) {
		var src, dst []pt
		for c := range 4 {
			if pl.found[c] {
				p := refine(midG, pt{pl.pix[c].X*2 + 1, pl.pix[c].Y*2 + 1}, pxPerMM, d.fur.markSize, thr)
				pl.pix[c] = p
				src = append(src, d.fur.marks[c])
				dst = append(dst, p)
			}
		}
		mm, res, ok := fitAffine(src, dst)
		if !ok {
			continue
		}
		_, sx, _, _ := mm.frame(pt{105, 148.5})
		pl.m, pl.residual = mm, res/sx
		if i == 0 {
			m, placed, s.place = mm, true, pl
		}
		_, ppm, _, _ := toFull(mm).frame(pt{105, 148.5})
		read := false
		for _, cb := range d.fur.codes {
			if q, ok := readCode(img, boxPixels(toFull(mm), cb, 4, b), unit*ppm); ok {
				m, placed, s.place, qr, fullPPM, codeAt, read = mm, true, pl, q, ppm, cb, true
				break
			}
		}
		if read {
			break
		}
		if i == 1 {
			break
		}
	}
	if placed && fullPPM == 0 {
		_, fullPPM, _, _ = toFull(m).frame(pt{105, 148.5})
	}
	text, finders := qr.text, qr.finders
	if text != "" {
		if c, err := pdfgen.ParseCode(text); err == nil {
			s.code = &c
		}
	}
	// The finder patterns tie the code's corner to the page: they add
	// points to the fit, or are the fit when marks are missing.
	if s.code != nil && len(finders) >= 3 {
		// The code says which page it is, and so where its box is.
		if s.code != nil && s.code.Page >= 1 && s.code.Page <= len(d.pm.Pages) && sameDigest(s.code.DocID, d.docID) {
			codeAt = codeBox(d.pm.Pages[s.code.Page-1])
		}
		src, dst := codePoints(codeAt, finders, symbolSize(codeAt, finders, fullPPM, qr))
		// Marks that put the code elsewhere than where it was read are
		// the wrong marks (a logo, a glyph): place by the code, then take
		// the marks found where the code says they are.
		if placed {
			full := toFull(m)
			for i := range src {
				q := full.apply(src[i])
				if math.Hypot(q.X-dst[i].X, q.Y-dst[i].Y) > 4*fullPPM {
					placed = false
				}
			}
			if !placed {
				if a, _, ok := fitAffine(src, dst); ok {
					s.place = placement{}
					am := toMid(a)
					for c := range 4 {
						want := am.apply(d.fur.marks[c])
						for _, cd := range cands {
							p := pt{cd.c.X*2 + 1, cd.c.Y*2 + 1}
							if math.Hypot(p.X-want.X, p.Y-want.Y) < 5*pxPerMM {
								s.place.found[c] = true
								s.place.pix[c] = refine(midG, p, pxPerMM, d.fur.markSize, thr)
							}
						}
					}
					m, placed = am, true
					var s2, d2 []pt
					for c := range 4 {
						if s.place.found[c] {
							s2, d2 = append(s2, d.fur.marks[c]), append(d2, s.place.pix[c])
						}
					}
					if len(s2) >= 3 {
						if mm, _, ok := fitAffine(s2, d2); ok {
							m = mm
						}
					} else {
						s.place.found = [4]bool{}
					}
				}
			}
		}
		if placed {
			var s2, d2 []pt
			for c := range 4 {
				if s.place.found[c] {
					s2 = append(s2, d.fur.marks[c])
					q := s.place.pix[c]
					d2 = append(d2, pt{q.X * float64(W) / float64(mid.W), q.Y * float64(H) / float64(mid.H)})
				}
			}
			s2, d2 = append(s2, src...), append(d2, dst...)
			if a, res, ok := fitAffine(s2, d2); ok {
				_, sx, _, _ := a.frame(pt{105, 148.5})
				s.place.residual = res / sx
				if res/sx > 0.35 && len(s2) >= 5 {
					if p, pres, ok := fitProjective(s2, d2); ok {
						m, s.place.residual = toMid(p), pres/sx
					}
				}
			}
		} else if a, _, ok := fitAffine(src, dst); ok {
			m, placed = toMid(a), true
		}
	}
	if !placed {
		// Print leaves pixels well below the paper at the mid resolution;
		// a blank sheet, even with the other side showing through, not.
		ink := 0
		midPaper := percentile(mid.Y, 0.9)
		for _, v := range mid.Y {
			if int(v) < int(midPaper)-60 {
				ink++
			}
		}
		s.page.Color = !mid.Gray()
		s.page.DPI = math.Round(dpi * float64(j.width) / float64(max(W, 1)))
		if j.width == 0 {
			s.page.DPI = math.Round(dpi)
		}
		if float64(ink) < 0.0005*float64(len(mid.Y)) {
			s.blank = true
			return s
		}
		s.foreign = "此页找不到页面标识码和足够的定位标记：不是本系统生成的申报材料页面，或扫描时页面被裁切、严重倾斜"
		return s
	}
	s.describe(m, dpi, W, j.width)
	up := warp(mid, m)
	s.up = &up
	if err := ctx.Err(); err != nil {
		return s
	}
	d.identify(s)
	if s.form > 0 {
		d.check(ctx, s, img, toFull(m))
	}
	return s
}

// describe fills in the page's orientation, skew and resolution from the
// fit. scale is the mid plane's, width the file's image width.
func (s *scanned) describe(m xform, dpi float64, W, width int) {
	angle, sx, _, _ := m.frame(pt{pageWmm / 2, pageHmm / 2})
	rot := math.Round(angle/90) * 90
	s.page.Rotation = (int(rot)%360 + 360) % 360
	s.page.Skew = math.Round((angle-rot)*10) / 10
	// sx is mid pixels per mm; the mid plane is workDPI/dpi of the decoded
	// image, which is W/width of the file's.
	fileDPI := sx * 25.4 * dpi / workDPI
	if width > 0 {
		fileDPI *= float64(width) / float64(W)
	}
	s.page.DPI = math.Round(fileDPI)
	s.page.Residual = math.Round(s.place.residual*100) / 100
	for _, f := range s.place.found {
		if f {
			s.page.Marks++
		}
	}
}

// codePoints pairs the finder-pattern centres of a page code of n modules
// (pixels: bottom-left, top-left, top-right) with their places on the
// form, whose code box includes a quiet zone of four modules.
func codePoints(box pdfgen.Box, f []pt, n float64) (src, dst []pt) {
	u := box.W / (n + 8)
	x0, y0 := box.X+4*u, box.Y+4*u
	src = []pt{{x0 + 3.5*u, y0 + (n-3.5)*u}, {x0 + 3.5*u, y0 + 3.5*u}, {x0 + (n-3.5)*u, y0 + 3.5*u}}
	return src, f[:3]
}

// symbolSize is the module count of the page code read: from the finder
// spacing when the scale is known (centres n-7 modules apart, the box
// n+8), else from encoding the text again at the level it was read with.
func symbolSize(box pdfgen.Box, f []pt, ppm float64, qr qrResult) float64 {
	if ppm > 0 {
		r := math.Hypot(f[2].X-f[1].X, f[2].Y-f[1].Y) / (box.W * ppm)
		if r > 0.3 && r < 0.95 {
			n := (7 + 8*r) / (1 - r)
			return math.Round((n-17)/4)*4 + 17
		}
	}
	return float64(qr.modules)
}

// boxPixels maps a form box (grown by grow mm) to the bounding rectangle of
// its corners in the scan, clipped to bounds.
func boxPixels(m xform, b pdfgen.Box, grow float64, bounds image.Rectangle) image.Rectangle {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range []pt{{b.X - grow, b.Y - grow}, {b.X + b.W + grow, b.Y - grow}, {b.X - grow, b.Y + b.H + grow}, {b.X + b.W + grow, b.Y + b.H + grow}} {
		q := m.apply(c)
		x0, y0, x1, y1 = math.Min(x0, q.X), math.Min(y0, q.Y), math.Max(x1, q.X), math.Max(y1, q.Y)
	}
	return image.Rect(int(x0), int(y0), int(math.Ceil(x1)), int(math.Ceil(y1))).Add(bounds.Min).Intersect(bounds)
}

// identify decides whose page the scan is from its code.
func (d *doc) identify(s *scanned) {
	c := s.code
	if c == nil {
		if n, conf := d.matchContent(s.up); n > 0 {
			s.form = n
			s.page.FormPage = n
			s.page.IdentifiedBy = "content"
			s.findings = append(s.findings, d.finding(CodeCodeUnreadable, s, n, "", conf,
				fmt.Sprintf("页面标识码无法识别，已根据定位标记和页面内容认定为第 %d 页；请确认扫描清晰、二维码未被遮挡或涂改", n)))
			return
		}
		s.foreign = "此页有定位标记但页面标识码无法识别，内容也与本材料的任何一页都不相符"
		return
	}
	s.page.Code = c.String()
	if c.Kind != d.kind || !sameDigest(c.DocID, d.docID) || c.Edition != d.edition {
		s.foreign = fmt.Sprintf("此页属于另一份材料（%s，第 %d 页，共 %d 页，文档标识 %s），不属于本材料", kindZH(c.Kind), c.Page, c.Pages, c.DocID)
		return
	}
	s.form = c.Page
	s.page.FormPage = c.Page
	s.page.IdentifiedBy = "code"
	if c.Page > len(d.codes) || c.Pages != len(d.codes) || c.Version != d.codes[c.Page-1].Version || !sameDigest(c.PageDigest, d.codes[c.Page-1].PageDigest) {
		s.findings = append(s.findings, d.finding(CodeRecordMismatch, s, c.Page, "", 1,
			fmt.Sprintf("第 %d 页是用与电子数据不同（可能是旧版本）的数据打印的，纸面内容与电子数据不一致；请用当前数据重新生成、打印、签字盖章后重新扫描", c.Page)))
		if c.Page > len(d.codes) {
			s.form = 0
		}
	}
}

// sameDigest compares digests of page codes of either format: SB1 spelt
// eight bytes in base32, SB2 five, and five bytes' base32 is the first
// eight characters of eight bytes'.
func sameDigest(a, b string) bool {
	n := min(len(a), len(b))
	return n >= 8 && a[:n] == b[:n]
}

func kindZH(k string) string {
	switch k {
	case "individual":
		return "个人申报书"
	case "team":
		return "团队申报书"
	case "letter":
		return "推荐函"
	}
	return k
}
