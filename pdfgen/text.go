package pdfgen

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/bast-tools/shenbao/fonts"
	"github.com/bast-tools/shenbao/templates"
)

// mm is one millimetre in points.
const mm = 72 / 25.4

// style is a template style resolved to points and a font role.
type style struct {
	role    fonts.Role
	size    float64 // pt
	lead    float64 // line height, pt
	indent  float64 // first-line indent, pt
	align   string
	before  float64 // pt
	after   float64 // pt
	color   [3]uint8
	spacing float64 // extra advance per character, pt
	base    float64 // baseline below the top of a line, pt
	balance bool    // lines of even length
}

func (e *engine) resolveStyle(name string, s templates.Style) (*style, error) {
	st := &style{
		role:    fonts.Role(s.Font),
		size:    float64(s.Size),
		align:   s.Align,
		before:  s.Before * mm,
		after:   s.After * mm,
		spacing: s.Spacing * float64(s.Size),
		balance: s.Balance,
	}
	lead := s.Leading
	if lead <= 0 {
		lead = 1.3
	}
	st.lead = lead * st.size
	st.indent = s.Indent * st.size
	if s.Color != "" {
		v, err := strconv.ParseUint(strings.TrimPrefix(s.Color, "#"), 16, 32)
		if err != nil || len(s.Color) != 7 {
			return nil, fmt.Errorf("style %q: colour %q: want #rrggbb", name, s.Color)
		}
		st.color = [3]uint8{uint8(v >> 16), uint8(v >> 8), uint8(v)}
	}
	if err := e.setBase(st); err != nil {
		return nil, fmt.Errorf("style %q: %w", name, err)
	}
	return st, nil
}

// setBase places the baseline of st's lines: the font's ascent–descent box
// is centred in the line, so text sits in the middle of table rows and
// underlines.
func (e *engine) setBase(st *style) error {
	chain := e.fonts.Chain(st.role)
	if len(chain) == 0 {
		return fmt.Errorf("no font for role %s", st.role)
	}
	m := chain[0].Metrics()
	st.base = (st.lead-(m.Ascent-m.Descent)*st.size)/2 + m.Ascent*st.size
	return nil
}

// shaped is a text with each character's face and advance.
type shaped struct {
	runes []rune
	adv   []float64 // pt, including the style's letter spacing
	face  []*fonts.Face
	// glue[i] forbids a break before rune i where the text fits (nil: no
	// glue); see glueTokens and gluePhrases.
	glue []bool
}

// shape measures text in style st. Characters no font has are recorded
// against path and measured as one em, so layout can go on and report all
// of them at once.
func (e *engine) shape(st *style, text, path string) shaped {
	rs := []rune(text)
	s := shaped{runes: rs, adv: make([]float64, len(rs)), face: make([]*fonts.Face, len(rs))}
	for i, r := range rs {
		if r == '\n' || r == '\t' || r == '\r' || r == zwsp {
			continue
		}
		f, err := e.fonts.Face(st.role, r)
		if err != nil {
			e.noteMissing(r, path, err)
			s.adv[i] = st.size
			continue
		}
		s.face[i] = f
		s.adv[i] = f.Advance(r)*st.size + st.spacing
	}
	// Letter spacing goes between characters, not after the last one, so
	// a spaced title centres on its glyphs.
	if n := len(rs); n > 0 && s.face[n-1] != nil {
		s.adv[n-1] -= st.spacing
	}
	return s
}

// zwsp (U+200B ZERO WIDTH SPACE) marks where a template's header, label or
// title may break; it is never drawn.
const zwsp = '\u200b'

func (e *engine) noteMissing(r rune, path string, err error) {
	var me *fonts.MissingError
	if !errors.As(err, &me) {
		if e.err == nil {
			e.err = err
		}
		return
	}
	if path == "" {
		path = "（模板文字）"
	}
	if _, ok := e.missing[r]; !ok {
		e.missingOrder = append(e.missingOrder, r)
	}
	for _, p := range e.missing[r] {
		if p == path {
			return
		}
	}
	e.missing[r] = append(e.missing[r], path)
}

// Line-breaking classes (domain.md: no line begins with closing punctuation
// nor ends with opening punctuation).
const (
	noStart = "，。、；：？！）》」』”’】〕〉｝］…—～·．,.;:?!)]}%％°"
	noEnd   = "（《「『“‘【〔〈｛［([{"
)

func isNoStart(r rune) bool { return strings.ContainsRune(noStart, r) }
func isNoEnd(r rune) bool   { return strings.ContainsRune(noEnd, r) }

// isWord reports characters that belong to an unbreakable Latin word or
// number (letters, digits, and the ASCII punctuation inside e-mail
// addresses, codes and decimals).
func isWord(r rune) bool {
	return r > ' ' && r < 0x2E80 && !isNoEnd(r) && r != '—' && r != '…' && r != '·'
}

// line is a range of a shaped text drawn as one line.
type line struct {
	a, b int     // runes [a, b)
	w    float64 // width, pt
}

// atom is a piece that is never broken: a CJK character with the
// punctuation glued to it, a Latin word, a space, or a hard line break.
type atom struct {
	a, b  int
	w     float64
	space bool
	hard  bool
}

func atoms(s shaped) []atom {
	var out []atom
	for i, r := range s.runes {
		if s.glue != nil && s.glue[i] && len(out) > 0 && !out[len(out)-1].hard && r != '\n' {
			// Inside a date, a number with its unit, a file name or a
			// template phrase: one piece, spaces included.
			out[len(out)-1].b = i + 1
			out[len(out)-1].w += s.adv[i]
			out[len(out)-1].space = false
			continue
		}
		switch {
		case r == '\n':
			out = append(out, atom{a: i, b: i + 1, hard: true})
			continue
		case isBreakSpace(r):
			if n := len(out); n > 0 && !out[n-1].hard && !out[n-1].space && isNoEnd(lastSolid(s, out[n-1])) {
				// "( x": the opening bracket keeps its spaces and what
				// follows them, so no line ends with it.
				out[n-1].b = i + 1
				out[n-1].w += s.adv[i]
				continue
			}
			out = append(out, atom{a: i, b: i + 1, w: s.adv[i], space: true})
			continue
		}
		if n := len(out); n > 0 && out[n-1].space && isNoStart(r) {
			// Closing punctuation after spaces ("word !") stays with the
			// word before the spaces.
			k := n - 1
			for k >= 0 && out[k].space {
				k--
			}
			if k >= 0 && !out[k].hard {
				for _, sp := range out[k+1:] {
					out[k].w += sp.w
				}
				out[k].b = i + 1
				out[k].w += s.adv[i]
				out = out[:k+1]
				continue
			}
		}
		if n := len(out); n > 0 && !out[n-1].hard && !out[n-1].space {
			prev := s.runes[i-1]
			if isNoStart(r) || isNoEnd(lastSolid(s, out[n-1])) || (isWord(r) && isWord(prev)) {
				out[n-1].b = i + 1
				out[n-1].w += s.adv[i]
				continue
			}
		}
		out = append(out, atom{a: i, b: i + 1, w: s.adv[i]})
	}
	return out
}

// isBreakSpace reports white space a line may break at (and drops at a
// break): every Unicode space but the newline, which is a hard break, and
// the no-break spaces; and the zero-width space of templates.
func isBreakSpace(r rune) bool {
	return r == zwsp || r != '\n' && r != '\u00a0' && r != '\u2007' && r != '\u202f' && unicode.IsSpace(r)
}

// lastSolid is the last character of an atom that is not a space.
func lastSolid(s shaped, at atom) rune {
	for i := at.b - 1; i >= at.a; i-- {
		if r := s.runes[i]; !isBreakSpace(r) {
			return r
		}
	}
	return ' '
}

func isCJK(r rune) bool { return r >= 0x2E80 }

// breakRank rates a place to break a piece too wide for its line, before
// rune j of the piece [a, b): 1 after a hyphen, underscore, slash or space
// and between two Chinese characters; 2 before a file name's extension and
// between a Chinese character and a letter or digit (2023年|6月); 0 (no)
// inside a number or a code and against kinsoku.
func breakRank(s shaped, a, b, j int) int {
	if j <= a || j >= b {
		return 0
	}
	p, r := s.runes[j-1], s.runes[j]
	if r == '.' {
		for _, c := range s.runes[j+1 : b] {
			if !unicode.IsLetter(c) || c > unicode.MaxASCII {
				return 0
			}
		}
		if j+1 < b {
			return 2
		}
		return 0
	}
	if isNoStart(r) || isNoEnd(p) || isBreakSpace(r) {
		return 0
	}
	switch {
	case p == '-' || p == '_' || p == '/' || isBreakSpace(p):
		return 1
	case isCJK(p) && isCJK(r):
		return 1
	case isCJK(p) && (unicode.IsLetter(r) || unicode.IsDigit(r)), isCJK(r) && unicode.IsLetter(p):
		return 2
	}
	return 0
}

// breakLines breaks s into lines of at most width points, the first line
// indent points narrower. Breaks fall between atoms; an atom wider than a
// line (a long code or file name) is broken at a sensible point
// (breakRank) where one fits, else between characters. No paragraph
// ends with a line of one character when the line above can give it one
// more (fixLastLine).
func breakLines(s shaped, width, indent float64) []line {
	const eps = 0.01
	var out []line
	cur := line{a: 0, b: 0}
	avail := width - indent
	started := false
	para := 0 // first line of the current paragraph
	ats := atoms(s)
	closeLine := func(next int) {
		out = append(out, cur)
		cur = line{a: next, b: next}
		avail = width
		started = false
	}
	for _, at := range ats {
		switch {
		case at.hard:
			closeLine(at.b)
			fixLastLine(s, out[para:], ats, width)
			para = len(out)
			continue
		case at.space:
			if !started {
				cur.a, cur.b = at.b, at.b
				continue
			}
			if cur.w+at.w > avail+eps {
				closeLine(at.b)
				continue
			}
			// Spaces count once something follows them.
			continue
		}
		gap := 0.0
		for i := cur.b; i < at.a; i++ {
			gap += s.adv[i] // spaces between the previous atom and this one
		}
		if started && cur.w+gap+at.w <= avail+eps {
			cur.w += gap + at.w
			cur.b = at.b
			continue
		}
		if started {
			closeLine(at.a)
		} else {
			cur.a, cur.b = at.a, at.a
		}
		if at.w <= avail+eps {
			cur.w, cur.b, started = at.w, at.b, true
			continue
		}
		// Too wide for any line: break at a sensible point (breakRank),
		// else between characters, but not before closing or after
		// opening punctuation where a character or two can move down.
		for i := at.a; i < at.b; i++ {
			if started && cur.w+s.adv[i] > avail+eps {
				// The best rank wins where what follows it fits a line,
				// else the nearest sensible place.
				j, rank := i, 3
				rest := 0.0
				for k := i; k < at.b; k++ {
					rest += s.adv[k]
				}
				for k := i; k > max(cur.a, at.a); k-- {
					if r := breakRank(s, at.a, at.b, k); r > 0 && (r < rank && rest <= width+eps || rank == 3) {
						j, rank = k, r
					}
					rest += s.adv[k-1]
				}
				if rank == 3 {
					for k := 0; k < 3 && j-1 > cur.a && (isNoStart(s.runes[j]) || isNoEnd(s.runes[j-1])); k++ {
						j--
					}
					if isNoStart(s.runes[j]) || isNoEnd(s.runes[j-1]) {
						j = i // nothing better within reach
					}
				}
				for k := j; k < i; k++ {
					cur.w -= s.adv[k]
				}
				cur.b = j
				closeLine(j)
				for k := j; k < i; k++ {
					cur.w += s.adv[k]
				}
				cur.b = i
			}
			cur.w += s.adv[i]
			cur.b = i + 1
			started = true
		}
	}
	if started || len(out) == 0 || (len(s.runes) > 0 && s.runes[len(s.runes)-1] == '\n') {
		out = append(out, cur)
	}
	fixLastLine(s, out[min(para, len(out)):], ats, width)
	return out
}

// fixLastLine keeps a paragraph (lines ls) from
// ending with a line of a single character (「代。」), as Chinese
// typesetters do: the line above gives its last piece to the last line and
// is spread to the width by justification. It is left alone when the line
// above would keep fewer than three pieces.
func fixLastLine(s shaped, ls []line, ats []atom, width float64) {
	n := len(ls)
	if n < 2 {
		return
	}
	last, prev := &ls[n-1], &ls[n-2]
	chars := 0
	for _, r := range s.runes[last.a:last.b] {
		if !isBreakSpace(r) && !isNoStart(r) && r != '\n' {
			chars++
		}
	}
	if chars != 1 {
		return
	}
	var in []atom
	for _, at := range ats {
		if at.a >= prev.a && at.b <= prev.b && !at.space && !at.hard {
			in = append(in, at)
		}
	}
	if len(in) < 3 {
		return
	}
	mv := in[len(in)-1]
	if mv.b < prev.b && strings.TrimFunc(string(s.runes[mv.b:prev.b]), isBreakSpace) != "" {
		return // the line ends inside a piece broken for width
	}
	w := spanWidth(s, mv.a, last.b)
	if w > width+0.01 {
		return
	}
	prev.b = in[len(in)-2].b
	prev.w = spanWidth(s, prev.a, prev.b)
	last.a, last.w = mv.a, w
}

// spanWidth is the width of runes [a, b) without trailing spaces.
func spanWidth(s shaped, a, b int) float64 {
	for b > a && isBreakSpace(s.runes[b-1]) {
		b--
	}
	w := 0.0
	for i := a; i < b; i++ {
		w += s.adv[i]
	}
	return w
}

// text of a line, without control characters.
func (s shaped) text(l line) string {
	var b strings.Builder
	for _, r := range s.runes[l.a:l.b] {
		if r != '\n' && r != '\r' && r != zwsp {
			b.WriteRune(r)
		}
	}
	return b.String()
}
