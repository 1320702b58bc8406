package pdfgen

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bast-tools/shenbao/fonts"
)

// fixedShape measures every character as 1 (CJK) or 0.5 (ASCII) em of a
// 10 pt font, so tests state widths in characters.
func fixedShape(text string) shaped {
	rs := []rune(text)
	s := shaped{runes: rs, adv: make([]float64, len(rs)), face: make([]*fonts.Face, len(rs))}
	for i, r := range rs {
		switch {
		case r == '\n':
		case r < 0x80:
			s.adv[i] = 5
		default:
			s.adv[i] = 10
		}
	}
	return s
}

func lineTexts(s shaped, ls []line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = s.text(l)
	}
	return out
}

func TestBreakLinesTokens(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"date whole", "完成于2023年12月", 60, []string{"完成于", "2023年12月"}},
		{"number with unit whole", "分辨率为300 dpi", 50, []string{"分辨率为", "300 dpi"}},
		{"file name whole where it fits", "详见：专利-ZL2021103.pdf", 105, []string{"详见：", "专利-ZL2021103.pdf"}},
		{"file name broken after the hyphen", "专利-ZL202110345678.9.pdf", 110, []string{"专利-", "ZL202110345678.9.pdf"}},
		{"then before the extension", "专利-ZL202110345678.9.pdf", 90, []string{"专利-", "ZL202110345678.9", ".pdf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixedShape(tt.text)
			glueTokens(&s)
			got := lineTexts(s, breakLines(s, tt.width, 0))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("breakLines(%q, %g) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

func TestBreakLinesPhrases(t *testing.T) {
	for _, tt := range []struct {
		text  string
		width float64
		want  string
	}{
		{"经费（万元）", 40, "经费|（万元）"},
		{"授权/申请日期", 45, "授权/|申请日期"},
		{"完成时间", 30, "完成时|间"}, // too narrow: broken, as a last resort
		{"起止年月", 40, "起止年月"},
		{"从事的\u200b工程技术工作", 70, "从事的|工程技术工作"},
	} {
		s := fixedShape(tt.text)
		gluePhrases(&s)
		if got := strings.Join(lineTexts(s, breakLines(s, tt.width, 0)), "|"); got != tt.want {
			t.Errorf("%q at %g: %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		width  float64 // pt; 10 per CJK character
		indent float64
		want   []string
	}{
		{"plain", "一二三四五六七八", 30, 0, []string{"一二三", "四五六", "七八"}},
		{"no last line of one character", "一二三四五六七", 30, 0, []string{"一二三", "四五", "六七"}},
		{"nor of one character and its full stop", "一二三四五六七。", 30, 0, []string{"一二三", "四五", "六七。"}},
		{"comma not at line start", "一二三，四五六", 30, 0, []string{"一二", "三，四", "五六"}},
		{"full stop and closing quote stay", "他说“好。”然后", 40, 0, []string{"他说", "“好。”", "然后"}},
		{"opening bracket not at line end", "一二（三）四", 30, 0, []string{"一二", "（三）", "四"}},
		{"indent", "一二三四五六", 40, 20, []string{"一二", "三四五六"}},
		{"latin word kept whole", "芯片AEC-Q100认证", 45, 0, []string{"芯片", "AEC-Q100", "认证"}},
		{"long code broken between characters", "ZL202110345678.9", 40, 0, []string{"ZL202110", "345678.9"}},
		{"hard line break", "一二\n三", 100, 0, []string{"一二", "三"}},
		{"space dropped at break", "ab cd ef", 25, 0, []string{"ab cd", "ef"}},
		{"empty", "", 100, 0, []string{""}},
		{"closing bracket after a long code", "号ZL2022105678.1），预警", 60, 0, []string{"号", "ZL202210567", "8.1），预警"}},
		{"ellipsis pair", "一二三……四五", 30, 0, []string{"一二", "三……", "四五"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixedShape(tt.text)
			got := lineTexts(s, breakLines(s, tt.width, tt.indent))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("breakLines(%q, %g) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

// checkBreaks asserts the line-breaking invariants on any text.
func checkBreaks(t *testing.T, text string, width float64) {
	s := fixedShape(text)
	ls := breakLines(s, width, 0)
	// Breaks inside an atom wider than the line are forced; the rules
	// cannot always hold there ("（（（（（一" on a four-character line).
	forced := map[int]bool{}
	for _, a := range atoms(s) {
		if a.w > width {
			for i := a.a + 1; i < a.b; i++ {
				forced[i] = true
			}
		}
	}
	var joined strings.Builder
	prevEnd := 0
	for i, l := range ls {
		if l.a < prevEnd || l.b < l.a || l.b > len(s.runes) {
			t.Fatalf("%q: line %d range [%d,%d) after %d", text, i, l.a, l.b, prevEnd)
		}
		prevEnd = l.b
		txt := s.text(l)
		joined.WriteString(txt)
		rs := []rune(strings.TrimFunc(txt, isBreakSpace))
		if len(rs) == 0 {
			continue
		}
		// A line may exceed the width only when it is one character.
		if l.w > width+0.01 && len(rs) > 1 {
			t.Errorf("%q: line %q is %g wide, limit %g", text, txt, l.w, width)
		}
		// Kinsoku holds unless the line could hold nothing else.
		if i > 0 && isNoStart(rs[0]) && !forced[l.a] && !hardBreakBefore(s, l.a) {
			t.Errorf("%q: line %q begins with %q", text, txt, rs[0])
		}
		if i < len(ls)-1 && isNoEnd(rs[len(rs)-1]) && !forced[l.b] && !hardBreakAt(s, l.b) {
			t.Errorf("%q: line %q ends with %q", text, txt, rs[len(rs)-1])
		}
	}
	// Nothing is lost but spaces at breaks and newlines.
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' || isBreakSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	if strip(joined.String()) != strip(text) {
		t.Errorf("%q: lines %q lose text", text, lineTexts(s, ls))
	}
}

func TestBreakLinesInvariants(t *testing.T) {
	for _, text := range []string{
		"本人自2010年起一直在集成电路设计一线从事模拟与混合信号芯片研发工作，先后主持和参与多项国家级、省部级重大工程项目。",
		"“多参量融合”的热失控预警方法（专利号ZL202210567890.1），预警时间提前十五分钟以上；误报率低于千分之一！",
		"zhangmingyuan@zhixinwei.com.cn（电子邮箱）。",
		"（（（（（一）））））。。。。",
	} {
		for _, w := range []float64{40, 55, 100, 200} {
			checkBreaks(t, text, w)
		}
	}
}

func FuzzBreakLines(f *testing.F) {
	// Lines narrower than four characters are not laid out (the narrowest
	// table column holds five), and moving punctuation down needs room.

	f.Add("一二三，四五六。", 30.0)
	f.Add("ab cd（ef）gh……", 25.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if !utf8.ValidString(text) || width < 40 || width > 1000 || len(text) > 2000 {
			return
		}
		checkBreaks(t, text, width)
	})
}

func TestChineseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-05-12": "2026年5月12日", "2026-04": "2026年4月", "2026": "2026", "x-y": "x-y",
	} {
		if got := chineseDate(in); got != want {
			t.Errorf("chineseDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseExpr(t *testing.T) {
	for _, bad := range []string{"{a", "{}", "x{|y}"} {
		if _, err := parseExpr(bad); err == nil {
			t.Errorf("parseExpr(%q) accepted", bad)
		}
	}
	e, err := parseExpr("{start}至{end|至今}")
	if err != nil || len(e.parts) != 3 || e.parts[2].filter != "至今" {
		t.Fatalf("parseExpr: %+v %v", e, err)
	}
}

func FuzzParseCode(f *testing.F) {
	f.Add("SB1:2026:INDIVIDUAL:1.0:R7VZLKFVSE3UK:3/8:ABCDEFGHIJKLM:ABCDEFGHIJKLM")
	f.Add("SB1:::::0/0::")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			return
		}
		if c.Page < 1 || c.Page > c.Pages {
			t.Fatalf("ParseCode(%q) gave page %d of %d", s, c.Page, c.Pages)
		}
		if c2, err := ParseCode(c.String()); err != nil || c2 != c {
			t.Fatalf("round trip of %q: %+v %v", s, c2, err)
		}
	})
}

// hardBreakAt reports whether a newline follows position i, after spaces:
// the author ended the line there.
func hardBreakAt(s shaped, i int) bool {
	for ; i < len(s.runes); i++ {
		if s.runes[i] == '\n' {
			return true
		}
		if !isBreakSpace(s.runes[i]) {
			return false
		}
	}
	return true
}

// hardBreakBefore reports whether a newline precedes position i, before
// spaces: the author began the line there.
func hardBreakBefore(s shaped, i int) bool {
	for i--; i >= 0; i-- {
		if s.runes[i] == '\n' {
			return true
		}
		if !isBreakSpace(s.runes[i]) {
			return false
		}
	}
	return true
}
