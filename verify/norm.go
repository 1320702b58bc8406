package verify

import (
	"math"

	"github.com/bast-tools/shenbao/internal/ingest"
	"github.com/bast-tools/shenbao/pdfgen"
)

// workDPI is the resolution a scan is compared with the form at: strokes
// of body text stay a pixel or more wide, a page is a megapixel.
const workDPI = 100

const pageWmm, pageHmm = 210.0, 297.0

// pageW and pageH are the size of a page at workDPI, rounded up as
// pdfgen's raster backend rounds.
var pageW, pageH = int(math.Ceil(595.28 * workDPI / 72)), int(math.Ceil(841.89 * workDPI / 72))

const pxPerMM = workDPI / 25.4

// upright is a scan page resampled onto the form page: pixel (i, j) shows
// the point ((i+0.5)/pxPerMM, (j+0.5)/pxPerMM) mm of the form.
type upright struct {
	*ingest.Planar
	outside []bool // pixels the scan does not cover
	nOut    int
}

// warp resamples src (whose map from form mm is m) onto the form page.
func warp(src *ingest.Planar, m xform) upright {
	w, h := pageW, pageH
	u := upright{Planar: &ingest.Planar{W: w, H: h, Y: make([]uint8, w*h)}, outside: make([]bool, w*h)}
	color := !src.Gray()
	if color {
		u.Cb, u.Cr = make([]uint8, w*h), make([]uint8, w*h)
	}
	sw, sh := src.W, src.H
	for j := range h {
		y := (float64(j) + 0.5) / pxPerMM
		for i := range w {
			q := m.apply(pt{(float64(i) + 0.5) / pxPerMM, y})
			fx, fy := q.X-0.5, q.Y-0.5
			k := j*w + i
			if fx < -0.5 || fy < -0.5 || fx > float64(sw)-0.5 || fy > float64(sh)-0.5 {
				u.Y[k] = 255
				if color {
					u.Cb[k], u.Cr[k] = 128, 128
				}
				u.outside[k] = true
				u.nOut++
				continue
			}
			x0, y0 := int(math.Floor(fx)), int(math.Floor(fy))
			tx, ty := fx-float64(x0), fy-float64(y0)
			x0c, x1c := clamp(x0, sw), clamp(x0+1, sw)
			y0c, y1c := clamp(y0, sh), clamp(y0+1, sh)
			a, b, c, d := y0c*sw+x0c, y0c*sw+x1c, y1c*sw+x0c, y1c*sw+x1c
			w00, w01, w10, w11 := (1-tx)*(1-ty), tx*(1-ty), (1-tx)*ty, tx*ty
			mix := func(p []uint8) uint8 {
				return uint8(float64(p[a])*w00 + float64(p[b])*w01 + float64(p[c])*w10 + float64(p[d])*w11 + 0.5)
			}
			u.Y[k] = mix(src.Y)
			if color {
				u.Cb[k], u.Cr[k] = mix(src.Cb), mix(src.Cr)
			}
		}
	}
	return u
}

func clamp(v, n int) int { return max(0, min(v, n-1)) }

// rect is a box in pixels of the upright page, [x0, x1)×[y0, y1).
type rect struct{ x0, y0, x1, y1 int }

// pxBox converts a page box to pixels, grown by grow mm on every side (or
// shrunk, for grow < 0) and clipped to the page.
func pxBox(b pdfgen.Box, grow float64) rect {
	r := rect{
		int(math.Floor((b.X - grow) * pxPerMM)), int(math.Floor((b.Y - grow) * pxPerMM)),
		int(math.Ceil((b.X + b.W + grow) * pxPerMM)), int(math.Ceil((b.Y + b.H + grow) * pxPerMM)),
	}
	r.x0, r.y0 = max(r.x0, 0), max(r.y0, 0)
	r.x1, r.y1 = min(r.x1, pageW), min(r.y1, pageH)
	return r
}

func (r rect) empty() bool { return r.x1 <= r.x0 || r.y1 <= r.y0 }
func (r rect) area() int {
	if r.empty() {
		return 0
	}
	return (r.x1 - r.x0) * (r.y1 - r.y0)
}

// dilate grows a mask by r pixels (a square neighbourhood): a running
// count along rows, then along columns.
func dilate(m []bool, w, h, r int) []bool {
	if r <= 0 {
		return m
	}
	line := func(get func(int) bool, set func(int), n int) {
		cnt := 0
		for k := 0; k < min(r, n); k++ {
			if get(k) {
				cnt++
			}
		}
		for k := range n {
			if k+r < n && get(k+r) {
				cnt++
			}
			if k-r-1 >= 0 && get(k-r-1) {
				cnt--
			}
			if cnt > 0 {
				set(k)
			}
		}
	}
	tmp := make([]bool, len(m))
	for y := range h {
		o := y * w
		line(func(k int) bool { return m[o+k] }, func(k int) { tmp[o+k] = true }, w)
	}
	out := make([]bool, len(m))
	for x := range w {
		line(func(k int) bool { return tmp[k*w+x] }, func(k int) { out[k*w+x] = true }, h)
	}
	return out
}
