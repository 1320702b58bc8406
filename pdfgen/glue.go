package pdfgen

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// tokens are the pieces of a value that must not be broken across lines
// where they fit (dates, a date with the 至 of a period after it, a number
// with its unit, file names); identifiers and other Latin words are whole
// already (isWord).
var tokens = regexp.MustCompile(
	`\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:至)?` +
		`|\d+(?:\.\d+)?\s?(?:dpi|ppi|%|％|亿元|万元|元|MB|KB|GB|TB|mm|cm|km|kg|kWh|MWh|GWh|kV|kW|MW|GW|MHz|GHz|kHz|Hz|nm|μm|个月|小时|分钟|人|项|篇|次|年|天|倍|位)` +
		`|[^\s，。、；：？！（）()《》「」“”‘’]+?\.(?i:pdf|ofd|jpe?g|png|tiff?|docx?|xlsx?|zip|rar|txt)\b`)

// glueTokens marks the tokens of s as unbreakable where they fit.
func glueTokens(s *shaped) {
	text := string(s.runes)
	if !strings.ContainsAny(text, "0123456789.") {
		return
	}
	ms := tokens.FindAllStringIndex(text, -1)
	if ms == nil {
		return
	}
	if s.glue == nil {
		s.glue = make([]bool, len(s.runes))
	}
	// Byte offsets to rune indexes, walking once.
	ri, bi := 0, 0
	toRune := func(b int) int {
		for bi < b {
			_, n := utf8.DecodeRuneInString(text[bi:])
			bi += n
			ri++
		}
		return ri
	}
	for _, m := range ms {
		a, b := toRune(m[0]), toRune(m[1])
		for i := a + 1; i < b; i++ {
			s.glue[i] = true
		}
	}
}

// gluePhrases makes a template's header, label or title break only at
// sensible points where it fits: after a slash, around brackets, at spaces
// and zero-width spaces (经费|（万元）, 授权/|申请日期), never inside a word.
func gluePhrases(s *shaped) {
	if s.glue == nil {
		s.glue = make([]bool, len(s.runes))
	}
	for i := 1; i < len(s.runes); i++ {
		p, r := s.runes[i-1], s.runes[i]
		s.glue[i] = !(p == '/' || p == '）' || p == ')' || r == '（' || r == '(' || isBreakSpace(p) || isBreakSpace(r) || p == '\n' || r == '\n')
	}
}
