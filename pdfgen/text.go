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
}

func (e *engine) resolveStyle(name string, s templates.Style) (*style, error) {
	st := &style{
		role:    fonts.Role(s.Font),
		size:    float64(s.Size),
		align:   s.Align,
		before:  s.Before * mm,
		after:   s.After * mm,
		spacing: s.Spacing * float64(s.Size),
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
}

// shape measures text in style st. Characters no font has are recorded
// against path and measured as one em, so layout can go on and report all
// of them at once.
func (e *engine) shape(st *style, text, path string) shaped {
	rs := []rune(text)
	s := shaped{runes: rs, adv: make([]float64, len(rs)), face: make([]*fonts.Face, len(rs))}
	for i, r := range rs {
		if r == '\n' || r == '\t' || r == '\r' {
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
	return s
}

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
// the no-break spaces.
func isBreakSpace(r rune) bool {
	return r != '\n' && r != '\u00a0' && r != '\u2007' && r != '\u202f' && unicode.IsSpace(r)
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

// breakLines breaks s into lines of at most width points, the first line
// indent points narrower. Breaks fall between atoms; an atom wider than a
// line (a long code or e-mail address) is broken between characters.
func breakLines(s shaped, width, indent float64) []line {
	const eps = 0.01
	var out []line
	cur := line{a: 0, b: 0}
	avail := width - indent
	started := false
	closeLine := func(next int) {
		out = append(out, cur)
		cur = line{a: next, b: next}
		avail = width
		started = false
	}
	for _, at := range atoms(s) {
		switch {
		case at.hard:
			closeLine(at.b)
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
		// Too wide for any line: break between characters, but not
		// before closing or after opening punctuation where a character
		// or two can move down instead.
		for i := at.a; i < at.b; i++ {
			if started && cur.w+s.adv[i] > avail+eps {
				j := i
				for k := 0; k < 3 && j-1 > cur.a && (isNoStart(s.runes[j]) || isNoEnd(s.runes[j-1])); k++ {
					j--
				}
				if isNoStart(s.runes[j]) || isNoEnd(s.runes[j-1]) {
					j = i // nothing better within reach
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
	return out
}

// text of a line, without control characters.
func (s shaped) text(l line) string {
	var b strings.Builder
	for _, r := range s.runes[l.a:l.b] {
		if r != '\n' && r != '\r' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
