package verify

import (
	"math"
)

// pt is a point in millimetres on the form page or in pixels of a scan.
type pt struct{ X, Y float64 }

// xform maps form-page millimetres to scan pixels: a projective map
// (x, y) → ((h0 x + h1 y + h2)/w, (h3 x + h4 y + h5)/w), w = h6 x + h7 y + 1.
// Flat scans fit an affine map (h6 = h7 = 0); a phone photo needs the
// perspective terms.
type xform [8]float64

func (m xform) apply(p pt) pt {
	w := m[6]*p.X + m[7]*p.Y + 1
	return pt{(m[0]*p.X + m[1]*p.Y + m[2]) / w, (m[3]*p.X + m[4]*p.Y + m[5]) / w}
}

// scaled returns the map followed by a scaling of the pixels by sx, sy.
func (m xform) scaled(sx, sy float64) xform {
	return xform{m[0] * sx, m[1] * sx, m[2] * sx, m[3] * sy, m[4] * sy, m[5] * sy, m[6], m[7]}
}

// frame describes the map near a page point: the angle of the page's x
// axis in the scan (degrees, clockwise on screen), pixels per millimetre
// along each axis, and whether the axes stay square.
func (m xform) frame(at pt) (angle, sx, sy, shear float64) {
	o := m.apply(at)
	ex := m.apply(pt{at.X + 1, at.Y})
	ey := m.apply(pt{at.X, at.Y + 1})
	ax, ay := pt{ex.X - o.X, ex.Y - o.Y}, pt{ey.X - o.X, ey.Y - o.Y}
	sx, sy = math.Hypot(ax.X, ax.Y), math.Hypot(ay.X, ay.Y)
	angle = math.Atan2(ax.Y, ax.X) * 180 / math.Pi
	// 0 when the axes are at right angles, the right way round.
	shear = (ax.X*ay.X + ax.Y*ay.Y) / (sx * sy)
	if ax.X*ay.Y-ax.Y*ay.X < 0 {
		shear = 2 // mirrored
	}
	return
}

// fitAffine fits the affine map taking src to dst by least squares and
// returns it with the root-mean-square error in dst units. It needs three
// points not on one line.
func fitAffine(src, dst []pt) (xform, float64, bool) {
	if len(src) < 3 || len(src) != len(dst) {
		return xform{}, 0, false
	}
	// Normal equations of [x y 1] · [a b c] = u, shared by both rows.
	var a [3][3]float64
	var bu, bv [3]float64
	for i, p := range src {
		r := [3]float64{p.X, p.Y, 1}
		for j := range 3 {
			for k := range 3 {
				a[j][k] += r[j] * r[k]
			}
			bu[j] += r[j] * dst[i].X
			bv[j] += r[j] * dst[i].Y
		}
	}
	cu, ok1 := solve3(a, bu)
	cv, ok2 := solve3(a, bv)
	if !ok1 || !ok2 {
		return xform{}, 0, false
	}
	m := xform{cu[0], cu[1], cu[2], cv[0], cv[1], cv[2], 0, 0}
	return m, rms(m, src, dst), true
}

// fitProjective fits a projective map by least squares on the linearised
// equations (four or more points).
func fitProjective(src, dst []pt) (xform, float64, bool) {
	if len(src) < 4 || len(src) != len(dst) {
		return xform{}, 0, false
	}
	// Normalise the page side for conditioning: millimetres are ~100s.
	const k = 100.0
	var a [8][8]float64
	var b [8]float64
	add := func(r [8]float64, v float64) {
		for j := range 8 {
			for l := range 8 {
				a[j][l] += r[j] * r[l]
			}
			b[j] += r[j] * v
		}
	}
	for i, p := range src {
		x, y := p.X/k, p.Y/k
		u, v := dst[i].X, dst[i].Y
		add([8]float64{x, y, 1, 0, 0, 0, -u * x, -u * y}, u)
		add([8]float64{0, 0, 0, x, y, 1, -v * x, -v * y}, v)
	}
	h, ok := solveN(a, b)
	if !ok {
		return xform{}, 0, false
	}
	m := xform{h[0] / k, h[1] / k, h[2], h[3] / k, h[4] / k, h[5], h[6] / k, h[7] / k}
	return m, rms(m, src, dst), true
}

func rms(m xform, src, dst []pt) float64 {
	var s float64
	for i, p := range src {
		q := m.apply(p)
		s += (q.X-dst[i].X)*(q.X-dst[i].X) + (q.Y-dst[i].Y)*(q.Y-dst[i].Y)
	}
	return math.Sqrt(s / float64(len(src)))
}

func solve3(a [3][3]float64, b [3]float64) ([3]float64, bool) {
	var m [8][8]float64
	var v [8]float64
	for i := range 3 {
		copy(m[i][:3], a[i][:])
		v[i] = b[i]
	}
	x, ok := gauss(&m, &v, 3)
	var out [3]float64
	copy(out[:], x[:3])
	return out, ok
}

func solveN(a [8][8]float64, b [8]float64) ([8]float64, bool) { return gauss(&a, &b, 8) }

// gauss solves the n×n system in the top-left of a with partial pivoting.
func gauss(a *[8][8]float64, b *[8]float64, n int) ([8]float64, bool) {
	var x [8]float64
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return x, false
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x, true
}
