package pdfgen

import (
	"math"

	"github.com/bast-tools/shenbao/templates"
)

// Column widths come from the content, as HTML's automatic table layout and
// LaTeX's tabularx size them: every column gets at least its minimum — the
// widest piece that must not break (a header word, an identifier, a date,
// a file name) — and at most what its longest content needs on one line;
// the width in between goes where it saves the most height, so a long text
// gets room and a short value is not wrapped. A column with a fixed width
// in the template (a signature column) keeps it.

// colMetrics holds what one column needs, in points, padding included.
type colMetrics struct {
	// Minimums, from the most to the least comfortable: soft keeps every
	// piece whole, short values on one line and running text four
	// characters wide; mid keeps identifiers, dates, numbers with units
	// and file names whole, running text three characters wide, and lets
	// headers and labels break between words of up to four characters; low
	// lets those words break too; hard
	// breaks everything at sensible places.
	soft, mid, low, hard float64
	pref                 float64 // everything on one line
	fixed                bool
}

// textNeeds measures a cell's text: the widest unbreakable piece, the
// widest piece between sensible break places, and the widest paragraph.
// A piece wider than long (a long file name) is not kept whole: it counts
// as its widest part between sensible break places.
func textNeeds(s shaped, long float64) (soft, hard, natural float64) {
	para := 0.0
	for _, at := range atoms(s) {
		switch {
		case at.hard:
			natural, para = max(natural, para), 0
			continue
		case !at.space:
			widest, piece := 0.0, 0.0
			for i := at.a; i < at.b; i++ {
				if breakRank(s, at.a, at.b, i) > 0 {
					widest, piece = max(widest, piece), 0
				}
				piece += s.adv[i]
			}
			widest = max(widest, piece)
			hard = max(hard, widest)
			if at.w > long {
				soft = max(soft, widest)
			} else {
				soft = max(soft, at.w)
			}
		}
		para += at.w
	}
	return soft, hard, max(natural, para)
}

// colWidths returns the column edges (len(columns)+1, from 0 to the text
// width) of a table whose rows (header included) are rows.
func (e *engine) colWidths(b *templates.Block, rows []trow) []float64 {
	n := len(b.Columns)
	W := e.width
	ms := make([]colMetrics, n)
	for i, c := range b.Columns {
		if c.Width > 0 {
			ms[i] = colMetrics{soft: c.Width * mm, mid: c.Width * mm, low: c.Width * mm, hard: c.Width * mm, pref: c.Width * mm, fixed: true}
		} else {
			ms[i] = colMetrics{soft: 2 * padX, mid: 2 * padX, low: 2 * padX, hard: 2 * padX, pref: 2 * padX}
		}
	}
	// Per single-column cell: its natural paragraph widths, for the
	// height estimate below.
	grid := make([][]cellParas, len(rows))
	type spanNeed struct {
		a, b int
		soft float64
	}
	var spans []spanNeed
	for r, row := range rows {
		grid[r] = make([]cellParas, n)
		for _, c := range row.cells {
			if c.kind == cellSign || c.v.text == "" {
				continue
			}
			soft, hard, nat := textNeeds(c.s, W/5)
			// A header or label word of up to four characters stays whole.
			mid := max(hard, min(soft, 4*c.st.size))
			low := max(hard, min(soft, 2*c.st.size))
			if c.kind == cellValue {
				mid = max(soft, min(nat, 3*c.st.size))
				low = mid
				// A short value (硕士研究生) on one line where it fits;
				// running text in a column at least four characters wide.
				if nat <= 6*c.st.size {
					soft = max(soft, nat)
				} else {
					soft = max(soft, 4*c.st.size)
				}
				hard = max(hard, min(nat, 2*c.st.size))
			}
			if c.span > 1 {
				spans = append(spans, spanNeed{c.col, c.col + c.span, soft + 2*padX})
				continue
			}
			m := &ms[c.col]
			if m.fixed {
				continue
			}
			m.soft = max(m.soft, soft+2*padX)
			m.mid = max(m.mid, mid+2*padX)
			m.low = max(m.low, low+2*padX)
			m.hard = max(m.hard, hard+2*padX)
			m.pref = max(m.pref, nat+2*padX)
			grid[r][c.col] = cellParas{paras: paragraphWidths(c.s), lead: c.st.lead}
		}
	}
	// A spanning cell's minimum is shared by the columns it spans.
	for _, sp := range spans {
		have := 0.0
		for i := sp.a; i < sp.b; i++ {
			have += ms[i].soft
		}
		if have < sp.soft {
			for i := sp.a; i < sp.b; i++ {
				if !ms[i].fixed {
					ms[i].soft += (sp.soft - have) * ms[i].soft / have
				}
			}
		}
	}
	w := make([]float64, n)
	sumSoft, sumMid, sumLow, sumHard, sumPref := 0.0, 0.0, 0.0, 0.0, 0.0
	for i, m := range ms {
		ms[i].mid = min(m.mid, m.soft)
		ms[i].low = min(m.low, ms[i].mid)
		ms[i].hard = min(m.hard, ms[i].low)
		ms[i].pref = max(m.pref, m.soft)
		sumSoft += m.soft
		sumMid += ms[i].mid
		sumLow += ms[i].low
		sumHard += ms[i].hard
		sumPref += ms[i].pref
	}
	switch {
	case sumPref <= W:
		// Everything fits on one line: the rest of the width goes to the
		// columns that are not fixed, in proportion to their content.
		free := 0.0
		for _, m := range ms {
			if !m.fixed {
				free += m.pref
			}
		}
		for i, m := range ms {
			w[i] = m.pref
			if !m.fixed && free > 0 {
				w[i] += (W - sumPref) * m.pref / free
			}
		}
	case sumSoft <= W:
		for i, m := range ms {
			w[i] = m.soft
		}
	case sumMid <= W:
		// Headers, labels and text may break sooner: from those
		// minimums, the width goes where it saves the most height.
		for i, m := range ms {
			w[i] = m.mid
		}
	case sumLow <= W:
		// Header and label words break before any identifier or date.
		shrink(w, ms, func(m colMetrics) float64 { return m.mid }, func(m colMetrics) float64 { return m.low }, sumMid-W)
	case sumHard <= W:
		// Then long identifiers and dates break at sensible places too.
		shrink(w, ms, func(m colMetrics) float64 { return m.low }, func(m colMetrics) float64 { return m.hard }, sumLow-W)
	default:
		// Nothing sensible fits: shrink in proportion; lines break
		// between characters.
		fixed := 0.0
		for _, m := range ms {
			if m.fixed {
				fixed += m.hard
			}
		}
		for i, m := range ms {
			w[i] = m.hard
			if !m.fixed {
				w[i] *= (W - fixed) / (sumHard - fixed)
			}
		}
	}
	if sumPref > W && sumMid <= W {
		shareWidth(w, ms, grid, W)
		if sumSoft <= W {
			// Comfortable minimums can cost more than they give when long
			// texts share a table with short ones: from the lower
			// minimums too, and the shorter table wins, by a margin.
			alt := make([]float64, n)
			for i, m := range ms {
				alt[i] = m.mid
			}
			shareWidth(alt, ms, grid, W)
			if estHeight(alt, grid) < 0.9*estHeight(w, grid) {
				copy(w, alt)
			}
		}
	}
	xs := make([]float64, n+1)
	for i := range w {
		xs[i+1] = xs[i] + w[i]
	}
	xs[n] = W // no rounding gap at the right edge
	return xs
}

// estHeight estimates a table's height with columns w.
func estHeight(w []float64, g [][]cellParas) float64 {
	h := 0.0
	for r := range g {
		rh := 0.0
		for c, p := range g[r] {
			if p.paras != nil {
				rh = max(rh, float64(estLines(p.paras, w[c]))*p.lead)
			}
		}
		h += rh
	}
	return h
}

// cellParas is a single-column cell's text: the natural width of each
// paragraph and the line height.
// shrink sets w from the minimums from and takes over points off, each
// time from the column with the most to give above its minimum to.
func shrink(w []float64, ms []colMetrics, from, to func(colMetrics) float64, over float64) {
	for i, m := range ms {
		w[i] = from(m)
	}
	for over > 0.01 {
		k, gap := -1, 0.0
		for i, m := range ms {
			if g := w[i] - to(m); g > gap {
				k, gap = i, g
			}
		}
		if k < 0 {
			return
		}
		// Level the largest gaps a step at a time, not one column down
		// to its minimum while others keep room.
		d := min(gap, over, max(gap/2, 1))
		w[k] -= d
		over -= d
	}
}

type cellParas struct {
	paras []float64
	lead  float64
}

// fewerLines is the width (padding included) at which paragraphs of these
// widths take fewer lines than at w: one fewer, or an eighth fewer for a
// long text, so a long table converges in few steps; w when they take one
// line each.
func fewerLines(paras []float64, w float64) float64 {
	avail := w - 2*padX
	need := math.Inf(1)
	for _, p := range paras {
		if k := int(math.Ceil(p/avail - 1e-6)); k > 1 {
			need = min(need, p/float64(k-max(1, k/8)))
		}
	}
	if math.IsInf(need, 1) {
		return w
	}
	return need + 2*padX + 0.01
}

// paragraphWidths lists the natural width of each paragraph of s.
func paragraphWidths(s shaped) []float64 {
	var out []float64
	w := 0.0
	for i, r := range s.runes {
		if r == '\n' {
			out = append(out, w)
			w = 0
			continue
		}
		w += s.adv[i]
	}
	return append(out, w)
}

// lines estimates how many lines paragraphs of these widths take in a
// column w wide (padding included).
func estLines(paras []float64, w float64) int {
	n := 0
	avail := w - 2*padX
	for _, p := range paras {
		n += max(1, int(math.Ceil(p/avail-1e-6)))
	}
	return n
}

// shareWidth gives the width above the minimums (w) where it shortens the
// table most for each point given: a step widens the tallest cells of a row
// (all of them, when several are equally tall) until each loses a line
// (an eighth of its lines for a long text).
// What is left goes to the columns in proportion to what they could
// still use on one line, then to all free columns.
func shareWidth(w []float64, ms []colMetrics, g [][]cellParas, W float64) {
	n := len(w)
	rest := W
	for _, x := range w {
		rest -= x
	}
	cellH := func(r, c int, cw float64) float64 {
		if p := g[r][c]; p.paras != nil {
			return float64(estLines(p.paras, cw)) * p.lead
		}
		return 0
	}
	rowH := func(r int, w []float64) float64 {
		h := 0.0
		for c := 0; c < n; c++ {
			h = max(h, cellH(r, c, w[c]))
		}
		return h
	}
	base := make([]float64, len(g))
	nw := make([]float64, n)
	best := make([]float64, n)
	for step := 0; step < 200 && rest > 0.5; step++ {
		for r := range g {
			base[r] = rowH(r, w)
		}
		bestRatio, bestCost := 0.0, 0.0
		for r := range g {
			copy(nw, w)
			cost, ok := 0.0, base[r] > 0
			for c := 0; c < n && ok; c++ {
				if h := cellH(r, c, w[c]); h < base[r]-1e-6 || h == 0 {
					continue
				}
				cw := fewerLines(g[r][c].paras, w[c])
				if ms[c].fixed || cw <= w[c] {
					ok = false
					break
				}
				nw[c] = min(cw, max(ms[c].pref, w[c]))
				cost += nw[c] - w[c]
			}
			if !ok || cost <= 0 || cost > rest {
				continue
			}
			gain := 0.0
			for r2 := range g {
				gain += base[r2] - rowH(r2, nw)
			}
			if v := gain / cost; v > bestRatio+1e-9 {
				bestRatio, bestCost = v, cost
				copy(best, nw)
			}
		}
		if bestCost == 0 {
			break
		}
		copy(w, best)
		rest -= bestCost
	}
	// What is left: to the columns below their one-line width, in
	// proportion to what they lack, then to all free columns.
	lack := 0.0
	for c := range w {
		if !ms[c].fixed {
			lack += max(0, ms[c].pref-w[c])
		}
	}
	if lack > 0 {
		give := min(rest, lack)
		for c := range w {
			if !ms[c].fixed {
				w[c] += give * max(0, ms[c].pref-w[c]) / lack
			}
		}
		rest -= give
	}
	if rest > 0.01 {
		free := 0.0
		for c := range w {
			if !ms[c].fixed {
				free += w[c]
			}
		}
		for c := range w {
			if !ms[c].fixed {
				w[c] += rest * w[c] / free
			}
		}
	}
}
