package seal

import (
	"math"
	"slices"
)

// page holds one page's grid while seals are looked for.
type page struct {
	*grid
	pxPerMM float64   // grid blocks per millimetre
	red     []float32 // redness per block, see redness
	mask    []bool    // red enough to be seal ink
	ruled   bool      // red rules were taken out of mask
	trace   func(ellipse, features, float64)
	sizes   sizes
}

// sizes bounds a seal's long axis in mm: full marks from lo to hi, none
// below min or above max.
type sizes struct{ min, lo, hi, max float64 }

var (
	// knownDPI fits 公章 of 38–42 mm and 40×30 mm ovals, with room for
	// scanner scaling.
	knownDPI = sizes{min: 26, lo: 36, hi: 47, max: 60}
	// guessedDPI allows for the page not being A4 (an invoice, a cropped
	// photo), which makes the assumed resolution wrong by up to a half.
	guessedDPI = sizes{min: 22, lo: 30, hi: 62, max: 80}
)

const (
	// redLo is the redness above which a block counts as seal ink. Paper,
	// print and JPEG noise stay below 0.03; a faded seal's ring runs
	// 0.05–0.2 and full ink 0.3–0.6.
	redLo = 0.04
	// chromaMin is the spread between colour channels (0–255) above which
	// a block shows colour at all; grey scans stay at 0–1.
	chromaMin = 2.5
)

// colourless returns a Reason when the page carries no colour.
func (p *page) colourless() string {
	if p.gray {
		if p.bw {
			return ReasonBlackWhite
		}
		return ReasonGrayscale
	}
	n := 0
	for i := range p.r {
		hi := max(p.r[i], p.g[i], p.b[i])
		lo := min(p.r[i], p.g[i], p.b[i])
		if hi-lo >= chromaMin {
			n++
		}
	}
	if n < max(8, len(p.r)/2000) {
		return ReasonGrayscale
	}
	return ""
}

// paper estimates the sheet's colour as a high percentile of each channel:
// most of a page is paper, and ink only ever darkens it.
func (p *page) paper() [3]float32 {
	var out [3]float32
	for ch, plane := range [3][]float32{p.r, p.g, p.b} {
		var hist [256]int
		for _, v := range plane {
			hist[min(255, max(0, int(v)))]++
		}
		want, acc := len(plane)*80/100, 0
		for v, n := range hist {
			acc += n
			if acc >= want {
				out[ch] = float32(max(v, 64))
				break
			}
		}
	}
	return out
}

// redness scores each block by how much more its red channel stays than
// its green and blue ones, relative to the paper: pink or yellow paper
// becomes neutral, faded red ink stays red, black print and blue ink do not.
func (p *page) redness() {
	pp := p.paper()
	p.red = make([]float32, len(p.r))
	p.mask = make([]bool, len(p.r))
	for i := range p.r {
		r := min(p.r[i]/pp[0], 1.05)
		g := min(p.g[i]/pp[1], 1.05)
		b := min(p.b[i]/pp[2], 1.05)
		v := r - max(g, b)
		p.red[i] = v
		p.mask[i] = v >= redLo && r > 0.3
	}
}

// ruleMinMM is the shortest straight red run taken for a rule rather than
// seal ink. A seal's ring is curved, and the longest straight run it can
// hold, a chord along its band, stays under 17 mm; nothing inside a seal
// runs straight across it.
const ruleMinMM = 25

// dropRules clears from the mask the straight red runs longer than
// ruleMinMM — the rules of a red-ruled table (报销单, invoice), a red
// heading's rule, a long underline — so that a seal stamped across a red
// grid stands alone instead of merging with the grid into one cluster too
// big to be a seal. Runs are traced at angles of up to ±6° in half-degree
// steps, so a skewed scan loses its rules too.
//
// Only the rule's own thickness goes: a block is cleared when the ink
// across the rule there is no thicker than the rule is along most of its
// length. Where a seal's ring crosses or touches the rule the ink is
// thicker, and the ring stays whole. The dashes a blurred rule leaves a
// block or two beside it go the same way.
func (p *page) dropRules() {
	w, h := p.w, p.h
	minLen := int(math.Ceil(ruleMinMM * p.pxPerMM))
	if minLen > max(w, h) {
		return
	}
	hrun, vrun := runLengths(p.mask, w, h)
	clear := make([]bool, len(p.mask))
	var thick []int32
	for _, vertical := range []bool{false, true} {
		// Trace along the long axis u (x for rows, y for columns); v is
		// across it, and across is the run length across the rule.
		nu, nv := w, h
		idx := func(u, v int) int { return v*w + u }
		across := vrun
		if vertical {
			nu, nv = h, w
			idx = func(u, v int) int { return u*w + v }
			across = hrun
		}
		off := make([]int, nu)
		// Steps of half a degree keep a thin rule within half a block
		// of the traced line over a seal's width.
		for step := -12; step <= 12; step++ {
			t := math.Tan(float64(step) / 2 * math.Pi / 180)
			for u := range off {
				off[u] = int(math.Round(float64(u) * t))
			}
			lo, hi := min(0, -off[nu-1]), nv+max(0, -off[nu-1])
			for v0 := lo; v0 < hi; v0++ {
				start, last := -1, -3
				flush := func() {
					if start < 0 || last-start+1 < minLen {
						start = -1
						return
					}
					thick = thick[:0]
					for u := start; u <= last; u++ {
						if v := v0 + off[u]; v >= 0 && v < nv && p.mask[idx(u, v)] {
							thick = append(thick, across[idx(u, v)])
						}
					}
					slices.Sort(thick)
					limit := thick[len(thick)/2] + 1
					for u := start; u <= last; u++ {
						for dv := -2; dv <= 2; dv++ {
							v := v0 + off[u] + dv
							if v < 0 || v >= nv {
								continue
							}
							if i := idx(u, v); p.mask[i] && across[i] <= limit {
								clear[i] = true
							}
						}
					}
					start = -1
				}
				for u := range nu {
					v := v0 + off[u]
					if v < 0 || v >= nv || !p.mask[idx(u, v)] {
						if u-last > 3 { // gaps of up to two blocks are bridged
							flush()
						}
						continue
					}
					if start < 0 {
						start = u
					}
					last = u
				}
				flush()
			}
		}
	}
	for i, c := range clear {
		if c {
			p.mask[i] = false
			p.ruled = true
		}
	}
}

// runLengths returns, for every set block of m, the length of the
// horizontal and of the vertical run of set blocks through it.
func runLengths(m []bool, w, h int) (hrun, vrun []int32) {
	hrun, vrun = make([]int32, len(m)), make([]int32, len(m))
	for y := range h {
		for x := 0; x < w; {
			if !m[y*w+x] {
				x++
				continue
			}
			a := x
			for x < w && m[y*w+x] {
				x++
			}
			for k := a; k < x; k++ {
				hrun[y*w+k] = int32(x - a)
			}
		}
	}
	for x := range w {
		for y := 0; y < h; {
			if !m[y*w+x] {
				y++
				continue
			}
			a := y
			for y < h && m[y*w+x] {
				y++
			}
			for k := a; k < y; k++ {
				vrun[k*w+x] = int32(y - a)
			}
		}
	}
	return hrun, vrun
}

// component is a cluster of red blocks, joined across small gaps.
type component struct {
	id             int
	x0, y0, x1, y1 int // bounding box, x1/y1 exclusive
	label          []int32
	touchesEdge    bool
}

// candidates groups red blocks into clusters of seal size. Blocks closer
// than about 1.5 mm join, so that a ring, its text and its star, broken by
// faded ink or by print crossing them, make one cluster. A cluster too big
// for a seal may be a seal merged with red rules (a seal stamped on a
// 报销单 or an invoice): then the rules are taken out and the page
// clustered again. Pages without such a cluster, most of them, pay nothing
// for that.
func (p *page) candidates() []component {
	out, oversized := p.clusters()
	if oversized {
		p.dropRules()
		out, _ = p.clusters()
	}
	return out
}

// clusters returns the clusters of seal size and whether any cluster was
// too long to be one.
func (p *page) clusters() (out []component, oversized bool) {
	w, h := p.w, p.h
	r := max(1, int(math.Round(1.5*p.pxPerMM/2)))
	dil := dilate(p.mask, w, h, r)
	label := make([]int32, w*h)
	var stack []int
	next := int32(0)
	minLong, maxLong := 18*p.pxPerMM, p.sizes.max*1.15*p.pxPerMM
	for start := range dil {
		if !dil[start] || label[start] != 0 {
			continue
		}
		next++
		c := component{id: int(next), x0: w, y0: h, label: label}
		stack = append(stack[:0], start)
		label[start] = next
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			c.x0, c.y0 = min(c.x0, x), min(c.y0, y)
			c.x1, c.y1 = max(c.x1, x+1), max(c.y1, y+1)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					j := ny*w + nx
					if dil[j] && label[j] == 0 {
						label[j] = next
						stack = append(stack, j)
					}
				}
			}
		}
		bw, bh := float64(c.x1-c.x0-2*r), float64(c.y1-c.y0-2*r)
		c.touchesEdge = c.x0 <= r || c.y0 <= r || c.x1 >= w-r || c.y1 >= h-r
		long, short := math.Max(bw, bh), math.Min(bw, bh)
		minShort := 12 * p.pxPerMM
		if c.touchesEdge {
			minShort = 6 * p.pxPerMM
		}
		oversized = oversized || long > maxLong
		if long < minLong || long > maxLong || short < minShort {
			continue
		}
		out = append(out, c)
	}
	return out, oversized
}

// dilate grows the mask by r blocks in each direction (a square).
func dilate(m []bool, w, h, r int) []bool {
	tmp := make([]bool, len(m))
	for y := range h {
		row, out := m[y*w:(y+1)*w], tmp[y*w:(y+1)*w]
		last := -1 << 30
		for x := range w {
			if row[x] {
				last = x
			}
			if x-last <= r {
				out[x] = true
			}
		}
		last = 1 << 30
		for x := w - 1; x >= 0; x-- {
			if row[x] {
				last = x
			}
			if last-x <= r {
				out[x] = true
			}
		}
	}
	res := make([]bool, len(m))
	for x := range w {
		last := -1 << 30
		for y := range h {
			if tmp[y*w+x] {
				last = y
			}
			if y-last <= r {
				res[y*w+x] = true
			}
		}
		last = 1 << 30
		for y := h - 1; y >= 0; y-- {
			if tmp[y*w+x] {
				last = y
			}
			if last-y <= r {
				res[y*w+x] = true
			}
		}
	}
	return res
}

// ellipse is p·M·p = 1 around (cx, cy), in grid blocks.
type ellipse struct {
	cx, cy        float64
	m11, m12, m22 float64
	a, b          float64 // semi-axes, a ≥ b
	hw, hh        float64 // half extents of the bounding box
}

func circle(cx, cy, r float64) ellipse {
	return ellipse{cx: cx, cy: cy, m11: 1 / (r * r), m22: 1 / (r * r), a: r, b: r, hw: r, hh: r}
}

// radius is how far q lies out along its ray from the centre, 1 on the
// ellipse.
func (e ellipse) radius(x, y float64) float64 {
	dx, dy := x-e.cx, y-e.cy
	return math.Sqrt(math.Max(0, e.m11*dx*dx+2*e.m12*dx*dy+e.m22*dy*dy))
}

// at returns the point in direction t (radians) from the centre whose
// radius is s.
func (e ellipse) at(t, s float64) (float64, float64) {
	// Walk along the ray at angle t until radius s: r(t) = s/√(uᵀMu).
	u, v := math.Cos(t), math.Sin(t)
	q := e.m11*u*u + 2*e.m12*u*v + e.m22*v*v
	d := s / math.Sqrt(q)
	return e.cx + u*d, e.cy + v*d
}

// solve solves the n×n system held in m (each row ends with its right-hand
// side) by Gaussian elimination with partial pivoting.
func solve(m [][]float64) ([]float64, bool) {
	n := len(m)
	for col := range n {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[piv][col]) {
				piv = r
			}
		}
		if math.Abs(m[piv][col]) < 1e-12 {
			return nil, false
		}
		m[col], m[piv] = m[piv], m[col]
		for r := range n {
			if r == col {
				continue
			}
			f := m[r][col] / m[col][col]
			for c := col; c <= n; c++ {
				m[r][c] -= f * m[col][c]
			}
		}
	}
	out := make([]float64, n)
	for i := range n {
		out[i] = m[i][n] / m[i][i]
	}
	return out, true
}

// normal accumulates the least-squares normal equations for rows·x = rhs.
func normal(n int, rows func(yield func(row []float64, rhs float64))) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n+1)
	}
	rows(func(row []float64, rhs float64) {
		for r := range n {
			for c := range n {
				m[r][c] += row[r] * row[c]
			}
			m[r][n] += row[r] * rhs
		}
	})
	return m
}

// fitScale keeps the normal equations well conditioned.
const fitScale = 1.0 / 64

// fitCircle fits x² + y² + D x + E y + F = 0 by least squares (Kåsa's
// method), which stays stable on the partial arc of a seal cut by the
// page edge.
func fitCircle(xs, ys []float64, ox, oy float64) (ellipse, bool) {
	if len(xs) < 6 {
		return ellipse{}, false
	}
	m := normal(3, func(yield func([]float64, float64)) {
		for i := range xs {
			x, y := (xs[i]-ox)*fitScale, (ys[i]-oy)*fitScale
			yield([]float64{x, y, 1}, -(x*x + y*y))
		}
	})
	s, ok := solve(m)
	if !ok {
		return ellipse{}, false
	}
	xc, yc := -s[0]/2, -s[1]/2
	r2 := xc*xc + yc*yc - s[2]
	if r2 <= 0 {
		return ellipse{}, false
	}
	return circle(ox+xc/fitScale, oy+yc/fitScale, math.Sqrt(r2)/fitScale), true
}

// ransacCircle finds the circle of seal size (radius rmin to rmax) through
// the most outline points, so that stray points (a star tip seen where the
// ring is cut away, a stroke touching the ring) cannot drag the fit.
// Sampling is a fixed sequence, so results are repeatable.
func ransacCircle(xs, ys []float64, rmin, rmax float64) (ellipse, bool) {
	n := len(xs)
	if n < 6 {
		return ellipse{}, false
	}
	best, bestN := ellipse{}, 0
	state := uint32(2463534242)
	rnd := func() int {
		state ^= state << 13
		state ^= state >> 17
		state ^= state << 5
		return int(state % uint32(n))
	}
	for range 120 {
		i, j, k := rnd(), rnd(), rnd()
		if i == j || j == k || i == k {
			continue
		}
		e, ok := circle3(xs[i], ys[i], xs[j], ys[j], xs[k], ys[k])
		if !ok || e.a < rmin || e.a > rmax {
			continue
		}
		cnt := 0
		for q := range xs {
			if math.Abs(e.radius(xs[q], ys[q])-1) < 0.05 {
				cnt++
			}
		}
		if cnt > bestN {
			best, bestN = e, cnt
		}
	}
	return best, bestN >= 6
}

// circle3 is the circle through three points.
func circle3(x1, y1, x2, y2, x3, y3 float64) (ellipse, bool) {
	d := 2 * (x1*(y2-y3) + x2*(y3-y1) + x3*(y1-y2))
	if math.Abs(d) < 1e-9 {
		return ellipse{}, false
	}
	s1, s2, s3 := x1*x1+y1*y1, x2*x2+y2*y2, x3*x3+y3*y3
	cx := (s1*(y2-y3) + s2*(y3-y1) + s3*(y1-y2)) / d
	cy := (s1*(x3-x2) + s2*(x1-x3) + s3*(x2-x1)) / d
	r := math.Hypot(x1-cx, y1-cy)
	if r < 1 {
		return ellipse{}, false
	}
	return circle(cx, cy, r), true
}

// fitEllipse fits A x² + B xy + C y² + D x + E y = 1 to the points by least
// squares, in coordinates centred on (ox, oy), which must lie inside.
func fitEllipse(xs, ys []float64, ox, oy float64) (ellipse, bool) {
	if len(xs) < 8 {
		return ellipse{}, false
	}
	const sc = fitScale
	m := normal(5, func(yield func([]float64, float64)) {
		for i := range xs {
			x, y := (xs[i]-ox)*sc, (ys[i]-oy)*sc
			yield([]float64{x * x, x * y, y * y, x, y}, 1)
		}
	})
	s, ok := solve(m)
	if !ok {
		return ellipse{}, false
	}
	A, B, C, D, E := s[0], s[1], s[2], s[3], s[4]
	det := 4*A*C - B*B
	if det <= 0 {
		return ellipse{}, false
	}
	xc := (-2*C*D + B*E) / det
	yc := (B*D - 2*A*E) / det
	fc := A*xc*xc + B*xc*yc + C*yc*yc + D*xc + E*yc - 1
	if fc >= 0 {
		return ellipse{}, false
	}
	m11, m12, m22 := A/-fc*sc*sc, B/2/-fc*sc*sc, C/-fc*sc*sc
	tr, dt := m11+m22, m11*m22-m12*m12
	disc := math.Sqrt(math.Max(0, tr*tr/4-dt))
	l1, l2 := tr/2-disc, tr/2+disc
	if l1 <= 0 || dt <= 0 {
		return ellipse{}, false
	}
	return ellipse{
		cx: ox + xc/sc, cy: oy + yc/sc,
		m11: m11, m12: m12, m22: m22,
		a: 1 / math.Sqrt(l1), b: 1 / math.Sqrt(l2),
		hw: math.Sqrt(m22 / dt), hh: math.Sqrt(m11 / dt),
	}, true
}

// rms is the root mean square of (radius − 1) over the points.
// fitErr is how far the points lie off e: the RMS of (radius − 1), on a
// page whose red rules were taken out over the best 90 % of the points,
// so that the few points where a rule touched the ring and left a bump do
// not spoil an otherwise true ellipse. (Elsewhere all points count: a pen
// loop's overshoot where it closes is what tells it from a ring.)
func (p *page) fitErr(e ellipse, xs, ys []float64) float64 {
	if !p.ruled {
		return e.rms(xs, ys)
	}
	d := make([]float64, len(xs))
	for i := range xs {
		v := e.radius(xs[i], ys[i]) - 1
		d[i] = v * v
	}
	slices.Sort(d)
	d = d[:max(1, len(d)*9/10)]
	var s float64
	for _, v := range d {
		s += v
	}
	return math.Sqrt(s / float64(len(d)))
}

func (e ellipse) rms(xs, ys []float64) float64 {
	var s float64
	for i := range xs {
		d := e.radius(xs[i], ys[i]) - 1
		s += d * d
	}
	return math.Sqrt(s / float64(max(1, len(xs))))
}

// traceKey, set in the context by a test, passes a func(ellipse,
// features, float64) that sees every candidate's measurements.
type traceKey struct{}

// found is a seal as judged on the grid.
type found struct {
	ellipse
	conf float64
}

// features measured for a candidate; kept together so that tests can log
// them when tuning.
type features struct {
	sizeMM   float64 // long axis, mm
	shortMM  float64
	fitErr   float64 // RMS of (radius − 1) over the outline points
	inliers  float64 // share of outline points on the fitted ellipse
	coverage float64 // share of the visible ring with ink
	visible  float64 // share of the ring inside the image
	outside  float64 // share of red just outside the ring
	interior float64 // share of red inside the ring
	// lettering is the share of directions with red in the band just
	// inside the ring, where a seal's curved text runs.
	lettering float64
}

// judge fits an ellipse to a cluster's outline and scores it as a seal.
func (p *page) judge(c component) (found, bool) {
	var xs, ys []float64
	for y := c.y0; y < c.y1; y++ {
		for x := c.x0; x < c.x1; x++ {
			i := y*p.w + x
			if p.mask[i] && c.label[i] == int32(c.id) {
				xs = append(xs, float64(x)+0.5)
				ys = append(ys, float64(y)+0.5)
			}
		}
	}
	prefer := 0.7
	if c.touchesEdge {
		prefer = 0.45
	}
	// Seed with the best circle; an oval's outline stays within about
	// 15 % of it. When stray points (a rule's stub, a label) pull that
	// circle out to an oval's long axis, a second seed a little smaller
	// still catches the oval's flat sides.
	ox, oy := p.outline(xs, ys, float64(c.x0+c.x1)/2, float64(c.y0+c.y1)/2)
	e, ok := ransacCircle(ox, oy, 12*p.pxPerMM, 30*p.pxPerMM)
	if !ok {
		return found{}, false
	}
	best, bestOK := p.judgeFrom(xs, ys, e, prefer)
	if p.ruled {
		if f, ok := p.judgeFrom(xs, ys, circle(e.cx, e.cy, e.a*0.86), prefer); ok && (!bestOK || f.conf > best.conf) {
			best, bestOK = f, true
		}
	}
	return best, bestOK
}

// judgeFrom refines the seed e into the seal's ellipse and scores it.
func (p *page) judgeFrom(xs, ys []float64, e ellipse, prefer float64) (found, bool) {
	var f features
	var ok bool
	for _, tol := range []float64{0.18, 0.1, 0.06} {
		if e, f.fitErr, ok = p.refit(xs, ys, e, tol, prefer); !ok {
			return found{}, false
		}
	}
	// A faint ring can fall apart into several clusters: measure and
	// refit over every red block near the ellipse.
	xs, ys = nil, nil
	x0, x1 := max(0, int(e.cx-e.hw*1.15)), min(p.w, int(e.cx+e.hw*1.15)+1)
	y0, y1 := max(0, int(e.cy-e.hh*1.15)), min(p.h, int(e.cy+e.hh*1.15)+1)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			if p.mask[y*p.w+x] && e.radius(fx, fy) < 1.15 {
				xs, ys = append(xs, fx), append(ys, fy)
			}
		}
	}
	if e, f.fitErr, ok = p.refit(xs, ys, e, 0.06, prefer); !ok {
		return found{}, false
	}
	// Only an ellipse of seal size is worth measuring (and the ring
	// sampling below assumes one).
	if 2*e.a > p.sizes.max*p.pxPerMM || 2*e.b < p.sizes.min*0.6*p.pxPerMM {
		return found{}, false
	}
	f.inliers = p.inliers(e, xs, ys)
	f.sizeMM, f.shortMM = 2*e.a/p.pxPerMM, 2*e.b/p.pxPerMM
	p.ring(e, &f)
	conf := score(f, p.sizes)
	if p.trace != nil {
		p.trace(e, f, conf)
	}
	return found{ellipse: e, conf: conf}, conf > 0
}

// refit takes the outline of the red blocks seen from e's centre, drops
// points off e by more than tol (strokes or print touching the ring,
// directions where the ring is missing) and fits again. Most seals are
// round, and a circle fitted to a partial arc is far steadier than an
// ellipse, so the ellipse is taken only when its error is below prefer
// times the circle's. It returns the fit and its RMS error.
func (p *page) refit(xs, ys []float64, e ellipse, tol, prefer float64) (ellipse, float64, bool) {
	ox, oy := p.outline(xs, ys, e.cx, e.cy)
	var kx, ky []float64
	for i := range ox {
		if math.Abs(e.radius(ox[i], oy[i])-1) < tol {
			kx, ky = append(kx, ox[i]), append(ky, oy[i])
		}
	}
	if len(kx) < 12 {
		return e, 0, false
	}
	ce, okc := fitCircle(kx, ky, e.cx, e.cy)
	ee, oke := fitEllipse(kx, ky, e.cx, e.cy)
	switch {
	case oke && (!okc || ee.rms(kx, ky) < prefer*ce.rms(kx, ky)):
		return ee, p.fitErr(ee, kx, ky), true
	case okc:
		return ce, p.fitErr(ce, kx, ky), true
	}
	return e, 0, false
}

// outline returns, for each of 90 directions around (cx, cy), the farthest
// red block of the cluster, skipping directions where that block lies on
// the image edge (the seal runs off the page there).
func (p *page) outline(xs, ys []float64, cx, cy float64) (ox, oy []float64) {
	const bins = 90
	var best [bins]float64
	var peak [bins]float32
	var bi [bins]int
	bin := func(i int) (int, float64) {
		dx, dy := xs[i]-cx, ys[i]-cy
		b := int((math.Atan2(dy, dx) + math.Pi) / (2 * math.Pi) * bins)
		return min(b, bins-1), dx*dx + dy*dy
	}
	for b := range bi {
		best[b], bi[b] = -1, -1
	}
	for i := range xs {
		b, _ := bin(i)
		peak[b] = max(peak[b], p.red[int(ys[i])*p.w+int(xs[i])])
	}
	// The outermost block at least half as red as the reddest in its
	// direction: a strong ring's JPEG colour bleed and a faint ring's
	// patches both fall on the ring's edge this way.
	for i := range xs {
		b, d := bin(i)
		if p.red[int(ys[i])*p.w+int(xs[i])] >= peak[b]/2 && d > best[b] {
			best[b], bi[b] = d, i
		}
	}
	for _, i := range bi {
		if i < 0 {
			continue
		}
		x, y := xs[i], ys[i]
		// The last row and column may be partial blocks, hence the margin.
		if x < 2.5 || y < 2.5 || x > float64(p.w)-2.5 || y > float64(p.h)-2.5 {
			continue
		}
		ox, oy = append(ox, x), append(oy, y)
	}
	return ox, oy
}

// inliers is the share of directions from the ellipse's centre, among
// those where the ellipse lies inside the image, whose outermost red block
// lies on the ellipse.
func (p *page) inliers(e ellipse, xs, ys []float64) float64 {
	ox, oy := p.outline(xs, ys, e.cx, e.cy)
	on := 0
	for i := range ox {
		if math.Abs(e.radius(ox[i], oy[i])-1) < 0.06 {
			on++
		}
	}
	const bins = 90
	vis := 0
	for i := range bins {
		x, y := e.at(2*math.Pi*(float64(i)+0.5)/bins, 1)
		if x >= 2.5 && y >= 2.5 && x <= float64(p.w)-2.5 && y <= float64(p.h)-2.5 {
			vis++
		}
	}
	if vis == 0 {
		return 0
	}
	return math.Min(1, float64(on)/float64(vis))
}

// ring measures how well the ellipse is inked as a seal's ring.
func (p *page) ring(e ellipse, f *features) {
	const n = 144
	in, hit := 0, 0
	outN, outHit := 0, 0
	inner := math.Max(0.5, 1-(2.4*p.pxPerMM+1)/e.b)
	outer := 1 + 1.2/e.b
	step := 0.7 / e.a
	far0, far1 := 1+1.8*p.pxPerMM/e.b, 1+4*p.pxPerMM/e.b
	for i := range n {
		t := 2 * math.Pi * float64(i) / n
		x, y := e.at(t, 1)
		if !p.inside(x, y) {
			continue
		}
		in++
		for s := inner; s <= outer; s += step {
			if p.redAt(e.at(t, s)) {
				hit++
				break
			}
		}
		for _, s := range []float64{far0, (far0 + far1) / 2, far1} {
			x, y := e.at(t, s)
			if p.inside(x, y) {
				outN++
				if p.redAt(x, y) {
					outHit++
				}
			}
		}
	}
	f.visible = float64(in) / n
	if in > 0 {
		f.coverage = float64(hit) / float64(in)
	}
	if outN > 0 {
		f.outside = float64(outHit) / float64(outN)
	}
	// Interior: sample the disc inside the ring on a polar grid.
	tot, red := 0, 0
	for i := range 48 {
		t := 2 * math.Pi * float64(i) / 48
		for s := 0.1; s < 0.8; s += 0.05 {
			x, y := e.at(t, s)
			if p.inside(x, y) {
				tot++
				if p.redAt(x, y) {
					red++
				}
			}
		}
	}
	if tot > 0 {
		f.interior = float64(red) / float64(tot)
	}
	// Lettering: the organisation's name runs just inside the ring over
	// most of its turn, which a pen loop drawn around print lacks.
	dirs, lettered := 0, 0
	for i := range 72 {
		t := 2 * math.Pi * float64(i) / 72
		if x, y := e.at(t, 0.75); !p.inside(x, y) {
			continue
		}
		dirs++
		for s := 0.55; s <= 0.86; s += 0.5 / e.b {
			if p.redAt(e.at(t, s)) {
				lettered++
				break
			}
		}
	}
	if dirs > 0 {
		f.lettering = float64(lettered) / float64(dirs)
	}
}

func (p *page) inside(x, y float64) bool {
	return x >= 0 && y >= 0 && x < float64(p.w) && y < float64(p.h)
}

func (p *page) redAt(x, y float64) bool {
	if !p.inside(x, y) {
		return false
	}
	return p.mask[int(y)*p.w+int(x)]
}

// ramp maps v linearly from 0 at lo to 1 at hi (either order), clamped.
func ramp(v, lo, hi float64) float64 {
	return math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
}

// score turns features into a confidence; zero rejects outright.
func score(f features, sz sizes) float64 {
	if f.visible < 0.45 || f.shortMM/f.sizeMM < 0.55 || f.interior > 0.65 {
		return 0
	}
	// An inked ring on a true ellipse with nothing red just outside is
	// what makes a seal: the weakest of these caps the confidence.
	ring := min(
		ramp(f.coverage, 0.6, 0.85),
		ramp(f.fitErr, 0.02, 0.008),
		ramp(f.outside, 0.35, 0.1),
	)
	// The rest may each be off a little; a geometric mean lets one weak
	// sign lower the confidence without sinking a seal strong on others.
	rest := []float64{
		math.Min(ramp(f.sizeMM, sz.min, sz.lo), ramp(f.sizeMM, sz.max, sz.hi)),
		ramp(f.shortMM, sz.min*0.7, sz.lo*0.7),
		ramp(f.interior, 0, 0.05),
		ramp(f.inliers, 0.3, 0.6),
		ramp(f.lettering, 0.1, 0.35),
	}
	prod := 1.0
	for _, v := range rest {
		prod *= v
	}
	return ring * math.Pow(prod, 1/float64(len(rest)))
}
