package scansim

import "math"

// Pt is a point in millimetres (page space) or pixels (image space).
type Pt struct{ X, Y float64 }

// Affine maps (x, y) to (A*x + B*y + C, D*x + E*y + F).
type Affine struct{ A, B, C, D, E, F float64 }

// Identity is the affine map that changes nothing.
var Identity = Affine{A: 1, E: 1}

// Apply maps p.
func (m Affine) Apply(p Pt) Pt {
	return Pt{m.A*p.X + m.B*p.Y + m.C, m.D*p.X + m.E*p.Y + m.F}
}

// Then returns the map that applies m first and n second.
func (m Affine) Then(n Affine) Affine {
	return Affine{
		A: n.A*m.A + n.B*m.D, B: n.A*m.B + n.B*m.E, C: n.A*m.C + n.B*m.F + n.C,
		D: n.D*m.A + n.E*m.D, E: n.D*m.B + n.E*m.E, F: n.D*m.C + n.E*m.F + n.F,
	}
}

// Invert returns the inverse map; ok is false when m is singular.
func (m Affine) Invert() (inv Affine, ok bool) {
	det := m.A*m.E - m.B*m.D
	if math.Abs(det) < 1e-12 {
		return Affine{}, false
	}
	a, b, d, e := m.E/det, -m.B/det, -m.D/det, m.A/det
	return Affine{A: a, B: b, C: -(a*m.C + b*m.F), D: d, E: e, F: -(d*m.C + e*m.F)}, true
}

// Translate returns a translation.
func Translate(dx, dy float64) Affine { return Affine{A: 1, C: dx, E: 1, F: dy} }

// Scale returns a scaling about the origin.
func Scale(sx, sy float64) Affine { return Affine{A: sx, E: sy} }

// Rotate returns a rotation about the origin by rad radians (clockwise on a
// y-down page).
func Rotate(rad float64) Affine {
	s, c := math.Sincos(rad)
	return Affine{A: c, B: -s, D: s, E: c}
}

// op codes of a path segment.
const (
	opMove = iota
	opLine
	opQuad
	opCube
)

type seg struct {
	op int
	p  [3]Pt
}

// Path is a list of closed contours made of lines and Bézier curves. Filling
// uses the non-zero rule, so a contour wound the other way cuts a hole.
type Path struct{ segs []seg }

// MoveTo starts a contour.
func (p *Path) MoveTo(a Pt) { p.segs = append(p.segs, seg{op: opMove, p: [3]Pt{a}}) }

// LineTo adds a line.
func (p *Path) LineTo(a Pt) { p.segs = append(p.segs, seg{op: opLine, p: [3]Pt{a}}) }

// Polygon adds a closed polygon, wound as given.
func (p *Path) Polygon(pts []Pt) {
	for i, q := range pts {
		if i == 0 {
			p.MoveTo(q)
		} else {
			p.LineTo(q)
		}
	}
}

// Ellipse adds an ellipse centred at c with semi-axes a, b rotated by rot;
// reverse winds it the other way (for a hole).
func (p *Path) Ellipse(c Pt, a, b, rot float64, reverse bool) {
	const n = 96
	pts := make([]Pt, n)
	s, co := math.Sincos(rot)
	for i := range n {
		t := 2 * math.Pi * float64(i) / n
		if reverse {
			t = -t
		}
		x, y := a*math.Cos(t), b*math.Sin(t)
		pts[i] = Pt{c.X + co*x - s*y, c.Y + s*x + co*y}
	}
	p.Polygon(pts)
}

// Append adds q's contours mapped by m.
func (p *Path) Append(q Path, m Affine) {
	for _, s := range q.segs {
		for i := range s.p {
			s.p[i] = m.Apply(s.p[i])
		}
		p.segs = append(p.segs, s)
	}
}

// Stroke adds a polyline of the given width with round joins and caps. All
// pieces are wound the same way so that their union fills solid.
func (p *Path) Stroke(pts []Pt, width float64) {
	r := width / 2
	for i := range pts {
		p.Ellipse(pts[i], r, r, 0, false)
		if i == 0 {
			continue
		}
		a, b := pts[i-1], pts[i]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*r, dx/l*r
		quad := []Pt{{a.X + nx, a.Y + ny}, {b.X + nx, b.Y + ny}, {b.X - nx, b.Y - ny}, {a.X - nx, a.Y - ny}}
		p.Polygon(orient(quad))
	}
}

// orient makes a polygon wind the same way as Ellipse(..., false).
func orient(pts []Pt) []Pt {
	var area float64
	for i := range pts {
		j := (i + 1) % len(pts)
		area += pts[i].X*pts[j].Y - pts[j].X*pts[i].Y
	}
	if area < 0 {
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	return pts
}

// Star returns a five-pointed star polygon of outer radius r centred at c,
// one point straight up, wound like Ellipse(..., false).
func Star(c Pt, r, rot float64) []Pt {
	pts := make([]Pt, 10)
	for i := range pts {
		rr := r
		if i%2 == 1 {
			rr = r * 0.382
		}
		t := rot - math.Pi/2 + float64(i)*math.Pi/5
		pts[i] = Pt{c.X + rr*math.Cos(t), c.Y + rr*math.Sin(t)}
	}
	return orient(pts)
}
