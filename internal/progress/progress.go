// Package progress draws a one-line progress bar on a terminal.
//
// It exists instead of a third-party bar because those pull in width
// tables whose package initialisation costs every shenbao process ~16 ms,
// a sixth of the budget of a fresh `shenbao render`.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"golang.org/x/text/width"
)

// Bar is a progress bar for a known number of steps. It is safe for
// concurrent use.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int
	last  int // display columns of the last line drawn
}

// New returns a bar that draws to w, normally a terminal's standard error.
func New(w io.Writer, total int, label string) *Bar {
	return &Bar{w: w, total: total, label: label}
}

const barWidth = 24

// Set draws the bar with done of total steps finished and the name of the
// current item.
func (b *Bar) Set(done int, item string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.total <= 0 {
		return
	}
	done = min(max(done, 0), b.total)
	filled := barWidth * done / b.total
	// ASCII only: block and shade characters are East Asian ambiguous
	// width, two columns wide on terminals with a Chinese locale, and the
	// bar would wrap and smear.
	line := fmt.Sprintf("%s [%s%s] %d/%d %s", b.label, strings.Repeat("#", filled),
		strings.Repeat("-", barWidth-filled), done, b.total, truncate(item, 30))
	cols := columns(line)
	pad := ""
	if cols < b.last {
		pad = strings.Repeat(" ", b.last-cols)
	}
	fmt.Fprintf(b.w, "\r%s%s", line, pad)
	b.last = cols
}

// Clear removes the bar from the line, leaving the cursor at its start.
func (b *Bar) Clear() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.last > 0 {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", b.last))
		b.last = 0
	}
}

// columns counts display columns: East Asian wide and full-width
// characters take two.
func columns(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// truncate shortens s to at most max display columns, marking the cut
// with "..." (an ellipsis character is ambiguous width too).
func truncate(s string, max int) string {
	if columns(s) <= max {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && columns(string(rs))+3 > max {
		rs = rs[1:]
	}
	return "..." + string(rs)
}
