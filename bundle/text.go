package bundle

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// drawable returns s as it can be drawn on the cover and index and in
// bookmarks: tabs and line breaks become spaces, other control characters
// (C0, DEL, C1) and the invisible bidirectional controls that could
// reorder what a reviewer reads are dropped, and bytes that are not UTF-8
// become U+FFFD. dropped lists what was taken out, as U+XXXX. Names are
// user input; one such character must not fail the whole dossier (no font
// has a glyph for it) nor show a misleading name.
func drawable(s string) (out string, dropped []string) {
	if strings.IndexFunc(s, func(r rune) bool { return r == utf8.RuneError || r < 0x20 || isHidden(r) }) < 0 {
		return s, nil
	}
	var b strings.Builder
	seen := map[rune]bool{}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD')
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || isHidden(r):
		default:
			b.WriteRune(r)
			continue
		}
		if !seen[r] {
			seen[r] = true
			dropped = append(dropped, fmt.Sprintf("U+%04X", r))
		}
	}
	return b.String(), dropped
}

// isHidden reports DEL, the C1 controls and the bidirectional formatting
// characters.
func isHidden(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// forDrawing is r with the names drawn made drawable.
func forDrawing(r FileReport) FileReport {
	r.File, _ = drawable(r.File)
	r.Title, _ = drawable(r.Title)
	r.Message, _ = drawable(r.Message)
	return r
}

// drawableCover is c made drawable.
func drawableCover(c Cover) Cover {
	c.Applicant, _ = drawable(c.Applicant)
	c.Organisation, _ = drawable(c.Organisation)
	c.Programme, _ = drawable(c.Programme)
	c.Date, _ = drawable(c.Date)
	return c
}
