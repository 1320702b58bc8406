package progress

import (
	"strings"
	"testing"

	"golang.org/x/text/width"
)

func TestBar(t *testing.T) {
	var sb strings.Builder
	b := New(&sb, 4, "整理材料")
	b.Set(1, "身份证复印件.pdf")
	b.Set(4, "a.jpg")
	b.Clear()
	out := sb.String()
	lines := strings.Split(out, "\r")
	if !strings.Contains(lines[1], "1/4 身份证复印件.pdf") || !strings.Contains(lines[1], "[######------------------]") {
		t.Errorf("first draw %q", lines[1])
	}
	// The shorter second line is padded so no characters of the first remain.
	if columns(lines[2]) != columns(lines[1]) || !strings.Contains(lines[2], "4/4 a.jpg") {
		t.Errorf("second draw %q (%d columns, first %d)", lines[2], columns(lines[2]), columns(lines[1]))
	}
	if strings.TrimSpace(lines[3]) != "" {
		t.Errorf("clear wrote %q", lines[3])
	}
}

// TestBarHasNoAmbiguousWidth: a character of ambiguous East Asian width is
// one column on most terminals and two on those with a Chinese locale, so
// the bar itself must use none (file names are the user's).
func TestBarHasNoAmbiguousWidth(t *testing.T) {
	var sb strings.Builder
	b := New(&sb, 3, "整理材料")
	b.Set(2, strings.Repeat("长", 40)+".pdf")
	for _, r := range sb.String() {
		if width.LookupRune(r).Kind() == width.EastAsianAmbiguous {
			t.Errorf("bar draws %q (U+%04X), ambiguous width: %q", r, r, sb.String())
		}
	}
}

func TestTruncate(t *testing.T) {
	long := strings.Repeat("长", 40) + ".pdf"
	got := truncate(long, 30)
	if columns(got) > 30 || !strings.HasPrefix(got, "...") || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("truncate = %q (%d columns)", got, columns(got))
	}
	if truncate("a.pdf", 30) != "a.pdf" {
		t.Error("short name changed")
	}
}
