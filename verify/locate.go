package verify

import (
	"math"
	"slices"

	"github.com/bast-tools/shenbao/pdfgen"
)

// furniture is what every form page carries at fixed places: the corner
// marks and the page code, taken from the page map.
type furniture struct {
	marks    [4]pt // centres, mm: tl, tr, bl, br
	markIDs  [4]string
	markSize float64      // mm
	code     pdfgen.Box   // the page code's box on the first page
	codes    []pdfgen.Box // every place a page of the document has its code
}

// codeBox is where form page p has its page code.
func codeBox(p pdfgen.PageInfo) pdfgen.Box {
	for _, z := range p.Zones {
		if z.Kind == pdfgen.ZonePageCode {
			return z.Box
		}
	}
	return pdfgen.Box{}
}

func newFurniture(p pdfgen.PageInfo) (furniture, bool) {
	var f furniture
	found := 0
	for _, z := range p.Zones {
		switch z.Kind {
		case pdfgen.ZoneMark:
			i := slices.Index([]string{"tl", "tr", "bl", "br"}, z.ID)
			if i < 0 {
				continue
			}
			f.marks[i] = pt{z.Box.X + z.Box.W/2, z.Box.Y + z.Box.H/2}
			f.markIDs[i] = z.ID
			f.markSize = z.Box.W
			found++
		case pdfgen.ZonePageCode:
			f.code = z.Box
		}
	}
	return f, found == 4 && f.code.W > 0
}

// gray is one 8-bit plane.
type gray struct {
	w, h int
	pix  []uint8
}

func (g gray) at(x, y int) uint8 { return g.pix[y*g.w+x] }

// half shrinks a plane by two in each direction.
func half(g gray) gray {
	o := gray{w: g.w / 2, h: g.h / 2}
	o.pix = make([]uint8, o.w*o.h)
	for y := range o.h {
		a, b := g.pix[2*y*g.w:], g.pix[(2*y+1)*g.w:]
		row := o.pix[y*o.w:]
		for x := range o.w {
			row[x] = uint8((int(a[2*x]) + int(a[2*x+1]) + int(b[2*x]) + int(b[2*x+1]) + 2) / 4)
		}
	}
	return o
}

// percentile returns the value below which frac of the samples lie.
func percentile(pix []uint8, frac float64) uint8 {
	var hist [256]int
	step := max(1, len(pix)/200000)
	n := 0
	for i := 0; i < len(pix); i += step {
		hist[pix[i]]++
		n++
	}
	want, acc := int(frac*float64(n)), 0
	for v, c := range hist {
		acc += c
		if acc > want {
			return uint8(v)
		}
	}
	return 255
}

// blob is a candidate corner mark in pixels of the plane it was found in.
type blob struct {
	c     pt
	score float64 // how mark-like: 1 is a perfect isolated square
}

// findMarks looks for solid dark squares of the marks' size on g, whose
// scale is ppm pixels per millimetre (a guess, good to ±40 %).
func findMarks(g gray, ppm, size float64, thr uint8) []blob {
	w, h := g.w, g.h
	label := make([]int32, w*h)
	var stack []int
	var out []blob
	next := int32(0)
	lo, hi := size*0.55*ppm, size*1.6*ppm
	for start := range g.pix {
		if label[start] != 0 || g.pix[start] >= thr {
			continue
		}
		next++
		label[start] = next
		stack = append(stack[:0], start)
		x0, y0, x1, y1 := w, h, 0, 0
		n := 0
		var sx, sy float64
		big := false
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			n++
			sx += float64(x)
			sy += float64(y)
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			if float64(x1-x0) > hi || float64(y1-y0) > hi {
				big = true
			}
			for _, j := range [4]int{i - 1, i + 1, i - w, i + w} {
				if j < 0 || j >= len(label) || label[j] != 0 || g.pix[j] >= thr {
					continue
				}
				if (j == i-1 && x == 0) || (j == i+1 && x == w-1) {
					continue
				}
				label[j] = next
				stack = append(stack, j)
			}
		}
		bw, bh := float64(x1-x0+1), float64(y1-y0+1)
		// A mark cut by the image's edge has its centre in the wrong
		// place; the other marks and the code do better without it.
		if x0 == 0 || y0 == 0 || x1 == w-1 || y1 == h-1 {
			continue
		}
		if big || bw < lo || bh < lo || bw/bh > 1.5 || bh/bw > 1.5 {
			continue
		}
		fill := float64(n) / (bw * bh)
		if fill < 0.55 {
			continue
		}
		// Isolation: the band around the square is mostly paper.
		m := int(math.Ceil(1.2 * ppm))
		dark, all := 0, 0
		for y := y0 - m; y <= y1+m; y++ {
			for x := x0 - m; x <= x1+m; x++ {
				if y >= y0 && y <= y1 && x >= x0 && x <= x1 {
					continue
				}
				all++
				if x >= 0 && y >= 0 && x < w && y < h && g.pix[y*w+x] < thr {
					dark++
				}
			}
		}
		iso := 1 - float64(dark)/float64(max(all, 1))
		if iso < 0.8 {
			continue
		}
		out = append(out, blob{c: pt{sx / float64(n), sy / float64(n)}, score: fill * iso})
	}
	slices.SortFunc(out, func(a, b blob) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	return out
}

// refine moves a mark centre to the ink-weighted centroid of the dark
// pixels around it on the finer plane g (ppm pixels per mm).
func refine(g gray, c pt, ppm, size float64, thr uint8) pt {
	r := int(math.Ceil(size * 0.85 * ppm))
	cx, cy := int(c.X), int(c.Y)
	var sw, sx, sy float64
	for y := max(0, cy-r); y <= min(g.h-1, cy+r); y++ {
		for x := max(0, cx-r); x <= min(g.w-1, cx+r); x++ {
			v := g.pix[y*g.w+x]
			if v >= thr {
				continue
			}
			wt := float64(thr - v)
			sw += wt
			sx += wt * (float64(x) + 0.5)
			sy += wt * (float64(y) + 0.5)
		}
	}
	if sw == 0 {
		return c
	}
	return pt{sx / sw, sy / sw}
}

// placement is a fit of the page onto the scan.
type placement struct {
	m        xform   // page mm → pixels of the plane the marks were found in
	found    [4]bool // which marks were used
	pix      [4]pt   // where, in those pixels
	residual float64 // mm
	codeInk  float64 // share of dark pixels where the page code should be
}

// place chooses, among the candidate marks, the assignments to the four
// corners that fit the page best: most marks, a square and unmirrored map
// at a plausible scale, the page code's corner inked. The marks are
// symmetric, so it returns the best fit for each way round the page may
// lie, best first; reading the page code settles which is right.
func place(g gray, cands []blob, f furniture, ppm float64, thr uint8) []placement {
	if len(cands) > 10 {
		cands = cands[:10]
	}
	var best [4]placement
	var bestScore [4]float64
	for i := range bestScore {
		bestScore[i] = math.Inf(-1)
	}
	idx := [4]int{}
	var try func(k int)
	try = func(k int) {
		if k < 4 {
			for i := -1; i < len(cands); i++ {
				if i >= 0 && slices.Contains(idx[:k], i) {
					continue
				}
				idx[k] = i
				try(k + 1)
			}
			return
		}
		var src, dst []pt
		var p placement
		for c, i := range idx {
			if i >= 0 {
				src = append(src, f.marks[c])
				dst = append(dst, cands[i].c)
				p.found[c] = true
				p.pix[c] = cands[i].c
			}
		}
		if len(src) < 3 {
			return
		}
		m, res, ok := fitAffine(src, dst)
		if !ok {
			return
		}
		_, sx, sy, shear := m.frame(pt{105, 148.5})
		if sx/sy > 1.12 || sy/sx > 1.12 || math.Abs(shear) > 0.08 || sx < ppm*0.5 || sx > ppm*1.8 {
			return
		}
		p.m, p.residual = m, res/sx
		if p.residual > 4 {
			return
		}
		for _, cb := range f.codes {
			p.codeInk = math.Max(p.codeInk, inkShare(g, m, cb, uint8(min(255, int(thr)*3/2))))
		}
		score := 100*float64(len(src)) + 30*math.Min(p.codeInk, 0.3)/0.3 - p.residual
		angle, _, _, _ := m.frame(pt{105, 148.5})
		q := (int(math.Round(angle/90))%4 + 4) % 4
		if score > bestScore[q] {
			best[q], bestScore[q] = p, score
		}
	}
	try(0)
	var out []placement
	for _, q := range []int{0, 1, 2, 3} {
		if !math.IsInf(bestScore[q], -1) {
			out = append(out, best[q])
		}
	}
	slices.SortStableFunc(out, func(a, b placement) int {
		return cmpScore(b, a)
	})
	return out
}

func (p placement) score() float64 {
	n := 0
	for _, f := range p.found {
		if f {
			n++
		}
	}
	return 100*float64(n) + 30*math.Min(p.codeInk, 0.3)/0.3 - p.residual
}

func cmpScore(a, b placement) int {
	switch sa, sb := a.score(), b.score(); {
	case sa < sb:
		return -1
	case sa > sb:
		return 1
	}
	return 0
}

// inkShare is the share of dark pixels of g inside the page box b.
func inkShare(g gray, m xform, b pdfgen.Box, thr uint8) float64 {
	dark, all := 0, 0
	const n = 12
	for i := range n {
		for j := range n {
			q := m.apply(pt{b.X + b.W*(float64(i)+0.5)/n, b.Y + b.H*(float64(j)+0.5)/n})
			x, y := int(q.X), int(q.Y)
			all++
			if x >= 0 && y >= 0 && x < g.w && y < g.h && g.pix[y*g.w+x] < thr {
				dark++
			}
		}
	}
	return float64(dark) / float64(all)
}
